"""The Scripts page as a user drives it, through AppTest."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.core.i18n import LOCALES_DIR
from planner.plan.model import Market, Plan
from planner.plan.scenarios import SCENARIO_IDS, blank_plan, build_scenario
from tests.apptest import open_session, shown, texts

START = dt.date(2027, 1, 4)
SCRIPTS = "pages/4_scripts.py"


def stored(engine: Engine, scenario: str = "saas_smb", lang: str = "en") -> str:
    """A demo plan saved in the workspace; its id."""
    return storage.create_plan(engine, build_scenario(scenario, lang, START)).id


def latest(engine: Engine, plan_id: str) -> Plan:
    return storage.load_plan(engine, plan_id).plan


def edit_table(at: AppTest, key: str, **changes: Any) -> AppTest:
    """Apply data_editor changes the way the browser sends them, then rerun."""
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []} | changes
    return at.run()


def warnings(at: AppTest) -> str:
    return " ".join(shown(w) for w in at.warning)


@pytest.mark.parametrize("scenario", SCENARIO_IDS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_opens_each_demo_plan_in_both_languages(
    workspace: Engine, scenario: str, lang: str
) -> None:
    at = open_session(SCRIPTS, plan=stored(workspace, scenario, lang), lang=lang)
    assert not at.exception
    assert not at.error
    assert at.title[0].value == "Scripts"
    assert at.text_area(key=f"sc_{latest_script(at)}_hook").value


def latest_script(at: AppTest) -> str:
    return str(at.selectbox(key="script_choice").value)


def test_without_a_plan_the_page_points_to_the_workspace(workspace: Engine) -> None:
    at = open_session(SCRIPTS, lang="en")
    assert not at.exception
    assert "Open or create a plan first" in at.info[0].value


def test_a_plan_without_a_channel_says_to_add_one(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, blank_plan("Empty", Market.B2B, "fr", START)).id
    at = open_session(SCRIPTS, plan=plan_id, lang="fr")
    assert not at.exception
    assert "n’a pas encore de canal" in at.info[0].value


def test_write_the_hook_and_see_it_saved(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    at.text_area(key="sc_script-phone_hook").input("Hello [Name], [Rep] from [Company].").run()
    assert not at.error
    assert latest(workspace, plan_id).scripts[0].hook == "Hello [Name], [Rep] from [Company]."
    assert storage.current_revision(workspace, plan_id) == 2


def test_create_a_script_for_a_channel_prefilled(workspace: Engine) -> None:
    plan_id = stored(workspace, "retail_b2c", "fr")
    at = open_session(SCRIPTS, plan=plan_id, lang="fr")
    at.selectbox(key="new_script_channel").select("email").run()
    at.button(key="new_script").click().run()
    assert not at.error
    script = latest(workspace, plan_id).scripts[-1]
    assert (script.id, script.channel_id) == ("script-email-2", "email")
    assert script.subject and "[Lien de désinscription]" in script.signature
    assert latest_script(at) == "script-email-2"


def test_add_an_objection_to_the_library(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    row = {"objection": "We are moving offices", "answer": "When will you be settled?"}
    edit_table(at, "objection_library", added_rows=[row])
    assert not at.error
    assert latest(workspace, plan_id).objection_library[-1].objection == "We are moving offices"


def test_start_the_library_from_the_starter_objections(workspace: Engine) -> None:
    plan_id = stored(workspace, "saas_smb", "fr")
    at = open_session(SCRIPTS, plan=plan_id, lang="fr")
    at.button(key="starter_objections").click().run()
    library = [o.objection for o in latest(workspace, plan_id).objection_library]
    assert len(library) >= 10
    assert any("pas le temps" in o for o in library)


def test_add_starter_discovery_questions(workspace: Engine) -> None:
    plan_id = stored(workspace, "retail_b2c", "fr")
    at = open_session(SCRIPTS, plan=plan_id, lang="fr")
    at.button(key="starter_questions").click().run()
    guide = latest(workspace, plan_id).discovery
    assert {q.axis.value for q in guide.questions} == {"who", "what", "where", "when", "how", "why"}
    assert guide.reformulation.startswith("Si j")


def test_create_a_variant(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    row = {"name": "Question opener", "part": "hook", "text": "Hello [Name], quick question?"}
    edit_table(at, "variants_script-phone", added_rows=[row])
    assert not at.error
    variant = latest(workspace, plan_id).scripts[0].variants[0]
    assert (variant.id, variant.part.value) == ("question-opener", "hook")
    edit_table(at, "cadence_variants_script-phone", edited_rows={0: {"variant_id": variant.id}})
    step = next(s for s in latest(workspace, plan_id).cadence if s.script_id == "script-phone")
    assert step.variant_id == "question-opener"


def test_a_b2c_email_without_an_opt_out_is_warned_then_fixed(workspace: Engine) -> None:
    plan_id = stored(workspace, "retail_b2c", "en")
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    assert latest_script(at) == "script-email"
    assert "EM-05" not in warnings(at)
    at.text_area(key="sc_script-email_call_to_action").input("See the selection online.").run()
    assert "Warning EM-05 — Every message offers a simple, free way" in warnings(at)
    assert "CPCE" in warnings(at)
    assert "not legal advice" in " ".join(texts(at.caption))
    fixed = "See the selection online. Unsubscribe: [Opt-out link]."
    at.text_area(key="sc_script-email_call_to_action").input(fixed).run()
    assert "EM-05" not in warnings(at)


def test_an_unknown_placeholder_is_flagged_then_fixed(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(SCRIPTS, plan=plan_id, lang="en")  # the demo ships a sample prospect
    at.text_area(key="sc_script-phone_proof").input("[Reference customer] uses it.").run()
    assert "[Reference customer]" not in warnings(at)
    at.text_area(key="sc_script-phone_proof").input("[Refrence customer] uses it.").run()
    assert "Proof: [Refrence customer] has no value" in warnings(at)
    at.text_area(key="sc_script-phone_proof").input("[Reference customer] uses it.").run()
    assert "[Refrence customer]" not in warnings(at)


def test_save_a_prospect_card_and_find_it_listed(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    at.text_input(key="card_company").input("Garage Lemaire")
    at.text_input(key="card_contact_name").input("Claire Martin")
    for criterion in ("budget", "authority", "need", "timing"):
        at.selectbox(key=f"card_bant_{criterion}").select(3)
    at.selectbox(key="card_outcome").select("meeting_booked")
    at.run()
    assert any("Qualified" in s.value for s in at.success)
    at.button(key="card_save").click().run()
    assert not at.error
    cards = storage.list_cards(workspace, plan_id)
    assert [c.card.company for c in cards] == ["Garage Lemaire"]
    assert cards[0].card.bant.need == 3 and cards[0].card.script_id == "script-phone"
    listed = next(d.value for d in at.dataframe if "Company" in d.value.columns)
    assert list(listed["Company"]) == ["Garage Lemaire"]
    assert at.text_input(key="card_company").value == ""  # the form is ready for the next one
    assert "Lemaire" not in latest(workspace, plan_id).model_dump_json()


def test_the_email_is_ready_to_copy_with_the_sample_values(workspace: Engine) -> None:
    plan_id = stored(workspace, "retail_b2c", "en")
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    code = at.code[0].value
    assert code.startswith("Claire, ready for the SaintéLyon?\n\nHello Claire,")
    assert code.endswith("Unsubscribe in one click: https://example.com/unsubscribe.")


def test_french_page_strings_follow_french_typography() -> None:
    with (LOCALES_DIR / "fr" / "scripts_page.toml").open("rb") as handle:
        table = tomllib.load(handle)
    assert set(table) == {"scriptpage"}
    strings: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        for value in node.values():
            walk(value) if isinstance(value, dict) else strings.append(value)

    walk(table)
    for text in strings:
        assert not re.search(r" [:;?!»]|« |'", text), text


def test_tag_an_argument_and_see_the_motive_covered(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    row = {"text": "Invoices leave the same day", "motives": ["money", "comfort"]}
    edit_table(at, "arguments_script-phone", added_rows=[row])
    assert not at.error
    argument = latest(workspace, plan_id).scripts[0].arguments[0]
    assert [m.value for m in argument.motives] == ["money", "comfort"]
    coverage = next(d.value for d in at.dataframe if "Covered by" in d.value.columns)
    assert coverage.set_index("Motive").loc["Money", "Covered by"] == "argument no. 1"


def test_a_b2c_call_without_the_callers_identity_is_warned(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, build_scenario("saas_smb", "en", START)).id
    plan = latest(workspace, plan_id)
    document = plan.model_dump(mode="json")
    document["meta"]["market"] = "b2c"
    storage.save_plan(workspace, plan_id, Plan.model_validate(document), 1, "edited")
    at = open_session(SCRIPTS, plan=plan_id, lang="en")
    hook = at.text_area(key="sc_script-phone_hook")
    hook.input("Hello [Name], this is [Rep] from [Company], calling about an offer.").run()
    assert "PH-06" not in warnings(at)
    at.text_area(key="sc_script-phone_hook").input("Hello, do you have a minute?").run()
    assert "Warning PH-06 — A sales call to a consumer opens with the caller" in warnings(at)
