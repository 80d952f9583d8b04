"""What-ifs: multipliers tried on a plan (activities per channel, every conversion rate).

The simulation page tries them before anything is saved; `what_if_plan` gives the plan they
describe, which the page simulates, keeps as a scenario, or saves when the user applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.plan.model import Plan, Stage
from planner.simulation.entry import scaled_plan


@dataclass(frozen=True)
class WhatIf:
    """Multipliers tried on the plan: activities per channel, and every conversion rate."""

    volumes: tuple[tuple[str, float], ...] = ()
    conversion: float = 1.0

    @property
    def neutral(self) -> bool:
        """True when the what-if is the plan itself."""
        return self.conversion == 1.0 and all(m == 1.0 for _, m in self.volumes)


def what_if_plan(plan: Plan, what_if: WhatIf) -> Plan:
    """A copy of the plan with the what-if multipliers applied (rates capped at 1)."""
    for channel_id, multiplier in what_if.volumes:
        if multiplier != 1.0:
            plan = scaled_plan(plan, multiplier, channel_id)
    if what_if.conversion == 1.0:
        return plan
    k = what_if.conversion

    def better(stage: Stage) -> Stage:
        rate = stage.rate
        scaled = {f: min(getattr(rate, f) * k, 1.0) for f in ("low", "typical", "high")}
        return stage.model_copy(update={"rate": rate.model_copy(update=scaled)})

    channels = [
        c.model_copy(update={"stages": [better(s) for s in c.stages]}) for c in plan.channels
    ]
    return plan.model_copy(
        update={"channels": channels, "pipeline": [better(s) for s in plan.pipeline]}
    )
