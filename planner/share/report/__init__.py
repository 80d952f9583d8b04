"""The one-page plan, PDF and HTML: its content built once, laid out twice.

`build_report(plan, lang, result, revision=, actuals=)` gathers the plan's target and BANT rule,
SMART objectives with their status and chance, capacity, channel mix with rates and sources,
cadence, the simulation's headline and fan chart, the activity needed and, given actuals, plan
vs actual and the re-forecast; `report_html` and `report_pdf` give the file's bytes.
"""

from planner.share.report.content import Actuals, Report, actuals_as_of, build_report
from planner.share.report.html import to_html
from planner.share.report.pdf import to_pdf


def report_html(report: Report) -> bytes:
    """The report as a self-contained HTML file (UTF-8)."""
    return to_html(report).encode("utf-8")


def report_pdf(report: Report) -> bytes:
    """The report as an A4 PDF."""
    return to_pdf(report)


__all__ = ["Actuals", "Report", "actuals_as_of", "build_report", "report_html", "report_pdf"]
