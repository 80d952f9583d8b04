"""The load benchmark's light client still speaks Streamlit's protocol: two sessions on one
replica go through the four steps without an error (a short run, about 15 s)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.proto.Slider_pb2 import Slider

from benchmarks.streamlit_client import initial_state

ROOT = Path(__file__).resolve().parent.parent


def test_a_select_slider_is_sent_back_as_its_option_labels() -> None:
    widget = Slider(id="w", type=Slider.SELECT_SLIDER, options=["2,000", "10,000"], default=[1])
    state = initial_state("slider", widget)
    assert state is not None and list(state.string_array_value.data) == ["10,000"]
    widget.set_value, widget.raw_value[:] = True, ["2,000"]
    state = initial_state("slider", widget)
    assert state is not None and list(state.string_array_value.data) == ["2,000"]


@pytest.mark.load
def test_two_light_sessions_on_one_replica_run_the_four_steps_without_error() -> None:
    command = [sys.executable, "benchmarks/bench_load.py", "--sessions", "2", "--replicas", "1"]
    done = subprocess.run(
        [*command, "--client", "light", "--step-timeout", "40"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "errors: 0 (must be 0)" in done.stdout
    for step in ("open", "simulation", "what-if", "tracking"):
        assert any(
            line.split()[:1] == [step] and "2/2" in line for line in done.stdout.splitlines()
        )
