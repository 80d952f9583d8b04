"""Editable tables write and read numbers the chosen language's way, whatever the browser's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.model import Plan
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session, shown

START = dt.date(2027, 1, 4)
TARGET, CHANNELS = "pages/1_target.py", "pages/3_channels.py"
NBSP = "\u00a0"


def stored(engine: Engine, plan: Plan | None = None) -> str:
    return storage.create_plan(engine, plan or build_scenario("saas_smb", "fr", START)).id


def latest(engine: Engine, plan_id: str) -> Plan:
    return storage.load_plan(engine, plan_id).plan


def edit_table(at: AppTest, key: str, **changes: Any) -> AppTest:
    """Apply data_editor changes the way the browser sends them (typed text), then rerun."""
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []} | changes
    return at.run()


def phone_stages(engine: Engine, plan_id: str, lang: str) -> AppTest:
    at = open_session(CHANNELS, plan=plan_id, lang=lang)
    return at.selectbox(key="stage_channel").select("phone").run()


@pytest.mark.parametrize(
    ("lang", "rate", "cost"), [("fr", f"3,00{NBSP}%", "0,05"), ("en", "3.00%", "0.05")]
)
def test_rates_and_costs_read_in_the_pages_language(
    workspace: Engine, lang: str, rate: str, cost: str
) -> None:
    plan_id = stored(workspace)
    plan = latest(workspace, plan_id)
    at = phone_stages(workspace, plan_id, lang)
    channels, stages = at.data_editor[0].value, at.data_editor[1].value
    assert plan.channels[0].cost_per_activity == pytest.approx(0.05)
    assert channels["cost_per_activity"].iloc[0] == cost
    assert plan.channel("phone").stages[0].rate.low == pytest.approx(0.03)
    assert stages["low"].iloc[0] == rate


def test_a_rate_typed_with_a_decimal_comma_is_saved_in_french(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = phone_stages(workspace, plan_id, "fr")
    edit_table(at, "stages_phone", edited_rows={1: {"typical": "9,4 %"}})
    assert not at.error
    assert latest(workspace, plan_id).channel("phone").stages[1].rate.typical == pytest.approx(
        0.094
    )
    assert at.data_editor[1].value["typical"].iloc[1] == f"9,40{NBSP}%"  # shown afresh, saved


def test_a_word_in_a_number_cell_names_its_row_and_column_and_saves_nothing(
    workspace: Engine,
) -> None:
    plan_id = stored(workspace)
    at = phone_stages(workspace, plan_id, "fr")
    edit_table(at, "stages_phone", edited_rows={1: {"low": "beaucoup", "typical": "5"}})
    said = shown(at.error[0])
    assert "Non enregistré" in said
    assert "Ligne 2, « Bas % » : « beaucoup » n’est pas un nombre" in said
    assert "1\u202f234,5" in said  # an example written the French way
    assert storage.current_revision(workspace, plan_id) == 1


def test_a_fraction_where_a_whole_number_is_needed_is_refused(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(TARGET, plan=plan_id, lang="fr")
    edit_table(at, "segments_b2b", edited_rows={0: {"priority": "2,5"}})
    assert "Ligne 1, « Priorité » : 2,5 n’est pas un nombre entier." in shown(at.error[0])
    assert storage.current_revision(workspace, plan_id) == 1


def test_a_number_with_french_grouping_is_read_in_a_new_row(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(TARGET, plan=plan_id, lang="fr")
    row = {"name": "Garages", "addressable_count": "1 200", "priority": "3"}
    edit_table(at, "segments_b2b", added_rows=[row])
    assert not at.error
    added = latest(workspace, plan_id).segments[-1]
    assert (added.name, added.addressable_count, added.priority) == ("Garages", 1200, 3)


def test_cells_not_retyped_keep_their_exact_numbers(workspace: Engine) -> None:
    plan = build_scenario("saas_smb", "fr", START)
    phone = plan.channel("phone")
    first = phone.stages[0]
    precise = first.model_copy(update={"rate": first.rate.model_copy(update={"low": 0.03125})})
    channels = [
        c.model_copy(update={"stages": [precise, *c.stages[1:]]}) if c.id == "phone" else c
        for c in plan.channels
    ]
    plan_id = stored(workspace, plan.model_copy(update={"channels": channels}))
    at = phone_stages(workspace, plan_id, "fr")
    assert at.data_editor[1].value["low"].iloc[0] == f"3,13{NBSP}%"  # shown rounded
    edit_table(at, "stages_phone", edited_rows={0: {"name": "Appel décroché"}})
    saved = latest(workspace, plan_id).channel("phone").stages[0]
    assert saved.name == "Appel décroché"
    assert saved.rate.low == pytest.approx(0.03125)  # not 0.0313: the cell was not retyped


def test_a_rate_over_its_maximum_is_still_said_with_its_bound(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = phone_stages(workspace, plan_id, "fr")
    edit_table(at, "stages_phone", edited_rows={0: {"typical": "150,5"}})
    assert "Ligne 1, « Typique % » : 150,5 dépasse le maximum, 100." in shown(at.error[0])
    assert storage.current_revision(workspace, plan_id) == 1
