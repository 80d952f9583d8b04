"""Server CPU of the Simulation page per demo plan: the headline, each folded panel, the old path.

    python benchmarks/bench_simulation_page.py [--repeats 3]

Each demo plan is stored in a temporary workspace and its Simulation page run through AppTest
with every cache emptied first (a plan nobody opened yet). CPU seconds (time.process_time, which
load moves less than wall time) of each step, median of the repeats:

  headline + fan   the page's first simulation (10,000 trials) and the fan chart's spec,
                   outside Streamlit: the target is ≤ 0.5 s;
  first screen     the whole page as it first shows (AppTest): headline, fan, chances, funnel,
                   the panels folded;
  activity needed, tornado, scenarios
                   the rerun that opening one panel makes (scenarios: with one what-if kept);
  old path         the page as it was: 20,000 trials and every panel computed at once;
  cached rerun     a click's rerun when everything is cached (target ≤ 0.1 s).

The baseline, measured in the same process between the steps, is a plain numpy draw of a
fixed size (1,000,000 Poisson counts): each step is printed as a ratio to it too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd
import streamlit as st
from cpu import baseline, cpu
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.scenarios import SCENARIO_IDS, build_scenario
from planner.simulation import entry as sim
from tests.apptest import ROOT
from ui.simulation import result_charts
from ui.simulation.runs import PAGE_TRIALS

PAGE = "pages/5_simulation.py"
START = dt.date(2027, 1, 4)
HEADLINE_TARGET = 0.5
RERUN_TARGET = 0.1
OLD_TRIALS = 20_000
PANELS = ("required", "tornado", "scenarios")


def _headline(plan_id: str, engine: Engine) -> None:
    """The page's first run and its fan chart, as the page computes them."""
    plan = storage.load_plan(engine, plan_id).plan
    result = sim.simulate(plan, PAGE_TRIALS, sim.DEFAULT_SEED, sim.Engine.FAST)
    weekly = result.weekly_frame().query("series == 'revenue'")
    goals = pd.DataFrame(
        [{"name": o.name, "target": o.target, "deadline": o.deadline} for o in plan.objectives]
    ).iloc[:1]
    result_charts.fan_chart(weekly, goals, "Revenue", "en").to_dict()


def _page(plan_id: str, **state: object) -> AppTest:
    """A tab that has run app.py on the plan, about to open the Simulation page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"plan": plan_id, "lang": "en"})
    at.run()
    at.switch_page(PAGE)
    at.query_params.update({"plan": plan_id, "lang": "en"})
    for key, value in state.items():
        at.session_state[key] = value
    return at


def _checked(at: AppTest) -> AppTest:
    at.run()
    if at.exception:
        raise RuntimeError(str(at.exception))
    return at


def _open_panel(at: AppTest, panel: str) -> float:
    if panel == "scenarios":
        volume = next(s for s in at.slider if str(s.key).startswith("sim_volume_"))
        volume.set_value(200).run()  # the what-if to keep
        at.session_state["sim_open_scenarios"] = True
        at.run()
        at.text_input(key="sim_scenario_name").input("Twice the first channel")
        at.button(key="sim_add_scenario").click()
        return cpu(lambda: _checked(at))
    at.session_state[f"sim_open_{panel}"] = True
    return cpu(lambda: _checked(at))


def _measure(plan_id: str, engine: Engine) -> dict[str, float]:
    """One repeat of every step on one plan, caches emptied before each fresh page."""
    out: dict[str, float] = {}
    st.cache_data.clear()
    out["headline + fan"] = cpu(lambda: _headline(plan_id, engine))
    out["baseline"] = baseline()
    st.cache_data.clear()
    at = _page(plan_id)
    out["first screen"] = cpu(lambda: _checked(at))
    out["cached rerun"] = cpu(lambda: _checked(at))
    for panel in PANELS:
        out[panel] = _open_panel(at, panel)
    st.cache_data.clear()
    opened = {f"sim_open_{panel}": True for panel in PANELS}
    old = _page(plan_id, sim_trials=OLD_TRIALS, **opened)
    out["old path"] = cpu(lambda: _checked(old))
    return out


LABELS = {
    "headline + fan": "headline + fan (simulation, fan chart)",
    "first screen": "first screen (AppTest, panels folded)",
    "required": "open: activity needed",
    "tornado": "open: which rates matter most",
    "scenarios": "open: scenarios, keep one what-if",
    "old path": "old path (20k trials, all panels)",
    "cached rerun": "cached rerun",
}


def main() -> int:
    """Print each step's CPU seconds per demo plan and their ratios to the numpy baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    verdicts = []
    with tempfile.TemporaryDirectory() as folder:
        os.environ[storage.DATABASE_URL_VARIABLE] = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = storage.connect(os.environ[storage.DATABASE_URL_VARIABLE])
        ids = {
            s: storage.create_plan(engine, build_scenario(s, "en", START)).id for s in SCENARIO_IDS
        }
        _checked(_page(ids[SCENARIO_IDS[0]]))  # imports and Altair's schema loaded once
        for scenario, plan_id in ids.items():
            runs = [_measure(plan_id, engine) for _ in range(args.repeats)]
            median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            best = {k: min(r[k] for r in runs) for k in runs[0]}
            base = median["baseline"]
            print(f"{scenario}: CPU seconds, median of {args.repeats} [best] (× numpy baseline)")
            name = "numpy baseline (1M Poisson draws)"
            print(f"  {name:<42} {base:6.3f} s [{best['baseline']:.3f}]")
            for key, label in LABELS.items():
                ratio = median[key] / base
                print(f"  {label:<42} {median[key]:6.3f} s [{best[key]:.3f}]  {ratio:6.1f}×")
            ratio = median["first screen"] / median["old path"]
            print(f"  first screen / old path: {ratio:.2f}")
            verdicts.append((scenario, median["headline + fan"], median["cached rerun"]))
        engine.dispose()
    for scenario, headline, rerun in verdicts:
        ok = headline <= HEADLINE_TARGET and rerun <= RERUN_TARGET
        print(
            f"target {scenario}: headline + fan ≤ {HEADLINE_TARGET} s ({headline:.3f}), "
            f"cached rerun ≤ {RERUN_TARGET} s ({rerun:.3f}): {'OK' if ok else 'OVER'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
