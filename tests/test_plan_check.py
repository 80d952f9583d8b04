"""The plan checked against the rules: each rule on its own weeks, consent gaps per segment."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.compliance.plan_check import (
    applied_rules,
    call_hours_gaps,
    consent_gaps,
    rules_as_of,
)
from planner.plan.model import Market, Plan
from tests.factories import make_plan_data


def consumer_plan(start: dt.date, weeks: int, consent: str = "") -> Plan:
    data = make_plan_data()
    data["meta"].update(market="b2c", start_date=start.isoformat(), horizon_weeks=weeks)
    data["objectives"] = []
    data["channels"].append({"id": "mail", "kind": "email", "name": "E-mail"})
    for segment in data["segments"]:
        segment["consent_basis"] = consent
    return Plan.model_validate(data)


def on_phone(plan: Plan) -> dict[str, tuple[dt.date, dt.date, int, int]]:
    return {
        a.rule.id: (a.first_day, a.last_day, a.first_week, a.last_week)
        for a in applied_rules(plan)
        if a.channel.id == "phone"
    }


def test_a_plan_across_the_august_2026_change_gets_each_phone_regime_on_its_own_days() -> None:
    plan = consumer_plan(dt.date(2026, 8, 3), 2)  # 3 to 16 August 2026
    phone = on_phone(plan)
    assert phone["PH-01"] == (dt.date(2026, 8, 3), dt.date(2026, 8, 10), 1, 2)
    assert phone["PH-02"] == (dt.date(2026, 8, 11), dt.date(2026, 8, 16), 2, 2)


def test_a_plan_before_the_change_has_bloctel_only_and_one_after_has_opt_in_only() -> None:
    before = on_phone(consumer_plan(dt.date(2026, 6, 1), 8))
    after = on_phone(consumer_plan(dt.date(2026, 8, 11), 8))
    assert "PH-01" in before and "PH-02" not in before
    assert "PH-02" in after and "PH-01" not in after


def test_the_rules_as_of_a_day_follow_the_change() -> None:
    refs = lambda day: {r.ref for r in rules_as_of(day, Market.B2C)}  # noqa: E731
    assert "PH-01" in refs(dt.date(2026, 8, 10)) and "PH-02" not in refs(dt.date(2026, 8, 10))
    assert "PH-02" in refs(dt.date(2026, 8, 11)) and "PH-01" not in refs(dt.date(2026, 8, 11))
    assert "PH-03" not in {r.ref for r in rules_as_of(dt.date(2026, 8, 11), Market.B2B)}


def test_no_consent_basis_recorded_means_no_consent() -> None:
    plan = consumer_plan(dt.date(2026, 9, 7), 4)
    gaps = consent_gaps(plan)
    assert {(g.rule.ref, g.channel.id) for g in gaps} == {("PH-02", "phone"), ("EM-01", "mail")}
    assert all(g.code == "no_consent_basis" and g.severity == "warning" for g in gaps)
    assert {g.segment.id for g in gaps} == {s.id for s in plan.segments}


def test_a_recorded_consent_basis_is_a_reminder_to_keep_the_proof() -> None:
    plan = consumer_plan(dt.date(2026, 9, 7), 4, consent="opt-in on the website form, 2026")
    gaps = consent_gaps(plan)
    assert gaps and all(g.code == "consent_to_check" and g.severity == "reminder" for g in gaps)


def test_a_phone_plan_before_august_2026_needs_no_phone_opt_in() -> None:
    plan = consumer_plan(dt.date(2026, 3, 2), 8)
    assert {g.channel.id for g in consent_gaps(plan)} == {"mail"}


def test_a_b2b_plan_has_no_consent_gaps() -> None:
    data = make_plan_data()
    assert consent_gaps(Plan.model_validate(data)) == []


def test_more_calling_hours_than_the_lawful_slots_are_flagged_week_by_week() -> None:
    plan = consumer_plan(dt.date(2027, 5, 3), 2)  # the week of 3 May, then the week of 8 May
    phone = next(c for c in plan.channels if c.id == "phone")
    busy = phone.model_copy(update={"activities_per_week": 400, "minutes_per_activity": 7})
    team = plan.team.model_copy(update={"reps": 1, "new_reps": 0})
    heavy = plan.model_copy(update={"channels": [busy, *plan.channels[1:]], "team": team})
    first, second = call_hours_gaps(heavy)
    # Week 1 holds Ascension (Thursday 6 May): 4 days × 9 h of slots, and 4/5 of the calls.
    assert (first.week, first.lawful) == (1, 36.0)
    assert first.needed == pytest.approx(400 * 0.8 * 7 / 60)
    assert (second.week, second.lawful) == (2, 45.0)  # 5 days × 9 h (10–13 h, 14–20 h)
    assert second.needed == pytest.approx(400 * 7 / 60)


def test_an_ordinary_phone_plan_fits_in_the_lawful_slots() -> None:
    assert call_hours_gaps(consumer_plan(dt.date(2027, 5, 3), 4)) == []


def test_a_notice_for_a_bought_list_names_its_source_and_the_right_to_object() -> None:
    from planner.compliance.notice import DataSource, notice_text

    plan = consumer_plan(dt.date(2027, 1, 4), 4)
    text = notice_text(plan, DataSource.PURCHASED, "fr")
    assert text.startswith("Information sur le traitement de vos données (RGPD, art. 14)")
    assert "un fichier de prospects acheté" in text
    assert "Vous pouvez vous opposer à tout moment" in text
    assert "au plus tard lors de notre premier message" in text
    assert "votre consentement" in text  # a consumer plan


def test_a_notice_for_data_given_by_the_person_is_an_article_13_notice() -> None:
    from planner.compliance.notice import DataSource, notice_text

    data = make_plan_data()
    text = notice_text(Plan.model_validate(data), DataSource.EVENT, "en")
    assert text.startswith("How we process your personal data (GDPR, art. 13)")
    assert "legitimate interest" in text and "first message" not in text
