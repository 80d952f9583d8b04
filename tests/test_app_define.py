"""The Target, Objectives and Channels pages as a user drives them, through AppTest."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.model import Plan
from planner.plan.scenarios import build_scenario
from tests.apptest import open_session, shown, shown_cells, texts

START = dt.date(2027, 1, 4)
TARGET, OBJECTIVES, CHANNELS = "pages/1_target.py", "pages/2_objectives.py", "pages/3_channels.py"


def stored(engine: Engine, scenario: str = "saas_smb", lang: str = "en") -> str:
    """A demo plan saved in the workspace; its id."""
    return storage.create_plan(engine, build_scenario(scenario, lang, START)).id


def latest(engine: Engine, plan_id: str) -> Plan:
    return storage.load_plan(engine, plan_id).plan


def edit_table(at: AppTest, key: str, **changes: Any) -> AppTest:
    """Apply data_editor changes the way the browser sends them, then rerun."""
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []} | changes
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", [TARGET, OBJECTIVES, CHANNELS])
def test_each_step_without_a_plan_points_to_the_workspace(workspace: Engine, page: str) -> None:
    at = open_session(page, lang="en")
    assert not at.exception
    assert "Open or create a plan first" in at.info[0].value


@pytest.mark.parametrize("page", [TARGET, OBJECTIVES, CHANNELS])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_step_opens_a_demo_plan_in_both_languages(
    workspace: Engine, page: str, lang: str
) -> None:
    at = open_session(page, plan=stored(workspace, "saas_smb", lang), lang=lang)
    assert not at.exception
    assert not at.error
    assert at.title[0].value


# Target ---------------------------------------------------------------------------------


def test_rename_a_segment(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(TARGET, plan=plan_id, lang="en")
    edit_table(at, "segments_b2b", edited_rows={0: {"name": "Plumbers and electricians"}})
    assert not at.error
    assert latest(workspace, plan_id).segments[0].name == "Plumbers and electricians"
    assert storage.current_revision(workspace, plan_id) == 2


def test_add_a_segment_gets_an_id_from_its_name(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(TARGET, plan=plan_id, lang="en")
    edit_table(
        at, "segments_b2b", added_rows=[{"name": "Garages", "sector": "Car repair", "priority": 3}]
    )
    segment = latest(workspace, plan_id).segments[-1]
    assert (segment.id, segment.name, segment.sector) == ("garages", "Garages", "Car repair")


def test_a_bad_priority_is_refused_and_names_the_field(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(TARGET, plan=plan_id, lang="en")
    edit_table(at, "segments_b2b", edited_rows={1: {"priority": 9}})
    assert "Row 2, “Priority”: 9 is above the maximum, 5." in shown(at.error[0])
    assert "Not saved" in shown(at.error[0])
    assert storage.current_revision(workspace, plan_id) == 1


@pytest.mark.parametrize(
    ("table", "change", "said"),
    [
        ("segments_b2b", {"addressable_count": -5}, "is below the minimum, 0 (a minus sign"),
        ("stages_", {"typical": 150.0}, "150 is above the maximum, 100."),
        ("objectives_table", {"deadline": "2030-01-07"}, "is after the latest date allowed"),
    ],
)
def test_a_value_out_of_its_bounds_is_said_not_clamped(
    workspace: Engine, table: str, change: dict[str, Any], said: str
) -> None:
    plan_id = stored(workspace)
    page = CHANNELS if table.startswith("stages") else TARGET
    page = OBJECTIVES if table.startswith("objectives") else page
    at = open_session(page, plan=plan_id, lang="en")
    key = table + latest(workspace, plan_id).channels[0].id if table == "stages_" else table
    edit_table(at, key, edited_rows={0: change})
    assert said in shown(at.error[0])
    assert storage.current_revision(workspace, plan_id) == 1


def test_switching_to_b2c_changes_the_segment_fields(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(TARGET, plan=plan_id, lang="fr")
    at.radio(key="market").set_value("b2c").run()
    assert latest(workspace, plan_id).meta.market.value == "b2c"
    assert "persona" in at.data_editor[0].value.columns  # the B2C fields replace the B2B ones
    edit_table(at, "segments_b2c", edited_rows={0: {"persona": "Artisans de 30 à 50 ans"}})
    assert latest(workspace, plan_id).segments[0].persona == "Artisans de 30 à 50 ans"


def test_qualify_a_prospect_with_the_bant_grid(workspace: Engine) -> None:
    at = open_session(TARGET, plan=stored(workspace), lang="en")
    for criterion in ("budget", "authority", "need", "timing"):
        at.selectbox(key=f"qualify_{criterion}").select(3)
    at.run()
    assert metric(at, "BANT score").startswith("100")
    assert "Qualified lead" in at.success[0].value
    at.selectbox(key="qualify_authority").select(0).run()
    assert "Not qualified yet" in at.warning[0].value


def test_raise_the_bant_bar(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(TARGET, plan=plan_id, lang="en")
    at.slider(key="bant_qualified_score").set_value(75.0).run()
    assert latest(workspace, plan_id).bant.qualified_score == 75.0


# Objectives -----------------------------------------------------------------------------


def test_add_an_objective_and_read_its_smart_verdicts(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(OBJECTIVES, plan=plan_id, lang="en")
    row = {
        "name": "E-mail replies",
        "metric": "reply_rate",
        "target": 40,
        "deadline": "2027-06-28",
        "channel_id": "email",
        "segment_id": "",
    }
    edit_table(at, "objectives_table", added_rows=[row])
    assert not at.error
    objective = latest(workspace, plan_id).objectives[-1]
    assert objective.target == pytest.approx(0.40)
    page_text = " ".join(texts(at.markdown))
    assert "E-mail replies" in page_text
    assert "10.7" in page_text or "10,7" in page_text


def test_a_deadline_outside_the_plan_is_refused(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(OBJECTIVES, plan=plan_id, lang="en")
    edit_table(at, "objectives_table", edited_rows={0: {"deadline": "2030-01-01"}})
    assert "Row 1, “Deadline”: Jan 1, 2030 is after the latest date allowed, Jan 2, 2028." in (
        shown(at.error[0])
    )
    assert storage.current_revision(workspace, plan_id) == 1


def test_more_reps_give_more_hours(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(OBJECTIVES, plan=plan_id, lang="en")
    before = metric(at, "Hours available / week (average)")
    at.text_input(key="team_reps").input("4").run()
    assert latest(workspace, plan_id).team.reps == 4
    assert metric(at, "Hours available / week (average)") != before


@pytest.mark.parametrize(
    ("lang", "typed", "hours"),
    [("fr", "10,5", 10.5), ("fr", "10.5", 10.5), ("en", "10.5", 10.5), ("fr", "37", 37.0)],
)
def test_hours_read_decimals_the_way_the_language_writes_them(
    workspace: Engine, lang: str, typed: str, hours: float
) -> None:
    plan_id = stored(workspace)
    at = open_session(OBJECTIVES, plan=plan_id, lang=lang)
    at.text_input(key="team_hours_per_rep_per_week").input(typed).run()
    assert not [e for e in at.error if "saved" in e.value or "enregistré" in e.value]
    assert latest(workspace, plan_id).team.hours_per_rep_per_week == hours


@pytest.mark.parametrize(
    ("lang", "key", "typed", "said"),
    [
        ("fr", "team_reps", "-2", "« Commerciaux » : « -2 » — sous le minimum, 0 (un signe moins"),
        ("fr", "team_reps", "2,5", "« Commerciaux » : « 2,5 » — un nombre entier est attendu."),
        (
            "fr",
            "team_vacation_weeks",
            "deux",
            "ce n’est pas un nombre (écrivez-le par exemple 10,5)",
        ),
        ("en", "team_hours_per_rep_per_week", "10,5", "not a number (write it like 10.5)"),
    ],
)
def test_a_refused_number_is_said_and_the_saved_value_stays(
    workspace: Engine, lang: str, key: str, typed: str, said: str
) -> None:
    plan_id = stored(workspace)
    before = latest(workspace, plan_id)
    at = open_session(OBJECTIVES, plan=plan_id, lang=lang)
    at.text_input(key=key).input(typed).run()
    assert said in shown(at.error[0])
    assert storage.current_revision(workspace, plan_id) == 1
    assert latest(workspace, plan_id) == before
    assert at.text_input(key=key).value == typed  # left as typed, to be corrected


# Channels -------------------------------------------------------------------------------


def test_changing_a_rate_changes_the_expected_funnel(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(CHANNELS, plan=plan_id, lang="en")
    before = metric(at, "Meetings booked")
    at.selectbox(key="stage_channel").select("phone").run()
    edit_table(at, "stages_phone", edited_rows={1: {"typical": 9.4}})
    assert not at.error
    assert latest(workspace, plan_id).channel("phone").stages[1].rate.typical == pytest.approx(
        0.094
    )
    assert metric(at, "Meetings booked") != before


def test_a_rate_above_its_high_is_refused(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(CHANNELS, plan=plan_id, lang="fr")
    at.selectbox(key="stage_channel").select("phone").run()
    edit_table(at, "stages_phone", edited_rows={0: {"typical": 50.0}})
    assert "channels[0].stages[0].rate" in shown(at.error[0])
    assert "bas ≤ typique ≤ haut" in shown(at.error[0])
    assert storage.current_revision(workspace, plan_id) == 1


def test_add_a_channel_gets_benchmark_stages(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(CHANNELS, plan=plan_id, lang="en")
    edit_table(
        at,
        "channels_table",
        added_rows=[{"name": "Trade fairs", "kind": "events", "activities_per_week": 10}],
    )
    channel = latest(workspace, plan_id).channels[-1]
    assert channel.id == "trade-fairs"
    assert channel.stages and channel.stages[0].rate.source


def test_add_a_cadence_step(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(CHANNELS, plan=plan_id, lang="en")
    edit_table(
        at,
        "cadence_table",
        added_rows=[
            {"day_offset": 14, "channel_id": "email", "action": "Break-up e-mail", "script_id": ""}
        ],
    )
    steps = latest(workspace, plan_id).cadence
    assert steps[-1].day_offset == 14 and steps[-1].script_id is None
    assert "7 touches per prospect" in " ".join(texts(at.caption))


def test_one_segment_reads_in_the_singular(workspace: Engine) -> None:
    plan = build_scenario("saas_smb", "fr", START)
    one = plan.model_copy(update={"segments": plan.segments[:1]})
    plan_id = storage.create_plan(workspace, one).id
    at = open_session(TARGET, plan=plan_id, lang="fr")
    summary = next(c.value for c in at.caption if "contacts adressables" in c.value)
    assert summary.startswith("1 segment, ")


@pytest.mark.parametrize(("lang", "mark", "other"), [("fr", ",", "."), ("en", ".", ",")])
def test_the_expected_funnel_table_writes_numbers_for_the_language(
    workspace: Engine, lang: str, mark: str, other: str
) -> None:
    plan_id = stored(workspace)
    at = open_session(CHANNELS, plan=plan_id, lang=lang)
    table = next(d for d in at.dataframe if d.proto.arrow_data.styler.display_values)
    numbers, cells = table.value.iloc[:, 3], shown_cells(table).iloc[:, 3]
    assert numbers.dtype == "float64"  # still numbers underneath: the column sorts as numbers
    for number, cell in zip(numbers, cells, strict=True):
        whole, cents = divmod(round(number * 100), 100)
        assert cell.endswith(f"{mark}{cents:02d}") and other not in cell[-3:]
        assert cell[:-3].replace("\u202f", "").replace(",", "") == str(whole)


def test_hours_over_the_models_maximum_are_refused_in_the_fields_words(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(OBJECTIVES, plan=plan_id, lang="fr")
    at.text_input(key="team_hours_per_rep_per_week").input("1 000").run()
    assert "« 1 000 » — au-dessus du maximum, 80." in shown(at.error[0])
    assert storage.current_revision(workspace, plan_id) == 1
