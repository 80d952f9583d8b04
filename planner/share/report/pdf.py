"""The report as an A4 PDF: DejaVu Sans embedded (accents, €), charts as PNG, page numbers."""

from __future__ import annotations

import datetime as dt
import io

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from planner.scripts.callsheet import FONTS_DIR
from planner.share.images import chart_image
from planner.share.report.content import Block, Figure, Paragraph, Report, Table

_FONT = "DejaVu"
_HEADINGS = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


class _Page(FPDF):
    """An A4 page whose footer reads "name · revision · date · Page 1 / 2"."""

    def __init__(self, report: Report) -> None:
        super().__init__(format="A4")
        self._report = report

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(_FONT, size=7.5)
        pages = f"{self._report.page_word} {self.page_no()} / {{nb}}"
        self.cell(0, 4, f"{self._report.footer} · {pages}", align="C")


def to_pdf(report: Report) -> bytes:
    """The report as PDF bytes (the same bytes for the same report)."""
    pdf = _Page(report)
    pdf.add_font(_FONT, "", FONTS_DIR / "DejaVuSans.ttf")
    pdf.add_font(_FONT, "B", FONTS_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(report.title)
    pdf.set_lang(report.lang)
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_page()
    _write(pdf, report.title, size=15, bold=True, height=7)
    _write(pdf, report.subtitle, size=8.5, height=4.5)
    for number, section in enumerate(report.sections):
        if (number and report.sections[number - 1].own_page) or pdf.will_page_break(20):
            pdf.add_page()
        pdf.ln(2)
        _write(pdf, section.title, size=11, bold=True, height=6)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(1)
        for block in section.blocks:
            _block(pdf, block)
    return bytes(pdf.output())


def _write(pdf: FPDF, text: str, size: float = 8.5, bold: bool = False, height: float = 4) -> None:
    pdf.set_font(_FONT, "B" if bold else "", size)
    pdf.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _block(pdf: FPDF, block: Block) -> None:
    if isinstance(block, Paragraph):
        _write(pdf, block.text)
        pdf.ln(0.5)
    elif isinstance(block, Table):
        _table(pdf, block)
    else:
        _figure(pdf, block)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.set_font(_FONT, size=7.5)
    columns = len(table.headers or table.rows[0])
    widths = table.widths or tuple(1.0 for _ in range(columns))
    align = tuple("RIGHT" if i in table.numeric else "LEFT" for i in range(columns))
    with pdf.table(
        col_widths=widths,
        text_align=align,
        line_height=3.6,
        headings_style=_HEADINGS,
        first_row_as_headings=bool(table.headers),
        padding=0.8,
    ) as grid:
        for row in (table.headers, *table.rows) if table.headers else table.rows:
            cells = grid.row()
            for text in row:
                cells.cell(text)
    pdf.ln(1)


def _figure(pdf: FPDF, figure: Figure) -> None:
    png = chart_image(figure.spec, "png", scale=2.0)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if pdf.will_page_break(width * figure.width * 0.45):
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=Align.C, w=width * figure.width)
    _write(pdf, figure.caption, size=7.5)
    pdf.ln(1)
