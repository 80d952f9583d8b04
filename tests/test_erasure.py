"""Erasing a person and purging prospects past retention: every trace gone, the rest intact,
the log without the person (compliance.md part 2 C, 29)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from planner import storage
from planner.compliance.data_retention import expired_prospects, retention_end
from planner.compliance.opposition import contact_key
from planner.plan.scenarios import build_scenario
from planner.scripts.prospect_card import ProspectCard
from planner.storage.erasure import erase_person, erasure_log, find_person, remove_prospects
from planner.tracking.events import empty_log

START = dt.date(2027, 1, 4)


def log(*rows: tuple[str, str | None, str]) -> pd.DataFrame:
    """An event log of (day, prospect, event) rows on the phone channel."""
    frame = pd.DataFrame(
        [(pd.Timestamp(d), p, "phone", e) for d, p, e in rows],
        columns=["date", "prospect", "channel", "event"],
    )
    base = empty_log()
    return pd.concat([base, frame], ignore_index=True)[base.columns]


def two_plans(engine: Engine) -> tuple[str, str]:
    a = storage.create_plan(engine, build_scenario("saas_smb", "fr", START)).id
    b = storage.create_plan(engine, build_scenario("retail_b2c", "fr", START)).id
    storage.store_events(
        engine,
        a,
        log(
            ("2027-01-05", "jean@exemple.fr", "activity"),
            ("2027-01-06", "claire@exemple.fr", "activity"),
            ("2027-01-07", "JEAN@exemple.fr", "reply"),
        ),
        file_name="a.csv",
        sha256="a" * 64,
    )
    storage.store_events(
        engine,
        b,
        log(("2027-01-05", "Jean@Exemple.fr", "activity"), ("2027-01-05", None, "activity")),
        file_name="b.csv",
        sha256="b" * 64,
    )
    card = ProspectCard(company="Exemple SA", contact_details="jean@exemple.fr, 06 12 34 56 78")
    storage.save_card(engine, a, card)
    storage.save_card(engine, a, ProspectCard(company="Autre"))
    return a, b


def test_a_person_is_found_however_each_file_wrote_them(workspace: Engine) -> None:
    a, b = two_plans(workspace)
    found = find_person(workspace, contact_key("JEAN@EXEMPLE.FR"))  # type: ignore[arg-type]
    assert found.events == {a: 2, b: 1} and len(found.cards) == 1


def test_erasing_a_person_removes_every_event_and_card_and_logs_only_counts(
    workspace: Engine,
) -> None:
    a, b = two_plans(workspace)
    erased = erase_person(workspace, contact_key("jean@exemple.fr"))  # type: ignore[arg-type]
    assert (erased.events, erased.cards, erased.plans) == (3, 1, 2)
    assert list(storage.load_events(workspace, a)["prospect"]) == ["claire@exemple.fr"]
    assert len(storage.load_events(workspace, b)) == 1  # the unnamed call stays
    assert [c.card.company for c in storage.list_cards(workspace, a)] == ["Autre"]
    assert storage.list_batches(workspace, a)[0].rows_imported == 1
    (entry,) = erasure_log(workspace)
    assert (entry["reason"], entry["events_removed"], entry["cards_removed"]) == ("request", 3, 1)
    assert "jean" not in repr(entry).lower()


def test_erasing_a_number_finds_it_in_card_details(workspace: Engine) -> None:
    two_plans(workspace)
    erased = erase_person(workspace, contact_key("+33 6 12 34 56 78"))  # type: ignore[arg-type]
    assert (erased.events, erased.cards) == (0, 1)


def test_three_years_from_a_29_february_end_on_28_february() -> None:
    assert retention_end(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)
    assert retention_end(dt.date(2024, 3, 1)) == dt.date(2027, 3, 1)


def test_prospects_past_three_years_are_listed_and_an_open_does_not_reset_the_clock() -> None:
    events = log(
        ("2024-02-29", "ancien@x.fr", "activity"),
        ("2025-06-01", "ancien@x.fr", "activity"),  # our own touch: no reset
        ("2024-02-29", "repondu@x.fr", "activity"),
        ("2025-01-10", "repondu@x.fr", "reply"),  # the prospect's reply resets it
        ("2024-01-15", "client@x.fr", "won"),  # a customer: not a prospect
    )
    on_the_day = expired_prospects(events, dt.date(2027, 2, 28))
    assert on_the_day.empty  # kept through 28 February 2027
    after = expired_prospects(events, dt.date(2027, 3, 1))
    assert list(after["prospect"]) == ["ancien@x.fr"]
    assert after.loc[0, "kept_until"] == dt.date(2027, 2, 28)


def test_a_retention_purge_removes_those_prospects_only(workspace: Engine) -> None:
    a, _ = two_plans(workspace)
    erased = remove_prospects(workspace, a, ["claire@exemple.fr"])
    assert erased.events == 1
    assert "claire@exemple.fr" not in set(storage.load_events(workspace, a)["prospect"])
    assert erasure_log(workspace)[0]["reason"] == "retention"
