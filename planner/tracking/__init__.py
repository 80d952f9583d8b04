"""What happened against the plan: the event log, its imports, KPIs, re-forecasts and A/B tests.

Builds on planner.plan and planner.simulation. `read_table`, `guess_mapping` and `map_events` turn
a CSV or Excel file into events; `compute_kpis` and `stage_rates` read the log, as do the
modules plan_vs_actual and reforecast (the plan redrawn from what was recorded); `ab_test`
compares two variants; `weekly_events` turns typed weekly tables into events.
"""

from typing import TYPE_CHECKING

from planner.core.exports import lazy_exports

if TYPE_CHECKING:
    from planner.tracking.abtest import ab_test
    from planner.tracking.importing import ImportResult, map_events
    from planner.tracking.kpis import compute_kpis, stage_rates
    from planner.tracking.presets import guess_mapping
    from planner.tracking.reading import read_table
    from planner.tracking.weekly import weekly_events

__all__ = [
    "ImportResult",
    "ab_test",
    "compute_kpis",
    "guess_mapping",
    "map_events",
    "read_table",
    "stage_rates",
    "weekly_events",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "read_table": "reading",
        "guess_mapping": "presets",
        "map_events": "importing",
        "ImportResult": "importing",
        "compute_kpis": "kpis",
        "stage_rates": "kpis",
        "ab_test": "abtest",
        "weekly_events": "weekly",
    },
)
