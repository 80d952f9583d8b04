"""The plan document and what is worked out from it alone, with no other planner package.

The model (`Plan` and its parts, validated by pydantic), plan files (`parse_plan`,
`plan_to_json`), demo scenarios, benchmarks, BANT, SMART, capacity, calendar, the expected funnel,
metrics, delays, priors, row editing and what changed between two revisions (`plan.changes`).
Import a module for the rest (`planner.plan.smart`).
"""

from planner.plan.model import Channel, Market, Metric, Objective, Plan, Script, Stage
from planner.plan.planfile import parse_plan, plan_from_data, plan_to_json, schema_json

__all__ = [
    "Channel",
    "Market",
    "Metric",
    "Objective",
    "Plan",
    "Script",
    "Stage",
    "parse_plan",
    "plan_from_data",
    "plan_to_json",
    "schema_json",
]
