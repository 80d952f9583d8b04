"""What a rep says and hands over: script texts, compliance reminders, prospect cards, call sheets.

Builds on planner.plan only. `render` and `length_checks` read a script, `plan_script_findings`
lists the French rules it must mention, `ProspectCard` records a call, `call_sheet` with
`to_html`/`to_pdf` prints a channel's sheet.
"""

from typing import TYPE_CHECKING

from planner.core.exports import lazy_exports

if TYPE_CHECKING:
    from planner.scripts.callsheet import CallSheet, call_sheet, to_html, to_pdf
    from planner.scripts.compliance import plan_script_findings
    from planner.scripts.prospect_card import ProspectCard, verdict
    from planner.scripts.text import email_text, length_checks, render

__all__ = [
    "CallSheet",
    "ProspectCard",
    "call_sheet",
    "email_text",
    "length_checks",
    "plan_script_findings",
    "render",
    "to_html",
    "to_pdf",
    "verdict",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "render": "text",
        "length_checks": "text",
        "email_text": "text",
        "plan_script_findings": "compliance",
        "ProspectCard": "prospect_card",
        "verdict": "prospect_card",
        "CallSheet": "callsheet",
        "call_sheet": "callsheet",
        "to_html": "callsheet",
        "to_pdf": "callsheet",
    },
)
