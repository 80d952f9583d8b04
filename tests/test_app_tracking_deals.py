"""The Tracking page on a CRM deal export, as a sales lead reads it: deal-level and
account-level KPIs side by side, each saying what it counts."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from planner import storage
from tests.apptest import shown
from tests.test_app_tracking import metric, open_tracking, stored, with_events

# Acme: 3 deals won, 1 lost; Bolt: 1 lost. By hand: win rate 3 ÷ 5 = 60 %, average deal
# (1 000 + 2 000 + 3 000) ÷ 3 = 2 000; 3 deals won ÷ 2 accounts contacted is over 100 %.
HUBSPOT = (
    "Record ID,Associated Company,Deal Stage,Amount,Close Date,Create Date\n"
    "11,Acme,closedwon,1000,2027-02-11,2027-02-01\n"
    "12,Acme,closedwon,2000,2027-02-21,2027-02-01\n"
    "13,Acme,closedwon,3000,2027-03-11,2027-03-01\n"
    "14,Acme,closedlost,400,2027-03-20,2027-03-01\n"
    "15,Bolt,closedlost,900,2027-03-25,2027-03-05\n"
)


@pytest.mark.parametrize(
    ("lang", "labels", "per_deal", "conversion"),
    [
        (
            "en",
            (
                "Win rate",
                "60.0%",
                "Average deal",
                "€2,000.00",
                "Conversion rate (deals won per account contacted)",
            ),
            "Counted per deal",
            "not a conversion rate: more sales (3)",
        ),
        (
            "fr",
            (
                "Taux de réussite",
                "60,0\u00a0%",
                "Affaire moyenne",
                "2\u202f000,00\u00a0€",
                "Taux de conversion (affaires gagnées par compte contacté)",
            ),
            "Compté par affaire",
            "pas un taux de conversion\u00a0: plus de ventes (3)",
        ),
    ],
)
def test_a_hubspot_export_shows_win_rate_per_deal_and_no_conversion_over_100(
    workspace: Engine, lang: str, labels: tuple[str, ...], per_deal: str, conversion: str
) -> None:
    at = open_tracking(stored(workspace, lang), lang)
    at.file_uploader(key="trk_file").set_value(("hubspot.csv", HUBSPOT.encode(), "text/csv")).run()
    at.button(key="trk_import").click().run()

    assert not at.exception
    win, win_value, average, average_value, conversion_name = labels
    assert metric(at, win) == win_value
    assert metric(at, average) == average_value
    assert metric(at, conversion_name) == "—"
    captions = [shown(c) for c in at.caption]
    assert any(c.startswith(per_deal) for c in captions)
    assert any(c.startswith(conversion) for c in captions)
    assert not [c for c in captions if "kpi." in c]


def test_a_won_deal_without_close_date_is_refused_and_the_others_imported(
    workspace: Engine,
) -> None:
    undated = HUBSPOT.replace("closedwon,3000,2027-03-11", "closedwon,3000,")
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    at.file_uploader(key="trk_file").set_value(("hubspot.csv", undated.encode(), "text/csv")).run()

    rejected = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert list(rejected.iloc[:, 0]) == [4]
    assert "a deal won without a close date" in rejected["reason"].iloc[0]
    at.button(key="trk_import_valid").click().run()

    assert not at.exception
    batches = storage.list_batches(workspace, plan_id)
    assert [(b.rows_imported, b.rows_rejected) for b in batches] == [(4, 1)]
    assert metric(at, "Win rate") == "50.0%"  # 2 won ÷ (2 won + 2 lost)


@pytest.mark.parametrize(
    ("lang", "trials", "note"),
    [
        ("en", "Trials", "Counted per distinct prospect"),
        ("fr", "Essais", "Compté par prospect distinct"),
    ],
)
def test_ab_counts_a_prospect_emailed_three_times_once(
    workspace: Engine, lang: str, trials: str, note: str
) -> None:
    header = "date;prospect;channel;event;amount;segment;rep;variant\n"
    rows = "".join(f"{d}/01/2027;acme;email;activity;;;;A\n" for d in (5, 12, 19))
    rows += "13/01/2027;acme;email;reply;;;;A\n06/01/2027;bolt;email;activity;;;;B\n"
    rows += "07/01/2027;cora;email;activity;;;;B\n"
    plan_id = stored(workspace, lang)
    with_events(workspace, plan_id, header + rows)

    at = open_tracking(plan_id, lang)

    assert not at.exception
    table = next(d.value for d in at.dataframe if trials in d.value.columns)
    assert table[trials].tolist() == [1, 2]  # A: acme once; B: bolt and cora
    assert any(shown(c).startswith(note) for c in at.caption)


def test_unnamed_rows_that_look_alike_are_kept_and_the_preview_says_so(workspace: Engine) -> None:
    calls = "date;channel;event\n" + "05/01/2027;phone;activity\n" * 3 + "06/01/2027;phone;won\n"
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    at.file_uploader(key="trk_file").set_value(("calls.csv", calls.encode(), "text/csv")).run()

    assert any("2 rows look exactly like an earlier one" in shown(c) for c in at.caption)
    at.button(key="trk_import").click().run()

    assert not at.exception
    assert [b.rows_imported for b in storage.list_batches(workspace, plan_id)] == [4]
