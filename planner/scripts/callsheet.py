"""Printable call sheets: a channel's scripts, objections, discovery guide and prospect card.

call_sheet() gathers the content in the user's language; to_html() and to_pdf() lay it out.
Every piece of user text is escaped in HTML; the PDF embeds DejaVu Sans (planner/scripts/fonts)
so that accents and the euro sign print on any machine. Nothing here writes a file.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from planner.core.i18n import fmt_date, t
from planner.plan.bant import CRITERIA
from planner.plan.model import ChannelKind, Plan, SampleProspect, Script, ScriptPart
from planner.scripts.compliance import plan_script_findings
from planner.scripts.prospect_card import ProspectCard, outcome_label, verdict
from planner.scripts.text import (
    BODY_PARTS,
    apply_variants,
    axis_name,
    email_subject,
    email_text,
    length_checks,
    message_parts,
    motive_name,
    questions_by_axis,
    render,
)

FONTS_DIR = Path(__file__).with_name("fonts")
_FONT = "DejaVu"
_BOXES = "\u00a0 ".join(f"☐\u00a0{n}" for n in range(4))


# The sheet's content -----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One block of a section: a labelled text, a list, a two-column table or lines to fill."""

    kind: Literal["text", "list", "table", "blank", "copy"]
    label: str = ""
    text: str = ""
    rows: tuple[tuple[str, str], ...] = ()
    header: tuple[str, str] | None = None
    entries: tuple[str, ...] = ()
    lines: int = 0


@dataclass(frozen=True)
class Section:
    """A titled part of the sheet."""

    title: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class CallSheet:
    """A whole call sheet in one language, ready to lay out as HTML or PDF."""

    lang: str
    title: str
    subtitle: str
    sections: tuple[Section, ...] = field(default_factory=tuple)
    footer: str = ""


def call_sheet(
    plan: Plan,
    channel_id: str,
    lang: str,
    *,
    script_ids: Sequence[str] | None = None,
    variant_ids: Mapping[str, Sequence[str]] | None = None,
    values: SampleProspect | Mapping[str, str] | None = None,
    discovery: bool = True,
    card: ProspectCard | None = None,
    blank_card: bool = False,
    prepared_on: dt.date | None = None,
) -> CallSheet:
    """The call sheet of one channel: its scripts (or those listed), discovery and a card.

    variant_ids picks, per script id, the variants printed in place of the parts they replace;
    with `values` the placeholders are filled (for instance on one prospect's details).
    """
    channel = plan.channel(channel_id)
    scripts = [
        s
        for s in plan.scripts
        if s.channel_id == channel_id and (script_ids is None or s.id in script_ids)
    ]
    chosen = variant_ids or {}
    sections = [
        _script_section(plan, s, channel.kind, lang, chosen.get(s.id, ()), values) for s in scripts
    ]
    if not scripts:
        sections.append(Section(t(lang, "callsheet.no_script")))
    guide = _discovery_section(plan, lang)
    if discovery and guide.items:
        sections.append(guide)
    if card is not None:
        sections.append(_card_section(plan, card, lang))
    elif blank_card:
        sections.append(_blank_card_section(plan, lang))
    subtitle = t(lang, "callsheet.plan", name=plan.meta.name)
    if prepared_on is not None:
        subtitle += " · " + t(lang, "callsheet.prepared_on", date=fmt_date(prepared_on, lang))
    return CallSheet(
        lang=lang,
        title=t(lang, "callsheet.title", channel=channel.name),
        subtitle=subtitle,
        sections=tuple(sections),
        footer=t(lang, "callsheet.footer"),
    )


def _script_section(
    plan: Plan,
    script: Script,
    kind: ChannelKind,
    lang: str,
    variant_ids: Iterable[str],
    values: SampleProspect | Mapping[str, str] | None,
) -> Section:
    shown = apply_variants(script, variant_ids)

    def filled(text: str) -> str:
        return render(text, values).text if values is not None else text

    items: list[Item] = []
    subject = email_subject(shown) if kind is ChannelKind.EMAIL else shown.subject.strip()
    if subject:
        items.append(Item("text", t(lang, "scripts.part.subject"), filled(subject)))
    for part, text in message_parts(shown) if kind is ChannelKind.EMAIL else _parts(shown):
        items.append(Item("text", t(lang, f"scripts.part.{part}"), filled(text)))
        if part is ScriptPart.VALUE_ARGUMENT and shown.value_motives:
            names = ", ".join(motive_name(m, lang) for m in shown.value_motives)
            items.append(Item("text", "", t(lang, "callsheet.motives", motives=names)))
    if shown.arguments:
        entries = tuple(
            filled(a.text)
            + (f" ({', '.join(motive_name(m, lang) for m in a.motives)})" if a.motives else "")
            for a in shown.arguments
        )
        items.append(Item("list", t(lang, "scripts.part.arguments"), entries=entries))
    rows = tuple((filled(o.objection), filled(o.answer)) for o in shown.objections)
    header = (t(lang, "callsheet.objection"), t(lang, "callsheet.answer"))
    note = "" if rows else t(lang, "callsheet.no_objection")
    items.append(Item("table", t(lang, "scripts.part.objections"), note, rows, header))
    others = [v for v in script.variants if v.id not in set(variant_ids)]
    if others:
        entries = tuple(
            t(
                lang,
                "callsheet.variant_line",
                name=v.name,
                part=t(lang, f"scripts.part.{v.part}"),
                text=filled(v.text),
            )
            for v in others
        )
        items.append(Item("list", t(lang, "callsheet.variants"), entries=entries))
    checks = length_checks(shown, kind, values)
    if checks:
        items.append(
            Item(
                "list", t(lang, "callsheet.length"), entries=tuple(c.message(lang) for c in checks)
            )
        )
    start, end = plan.meta.start_date, plan.meta.end_date
    findings = [f.message(lang, start, end) for f in plan_script_findings(plan, shown)]
    if findings:
        items.append(Item("list", t(lang, "compliance.title"), entries=tuple(findings)))
    if kind is ChannelKind.EMAIL:
        items.append(Item("copy", t(lang, "callsheet.email_copy"), email_text(shown, values).text))
    return Section(t(lang, "callsheet.script", name=script.name), tuple(items))


def _parts(script: Script) -> list[tuple[ScriptPart, str]]:
    return [(p, script.part(p).strip()) for p in BODY_PARTS if script.part(p).strip()]


def _discovery_section(plan: Plan, lang: str) -> Section:
    guide = plan.discovery
    items: list[Item] = []
    if guide.opening.strip():
        items.append(Item("text", t(lang, "scripts.discovery.opening_label"), guide.opening))
    for axis, questions in questions_by_axis(guide).items():
        if questions:
            items.append(Item("list", axis_name(axis, lang), entries=tuple(questions)))
    for key, text in (
        ("reformulation_label", guide.reformulation),
        ("apparent_need_label", guide.apparent_need),
        ("deep_need_label", guide.deep_need),
    ):
        if text.strip():
            items.append(Item("text", t(lang, f"scripts.discovery.{key}"), text))
    return Section(t(lang, "scripts.discovery.title"), tuple(items))


def _card_rows(plan: Plan, card: ProspectCard, lang: str) -> list[tuple[str, str]]:
    script = next((s for s in plan.scripts if s.id == card.script_id), None)
    variant = (
        next((v for v in script.variants if v.id == card.variant_id), None) if script else None
    )
    channel = next((c for c in plan.channels if c.id == card.channel_id), None)
    return [
        (t(lang, "card.company"), card.company),
        (t(lang, "card.contact_name"), card.contact_name),
        (t(lang, "card.contact_role"), card.contact_role),
        (t(lang, "card.contact_details"), card.contact_details),
        (
            t(lang, "card.contact_date"),
            fmt_date(card.contact_date, lang) if card.contact_date else "",
        ),
        (t(lang, "card.channel"), channel.name if channel else card.channel_id or ""),
        (t(lang, "card.script"), script.name if script else card.script_id or ""),
        (t(lang, "card.variant"), variant.name if variant else card.variant_id or ""),
    ]


def _card_section(plan: Plan, card: ProspectCard, lang: str) -> Section:
    items = [Item("table", "", rows=tuple((k, v) for k, v in _card_rows(plan, card, lang) if v))]
    answers = card.bant.given()
    bant_rows = [
        (
            _criterion(plan, c, lang),
            f"{answers[c]} / 3" if c in answers else t(lang, "card.not_answered"),
        )
        for c in CRITERIA
    ]
    found = verdict(card, plan)
    items.append(
        Item(
            "table",
            t(lang, "card.bant"),
            text=found.message(lang) if found else "",
            rows=tuple(bant_rows),
        )
    )
    notes = tuple(
        (axis_name(axis, lang), text) for axis, text in card.qqoqcp.items() if text.strip()
    )
    if notes:
        items.append(Item("table", t(lang, "card.qqoqcp"), rows=notes))
    rows = [
        (t(lang, "card.apparent_need"), card.apparent_need),
        (t(lang, "card.deep_need"), card.deep_need),
        (t(lang, "card.motive"), motive_name(card.motive, lang) if card.motive else ""),
        (t(lang, "card.objections_met"), "\n".join(card.objections_met)),
        (t(lang, "card.next_step"), card.next_step),
        (
            t(lang, "card.next_step_date"),
            fmt_date(card.next_step_date, lang) if card.next_step_date else "",
        ),
        (t(lang, "card.outcome"), outcome_label(card.outcome, lang) if card.outcome else ""),
        (t(lang, "card.notes"), card.notes),
    ]
    items.append(Item("table", "", rows=tuple((k, v) for k, v in rows if v.strip())))
    return Section(t(lang, "card.title"), tuple(items))


def _criterion(plan: Plan, name: str, lang: str) -> str:
    question = getattr(plan.bant, name).question.strip()
    label = t(lang, f"card.criterion.{name}")
    return f"{label} — {question}" if question else label


def _blank_card_section(plan: Plan, lang: str) -> Section:
    items = [
        Item("blank", label, lines=1) for label, _ in _card_rows(plan, ProspectCard(), lang)[:5]
    ]
    items.append(
        Item(
            "table",
            t(lang, "card.bant"),
            text=t(lang, "card.bant_scale"),
            rows=tuple((_criterion(plan, c, lang), _BOXES) for c in CRITERIA),
        )
    )
    items += [Item("blank", t(lang, "card.qqoqcp"), lines=0)]
    items += [Item("blank", axis_name(a, lang), lines=1) for a in questions_by_axis(plan.discovery)]
    for key, lines in (
        ("apparent_need", 2),
        ("deep_need", 2),
        ("motive", 1),
        ("objections_met", 2),
        ("next_step", 2),
        ("outcome", 1),
    ):
        items.append(Item("blank", t(lang, f"card.{key}"), lines=lines))
    return Section(t(lang, "card.blank_title"), tuple(items))


# HTML --------------------------------------------------------------------------------------

_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; margin: 2em; color: #111; }
h1 { font-size: 18pt; margin-bottom: 0; } .subtitle { color: #555; margin-top: .2em; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; margin-top: 1.5em; page-break-after: avoid; }
h3 { font-size: 11pt; margin: .8em 0 .2em; }
p { margin: .2em 0 .6em; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; }
th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top;
  white-space: pre-wrap; }
th { background: #eee; } pre { white-space: pre-wrap; border: 1px dashed #999; padding: .6em; }
.line { border-bottom: 1px solid #777; height: 1.6em; } footer { color: #555; margin-top: 2em; }
@media print { body { margin: 0; } }
""".strip()


def to_html(sheet: CallSheet) -> str:
    """The sheet as a standalone, printable HTML page; every user text is escaped."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(sheet.lang)}"><head><meta charset="utf-8">',
        f"<title>{e(sheet.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(sheet.title)}</h1>",
        f'<p class="subtitle">{e(sheet.subtitle)}</p>',
    ]
    for section in sheet.sections:
        out.append(f"<section><h2>{e(section.title)}</h2>")
        out += [_html_item(item) for item in section.items]
        out.append("</section>")
    out.append(f"<footer>{e(sheet.footer)}</footer></body></html>")
    return "\n".join(out) + "\n"


def _html_item(item: Item) -> str:
    e = html.escape
    label = f"<h3>{e(item.label)}</h3>" if item.label else ""
    if item.kind == "text":
        return f"{label}<p>{e(item.text)}</p>"
    if item.kind == "copy":
        return f"{label}<pre>{e(item.text)}</pre>"
    if item.kind == "list":
        entries = "".join(f"<li>{e(x)}</li>" for x in item.entries)
        return f"{label}<ul>{entries}</ul>"
    if item.kind == "blank":
        return label + '<div class="line"></div>' * item.lines
    note = f"<p>{e(item.text)}</p>" if item.text else ""
    if not item.rows:
        return label + note
    head = item.header
    thead = f"<tr><th>{e(head[0])}</th><th>{e(head[1])}</th></tr>" if head else ""
    rows = "".join(f"<tr><td>{e(a)}</td><td>{e(b)}</td></tr>" for a, b in item.rows)
    return f"{label}{note}<table>{thead}{rows}</table>"


# PDF ---------------------------------------------------------------------------------------


class _Sheet(FPDF):
    def __init__(self, footer: str) -> None:
        super().__init__(format="A4")
        self._footer_text = footer

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(_FONT, size=8)
        self.cell(0, 5, f"{self._footer_text}  {self.page_no()}/{{nb}}", align="C")


def to_pdf(sheet: CallSheet) -> bytes:
    """The sheet as an A4 PDF, with a Unicode font embedded."""
    pdf = _Sheet(sheet.footer)
    pdf.add_font(_FONT, "", FONTS_DIR / "DejaVuSans.ttf")
    pdf.add_font(_FONT, "B", FONTS_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(sheet.title)
    pdf.set_lang(sheet.lang)
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    _write(pdf, sheet.title, size=16, bold=True, height=8)
    _write(pdf, sheet.subtitle, size=9, height=5)
    for section in sheet.sections:
        pdf.ln(3)
        _write(pdf, section.title, size=13, bold=True, height=7)
        y = pdf.get_y()
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(1)
        for item in section.items:
            _pdf_item(pdf, item)
    return bytes(pdf.output())


def _write(pdf: FPDF, text: str, size: float = 10, bold: bool = False, height: float = 5) -> None:
    pdf.set_font(_FONT, "B" if bold else "", size)
    pdf.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _pdf_item(pdf: FPDF, item: Item) -> None:
    if item.label:
        pdf.ln(1)
        _write(pdf, item.label, size=10, bold=True)
    if item.kind in ("text", "copy"):
        _write(pdf, item.text)
    elif item.kind == "list":
        for entry in item.entries:
            _write(pdf, f"• {entry}")
    elif item.kind == "blank":
        for _ in range(item.lines):
            pdf.ln(7)
            y = pdf.get_y()
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(1)
    else:
        if item.text:
            _write(pdf, item.text)
        if item.rows:
            _pdf_table(pdf, item)


def _pdf_table(pdf: FPDF, item: Item) -> None:
    pdf.set_font(_FONT, size=9)
    rows = [item.header, *item.rows] if item.header else list(item.rows)
    with pdf.table(
        col_widths=(2, 3),
        first_row_as_headings=item.header is not None,
        line_height=5,
        text_align="LEFT",
    ) as table:
        for a, b in rows:
            row = table.row()
            row.cell(a)
            row.cell(b)
    pdf.ln(1)
