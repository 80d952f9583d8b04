"""What a user takes away from the app to show others: the plan as an Excel workbook.

`plan_workbook(plan, lang, result=None)` gives the XLSX bytes: the plan's assumptions, its
channels and stages with their sources, objectives, the expected funnel week by week and, when a
simulation is given, its P10/P50/P90 bands; real number and date cells, formats per language.
`chart_image(spec, "png" | "svg")` draws a chart on the server, without a browser;
`export_name(name, extension)` gives the file name of a download;
`cadence_calendar(plan, first_day, lang, prospect)` the cadence as an iCalendar file, each
touch on a working day.
"""

from planner.share.cadence import cadence_calendar
from planner.share.images import chart_image
from planner.share.names import export_name
from planner.share.workbook import plan_workbook

__all__ = ["cadence_calendar", "chart_image", "export_name", "plan_workbook"]
