"""Monte Carlo simulation of a plan: how likely each objective is, and what it would take.

Builds on planner.plan. `simulate` returns a `SimulationResult` (engines fast, exact, coupled
behind it); `required_activity`, `sensitivity` and `compare_scenarios` answer the questions
built on it; `Engine` and the defaults load without numpy (planner.simulation.defaults).
"""

from typing import TYPE_CHECKING

from planner.core.exports import lazy_exports

if TYPE_CHECKING:
    from planner.simulation.defaults import Engine
    from planner.simulation.entry import (
        SimulationInputError,
        compare_scenarios,
        plan_fingerprint,
        required_activity,
        sensitivity,
        simulate,
    )
    from planner.simulation.required import RequiredActivity
    from planner.simulation.result import SimulationResult

__all__ = [
    "Engine",
    "RequiredActivity",
    "SimulationInputError",
    "SimulationResult",
    "compare_scenarios",
    "plan_fingerprint",
    "required_activity",
    "sensitivity",
    "simulate",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "simulate": "entry",
        "required_activity": "entry",
        "sensitivity": "entry",
        "compare_scenarios": "entry",
        "plan_fingerprint": "entry",
        "SimulationInputError": "entry",
        "SimulationResult": "result",
        "RequiredActivity": "required",
        "Engine": "defaults",
    },
)
