"""Builders of valid plans for tests, written in code (not read from the demo scenarios)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from planner.plan.model import Plan

START = dt.date(2026, 1, 5)


def _rate(low: float, typical: float, high: float) -> dict[str, Any]:
    return {"low": low, "typical": typical, "high": high, "definition": "", "source": "test"}


def plan_data() -> dict[str, Any]:
    """A complete B2B plan document (JSON-like): two channels, a pipeline, objectives, scripts."""
    return {
        "schema_version": 1,
        "meta": {
            "name": "Cabinet Durand – prospection 2026",
            "description": "Accounting firms in Auvergne-Rhône-Alpes",
            "market": "b2b",
            "language": "fr",
            "currency": "EUR",
            "country": "FR",
            "start_date": START.isoformat(),
            "horizon_weeks": 26,
        },
        "offer": {
            "deal_value": 4800.0,
            "deal_value_cv": 0.4,
            "margin_rate": 0.6,
            "cross_sell_attach_rate": 0.25,
            "add_on_value": 1200.0,
        },
        "segments": [
            {"id": "smb", "name": "Small firms", "priority": 1, "addressable_count": 800},
            {"id": "mid", "name": "Mid-size firms", "priority": 2, "addressable_count": 150},
        ],
        "objectives": [
            {
                "id": "meetings",
                "name": "Meetings held",
                "metric": "meetings_per_month",
                "target": 8,
                "deadline": "2026-06-30",
                "segment_id": "smb",
            },
            {
                "id": "win-rate",
                "name": "Win rate",
                "metric": "win_rate",
                "target": 0.25,
                "deadline": "2026-06-30",
                "channel_id": "phone",
            },
        ],
        "team": {"reps": 2, "hours_per_rep_per_week": 12.0},
        "channels": [
            {
                "id": "phone",
                "kind": "phone",
                "name": "Cold calls",
                "activity_name": "calls",
                "activities_per_week": 120.0,
                "minutes_per_activity": 4.0,
                "stages": [
                    {
                        "id": "connect",
                        "name": "Decision maker reached",
                        "kind": "connection",
                        "rate": _rate(0.15, 0.2, 0.3),
                    },
                    {
                        "id": "meeting",
                        "name": "Meeting booked",
                        "kind": "meeting_booked",
                        "rate": _rate(0.05, 0.1, 0.15),
                        "delay": {"median_days": 3.0, "log_sd": 0.5},
                    },
                ],
            },
            {
                "id": "linkedin",
                "kind": "linkedin",
                "name": "LinkedIn messages",
                "activities_per_week": 40.0,
                "stages": [
                    {
                        "id": "reply",
                        "name": "Reply",
                        "kind": "reply",
                        "rate": _rate(0.1, 0.15, 0.2),
                    }
                ],
                "joins_pipeline": False,
            },
        ],
        "pipeline": [
            {
                "id": "held",
                "name": "Meeting held",
                "kind": "meeting_held",
                "rate": _rate(0.7, 0.8, 0.9),
            },
            {
                "id": "won",
                "name": "Won",
                "kind": "won",
                "rate": _rate(0.2, 0.25, 0.3),
                "delay": {"median_days": 30.0, "log_sd": 0.6},
            },
        ],
        "cadence": [
            {"id": "d0", "day_offset": 0, "channel_id": "phone", "script_id": "call"},
            {"id": "d2", "day_offset": 2, "channel_id": "linkedin", "action": "Connect"},
        ],
        "scripts": [
            {
                "id": "call",
                "channel_id": "phone",
                "name": "First call",
                "hook": "Bonjour, je vous appelle au sujet de…",
                "objections": [{"objection": "Pas le temps", "answer": "Deux minutes ?"}],
            }
        ],
    }


def set_path(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `data` with the value at a dotted path ('channels.0.name') replaced."""
    result = copy.deepcopy(data)
    *parents, last = path.split(".")
    node: Any = result
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return result


def make_plan_data(**overrides: Any) -> dict[str, Any]:
    """The plan document with values replaced at dotted paths (use '__' for '.').

    make_plan_data(meta__name="X", channels__0__stages__1__rate__high=0.5)
    """
    data = plan_data()
    for key, value in overrides.items():
        data = set_path(data, key.replace("__", "."), value)
    return data


def make_plan(**overrides: Any) -> Plan:
    """A valid Plan, with values replaced at dotted paths (see make_plan_data)."""
    return Plan.model_validate(make_plan_data(**overrides))
