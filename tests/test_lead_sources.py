"""Lead sources of CRM and shop exports (EN and FR headers): kept on the events, read for the
plan channel with sensible defaults, said when they name no channel, broken down in the KPIs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from planner.tracking.importing import PRESETS, channel_aliases, map_events, read_table
from planner.tracking.kpis import breakdowns, pareto
from tests.test_value_mapping import PLAN

HUBSPOT_EN = (
    "Record ID,Deal Name,Associated Company,Deal Stage,Amount,Close Date,Create Date,"
    "Original Source\n"
    "101,Acme renewal,Acme,closedwon,1000,2026-03-02,2026-02-01,Referrals\n"
    "102,Bolt pilot,Bolt,closedwon,3000,2026-03-05,2026-02-03,Email marketing\n"
    "103,Cora,Cora,closedlost,500,2026-03-09,2026-02-04,Offline Sources\n"
    "104,Dune,Dune,closedwon,6000,2026-03-12,2026-02-05,Referrals\n"
    "105,Elm,Elm,closedwon,400,2026-03-15,2026-02-06,Organic Search\n"
)
HUBSPOT_FR = (
    "ID de fiche;Nom de la transaction;Entreprise associée;Phase de la transaction;Montant;"
    "Date de fermeture;Date de création;Source d'origine\n"
    "101;Renouvellement Acme;Acme;Conclu gagné;1 000;02/03/2026;01/02/2026;Bouche-à-oreille\n"
    "102;Pilote Bolt;Bolt;Conclu gagné;3 000;05/03/2026;03/02/2026;Salon\n"
    "103;Cora;Cora;Conclu perdu;500;09/03/2026;04/02/2026;Sources hors ligne\n"
)
PIPEDRIVE_FR = (
    "Affaire - ID;Affaire - Titre;Affaire - Organisation;Affaire - Statut;Affaire - Valeur;"
    "Affaire - Date de gain;Affaire - Source du prospect\n"
    "7;Acme;Acme;Gagnée;1 000;02/03/2026;Salon professionnel\n"
    "8;Bolt;Bolt;Gagnée;2 000;05/03/2026;Téléphone\n"
)
SALESFORCE_EN = (
    "Opportunity ID,Account Name,Opportunity Name,Stage,Amount,Close Date,Lead Source,Type\n"
    "006A,Acme,Acme - renewal,Closed Won,1000,3/2/2026,Trade Show,New Business\n"
    "006B,Bolt,Bolt - pilot,Closed Won,2000,3/5/2026,Phone Inquiry,Existing Business\n"
    "006C,Cora,Cora - deal,Closed Lost,900,3/9/2026,Web,New Business\n"
)
SALESFORCE_FR = (
    "ID de l'opportunité;Nom du compte;Nom de l'opportunité;Étape;Montant;Date de clôture;"
    "Origine de la piste\n"
    "006A;Acme;Acme - renouvellement;Fermée gagnée;1 000;02/03/2026;Salon professionnel\n"
    "006B;Bolt;Bolt - pilote;Fermée gagnée;2 000;05/03/2026;Recommandation\n"
)
SHOPIFY = (
    "Name,Email,Financial Status,Paid at,Total,Referring Site\n"
    "#1001,ann@example.com,paid,2026-03-02 10:00:00 +0100,120.00,Newsletter\n"
    "#1002,bob@example.com,paid,2026-03-03 11:00:00 +0100,80.00,https://www.google.com/\n"
)


def imported(text: str, preset: str, name: str = "export.csv", default: str = "phone"):  # type: ignore[no-untyped-def]
    table = read_table(text.encode("utf-8-sig"), name)
    mapping = PRESETS[preset].with_default_channel(default)
    return map_events(table, mapping, channel_aliases(PLAN))


def won(result) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    events = result.events
    rows = events[events["event"].isin(["won", "lost"])]
    return list(zip(rows["prospect"], rows["source"], rows["channel"], strict=True))


def test_a_hubspot_export_in_english_keeps_its_sources_and_maps_them_to_channels() -> None:
    result = imported(HUBSPOT_EN, "hubspot_deals")

    assert result.sources["source"] == "Original Source"
    assert won(result) == [
        ("Acme", "Referrals", "bao"),
        ("Bolt", "Email marketing", "mails"),
        ("Cora", "Offline Sources", "phone"),
        ("Dune", "Referrals", "bao"),
        ("Elm", "Organic Search", "phone"),
    ]


def test_sources_naming_no_channel_of_the_plan_are_said_with_their_rows() -> None:
    result = imported(HUBSPOT_EN, "hubspot_deals")

    assert [(s.value, s.rows) for s in result.unmapped_sources()] == [
        ("Offline Sources", 1),
        ("Organic Search", 1),
    ]
    note = result.source_note("en")
    assert "“Offline Sources” (1 row)" in note and "“Organic Search” (1 row)" in note
    assert "went to the channel “phone”" in note
    assert "« Offline Sources » (1 ligne)" in result.source_note("fr")


def test_a_hubspot_export_in_french_reads_its_source_dorigine() -> None:
    result = imported(HUBSPOT_FR, "hubspot_deals")

    assert won(result) == [
        ("Acme", "Bouche-à-oreille", "bao"),
        ("Bolt", "Salon", "salons"),
        ("Cora", "Sources hors ligne", "phone"),
    ]
    assert [s.value for s in result.unmapped_sources()] == ["Sources hors ligne"]


def test_a_pipedrive_export_in_french_reads_its_source_du_prospect() -> None:
    result = imported(PIPEDRIVE_FR, "pipedrive_deals", default="linkedin")

    assert won(result) == [
        ("Acme", "Salon professionnel", "salons"),
        ("Bolt", "Téléphone", "phone"),
    ]
    assert result.source_note("fr") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SALESFORCE_EN,
            [
                ("Acme", "Trade Show", "salons"),
                ("Bolt", "Phone Inquiry", "phone"),
                ("Cora", "Web", "linkedin"),
            ],
        ),
        (
            SALESFORCE_FR,
            [("Acme", "Salon professionnel", "salons"), ("Bolt", "Recommandation", "bao")],
        ),
    ],
)
def test_a_salesforce_lead_source_is_the_source_not_the_segment(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    result = imported(text, "salesforce_opportunities", default="linkedin")

    assert won(result) == expected
    if "Type" in text:
        assert set(result.events["segment"].dropna()) == {"New Business", "Existing Business"}


def test_the_users_choice_for_a_source_wins_over_the_default() -> None:
    table = read_table(HUBSPOT_EN.encode(), "export.csv")
    mapping = (
        PRESETS["hubspot_deals"]
        .with_default_channel("phone")
        .with_values({}, {"Organic Search": "linkedin", "Referrals": "phone"})
    )

    result = map_events(table, mapping, channel_aliases(PLAN))

    channels = {s: c for _p, s, c in won(result)}
    assert channels["Organic Search"] == "linkedin"
    assert channels["Referrals"] == "phone"
    assert [s.value for s in result.unmapped_sources()] == ["Offline Sources"]


def test_a_shops_referring_site_is_kept_as_the_source() -> None:
    result = imported(SHOPIFY, "shopify_orders", default="mails")

    assert won(result) == [
        ("ann@example.com", "Newsletter", "mails"),
        ("bob@example.com", "https://www.google.com/", "mails"),
    ]
    assert [s.value for s in result.unmapped_sources()] == ["https://www.google.com/"]


def test_a_file_with_a_channel_column_keeps_the_source_beside_it() -> None:
    text = "date;prospect;channel;event;source\n04/03/2026;Acme;phone;won;Salon\n"
    table = read_table(text.encode(), "log.csv")

    result = map_events(table, None, channel_aliases(PLAN))

    assert won(result) == [("Acme", "Salon", "phone")]
    assert result.source_channels == ()


def test_the_source_is_stored_and_loaded_with_the_events(workspace: Engine) -> None:
    plan_id = storage.create_plan(workspace, PLAN).id
    result = imported(HUBSPOT_EN, "hubspot_deals")

    storage.store_events(
        workspace, plan_id, result.coded, file_name="export.csv", sha256=result.sha256
    )

    loaded = storage.load_events(workspace, plan_id)
    assert sorted(loaded["source"].dropna().unique()) == [
        "Email marketing",
        "Offline Sources",
        "Organic Search",
        "Referrals",
    ]


MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_revenue_and_sales_break_down_by_source() -> None:
    result = imported(HUBSPOT_EN, "hubspot_deals")

    table = breakdowns(result.events, *MARCH)
    by_source = table[table["dimension"] == "source"].set_index("group")

    # By hand: Referrals 1 000 + 6 000 in 2 deals; Email marketing 3 000; Organic Search 400.
    assert by_source.loc["Referrals", "revenue"] == 7000.0
    assert by_source.loc["Referrals", "sales"] == 2
    assert by_source.loc["Email marketing", "revenue"] == 3000.0
    assert by_source.loc["Organic Search", "sales"] == 1
    assert by_source.loc["Offline Sources", "sales"] == 0


def test_a_log_without_sources_has_no_source_breakdown() -> None:
    text = "date;prospect;channel;event;amount\n04/03/2026;Acme;phone;won;100\n"
    result = map_events(read_table(text.encode(), "log.csv"), None, channel_aliases(PLAN))

    assert "source" not in set(breakdowns(result.events, *MARCH)["dimension"])


def test_the_pareto_of_sources_names_the_vital_few() -> None:
    result = imported(HUBSPOT_EN, "hubspot_deals")

    table = pareto(result.events, *MARCH, by="source")

    # 7 000 of 10 400 is 67 %: Referrals and Email marketing (96 %) reach 80 %.
    assert table["group"].tolist() == ["Referrals", "Email marketing", "Organic Search"]
    assert table["vital_few"].tolist() == [True, True, False]
    assert table["share"].iloc[0] == pytest.approx(7000 / 10400)
