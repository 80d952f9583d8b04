"""The workspace page as a user drives it, through Streamlit's AppTest."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.planfile import plan_to_json
from planner.plan.scenarios import build_scenario
from planner.storage.schema import plans, revisions
from tests.apptest import new_session, open_session, shown_cells, texts


@pytest.fixture
def created(workspace: Engine) -> tuple[AppTest, str]:
    """A session that has just created the SaaS demo plan."""
    at = new_session()
    at.selectbox(key="new_template").select("saas_smb").run()
    at.text_input(key="new_name").input("Plan SaaS T1").run()
    at.button(key="create").click().run()
    return at, at.query_params["plan"]


def test_first_visit_lists_no_plan_and_offers_the_scenarios(workspace: Engine) -> None:
    at = new_session()
    assert not at.exception
    assert len(at.selectbox(key="new_template").options) == 4  # three scenarios and blank
    assert storage.list_plans(workspace) == []


def test_create_from_a_scenario_opens_it_and_puts_its_id_in_the_url(
    created: tuple[AppTest, str], workspace: Engine
) -> None:
    at, plan_id = created
    assert not at.exception
    [summary] = storage.list_plans(workspace)
    assert summary.id == plan_id and summary.name == "Plan SaaS T1" and summary.market == "b2b"
    assert "Plan SaaS T1" in at.subheader[0].value
    assert any("révision 1" in c or "revision 1" in c for c in texts(at.sidebar.caption))


def test_create_a_blank_b2c_plan(workspace: Engine) -> None:
    at = new_session()
    at.selectbox(key="new_template").select("blank").run()
    at.radio(key="new_market").set_value("b2c").run()
    at.button(key="create").click().run()
    [summary] = storage.list_plans(workspace)
    assert summary.market == "b2c"


def test_rename_saves_a_new_revision(created: tuple[AppTest, str], workspace: Engine) -> None:
    at, plan_id = created
    at.text_input(key="rename_name").input("Plan SaaS — printemps").run()
    at.button(key="rename").click().run()
    stored = storage.load_plan(workspace, plan_id)
    assert stored.plan.meta.name == "Plan SaaS — printemps"
    assert stored.revision == 2
    assert any("2" in c for c in texts(at.sidebar.caption))


@pytest.mark.parametrize("typed", ["Plan SaaS T1", "  Plan SaaS T1  "])
def test_rename_with_the_same_name_writes_no_revision(
    created: tuple[AppTest, str], workspace: Engine, typed: str
) -> None:
    at, plan_id = created
    at.text_input(key="rename_name").input(typed).run()
    at.button(key="rename").click().run()

    assert not at.exception
    assert storage.load_plan(workspace, plan_id).revision == 1
    assert any("ce nom" in i.value or "this name" in i.value for i in at.info), at.info


def test_rename_to_an_empty_name_is_refused(
    created: tuple[AppTest, str], workspace: Engine
) -> None:
    at, plan_id = created
    at.text_input(key="rename_name").input("   ").run()
    at.button(key="rename").click().run()
    assert at.error, "an empty name must be refused with a message"
    assert storage.load_plan(workspace, plan_id).plan.meta.name == "Plan SaaS T1"


def test_duplicate_opens_a_copy_and_keeps_the_original(
    created: tuple[AppTest, str], workspace: Engine
) -> None:
    at, plan_id = created
    at.button(key="duplicate").click().run()
    copy_id = at.query_params["plan"]
    assert copy_id != plan_id
    names = sorted(s.name for s in storage.list_plans(workspace))
    assert len(names) == 2 and "Plan SaaS T1" in names
    assert storage.load_plan(workspace, copy_id).plan.meta.name.endswith("Plan SaaS T1")


def test_delete_asks_for_confirmation_then_removes_the_plan(
    created: tuple[AppTest, str], workspace: Engine
) -> None:
    at, _ = created
    at.button(key="delete").click().run()
    assert at.warning, "a confirmation is asked"
    assert storage.list_plans(workspace), "nothing is deleted before confirmation"
    at.button(key="delete_confirm").click().run()
    assert storage.list_plans(workspace) == []
    assert "plan" not in at.query_params


def test_cancelled_delete_keeps_the_plan(created: tuple[AppTest, str], workspace: Engine) -> None:
    at, _ = created
    at.button(key="delete").click().run()
    at.button(key="delete_cancel").click().run()
    assert len(storage.list_plans(workspace)) == 1
    with pytest.raises(KeyError):
        at.button(key="delete_confirm")


def test_import_a_good_plan_file(workspace: Engine) -> None:
    plan = build_scenario("retail_b2c", "fr", storage_start())
    at = new_session()
    at.file_uploader(key="import_file").set_value(
        ("boutique.json", plan_to_json(plan).encode(), "application/json")
    ).run()
    assert at.success
    at.button(key="import_confirm").click().run()
    [summary] = storage.list_plans(workspace)
    assert at.query_params["plan"] == summary.id
    assert storage.load_plan(workspace, summary.id).plan == plan


def test_import_a_bad_plan_file_lists_every_problem_and_saves_nothing(workspace: Engine) -> None:
    data = json.loads(plan_to_json(build_scenario("saas_smb", "en", storage_start())))
    data["offer"]["deal_value"] = -5
    data["channels"][0]["stages"][0]["rate"]["low"] = 1.5
    data["meta"]["currency"] = "ZZZ"
    at = new_session(lang="en")
    at.file_uploader(key="import_file").set_value(
        ("broken.json", json.dumps(data).encode(), "application/json")
    ).run()
    assert not at.exception
    assert "3 problem" in at.error[0].value
    problems = at.dataframe[0].value.iloc[:, 0].tolist()
    assert any(p.startswith("offer.deal_value") for p in problems)
    assert any(p.startswith("meta.currency") for p in problems)
    assert any("channels[0].stages[0].rate" in p for p in problems)
    with pytest.raises(KeyError):
        at.button(key="import_confirm")
    assert storage.list_plans(workspace) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"schema_version": 1, "meta": {', "JSON"),
        (b'{"schema_version": 99}', "newer version"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "UTF-8"),
        (b"", "empty"),
    ],
)
def test_import_of_a_broken_file_is_refused_clearly(
    workspace: Engine, raw: bytes, expected: str
) -> None:
    at = new_session(lang="en")
    at.file_uploader(key="import_file").set_value(("plan.json", raw, "application/json")).run()
    assert not at.exception
    problems = " ".join(at.dataframe[0].value.iloc[:, 0])
    assert expected in problems
    assert storage.list_plans(workspace) == []


def test_switching_language_translates_the_page_and_holds_in_the_url(workspace: Engine) -> None:
    at = new_session(lang="fr")
    assert at.title[0].value == "Plans de prospection"
    at.segmented_control(key="lang_switch").set_value("en").run()
    assert at.title[0].value == "Prospection plans"
    assert at.query_params["lang"] == "en"
    reloaded = open_session(lang=at.query_params["lang"])
    assert reloaded.title[0].value == "Prospection plans"


def test_a_reload_with_the_plan_id_in_the_url_reopens_the_plan(
    created: tuple[AppTest, str],
) -> None:
    _, plan_id = created
    reloaded = open_session(plan=plan_id)
    assert not reloaded.exception
    assert "Plan SaaS T1" in reloaded.subheader[0].value


def test_an_unknown_plan_id_in_the_url_says_so(workspace: Engine) -> None:
    at = open_session(plan="doesnotexist", lang="en")
    assert not at.exception
    assert "no longer exists" in at.warning[0].value
    assert "plan" not in at.query_params


def test_a_stale_tab_cannot_overwrite_a_newer_save(
    created: tuple[AppTest, str], workspace: Engine
) -> None:
    first, plan_id = created
    second = open_session(plan=plan_id, lang="en")
    first.text_input(key="rename_name").input("Saved by tab one").run()
    first.button(key="rename").click().run()
    second.text_input(key="rename_name").input("Saved by tab two").run()
    second.button(key="rename").click().run()
    assert any("Not saved" in e.value for e in second.error)
    assert storage.load_plan(workspace, plan_id).plan.meta.name == "Saved by tab one"
    assert storage.current_revision(workspace, plan_id) == 2
    second.button(key="load_latest").click().run()
    assert "Saved by tab one" in second.subheader[0].value
    assert second.text_input(key="rename_name").value == "Saved by tab one"  # not the refused edit
    assert [t.value for t in second.toast] == [
        "Revision 2 loaded: every field shows it now, and what was typed and not saved is gone."
        " Type your change again."
    ]
    second.run()
    assert not second.toast  # said once


def test_a_name_typed_while_the_latest_version_was_on_its_way_is_given_back_to_the_browser(
    created: tuple[AppTest, str], workspace: Engine
) -> None:
    # The run that loads the latest version gives the field its name; typed before that name
    # reaches the browser, the next run brings the typed one. The browser, which shows the
    # given name over it, is told the typed one, so that what it shows is what gets saved.
    first, plan_id = created
    second = open_session(plan=plan_id, lang="en")
    first.text_input(key="rename_name").input("Saved by tab one").run()
    first.button(key="rename").click().run()
    second.text_input(key="rename_name").input("Refused").run()
    second.button(key="rename").click().run()
    second.button(key="load_latest").click().run()
    assert second.text_input(key="rename_name").proto.set_value  # the latest name, given

    second.text_input(key="rename_name").input("Typed meanwhile").run()

    field = second.text_input(key="rename_name")
    assert (field.value, field.proto.set_value) == ("Typed meanwhile", True)
    second.text_input(key="rename_name").input("Typed after").run()
    assert not second.text_input(key="rename_name").proto.set_value  # only that once


def test_a_name_typed_with_the_click_on_load_the_latest_version_is_kept(
    created: tuple[AppTest, str], workspace: Engine
) -> None:
    # Typed as the click's run starts: the browser's next rerun interrupts it and Streamlit
    # merges both into one run, the click and the new name together (seen in Chromium).
    first, plan_id = created
    second = open_session(plan=plan_id, lang="en")
    first.text_input(key="rename_name").input("Saved by tab one").run()
    first.button(key="rename").click().run()
    second.text_input(key="rename_name").input("Refused").run()
    second.button(key="rename").click().run()
    assert any("Not saved" in e.value for e in second.error)

    second.text_input(key="rename_name").input("Typed at once")
    second.button(key="load_latest").click().run()

    assert "Saved by tab one" in second.subheader[0].value
    assert second.text_input(key="rename_name").value == "Typed at once"
    second.button(key="rename").click().run()
    assert storage.load_plan(workspace, plan_id).plan.meta.name == "Typed at once"


def test_restore_an_earlier_revision(created: tuple[AppTest, str], workspace: Engine) -> None:
    at, plan_id = created
    at.text_input(key="rename_name").input("Renamed").run()
    at.button(key="rename").click().run()
    at.selectbox(key="restore_revision").select(1).run()
    at.button(key="restore").click().run()
    stored = storage.load_plan(workspace, plan_id)
    assert stored.revision == 3
    assert stored.plan.meta.name == "Plan SaaS T1"
    assert "Plan SaaS T1" in at.subheader[0].value


def storage_start() -> dt.date:
    """A fixed Monday for plans built in these tests."""
    return dt.date(2027, 1, 4)


def test_a_rejected_file_name_is_shown_as_plain_text(workspace: Engine) -> None:
    at = new_session(lang="en")
    name = "![i](https://example.com/x.png).json"
    at.file_uploader(key="import_file").set_value((name, b"{", "application/json")).run()
    message = at.error[0].value
    assert "](" not in message.replace("\\]", "").replace("\\[", "")  # no link or image syntax
    assert "\\!\\[i\\]" in message  # the name, escaped, read as text
    assert "1 problem found" in message


def tables(at: AppTest) -> list[pd.DataFrame]:
    return [frame.value for frame in at.dataframe]


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(t for t in tables(at) if column in t.columns)


def test_the_history_says_what_each_revision_changed_and_what_a_restore_undoes(
    created: tuple[AppTest, str], workspace: Engine
) -> None:
    at, plan_id = created
    at.text_input(key="rename_name").input("Plan SaaS — printemps").run()
    at.button(key="rename").click().run()
    history = table_with(at, "Ce qui a changé")
    assert history.iloc[0, 3] == "Plan › nom : Plan SaaS T1 → Plan SaaS — printemps"
    assert history.iloc[1, 3] == ""  # the first revision: created
    details, undo = (t for t in tables(at) if list(t.columns) == ["Champ", "Avant", "Après"])
    assert details.values.tolist() == [["Plan › nom", "Plan SaaS T1", "Plan SaaS — printemps"]]
    assert undo.values.tolist() == [["Plan › nom", "Plan SaaS — printemps", "Plan SaaS T1"]]
    at.button(key="restore").click().run()
    assert storage.load_plan(workspace, plan_id).plan.meta.name == "Plan SaaS T1"


def test_after_a_backup_is_restored_the_history_shows_what_the_new_saves_changed(
    created: tuple[AppTest, str], workspace: Engine
) -> None:
    at, plan_id = created
    at.text_input(key="rename_name").input("Avant la restauration").run()
    at.button(key="rename").click().run()
    assert table_with(at, "Ce qui a changé").iloc[0, 3].endswith("→ Avant la restauration")
    # The database goes back to a backup taken at revision 1; the next save is revision 2 again.
    with workspace.begin() as conn:
        conn.execute(
            revisions.delete().where(revisions.c.plan_id == plan_id, revisions.c.revision == 2)
        )
        conn.execute(plans.update().where(plans.c.id == plan_id).values(revision=1))
    later = open_session(plan=plan_id, lang="fr")
    later.text_input(key="rename_name").input("Après la restauration").run()
    later.button(key="rename").click().run()
    history = table_with(later, "Ce qui a changé")
    assert history.iloc[0, 3] == "Plan › nom : Plan SaaS T1 → Après la restauration"


def test_the_plan_facts_count_weeks_and_channels_in_the_language(
    created: tuple[AppTest, str],
) -> None:
    at, _ = created
    facts = next(c.value for c in at.caption if "·" in c.value and "→" in c.value)
    assert facts.endswith("(52 semaines) · 3 canaux")


def test_an_open_plan_is_compared_side_by_side_with_up_to_three_others(workspace: Engine) -> None:
    start = dt.date(2027, 1, 4)
    first = storage.create_plan(workspace, build_scenario("saas_smb", "en", start))
    others = [
        storage.create_plan(workspace, build_scenario(s, "en", start)).id
        for s in ("retail_b2c", "consulting_enterprise", "saas_smb", "retail_b2c")
    ]
    at = open_session("app.py", plan=first.id, lang="en")
    picker = at.multiselect(key="compare_with")
    assert len(picker.options) == 4 and picker.proto.max_selections == 3
    picker.set_value(others[:3]).run()
    assert not at.exception
    labels = {b.proto.label for b in at.main.get("download_button")}
    assert {"Compare (PDF)", "Compare (Excel)"} <= labels
    styled = [d for d in at.dataframe if d.proto.arrow_data.styler.display_values]
    [compared] = [d for d in styled if "Measure" in shown_cells(d).columns]
    table = shown_cells(compared)
    assert len(table.columns) == 2 + 4  # part, measure, and the four plans
    market = table[table["Measure"] == "Market"].iloc[0].tolist()
    assert market[2:] == ["B2B", "B2C", "B2B", "B2B"]
    styles = compared.proto.arrow_data.styler.styles
    assert "#fff4ce" in styles  # the assumptions that differ are highlighted
    assert at.get("vega_lite_chart"), "the fan charts overlaid"


def test_a_single_plan_is_told_to_make_a_second_one_to_compare(workspace: Engine) -> None:
    only = storage.create_plan(workspace, build_scenario("saas_smb", "en", dt.date(2027, 1, 4)))
    at = open_session("app.py", plan=only.id, lang="en")
    assert any("second plan to compare" in c.value for c in at.caption)
