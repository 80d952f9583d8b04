"""The report as one self-contained HTML file: inline CSS and SVG, no request to anywhere."""

from __future__ import annotations

import re
from html import escape

from planner.share.images import chart_image
from planner.share.report.content import Block, Figure, Paragraph, Report, Table

_CSS = """
@page { size: A4; margin: 14mm 12mm 16mm;
  @bottom-center { content: "{footer} · {page} " counter(page) " / " counter(pages);
    font-size: 8pt; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #000;
  background: #fff; max-width: 190mm; margin: 1em auto; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0; } .subtitle { margin: .2em 0 .6em; }
h2 { font-size: 11.5pt; border-bottom: 1px solid #000; margin: 1em 0 .3em;
  break-after: avoid; page-break-after: avoid; }
p { margin: .3em 0; }
table { border-collapse: collapse; width: 100%; margin: .3em 0; break-inside: auto; }
th, td { border: 1px solid #777; padding: 2px 4px; text-align: left; vertical-align: top; }
th { background: #eee; } td.n, th.n { text-align: right; }
tr { break-inside: avoid; page-break-inside: avoid; }
figure { margin: .4em 0; break-inside: avoid; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 8.5pt; }
section.own-page { break-after: page; page-break-after: always; }
footer { font-size: 8pt; margin-top: 1.2em; border-top: 1px solid #777; padding-top: .3em; }
@media print { body { margin: 0; max-width: none; } footer { display: none; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


def _css_text(text: str) -> str:
    """Text inside a CSS string: no quote, backslash or tag can end it."""
    return re.sub(r'["\\<>\n\r]', " ", text)


def to_html(report: Report) -> str:
    """The report as an HTML document in its language; every text escaped."""
    css = _CSS.replace("{footer}", _css_text(report.footer)).replace(
        "{page}", _css_text(report.page_word)
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(report.lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title><style>{css}</style></head><body>",
        f"<header><h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(report.subtitle)}</p></header>',
    ]
    for section in report.sections:
        kind = ' class="own-page"' if section.own_page else ""
        parts.append(f"<section{kind}><h2>{escape(section.title)}</h2>")
        parts.extend(_block(block) for block in section.blocks)
        parts.append("</section>")
    parts.append(f"<footer>{escape(report.footer)}</footer></body></html>")
    return "\n".join(parts)


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Table):
        return _table(block)
    return _figure(block)


def _table(table: Table) -> str:
    def cell(tag: str, index: int, text: str) -> str:
        kind = ' class="n"' if index in table.numeric else ""
        return f"<{tag}{kind}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(table.headers))
    body = "".join(
        "<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    thead = f"<thead><tr>{head}</tr></thead>" if table.headers else ""
    return f"<table>{thead}<tbody>{body}</tbody></table>"


def _figure(figure: Figure) -> str:
    svg = chart_image(figure.spec, "svg").decode("utf-8")
    # Inline SVG needs no namespace declarations: the page then names no address at all.
    svg = re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", svg)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(figure.caption)}" ', 1)
    width = f' style="max-width: {figure.width * 100:.0f}%; margin: .4em auto"'
    return f"<figure{width}>{svg}<figcaption>{escape(figure.caption)}</figcaption></figure>"
