"""Monte Carlo simulation of a plan: how likely each objective is, and what it would take.

Builds on planner.plan. `simulate` returns a `SimulationResult` (engines fast, exact, coupled
behind it); `required_activity` and `compare_scenarios` answer the questions built on it, as
does planner.simulation.entry.sensitivity; `Engine` and the defaults load without numpy.
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
    "simulate",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "simulate": "entry",
        "required_activity": "entry",
        "compare_scenarios": "entry",
        "plan_fingerprint": "entry",
        "SimulationInputError": "entry",
        "SimulationResult": "result",
        "RequiredActivity": "required",
        "Engine": "defaults",
    },
)
