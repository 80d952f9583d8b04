"""Importing actual results: files as French and English tools write them, presets, bad files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from planner.core.problems import InvalidInput
from planner.tracking.events import COLUMNS, EventKind, empty_log
from planner.tracking.importing import (
    PRESETS,
    ImportResult,
    channel_aliases,
    escape_cell,
    guess_mapping,
    manual_mapping,
    map_events,
    parse_numbers,
    preview,
    read_table,
    rejected_csv,
)
from planner.tracking.kpis import compute_kpis
from planner.tracking.reading import sniff_separator
from tests.factories import make_plan

NBSP, NNBSP = "\u00a0", "\u202f"
GENERIC_MAPPING = PRESETS["event_log"]
CHANNELS = channel_aliases(make_plan())

FRENCH = (
    "Date;Prospect;Canal;Événement;Montant;Segment;Commercial;Variante\r\n"
    "31/12/2025;Boulangerie Durand;phone;gagné;1 234,50 €;PME;Inès;A\r\n"
    '02/01/2026;"Dupont; fils";linkedin;rdv pris;;ETI;Hugo;B\r\n'
    "05/01/2026;Café Le Zinc;Cold calls;perdu;;PME;Inès;A\r\n"
)


def imported(text: str | bytes, name: str = "f.csv", **kwargs: Any) -> ImportResult:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return map_events(read_table(data, name), channels=CHANNELS, **kwargs)


def refusal(data: bytes, name: str = "f.csv", lang: str = "en", **kwargs: Any) -> str:
    with pytest.raises(InvalidInput) as caught:
        map_events(read_table(data, name, **kwargs), channels=CHANNELS)
    return "\n".join(caught.value.messages(lang))


def xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


# --- Reading files as tools write them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8-sig", "\r\n"), ("utf-8", "\n"), ("cp1252", "\r\n")],
    ids=["utf8-bom-crlf", "utf8-lf", "cp1252"],
)
def test_a_french_excel_csv_is_read_in_every_encoding(encoding: str, newline: str) -> None:
    result = imported(FRENCH.replace("\r\n", newline).encode(encoding))

    assert result.rejected_rows == 0
    assert list(result.events.columns) == list(COLUMNS)
    assert result.events["amount"].iloc[0] == 1234.5
    assert result.events["prospect"].tolist()[:2] == ["Boulangerie Durand", "Dupont; fils"]
    assert result.events["event"].tolist() == ["won", "meeting_booked", "lost"]
    assert result.events["channel"].tolist() == ["phone", "linkedin", "phone"]
    assert result.events["date"].iloc[0] == pd.Timestamp(2025, 12, 31)


def test_the_frame_has_the_event_log_types() -> None:
    result = imported(FRENCH)

    assert result.events.dtypes.to_dict() == empty_log().dtypes.to_dict()


@pytest.mark.parametrize(
    ("sep", "amount"),
    [(",", '"1,234.50"'), ("\t", "1234.50"), (";", "1.234,50")],
    ids=["comma", "tab", "semicolon-dot-thousands"],
)
def test_comma_and_tab_files_are_read(sep: str, amount: str) -> None:
    header = sep.join(["date", "prospect", "channel", "event", "amount"])
    row = sep.join(["2025-12-31", "ACME", "phone", "won", amount])

    result = imported(f"{header}\n{row}\n")

    assert result.events["amount"].tolist() == [1234.5]


def test_a_quoted_field_may_hold_a_newline_and_a_separator() -> None:
    text = 'date;prospect;channel;event\n31/12/2025;"Line one;\nline two";phone;won\n'

    result = imported(text)

    assert result.events["prospect"].tolist() == ["Line one;\nline two"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1 234,5", 1234.5),
        (f"1{NBSP}234,5", 1234.5),
        (f"1{NNBSP}234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("1234", 1234.0),
        ("1 234 567", 1234567.0),
        ("1 234,50 €", 1234.5),
    ],
)
def test_french_numbers(written: str, expected: float) -> None:
    text = f"date;channel;event;amount\n31/12/2025;phone;won;{written}\n01/01/2026;phone;won;2,5\n"

    assert imported(text).events["amount"].iloc[0] == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [("1,234.5", 1234.5), ("1,234", 1234.0), ("$1,234,567.25", 1234567.25), ("0.5", 0.5)],
)
def test_english_numbers(written: str, expected: float) -> None:
    rows = f'2025-12-31,phone,won,"{written}"\n2026-01-01,phone,won,2.5\n'
    text = "date,channel,event,amount\n" + rows

    assert imported(text).events["amount"].iloc[0] == expected


@pytest.mark.parametrize(
    "written", ["31/12/2025", "2025-12-31", "31-12-2025", "31.12.2025", "31/12/2025 14:05"]
)
def test_day_first_and_iso_dates(written: str) -> None:
    result = imported(f"date;channel;event\n{written};phone;won\n")

    assert result.events["date"].tolist() == [pd.Timestamp(2025, 12, 31)]


def test_an_ambiguous_date_follows_the_mappings_order() -> None:
    text = "day,where,what\n03/04/2026,phone,won\n"
    us = manual_mapping({"date": "day", "channel": "where", "event": "what"}, date_order="mdy")
    eu = manual_mapping({"date": "day", "channel": "where", "event": "what"})

    assert imported(text, mapping=us).events["date"].iloc[0] == pd.Timestamp(2026, 3, 4)
    assert imported(text, mapping=eu).events["date"].iloc[0] == pd.Timestamp(2026, 4, 3)


def test_a_column_of_us_dates_is_read_month_first_when_a_day_says_so() -> None:
    rows = "1/5/2026;p1;phone;won\n1/13/2026;p2;phone;won\n"

    result = imported("date;prospect;channel;event\n" + rows)  # the mapping says day first

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert result.events["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-05", "2026-01-13"]


def test_day_first_dates_stay_day_first_whatever_the_mapping_says() -> None:
    rows = "13/01/2026;p1;phone;won\n05/01/2026;p2;phone;won\n"
    mapping = dataclasses.replace(GENERIC_MAPPING, date_order="mdy")

    result = imported("date;prospect;channel;event\n" + rows, mapping=mapping)

    assert result.events["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-13", "2026-01-05"]


def test_an_xlsx_workbook_is_read() -> None:
    frame = pd.DataFrame(
        {
            "Date": [pd.Timestamp(2025, 12, 31), pd.Timestamp(2026, 1, 2)],
            "Canal": ["phone", "linkedin"],
            "Événement": ["gagné", "réponse"],
            "Montant": [1234.5, None],
        }
    )

    result = imported(xlsx(frame), "actuals.xlsx")

    assert result.rejected_rows == 0
    assert result.events["amount"].iloc[0] == 1234.5
    assert result.events["event"].tolist() == ["won", "reply"]


def test_the_separator_is_sniffed_from_the_header_not_quoted_text() -> None:
    assert sniff_separator('"a,b";c;d\n1;2;3') == ";"
    assert sniff_separator("a\tb\tc") == "\t"


# --- Bad files: a clear refusal, naming the problem --------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"", "f.csv", "the file is empty"),
        (b"\xef\xbb\xbf  \r\n", "f.csv", "the file is empty"),
        (b"date;channel;event\r\n", "f.csv", "header line but no data rows"),
        (b"date;channel;event\r\n;;\r\n", "f.csv", "header line but no data rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "f.csv", "binary file renamed .csv"),
        (b"PK\x03\x04garbage-not-a-zip", "f.csv", "not a readable Excel workbook"),
        (b"date;date;event\r\n1;2;3\r\n", "f.csv", "more than once: “date”"),
        (b"date;prospect\r\n31/12/2025;x\r\n", "f.csv", "no known export matches"),
    ],
    ids=["empty", "bom-only", "header-only", "blank-rows", "binary", "bad-zip", "dup", "unknown"],
)
def test_a_bad_file_is_refused_with_its_reason(data: bytes, name: str, expected: str) -> None:
    message = refusal(data, name)

    assert message.startswith(f"{name}: ")
    assert expected in message


def test_missing_required_columns_are_named() -> None:
    message = refusal(b"date;channel;amount\n31/12/2025;phone;3\n", lang="en")

    assert "no known export" in message
    data = b"Deal Name,Amount\nA,3\n"
    mapping = PRESETS["hubspot_deals"].with_default_channel("phone")
    with pytest.raises(InvalidInput) as caught:
        map_events(read_table(data, "deals.csv"), mapping, CHANNELS)
    (line,) = caught.value.messages("fr")
    assert "colonnes obligatoires manquantes : “Close Date”, “Deal Stage”" in line


def test_a_crm_file_without_a_default_channel_asks_for_one() -> None:
    data = b"Deal Name,Deal Stage,Close Date,Amount\nA,closedwon,2026-01-05,3\n"

    message = refusal(data)

    assert "choose a default channel" in message


def test_too_large_and_too_many_rows_say_the_limit() -> None:
    rows = "".join(f"31/12/2025;phone;won;{i}\n" for i in range(11))
    data = f"date;channel;event;amount\n{rows}".encode()

    assert "the limit is 0 MB" in refusal(data, max_bytes=100)
    assert "more than 10 rows" in refusal(data, max_rows=10)
    assert "plus de 10 lignes" in refusal(data, lang="fr", max_rows=10)


BAD_ROWS = [
    ("31/12/2025;phone;won;douze", "“douze” in “amount” is not a number"),
    ("31/12/2025;phone;won;-12", "“-12” in “amount” is negative"),
    ("31/12/2025;phone;won;NaN", "“NaN” in “amount” is not a finite number"),
    ("31/12/2025;phone;won;inf", "“inf” in “amount” is not a finite number"),
    ("31/12/2025;phone;won;1e999", "is not a finite number"),
    ("31/13/2025;phone;won;1", "“31/13/2025” in “date” is not a date"),
    ("31/12/1890;phone;won;1", "is not between 1990 and 2100"),
    (";phone;won;1", "“date” is empty"),
    ("31/12/2025;fax;won;1", "“fax” in “channel” is not a channel of this plan"),
    (
        "31/12/2025;phone;thinking it over;1",
        "“thinking it over” in “event” is not an event this app knows",
    ),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS, ids=[r for r, _ in BAD_ROWS])
def test_a_bad_row_is_listed_with_its_row_number_and_reason(row: str, reason: str) -> None:
    text = f"date;channel;event;amount\n01/01/2026;phone;won;5\n{row}\n"

    result = imported(text)

    assert result.valid_rows == 1
    assert result.rejected_rows == 1
    (line,) = result.problem_lines("en")
    assert line.startswith("row 3: ")
    assert reason in line


def test_a_rate_above_100_percent_is_refused() -> None:
    text = (
        "Opportunity Name,Account Name,Stage,Close Date,Amount,Probability (%)\n"
        "Big,ACME,Closed Won,05/01/2026,100,100\n"
        "Small,Beta,Prospecting,06/01/2026,50,150 %\n"
    )
    mapping = PRESETS["salesforce_opportunities"].with_default_channel("phone")

    result = imported(text, mapping=mapping)

    assert result.problem_lines("fr") == [
        "ligne 3 : « 150 % » dans « Probability (%) » dépasse 100 %"
    ]


def test_row_reasons_are_in_french_too() -> None:
    result = imported("date;channel;event;amount\n31/12/2025;phone;won;abc\n")

    assert result.problem_lines("fr") == ["ligne 2 : « abc » dans « amount » n’est pas un nombre"]


@pytest.mark.parametrize(
    ("header", "row", "valid", "duplicates", "alike"),
    [
        # no prospect: three people who each bought for 5 the same day look alike, all count
        ("date;channel;event;amount", "31/12/2025;phone;won;5", 4, 0, 2),
        # the same prospect's same event written three times is one event
        ("date;prospect;channel;event;amount", "31/12/2025;acme;phone;won;5", 2, 2, 0),
        # the same deal id too
        ("date;channel;event;amount;deal", "31/12/2025;phone;won;5;D1", 2, 2, 0),
    ],
    ids=["no-prospect-kept", "same-prospect-merged", "same-deal-merged"],
)
def test_identical_rows_are_merged_only_when_a_prospect_or_id_says_they_are_one(
    header: str, row: str, valid: int, duplicates: int, alike: int
) -> None:
    other = row.replace("31/12/2025", "01/01/2026")
    mapping = None
    if "deal" in header:
        columns = {f: f for f in ("date", "channel", "event", "amount", "deal")}
        mapping = manual_mapping(columns)
    text = "\n".join([header, row, row, row, other]) + "\n"

    result = imported(text, mapping=mapping)

    assert (result.valid_rows, result.duplicates, result.alike) == (valid, duplicates, alike)
    assert bool(result.alike_note("en")) is (alike > 0)


def test_the_preview_says_how_many_rows_look_alike() -> None:
    result = imported("date;channel;event\n" + "31/12/2025;phone;activity\n" * 3)

    assert result.alike_note("en").startswith("2 rows look exactly like an earlier one")
    assert result.alike_note("fr").startswith("2 lignes sont identiques")


# --- Rejected rows as a CSV, safe to open in a spreadsheet --------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+33 6", "'+33 6"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\x00x", "'\x00x"),
        ("plain", "plain"),
        (-12.5, -12.5),
        (3, 3),
        ("", ""),
    ],
)
def test_escape_cell(cell: object, expected: object) -> None:
    assert escape_cell(cell) == expected


def test_the_rejected_rows_csv_has_a_reason_and_escapes_formulas() -> None:
    text = (
        "date;prospect;channel;event;amount\n"
        "31/12/2025;ok;phone;won;5\n"
        "31/12/2025;=cmd|' /C calc'!A0;phone;won;-3\n"
    )
    result = imported(text)

    data = rejected_csv(result, "fr")
    back = pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str)

    expected = ["ligne", "date", "prospect", "channel", "event", "amount", "motif"]
    assert list(back.columns) == expected
    assert back["ligne"].tolist() == ["3"]
    assert back["prospect"].iloc[0].startswith("'=")
    assert back["amount"].iloc[0] == "'-3"
    assert "est négatif" in back["motif"].iloc[0]


def test_the_preview_shows_the_first_mapped_rows() -> None:
    result = imported(FRENCH)

    assert preview(result, 2)["prospect"].tolist() == ["Boulangerie Durand", "Dupont; fils"]


def test_the_coded_events_hold_the_events_with_text_as_categorical() -> None:
    result = imported(FRENCH)

    text = [c for c in COLUMNS if c not in ("date", "amount")]
    assert all(isinstance(result.coded[c].dtype, pd.CategoricalDtype) for c in text)
    pd.testing.assert_frame_equal(result.coded.astype(empty_log().dtypes.to_dict()), result.events)
    pd.testing.assert_frame_equal(preview(result, 2), result.events.head(2))


# --- Presets, in English and French -------------------------------------------------------------

HUBSPOT_EN = (
    "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Pipeline\n"
    "1,ACME renewal,closedwon,12000,2026-01-05 10:12,2025-11-02 09:00,Inès,Sales Pipeline\n"
    "2,Beta pilot,Appointment Scheduled,,2026-01-09 11:00,2025-12-01 09:00,Hugo,Sales Pipeline\n"
    "3,Gamma,closedlost,5000,2026-01-12 16:30,2025-12-03 09:00,Hugo,Sales Pipeline\n"
)
HUBSPOT_FR = (
    "ID de fiche d'informations;Nom de la transaction;Phase de la transaction;Montant;"
    "Date de fermeture;Date de création;Propriétaire de la transaction;Pipeline\n"
    "1;Renouvellement ACME;Conclu gagné;12 000;05/01/2026 10:12;02/11/2025;Inès;Ventes\n"
    "2;Pilote Beta;Rendez-vous programmé;;09/01/2026;01/12/2025;Hugo;Ventes\n"
    "3;Gamma;Conclu perdu;5 000;12/01/2026;03/12/2025;Hugo;Ventes\n"
)
PIPEDRIVE_EN = (
    "Deal - Title,Deal - Value,Deal - Organization,Deal - Status,Deal - Owner,Deal - Won time\n"
    "ACME renewal,12000,ACME,won,Inès,2026-01-05 10:12:00\n"
    "Beta pilot,,Beta,open,Hugo,2026-01-09 11:00:00\n"
    "Gamma,5000,Gamma,lost,Hugo,2026-01-12 16:30:00\n"
)
PIPEDRIVE_FR = (
    "Affaire - Titre;Affaire - Valeur;Affaire - Organisation;Affaire - Statut;"
    "Affaire - Propriétaire;Affaire - Date de gain\n"
    "Renouvellement ACME;12 000;ACME;Gagnée;Inès;05/01/2026\n"
    "Pilote Beta;;Beta;Ouverte;Hugo;09/01/2026\n"
    "Gamma;5 000;Gamma;Perdue;Hugo;12/01/2026\n"
)
SALESFORCE_EN = (
    "Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Close Date,Probability (%)\n"
    'Inès,ACME,ACME renewal,Closed Won,"$12,000.00",1/5/2026,100\n'
    "Hugo,Beta,Beta pilot,Value Proposition,,1/9/2026,50\n"
    'Hugo,Gamma,Gamma,Closed Lost,"$5,000.00",1/12/2026,0\n'
)
SALESFORCE_FR = (
    "Propriétaire de l'opportunité;Nom du compte;Nom de l'opportunité;Étape;Montant;"
    "Date de clôture;Probabilité (%)\n"
    "Inès;ACME;Renouvellement ACME;Fermée gagnée;12 000,00 €;05/01/2026;100 %\n"
    "Hugo;Beta;Pilote Beta;Proposition de valeur;;09/01/2026;50 %\n"
    "Hugo;Gamma;Gamma;Fermée perdue;5 000,00 €;12/01/2026;0 %\n"
)


@pytest.mark.parametrize(
    ("text", "preset", "mdy"),
    [
        (HUBSPOT_EN, "hubspot_deals", False),
        (HUBSPOT_FR, "hubspot_deals", False),
        (PIPEDRIVE_EN, "pipedrive_deals", False),
        (PIPEDRIVE_FR, "pipedrive_deals", False),
        (SALESFORCE_EN, "salesforce_opportunities", True),
        (SALESFORCE_FR, "salesforce_opportunities", False),
    ],
    ids=["hubspot-en", "hubspot-fr", "pipedrive-en", "pipedrive-fr", "sf-en", "sf-fr"],
)
def test_crm_deal_exports(text: str, preset: str, mdy: bool) -> None:
    mapping = guess_mapping(read_table(text.encode(), "x.csv").frame.columns)
    assert mapping is not None and mapping.name == preset
    if mdy:  # a US Salesforce writes 1/5/2026 for 5 January
        mapping = dataclasses.replace(mapping, date_order="mdy")

    result = imported(text, mapping=mapping.with_default_channel("phone"))

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert result.valid_rows == 3
    events = result.events.head(3)  # the file's rows; then a lead for each deal's creation
    assert events["event"].tolist() == ["won", events["event"].iloc[1], "lost"]
    assert events["event"].iloc[1] in {"meeting_booked", "opportunity"}
    assert events["amount"].iloc[0] == 12000.0
    assert events["date"].iloc[0] == pd.Timestamp(2026, 1, 5)
    assert events["rep"].tolist() == ["Inès", "Hugo", "Hugo"]
    assert set(events["channel"]) == {"phone"}
    assert math.isnan(events["amount"].iloc[1])


# As Pipedrive exports deals: a won time only for won deals, a lost time only for lost ones.
PIPEDRIVE_REAL_EN = (
    "Deal - Title,Deal - Value,Deal - Organization,Deal - Status,Deal - Owner,"
    "Deal - Deal created,Deal - Won time,Deal - Lost time\n"
    "ACME renewal,12000,ACME,won,Inès,2025-11-02 09:00:00,2026-01-05 10:12:00,\n"
    "Beta pilot,,Beta,open,Hugo,2026-01-09 11:00:00,,\n"
    "Gamma,5000,Gamma,lost,Hugo,2025-12-03 09:00:00,,2026-01-12 16:30:00\n"
)
PIPEDRIVE_REAL_FR = (
    "Affaire - Titre;Affaire - Valeur;Affaire - Organisation;Affaire - Statut;"
    "Affaire - Propriétaire;Affaire - Affaire créée;Affaire - Date de gain;"
    "Affaire - Date de perte\n"
    "Renouvellement ACME;12 000;ACME;Gagnée;Inès;02/11/2025 09:00;05/01/2026 10:12;\n"
    "Pilote Beta;;Beta;Ouverte;Hugo;09/01/2026 11:00;;\n"
    "Gamma;5 000;Gamma;Perdue;Hugo;03/12/2025;;12/01/2026 16:30\n"
)


@pytest.mark.parametrize("text", [PIPEDRIVE_REAL_EN, PIPEDRIVE_REAL_FR], ids=["en", "fr"])
def test_each_deal_is_dated_by_the_first_of_its_dates_that_is_filled(text: str) -> None:
    mapping = PRESETS["pipedrive_deals"].with_default_channel("phone")

    result = imported(text, mapping=mapping)

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert result.events["event"].tolist() == ["won", "opportunity", "lost", "lead", "lead"]
    assert result.events["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-01-05",  # won time
        "2026-01-09",  # an open deal: created
        "2026-01-12",  # lost time
        "2025-11-02",  # the won deal's creation
        "2025-12-03",  # the lost deal's creation (the open deal's is its own date)
    ]


@pytest.mark.parametrize(
    ("status", "stage", "kind"),
    [
        ("open", "Demo Scheduled", "meeting_booked"),
        ("open", "Qualified", "lead"),
        ("open", "Contact Made", "conversation"),
        ("open", "Negotiations Started", "opportunity"),
        ("open", "Our own stage", "opportunity"),  # a stage the preset does not know
        ("won", "Demo Scheduled", "won"),  # the status of a closed deal wins over its stage
        ("Ouverte", "Démo planifiée", "meeting_booked"),
    ],
)
def test_an_open_pipedrive_deal_is_read_at_its_stage(status: str, stage: str, kind: str) -> None:
    text = (
        "Deal - Title,Deal - Organization,Deal - Status,Deal - Stage,Deal - Close time,"
        "Deal - Deal created\n"
        f"Pilot,Beta,{status},{stage},2026-02-09,2026-01-09 11:00:00\n"
    )

    result = imported(text, mapping=PRESETS["pipedrive_deals"].with_default_channel("phone"))

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert result.events["event"].tolist() == [kind, "lead"]  # and its creation


def test_a_deals_creation_makes_its_sales_cycle() -> None:
    mapping = PRESETS["hubspot_deals"].with_default_channel("phone")

    result = imported(HUBSPOT_EN, mapping=mapping)

    # the open deal (Beta pilot) is dated by its creation: no earlier lead event for it
    assert (result.valid_rows, result.creations, result.open_by_creation) == (3, 2, 1)
    assert result.events["date"].iloc[1] == pd.Timestamp("2025-12-01")
    leads = result.events.iloc[3:]
    assert leads["event"].tolist() == ["lead"] * 2
    assert leads["prospect"].tolist() == result.events["prospect"].iloc[[0, 2]].tolist()
    assert leads["amount"].isna().all()
    # ACME renewal: created 2 Nov 2025, won 5 Jan 2026: 64 days from first contact to sale
    kpis = compute_kpis(result.events, make_plan(), dt.date(2025, 10, 1), dt.date(2026, 2, 28))
    values = {k.key: k.value for k in kpis.kpis}
    assert values["time_to_convert"] == 64.0
    assert values["sales_cycle"] == 64.0


def test_a_deal_without_any_date_names_every_date_column() -> None:
    text = PIPEDRIVE_REAL_EN.replace("2026-01-09 11:00:00", "")

    result = imported(text, mapping=PRESETS["pipedrive_deals"].with_default_channel("phone"))

    assert result.valid_rows == 2
    assert result.problem_lines("en") == [
        "row 3: “Deal - Won time / Deal - Lost time / Deal - Deal created” is empty"
    ]


def test_an_open_hubspot_deal_without_a_close_date_is_dated_by_its_creation() -> None:
    text = HUBSPOT_EN.replace("2026-01-09 11:00,2025-12-01", ",2025-12-01")

    result = imported(text, mapping=PRESETS["hubspot_deals"].with_default_channel("phone"))

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert result.events["date"].iloc[1] == pd.Timestamp(2025, 12, 1)


@pytest.mark.parametrize(
    ("stage", "kind"),
    [
        ("Closed Won (Sales Pipeline)", "won"),  # an account with several pipelines
        ("Fermé gagné", "won"),
        ("Fermé perdu (Ventes)", "lost"),
        ("Rendez-vous pris", "meeting_booked"),
        ("Qualifiée pour l’achat", "lead"),  # a typographic apostrophe
        ("Présentation planifiée", "meeting_held"),
        ("Intégration du décisionnaire", "opportunity"),
    ],
)
def test_hubspot_stage_labels_as_accounts_write_them(stage: str, kind: str) -> None:
    text = HUBSPOT_EN.replace("closedwon", stage)

    result = imported(text, mapping=PRESETS["hubspot_deals"].with_default_channel("phone"))

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert result.events["event"].iloc[0] == kind


def test_an_unknown_stage_in_brackets_is_still_refused_by_name() -> None:
    text = HUBSPOT_EN.replace("closedwon", "Onboarding (Sales Pipeline)")

    result = imported(text, mapping=PRESETS["hubspot_deals"].with_default_channel("phone"))

    assert [p.code for p in result.problems] == ["unknown_event"]
    assert "Onboarding (Sales Pipeline)" in result.problem_lines("en")[0]


# A Salesforce report exported as CSV ("Export details"): its footer under two empty lines.
SALESFORCE_REPORT = (
    '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount","Close Date"\n'
    '"Inès","ACME","ACME renewal","Closed Won","$12,000.00","1/5/2026"\n'
    '"Hugo","Beta","Beta pilot","Value Proposition","","1/9/2026"\n'
    "\n\n"
    '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
    '"Confidential Information - Do Not Distribute"\n'
    '"Generated By:  Inès Martin  11/27/2026 9:41 AM"\n'
    '"ACME SAS"\n'
)


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "4 lines at the end of the file were read as a report’s footer"),
        ("fr", "4 lignes en fin de fichier ont été lues comme le pied d’un rapport"),
    ],
)
def test_a_salesforce_reports_footer_is_left_out_and_said(lang: str, note: str) -> None:
    mapping = dataclasses.replace(PRESETS["salesforce_opportunities"], date_order="mdy")

    result = imported(SALESFORCE_REPORT, mapping=mapping.with_default_channel("phone"))

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert result.valid_rows == 2
    assert result.footer_rows == 4
    assert result.footer_note(lang).startswith(note)


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "Amounts in USD in this file, while the plan counts in EUR"),
        ("fr", "Montants en USD dans ce fichier alors que le plan compte en EUR"),
    ],
)
def test_amounts_in_another_currency_than_the_plans_are_said(lang: str, note: str) -> None:
    mapping = dataclasses.replace(PRESETS["salesforce_opportunities"], date_order="mdy")

    result = imported(SALESFORCE_EN, mapping=mapping.with_default_channel("phone"))

    assert result.currencies == ("USD",)
    assert result.currency_note(lang, "EUR").startswith(note)
    assert result.currency_note(lang, "USD") == ""
    assert imported(FRENCH).currencies == ("EUR",)  # "1 234,50 €"
    assert imported(FRENCH).currency_note(lang, "EUR") == ""


def test_a_last_row_with_other_cells_filled_is_data_not_a_footer() -> None:
    text = SALESFORCE_REPORT.split("\n\n")[0] + '\n"Zoé","","","Closed Lost","","1/12/2026"\n'

    table = read_table(text.encode(), "report.csv")

    assert (table.footer, len(table.frame)) == (0, 3)


def test_excels_separator_line_gives_the_separator_and_is_not_a_row() -> None:
    data = "sep=,\r\nDate,Prospect;Name,Channel,Event\r\n05/01/2026,Dupont;fils,phone,won\r\n"

    table = read_table(data.encode("utf-8-sig"), "f.csv")

    assert table.separator == ","
    assert list(table.frame.columns) == ["Date", "Prospect;Name", "Channel", "Event"]
    assert table.frame.iloc[0].tolist() == ["05/01/2026", "Dupont;fils", "phone", "won"]


SHOPIFY = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,"
    "Total,Discount Code,Created at,Lineitem quantity,Lineitem name,Lineitem price,"
    "Shipping Country\n"
    "#1001,Anna@example.com,paid,2026-01-05 10:00:00 +0100,fulfilled,EUR,50.00,5.00,0,55.00,,"
    "2026-01-05 09:58:00 +0100,1,Mug,50.00,FR\n"
    "#1001,Anna@example.com,,,,,,,,,,2026-01-05 09:58:00 +0100,1,Spoon,0.00,\n"
    "#1002,bob@example.com,paid,2026-01-06 11:00:00 +0100,fulfilled,EUR,20.00,0,0,20.00,WELCOME,"
    "2026-01-06 10:58:00 +0100,2,Tea,10.00,BE\n"
    "#1003,anna@example.com,refunded,2026-01-09 12:00:00 +0100,,EUR,30.00,0,0,30.00,,"
    "2026-01-09 11:58:00 +0100,1,Cup,30.00,FR\n"
    "#1004,anna@example.com,paid,2026-02-01 12:00:00 +0100,,EUR,45.00,0,0,45.00,,"
    "2026-02-01 11:58:00 +0100,1,Pot,45.00,FR\n"
)

MAGENTO_EN = (
    "ID,Purchase Point,Purchase Date,Bill-to Name,Ship-to Name,Grand Total (Base),"
    "Grand Total (Purchased),Status,Customer Email,Customer Group\n"
    '000000001,Main Website,"Jan 5, 2026 10:15:03 AM",Anna,Anna,€55.00,€55.00,Complete,'
    "anna@example.com,General\n"
    '000000002,Main Website,"Jan 6, 2026 9:00:00 AM",Bob,Bob,€20.00,€20.00,Processing,'
    "bob@example.com,General\n"
    '000000003,Main Website,"Feb 1, 2026 8:00:00 PM",Anna,Anna,"€1,045.00","€1,045.00",Complete,'
    "anna@example.com,Wholesale\n"
)
MAGENTO_FR = (
    "ID;Point d'achat;Date d'achat;Facturer au nom de;Total général (acheté);Statut;"
    "E-mail du client;Groupe de clients\n"
    "000000001;Site principal;5 janv. 2026 10:15:03;Anna;55,00 €;Terminé;anna@example.com;Général\n"
    "000000002;Site principal;6 janv. 2026 09:00:00;Bob;20,00 €;En cours de traitement;"
    "bob@example.com;Général\n"
    "000000003;Site principal;1 févr. 2026 20:00:00;Anna;1 045,00 €;Terminé;anna@example.com;Gros\n"
)


def test_shopify_orders_become_won_events_per_order_with_the_customer() -> None:
    result = imported(SHOPIFY, mapping=PRESETS["shopify_orders"].with_default_channel("phone"))

    events = result.events
    assert result.rejected_rows == 0, result.problem_lines("en")
    assert events["event"].tolist() == ["won", "won", "lost", "won"]
    assert events["amount"].tolist() == [55.0, 20.0, 30.0, 45.0]
    assert events["prospect"].tolist() == [
        "anna@example.com",
        "bob@example.com",
        "anna@example.com",
        "anna@example.com",
    ]
    won = events[events["event"] == "won"]
    assert won.groupby("prospect").size().max() == 2  # a repeat customer
    assert won["amount"].mean() == pytest.approx(40.0)  # the average basket


def test_a_pending_shopify_order_not_paid_yet_is_dated_by_its_creation() -> None:
    text = SHOPIFY.replace("paid,2026-02-01 12:00:00 +0100", "pending,")
    assert text != SHOPIFY

    result = imported(text, mapping=PRESETS["shopify_orders"].with_default_channel("phone"))

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert result.events["event"].iloc[-1] == "opportunity"
    assert result.events["date"].iloc[-1] == pd.Timestamp(2026, 2, 1)


@pytest.mark.parametrize("text", [MAGENTO_EN, MAGENTO_FR], ids=["en", "fr"])
def test_magento_orders(text: str) -> None:
    table = read_table(text.encode(), "orders.csv")
    mapping = guess_mapping(table.frame.columns)
    assert mapping is not None and mapping.name == "magento_orders"

    result = map_events(table, mapping.with_default_channel("phone"), CHANNELS)

    assert result.rejected_rows == 0, result.problem_lines("en")
    assert result.events["event"].tolist() == ["won", "won", "won"]
    assert result.events["amount"].tolist() == [55.0, 20.0, 1045.0]
    assert result.events["date"].tolist() == [
        pd.Timestamp(2026, 1, 5),
        pd.Timestamp(2026, 1, 6),
        pd.Timestamp(2026, 2, 1),
    ]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ("date;prospect;canal;événement;montant", "event_log"),
        ("Date,Prospect,Channel,Event,Amount,Segment,Rep,Variant", "event_log"),
        (HUBSPOT_EN.splitlines()[0], "hubspot_deals"),
        (SHOPIFY.splitlines()[0], "shopify_orders"),
        ("foo,bar", None),
    ],
)
def test_the_preset_is_guessed_from_the_headers(headers: str, expected: str | None) -> None:
    sep = sniff_separator(headers)
    mapping = guess_mapping(headers.split(sep))

    assert (mapping.name if mapping else None) == expected


def test_a_manual_mapping_maps_columns_and_stage_values() -> None:
    text = (
        "Quand;Qui;Étape perso;Valeur HT\n"
        "05/01/2026;ACME;Signé;1 000\n"
        "06/01/2026;Beta;Démo faite;\n"
        "07/01/2026;Gamma;Inconnue;\n"
    )
    mapping = manual_mapping(
        {"date": "Quand", "prospect": "Qui", "event": "Étape perso", "amount": "Valeur HT"},
        events={"Signé": EventKind.WON, "Démo faite": "meeting_held"},
        default_channel="linkedin",
    )

    result = imported(text, mapping=mapping)

    assert result.events["event"].tolist() == ["won", "meeting_held"]
    assert result.events["channel"].tolist() == ["linkedin", "linkedin"]
    assert result.events["amount"].iloc[0] == 1000.0
    assert "“Inconnue” in “Étape perso”" in result.problem_lines("en")[0]


def test_a_manual_mapping_refuses_unknown_fields() -> None:
    with pytest.raises(ValueError, match="unknown fields"):
        manual_mapping({"colour": "x"})


def test_a_million_rows_are_mapped_without_python_loops_per_row() -> None:
    n = 20_000
    rng = np.random.default_rng(1)
    days = pd.Timestamp(2026, 1, 1) + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
    frame = pd.DataFrame(
        {
            "date": days.strftime("%d/%m/%Y"),
            "channel": rng.choice(["phone", "linkedin"], n),
            "event": rng.choice(["won", "reply", "activity"], n),
            "amount": [f"{v:.2f}".replace(".", ",") for v in rng.uniform(0, 5000, n)],
            "prospect": [f"p{i}" for i in range(n)],
        }
    )
    data = frame.to_csv(sep=";", index=False).encode("cp1252")

    result = imported(data)

    assert result.valid_rows == n


def test_cells_that_look_like_numbers_are_kept_as_written() -> None:
    rows = "".join(f"{i:03d};1e3;TRUE;{i if i % 2 else 'x'};1,5\n" for i in range(5))
    data = ("code;sci;flag;mixed;amount\n" + rows).encode()

    frame = read_table(data, "f.csv").frame

    assert frame["code"].tolist() == ["000", "001", "002", "003", "004"]
    assert frame["sci"].tolist() == ["1e3"] * 5
    assert frame["flag"].tolist() == ["TRUE"] * 5
    assert frame["mixed"].tolist() == ["x", "1", "x", "3", "x"]
    assert frame["amount"].tolist() == ["1,5"] * 5
    assert all(isinstance(dtype, pd.StringDtype) for dtype in frame.dtypes)


def test_only_fully_blank_lines_are_dropped() -> None:
    data = b"a;b;c\n1;;\n;;\n ; ;\n;;3\n"

    frame = read_table(data, "f.csv").frame

    assert frame.index.tolist() == [0, 3]
    assert frame["c"].tolist() == ["", "3"]


def test_a_long_column_turning_from_numbers_to_text_is_read_as_text() -> None:
    rows = "".join(f"{i};05/01/2026\n" for i in range(150_000)) + "x;05/01/2026\n"
    data = ("n;date\n" + rows).encode()

    frame = read_table(data, "f.csv").frame

    assert frame["n"].iloc[-1] == "x"
    assert frame["n"].iloc[0] == "0"
    assert isinstance(frame["n"].dtype, pd.StringDtype)


def test_plain_and_decorated_amounts_mix_in_one_column() -> None:
    amounts = ["12,5", "1 234,5", "€ 3,25", "EUR 4", "5", "", "1\u202f000 €", "abc"]
    rows = "".join(f"31/12/2025;p{i};phone;won;{a}\n" for i, a in enumerate(amounts))

    result = imported("date;prospect;channel;event;amount\n" + rows)

    assert result.events["amount"].tolist()[:5] == [12.5, 1234.5, 3.25, 4.0, 5.0]
    assert math.isnan(result.events["amount"].iloc[5])
    assert result.events["amount"].iloc[6] == 1000.0
    assert [(p.line, p.code) for p in result.problems] == [(9, "not_a_number")]


# --- Deals that cannot be dated right ---------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "text", "line", "reason"),
    [
        (
            "hubspot_deals",
            "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date\n"
            "1,Acme,closedwon,100,2026-03-02,2026-01-05\n"
            "2,Beta,closedwon,200,,2026-01-05\n",
            3,
            "row 3: a deal won without a close date (“Close Date” is empty)",
        ),
        (
            "hubspot_deals",
            "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date\n"
            "1,Acme,closedlost,100,,2026-01-05\n"
            "2,Beta,closedwon,200,2026-03-02,2026-01-05\n",
            2,
            "row 2: a deal lost without a lost or close date (“Close Date” is empty)",
        ),
        (
            "pipedrive_deals",
            "Deal - ID,Deal - Title,Deal - Status,Deal - Value,Deal - Won time,Deal - Lost time,"
            "Deal - Deal created\n"
            "7,Acme,won,100,2026-03-02,,2026-01-05\n"
            "8,Beta,lost,100,,,2026-01-05\n",
            3,
            "row 3: a deal lost without a lost or close date (“Deal - Won time / Deal - Lost time”"
            " is empty)",
        ),
        (
            "salesforce_opportunities",
            "Opportunity ID,Account Name,Stage,Amount,Created Date\n"
            "006A,Acme,Closed Won,100,2026-01-05\n",
            2,
            "row 2: a deal won without a close date (“Close Date” is empty)",
        ),
    ],
    ids=["hubspot-won", "hubspot-lost", "pipedrive-lost", "salesforce-no-close-column"],
)
def test_a_closed_deal_without_its_close_date_is_refused_with_its_line(
    preset: str, text: str, line: int, reason: str
) -> None:
    result = imported(text, mapping=PRESETS[preset].with_default_channel("phone"))

    assert result.rejected.index.tolist() == [line]
    assert result.problem_lines("en")[0].startswith(reason)
    assert (
        pd.Timestamp(2026, 1, 5)
        not in result.events.loc[result.events["event"].isin(["won", "lost"]), "date"].tolist()
    )


def test_the_refusal_reads_in_french() -> None:
    text = HUBSPOT_FR.replace("Conclu gagné;12 000;05/01/2026 10:12", "Conclu gagné;12 000;")

    result = imported(text, mapping=PRESETS["hubspot_deals"].with_default_channel("phone"))

    assert result.problem_lines("fr") == [
        "ligne 2 : une affaire gagnée sans date de clôture"
        " (« Date de fermeture » est vide) : datée par sa création,"
        " elle tomberait dans la mauvaise période"
    ]


@pytest.mark.parametrize(
    ("amount", "lang", "reason"),
    [
        ("150 %", "en", "row 2: “150 %” in “amount” is a percentage, not an amount"),
        ("12,5%", "fr", "ligne 2 : « 12,5% » dans « amount » est un pourcentage, pas un montant"),
    ],
)
def test_an_amount_with_a_percent_sign_is_refused(amount: str, lang: str, reason: str) -> None:
    result = imported(f"date;channel;event;amount\n31/12/2025;phone;won;{amount}\n")

    assert result.valid_rows == 0
    assert result.problem_lines(lang) == [reason]


@pytest.mark.parametrize("written", ["1.500,50", "1 500,50", "1,500.50", "1500.5", "1500,5"])
def test_the_weekly_table_and_the_importer_read_a_number_alike(written: str) -> None:
    from planner.tracking.weekly_check import _as_number

    imported = parse_numbers(pd.Series([written.replace(" ", "")], dtype="string")).iloc[0]
    assert _as_number(written) == imported == 1500.5
