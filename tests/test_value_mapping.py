"""Event and channel values as people write them (EN and FR), the prospect taken from id and
e-mail columns, and the user's value mapping: given in code, or as a mapping file."""

from __future__ import annotations

import copy
import json

import pytest

from planner.plan.model import Plan
from planner.tracking.events import EventKind
from planner.tracking.importing import PRESETS, channel_aliases, map_events, read_table
from planner.tracking.values import (
    MappingError,
    ValueMapping,
    channel_pair,
    channel_target,
    column_mapping,
    event_pair,
    read_mapping_file,
)
from tests.factories import plan_data

GENERIC = PRESETS["event_log"]


def plan_with(*channels: tuple[str, str, str]) -> Plan:
    """The test plan (phone "Cold calls", linkedin) with more channels: (id, name, kind)."""
    data = plan_data()
    for cid, name, kind in channels:
        channel = copy.deepcopy(data["channels"][0])
        channel.update(id=cid, name=name, kind=kind)
        data["channels"].append(channel)
    return Plan.model_validate(data)


PLAN = plan_with(
    ("mails", "Cold e-mails", "email"),
    ("salons", "Trade fairs", "events"),
    ("bao", "Word of mouth", "referral"),
)


def mapped(text: str, plan: Plan = PLAN, mapping: object = None, name: str = "log.csv"):  # type: ignore[no-untyped-def]
    table = read_table(text.encode("utf-8-sig"), name)
    return map_events(table, mapping, channel_aliases(plan))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("called", "activity"),
        ("Appel", "activity"),
        ("answered", "connection"),
        ("Décroché", "connection"),
        ("Réponse", "reply"),
        ("replied", "reply"),
        ("quote sent", "opportunity"),
        ("Devis envoyé", "opportunity"),
        ("RDV", "meeting_booked"),
        ("meeting booked", "meeting_booked"),
        ("Rendez-vous effectué", "meeting_held"),
        ("Signé", "won"),
        ("signed", "won"),
        ("Refusé", "lost"),
        ("MEETING_BOOKED", "meeting_booked"),
    ],
)
def test_an_everyday_event_word_reads_as_its_kind(word: str, kind: str) -> None:
    result = mapped(f"date;prospect;channel;event\n04/05/2026;Acme;phone;{word}\n")

    assert result.problems == ()
    assert result.events["event"].tolist() == [kind]


@pytest.mark.parametrize(
    ("written", "channel"),
    [
        ("Mail", "mails"),
        ("E-mail", "mails"),
        ("Courriel", "mails"),
        ("Tél.", "phone"),
        ("Téléphone", "phone"),
        ("Phone", "phone"),
        ("Salon professionnel", "salons"),
        ("Trade show", "salons"),
        ("Bouche-à-oreille", "bao"),
        ("Referral", "bao"),
        ("LinkedIn", "linkedin"),
        ("InMail", "linkedin"),
        ("Word of mouth", "bao"),  # the channel's own name
    ],
)
def test_an_everyday_channel_word_goes_to_the_channel_of_its_kind(
    written: str, channel: str
) -> None:
    result = mapped(f"date;prospect;canal;event\n04/05/2026;Acme;{written};appel\n")

    assert result.problems == ()
    assert result.events["channel"].tolist() == [channel]


def test_a_channel_word_of_a_kind_the_plan_has_twice_is_refused_not_guessed() -> None:
    plan = plan_with(("mails", "Cold e-mails", "email"), ("news", "Newsletter", "email"))

    result = mapped("date;prospect;canal;event\n04/05/2026;Acme;Mail;appel\n", plan)

    assert result.valid_rows == 0
    assert "“Mail” in “canal” is not a channel of this plan" in result.problem_lines("en")[0]


def test_the_users_values_map_file_words_to_events_and_channels() -> None:
    text = (
        "date;prospect;channel;event\n"
        "04/05/2026;Acme;Porte-à-porte;Coup de fil\n"
        "05/05/2026;Acme;Porte-à-porte;BC reçu\n"
    )
    mapping = GENERIC.with_values(
        {"Coup de fil": EventKind.ACTIVITY, "bc reçu": EventKind.WON}, {"porte a porte": "phone"}
    )

    result = mapped(text, mapping=mapping)

    assert result.problems == ()
    assert result.events["event"].tolist() == ["activity", "won"]
    assert result.events["channel"].tolist() == ["phone", "phone"]


@pytest.mark.parametrize(
    "header",
    ["contact id", "lead_id", "id prospect", "ID du contact", "Email", "e-mail", "Adresse e-mail"],
)
def test_an_id_or_email_column_is_taken_as_the_prospect(header: str) -> None:
    text = f"date;{header};channel;event\n04/05/2026;P-17;phone;called\n05/05/2026;P-17;phone;RDV\n"

    result = mapped(text)

    assert result.prospect_column == header
    assert (
        result.events["prospect"].tolist() == ["p-17" if "mail" in header.lower() else "P-17"] * 2
    )
    assert result.prospect_note("en") == f"Prospect: column “{header}”."
    assert result.prospect_note("fr") == f"Prospect : colonne « {header} »."


def test_a_name_column_wins_over_an_id_column_for_the_prospect() -> None:
    text = "date;lead_id;Client;channel;event\n04/05/2026;17;Boulangerie Durand;phone;appel\n"

    result = mapped(text)

    assert result.prospect_column == "Client"
    assert result.events["prospect"].tolist() == ["Boulangerie Durand"]


def test_a_file_without_prospect_column_says_so() -> None:
    result = mapped("date;channel;event\n04/05/2026;phone;appel\n")

    assert result.prospect_column is None
    assert "No prospect column" in result.prospect_note("en")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("called=activity", ("called", EventKind.ACTIVITY)),
        ("devis envoyé=opportunity", ("devis envoyé", EventKind.OPPORTUNITY)),
        ("x=y=rdv", ("x=y", EventKind.MEETING_BOOKED)),  # the last "=" splits
    ],
)
def test_an_event_pair_is_value_then_kind(text: str, pair: tuple[str, EventKind]) -> None:
    assert event_pair(text) == pair


@pytest.mark.parametrize(
    ("text", "code"),
    [("called", "pair_syntax"), ("=activity", "pair_syntax"), ("called=", "pair_syntax")],
)
def test_a_pair_without_value_or_target_is_refused(text: str, code: str) -> None:
    with pytest.raises(MappingError) as caught:
        event_pair(text)
    assert caught.value.code == code
    with pytest.raises(MappingError):
        channel_pair(text)


def test_an_event_pair_to_no_kind_is_refused() -> None:
    with pytest.raises(MappingError) as caught:
        event_pair("called=maybe")
    assert (caught.value.code, caught.value.params["value"]) == ("unknown_event", "maybe")


@pytest.mark.parametrize(
    ("target", "channel"),
    [("phone", "phone"), ("salons", "salons"), ("Trade fairs", "salons"), ("referral", "bao")],
)
def test_a_channel_target_is_an_id_a_name_or_a_kind(target: str, channel: str) -> None:
    assert channel_target(PLAN, target) == channel


def test_a_channel_target_of_no_channel_is_none() -> None:
    assert channel_target(PLAN, "fax") is None
    assert channel_target(PLAN, "sms") is None  # a kind the plan has not


def test_a_mapping_saved_as_json_reads_back_the_same() -> None:
    saved = ValueMapping(
        preset="event_log",
        columns={"date": "Quand", "prospect": "Qui"},
        events={"Coup de fil": EventKind.ACTIVITY},
        channels={"Tél.": "phone"},
        date_order="dmy",
    )

    assert read_mapping_file("mapping.json", saved.to_json()) == saved


def test_a_mapping_file_may_be_toml() -> None:
    text = (
        'preset = "manual"\n'
        "[columns]\n"
        'date = "Quand"\n'
        'event = "Quoi"\n'
        'channel = "Par"\n'
        "[events]\n"
        '"Coup de fil" = "activity"\n'
        "[channels]\n"
        '"Tél." = "phone"\n'
    )

    found = read_mapping_file("mapping.toml", text.encode())

    assert found.preset == "manual"
    assert found.events == {"Coup de fil": EventKind.ACTIVITY}
    assert found.columns["event"] == "Quoi"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("m.json", b'{"columns": {"date": "Quand"', "syntax"),
        ("m.toml", b"columns = [", "syntax"),
        ("m.json", b"[1, 2]", "not_object"),
        ("m.json", b'{"version": 7}', "version"),
        ("m.json", b'{"colums": {}}', "unknown_keys"),
        ("m.json", b'{"columns": {"when": "Quand"}}', "unknown_fields"),
        ("m.json", b'{"events": {"called": "maybe"}}', "unknown_event"),
        ("m.json", b'{"channels": {"Tel": 3}}', "not_strings"),
        ("m.json", b'{"date_order": "ymd"}', "date_order"),
        ("m.json", "{}".encode("utf-16"), "not_text"),
    ],
)
def test_a_malformed_mapping_file_is_refused_with_its_problem(
    name: str, data: bytes, code: str
) -> None:
    with pytest.raises(MappingError) as caught:
        read_mapping_file(name, data)
    assert caught.value.code == code


def test_a_mapping_files_channel_to_no_channel_of_the_plan_is_refused() -> None:
    chosen = ValueMapping(channels={"Fax": "fax"})

    with pytest.raises(MappingError) as caught:
        column_mapping(chosen, ["date", "channel", "event"], PLAN)

    assert caught.value.code == "unknown_channel"
    assert "salons" in caught.value.params["known"]


def test_a_mapping_files_column_missing_from_the_file_is_refused() -> None:
    chosen = ValueMapping(preset="manual", columns={"date": "Quand", "event": "Quoi"})

    with pytest.raises(MappingError) as caught:
        column_mapping(chosen, ["Quand", "What"], PLAN)

    assert (caught.value.code, caught.value.params["column"]) == ("missing_column", "Quoi")


def test_a_saved_manual_mapping_reads_a_file_the_same_way_again() -> None:
    text = "Quand;Qui;Par;Quoi\n04/05/2026;Acme;Tél.;Coup de fil\n05/05/2026;Acme;Tél.;Signé\n"
    saved = ValueMapping(
        preset="manual",
        columns={"date": "Quand", "prospect": "Qui", "channel": "Par", "event": "Quoi"},
        events={"Coup de fil": EventKind.ACTIVITY},
    )
    again = read_mapping_file("m.json", saved.to_json())
    table = read_table(text.encode(), "log.csv")

    mapping = column_mapping(again, table.headers, PLAN)
    result = map_events(table, mapping, channel_aliases(PLAN))

    assert result.problems == ()
    assert result.events["event"].tolist() == ["activity", "won"]
    assert result.events["channel"].tolist() == ["phone", "phone"]
    assert json.loads(saved.to_json())["events"] == {"Coup de fil": "activity"}
