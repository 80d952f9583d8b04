"""How the Tracking step shows stored events: the plan's names, the locale's dates and money."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from planner.core.i18n import fmt_date, fmt_money
from planner.plan.metrics import NONE
from planner.plan.model import Plan
from planner.tracking.events import COLUMNS
from ui.shell import PageContext


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def events_table(page: PageContext, plan: Plan, events: pd.DataFrame) -> pd.DataFrame:
    """Event-log rows as the user reads them: translated headers and events, channel names,
    dates and amounts in the language's format, "—" for what is missing."""
    lang, currency = page.lang, plan.meta.currency
    names = {c.id: c.name for c in plan.channels}
    shown = {
        "date": [
            NONE if _missing(d) else fmt_date(pd.Timestamp(d).date(), lang) for d in events["date"]
        ],
        "channel": [NONE if _missing(c) else names.get(str(c), str(c)) for c in events["channel"]],
        "event": [
            NONE if _missing(e) else page.t(f"tracking.event_one.{e}") for e in events["event"]
        ],
        "amount": [
            NONE if _missing(a) else fmt_money(float(a), currency, lang) for a in events["amount"]
        ],
    }
    frame = pd.DataFrame(
        {
            page.t(f"tracking.field.{column}"): shown.get(
                column, [NONE if _missing(v) else str(v) for v in events[column]]
            )
            for column in COLUMNS
        }
    )
    return frame
