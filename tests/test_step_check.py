"""Each cadence step checked on its own days (issue 15 item 2): the rules in force when the step
happens, a banned offer for consumers as an error (PH-05, CPF-01), consent bases, the mentions
missing from the step's script; old plan files without an offer category still load."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.compliance.plan_check import plan_gaps
from planner.compliance.step_check import step_checks, step_days
from planner.plan.model import Plan
from planner.plan.planfile import plan_from_data
from planner.scripts.compliance import step_script_findings
from tests.factories import make_plan_data


def consumer_data(start: dt.date, weeks: int, category: str | None = None) -> dict[str, Any]:
    data = make_plan_data()
    data["meta"].update(market="b2c", start_date=start.isoformat(), horizon_weeks=weeks)
    data["objectives"] = []
    data["offer"]["category"] = category
    data["channels"].append({"id": "mail", "kind": "email", "name": "E-mail"})
    data["cadence"].append({"id": "d20", "day_offset": 20, "channel_id": "mail", "action": "Mail"})
    for segment in data["segments"]:
        segment["consent_basis"] = "opt-in form, 2026"
    return data


def checks(plan: Plan) -> dict[str, Any]:
    return {c.step.id: c for c in step_checks(plan)}


def test_a_step_is_checked_from_its_first_day_to_the_end_of_the_plan() -> None:
    plan = Plan.model_validate(consumer_data(dt.date(2026, 7, 27), 4))  # 27 Jul – 23 Aug 2026
    step = next(s for s in plan.cadence if s.id == "d20")
    assert step_days(plan, step) == (dt.date(2026, 8, 16), dt.date(2026, 8, 23))


def test_each_step_gets_the_phone_regime_of_its_own_days() -> None:
    # The plan spans 10–12 August 2026: the first call is under Bloctel, a call a week later
    # happens only under the opt-in regime.
    data = consumer_data(dt.date(2026, 8, 3), 3)
    data["cadence"].append({"id": "d9", "day_offset": 9, "channel_id": "phone", "action": "Call"})
    found = checks(Plan.model_validate(data))
    first = {(a.rule.id, a.first_day, a.last_day) for a in found["d0"].applied}
    assert ("PH-01", dt.date(2026, 8, 3), dt.date(2026, 8, 10)) in first
    assert ("PH-02", dt.date(2026, 8, 11), dt.date(2026, 8, 23)) in first
    later = {a.rule.id for a in found["d9"].applied}
    assert "PH-02" in later and "PH-01" not in later


@pytest.mark.parametrize(
    ("category", "banned_by"),
    [
        ("energy_renovation", "PH-05"),
        ("renewable_energy", "PH-05"),
        ("home_adaptation", "PH-05"),
        ("cpf_training", "CPF-01"),
    ],
)
def test_a_consumer_offer_in_a_banned_sector_is_an_error_on_every_canvassing_step(
    category: str, banned_by: str
) -> None:
    plan = Plan.model_validate(consumer_data(dt.date(2026, 3, 2), 8, category))
    found = checks(plan)
    for step_id in ("d0", "d2", "d20"):  # phone, LinkedIn, e-mail
        errors = [g for g in found[step_id].gaps if g.severity == "error"]
        assert [(g.code, g.rule.ref) for g in errors] == [("banned_offer", banned_by)]
        assert found[step_id].worst == "error"
    line = next(g for g in plan_gaps(plan) if g.code == "banned_offer").text("fr")
    assert "Cold calls" in line and "interdit" in line and banned_by in line


def test_the_same_offer_to_businesses_or_in_another_sector_is_no_error() -> None:
    b2b = make_plan_data()
    b2b["offer"]["category"] = "energy_renovation"
    other = consumer_data(dt.date(2026, 3, 2), 8, "other")
    for data in (b2b, other):
        assert not [g for g in plan_gaps(Plan.model_validate(data)) if g.severity == "error"]


def test_a_consumer_plan_that_does_not_say_its_offer_category_gets_a_reminder_per_channel() -> None:
    plan = Plan.model_validate(consumer_data(dt.date(2026, 3, 2), 8))
    unset = [g for g in plan_gaps(plan) if g.code == "no_offer_category"]
    assert sorted(g.channel.id for g in unset) == ["linkedin", "mail", "phone"]
    assert all(g.severity == "reminder" for g in unset)
    assert "Target step" in unset[0].text("en")


def test_a_consumer_e_mail_step_without_a_consent_basis_is_a_warning_on_that_step() -> None:
    data = consumer_data(dt.date(2026, 3, 2), 8)
    data["segments"][0]["consent_basis"] = ""
    found = checks(Plan.model_validate(data))
    missing = [g for g in found["d20"].gaps if g.code == "no_consent_basis"]
    assert [(g.rule.ref, g.segment.id if g.segment else None) for g in missing] == [
        ("EM-01", data["segments"][0]["id"])
    ]
    # Before 11 August 2026 a consumer call needs no proven consent: no gap on the call step.
    assert not [g for g in found["d0"].gaps if g.code == "no_consent_basis"]


def test_a_step_s_script_is_checked_with_its_variant_and_as_a_first_contact() -> None:
    data = consumer_data(dt.date(2026, 3, 2), 8)
    data["scripts"].append(
        {
            "id": "mail1",
            "channel_id": "mail",
            "name": "Follow-up",
            "hook": "Bonjour [Prénom],",
            "signature": "Marie, [Entreprise]",
            "call_to_action": "Pour ne plus recevoir nos messages : [lien de désinscription]",
            "variants": [{"id": "short", "name": "Short", "part": "call_to_action", "text": "?"}],
        }
    )
    data["cadence"][-1].update(script_id="mail1")
    plan = Plan.model_validate(data)
    mail = next(s for s in plan.cadence if s.id == "d20")
    assert {f.rule_id for f in step_script_findings(plan, mail)} == set()  # not a first contact
    short = mail.model_copy(update={"variant_id": "short"})
    assert {f.rule_id for f in step_script_findings(plan, short)} == {"EM-05.opt_out"}
    call = next(s for s in plan.cadence if s.id == "d0")
    opener = {f.rule_id for f in step_script_findings(plan, call)}
    assert {"PH-06.identity", "GD-03.first_contact"} <= opener


def test_an_old_plan_file_without_an_offer_category_loads_and_keeps_none() -> None:
    data = make_plan_data()
    data["offer"].pop("category", None)
    plan = plan_from_data(data)
    assert plan.offer.category is None
    assert plan_from_data(plan.model_dump(mode="json")).offer.category is None


def test_an_unknown_offer_category_is_refused_naming_the_field() -> None:
    from planner.core.problems import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        plan_from_data(make_plan_data(offer__category="solar panels"))
    assert any("category" in p.where for p in caught.value.problems)
