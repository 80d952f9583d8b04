"""KPIs computed by hand on a small event log: each KPI, both markets, empty periods, tables."""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import pytest
from scipy.stats import beta
from sqlalchemy.engine import Engine

from planner import storage
from planner.cli import main
from planner.plan.model import Market, Plan
from planner.tracking.events import empty_log
from planner.tracking.kpis import (
    B2B_ONLY,
    B2C_ONLY,
    COMMON,
    breakdowns,
    compute_kpis,
    credible_interval,
    kpi_set,
    pareto,
    rate_status,
    stage_rates,
)
from planner.tracking.prepared_log import prepare_log
from tests.factories import make_plan

D = dt.date
FEB, END = D(2026, 2, 2), D(2026, 3, 1)  # 28 days: 4 weeks

# date, prospect, channel, event, amount, segment, rep
ROWS: list[tuple[str, str | None, str, str, float | None, str | None, str | None]] = [
    ("2026-01-10", "p1", "phone", "activity", None, "smb", "ann"),
    ("2026-01-20", "p1", "phone", "won", 1000.0, "smb", "ann"),
    ("2026-01-12", "p2", "phone", "activity", None, "mid", "bob"),
    ("2026-01-25", "p2", "phone", "won", 2000.0, "mid", "bob"),
    ("2026-01-15", "p3", "linkedin", "activity", None, "smb", "ann"),
    # the period
    ("2026-02-03", "p1", "phone", "won", 1500.0, "smb", "ann"),
    ("2026-02-02", "p3", "linkedin", "reply", None, "smb", "ann"),
    ("2026-02-10", "p3", "phone", "won", 3000.0, "smb", "ann"),
    ("2026-02-13", "p3", "phone", "opportunity", None, "smb", "ann"),
    ("2026-02-05", "p4", "phone", "activity", None, "mid", "bob"),
    ("2026-02-06", "p4", "phone", "connection", None, "mid", "bob"),
    ("2026-02-14", "p4", "phone", "opportunity", None, "mid", "bob"),
    ("2026-02-20", "p4", "phone", "won", 4000.0, "mid", "bob"),
    ("2026-02-07", "p5", "phone", "activity", None, "smb", "ann"),
    ("2026-02-08", "p5", "phone", "meeting_booked", None, "smb", "ann"),
    ("2026-02-15", "p5", "phone", "lost", None, "smb", "ann"),
    ("2026-02-11", "p6", "phone", "activity", None, "smb", "ann"),
    ("2026-02-12", None, "phone", "activity", None, "smb", "ann"),
    ("2026-02-15", None, "phone", "cost", 300.0, None, None),
    ("2026-02-25", "p7", "linkedin", "won", 600.0, "mid", "bob"),
    # after the period
    ("2026-03-05", "p6", "phone", "won", 999.0, "smb", "ann"),
]


def _log(
    rows: list[tuple[str, str | None, str, str, float | None, str | None, str | None]],
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime([r[0] for r in rows]),
            "prospect": pd.array([r[1] for r in rows], dtype="string"),
            "channel": pd.array([r[2] for r in rows], dtype="string"),
            "event": pd.array([r[3] for r in rows], dtype="string"),
            "amount": pd.array([r[4] for r in rows], dtype="Float64").astype("float64"),
            "segment": pd.array([r[5] for r in rows], dtype="string"),
            "rep": pd.array([r[6] for r in rows], dtype="string"),
            "variant": pd.array([None] * len(rows), dtype="string"),
        }
    )


EVENTS = _log(ROWS)


def _plan(market: str = "b2b") -> Plan:
    return make_plan(
        meta__market=market,
        channels__0__cost_per_activity=2.0,
        channels__0__fixed_cost_per_week=70.0,
        offer__customer_lifetime_years=3.0,
    )


# Hand computations for the period Feb 2 – Mar 1 2026 (see ROWS):
# sales p1 1500, p3 3000, p4 4000, p7 600 → 4 sales, revenue 9100; prospects contacted p1 p3 p4 p5
# p6 p7 and the unnamed activity of Feb 12 → 7; new customers p3 p4 p7 (p1 bought in January) → 3;
# customers at the start p1 p2 → 2, at the end p1 p3 p4 p7 → 4; conversion days p3 Jan 15→Feb 10 =
# 26, p4 Feb 5→20 = 15, p7 0; cost 300 + 2 × 4 phone activities + 70 × 4 weeks = 588; the year's
# sales 1000 + 2000 + 9100 = 12100 from p1 p2 p3 p4 p7; objectives: smb meetings 1 ÷ 4 weeks ×
# 4.348 < 8 (not met), phone win rate 3 won ÷ 2 opportunities ≥ 0.25 (met); qualified-lead
# conversion 4 sales ÷ 2 opportunities is over 100 %: not a conversion, no value.
B2B_EXPECTED = {
    "revenue": 9100.0,
    "conversion_rate": 4 / 7 * 100,
    "new_customers": 3.0,
    "average_basket": 9100 / 4,
    "retention_rate": (4 - 3) / 2 * 100,
    "time_to_convert": (26 + 15 + 0) / 3,
    "objective_attainment": 50.0,
    "sales_cycle": 15.0,
    "cac": 588 / 3,
    "clv": 12100 * 0.6 / 5 * 3,
}


@pytest.mark.parametrize(("key", "expected"), list(B2B_EXPECTED.items()))
def test_b2b_kpis_match_the_hand_computation(key: str, expected: float) -> None:
    report = compute_kpis(EVENTS, _plan(), FEB, END)

    assert report.kpi(key).value == pytest.approx(expected)
    assert report.kpi(key).reason is None


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("revenue", 9100.0),
        ("average_basket", 2275.0),
        ("retention_rate", 50.0),
        ("sales_volume", 4.0),
    ],
)
def test_b2c_kpis_match_the_hand_computation(key: str, expected: float) -> None:
    report = compute_kpis(EVENTS, _plan("b2c"), FEB, END)

    assert report.kpi(key).value == pytest.approx(expected)


def test_b2c_site_conversion_is_orders_over_visits() -> None:
    rows = [
        *[("2026-02-03", f"v{i}", "web", "visit", None, None, None) for i in range(40)],
        ("2026-02-03", "v1", "web", "won", 35.0, None, None),
        ("2026-02-04", "v2", "web", "won", 45.0, None, None),
    ]
    report = compute_kpis(_log(rows), _plan("b2c"), FEB, END)

    assert report.kpi("site_conversion").value == pytest.approx(2 / 40 * 100)
    assert report.kpi("site_conversion").inputs == {"sales": 2, "visits": 40}
    assert report.kpi("average_basket").value == pytest.approx(40.0)


def test_kpi_sets_follow_the_market() -> None:
    assert kpi_set(Market.B2B) == COMMON + B2B_ONLY
    assert kpi_set(Market.B2C) == COMMON + B2C_ONLY
    assert "site_conversion" not in kpi_set(Market.B2B)
    assert "cac" not in kpi_set(Market.B2C)
    report = compute_kpis(EVENTS, _plan("b2c"), FEB, END)
    assert [k.key for k in report.kpis] == list(kpi_set(Market.B2C))


def test_objectives_each_have_their_attainment() -> None:
    report = compute_kpis(EVENTS, _plan(), FEB, END)
    found = {o.objective_id: o for o in report.objectives}

    # smb meetings booked in the period: p5's, and p3's implied by its phone deal won Feb 10
    meetings_per_month = 2 / 4 * (365.25 / 12 / 7)
    assert found["meetings"].value == pytest.approx(meetings_per_month)
    assert found["meetings"].attainment == pytest.approx(meetings_per_month / 8 * 100)
    assert found["meetings"].met is False
    assert found["win-rate"].value == pytest.approx(1.5)
    assert found["win-rate"].attainment == pytest.approx(600.0)
    assert found["win-rate"].met is True


def test_a_new_customer_objective_counts_first_purchases_only() -> None:
    plan = make_plan(
        objectives__0__metric="new_customers",
        objectives__0__target=4,
        objectives__0__segment_id=None,
        objectives__0__channel_id=None,
    )
    found = {o.objective_id: o for o in compute_kpis(EVENTS, plan, FEB, END).objectives}

    # p3 p4 p7 buy for the first time in the period; p1 buys again (a repeat, not new)
    assert found["meetings"].value == 3.0
    assert found["meetings"].met is False


def test_a_scoped_new_customer_objective_reads_first_purchases_in_its_scope() -> None:
    plan = make_plan(
        objectives__0__metric="new_customers",
        objectives__0__target=1,
        objectives__0__segment_id="smb",
        objectives__0__channel_id=None,
    )
    found = {o.objective_id: o for o in compute_kpis(EVENTS, plan, FEB, END).objectives}

    assert found["meetings"].value == 1.0  # p3 (p1 had bought in January)
    assert found["meetings"].met is True


def test_cac_says_which_costs_it_counts() -> None:
    inputs = compute_kpis(EVENTS, _plan(), FEB, END).kpi("cac").inputs

    assert inputs == {
        "cost": 588.0,
        "cost_events": 300.0,
        "activity_cost": 8.0,
        "fixed_cost": 280.0,
        "new_customers": 3,
    }


def test_an_empty_period_has_no_value_and_says_why() -> None:
    report = compute_kpis(EVENTS, _plan(), D(2027, 1, 1), D(2027, 1, 31))

    assert report.events_in_period == 0
    assert {k.key: (k.value, k.reason) for k in report.kpis} == {
        k: (None, "no_events") for k in kpi_set(Market.B2B)
    }


def test_an_empty_log_has_no_value() -> None:
    report = compute_kpis(EVENTS.iloc[0:0], _plan("b2c"), FEB, END)

    assert all(k.value is None and k.reason == "no_events" for k in report.kpis)


def test_a_period_without_sales() -> None:
    report = compute_kpis(EVENTS, _plan(), D(2026, 1, 10), D(2026, 1, 16))  # 7 days, 1 week

    values = {k.key: (k.value, k.reason) for k in report.kpis}
    assert values["revenue"] == (0.0, None)
    assert values["conversion_rate"] == (0.0, None)  # 0 sales ÷ 3 prospects
    assert values["new_customers"] == (0.0, None)
    assert values["average_basket"] == (None, "no_sales")
    assert values["retention_rate"] == (None, "no_customers_before")
    assert values["time_to_convert"] == (None, "no_conversions")
    assert values["sales_cycle"] == (None, "no_conversions")
    assert values["cac"] == (None, "no_new_customers")  # cost 2 × 2 + 70 = 74
    assert report.kpi("cac").inputs["cost"] == pytest.approx(74.0)
    assert values["clv"] == (None, "no_sales_year")
    assert values["qualified_lead_conversion"] == (None, "no_opportunities")


def test_no_cost_at_all_gives_no_cac() -> None:
    plan = make_plan()
    kpi = compute_kpis(EVENTS[EVENTS["event"] != "cost"], plan, FEB, END).kpi("cac")

    assert (kpi.value, kpi.reason) == (None, "no_cost")


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError):
        compute_kpis(EVENTS, _plan(), END, FEB)


def test_a_prepared_log_gives_the_same_report() -> None:
    plan = _plan()

    assert compute_kpis(prepare_log(EVENTS), plan, FEB, END) == compute_kpis(EVENTS, plan, FEB, END)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_kpi_has_name_formula_advice_and_inputs_in_words(lang: str) -> None:
    report = compute_kpis(EVENTS, _plan(), FEB, END)
    for kpi in report.kpis:
        for text in (
            kpi.name(lang),
            kpi.formula(lang),
            kpi.advice(lang),
            kpi.computed(lang, "EUR"),
            kpi.formatted(lang, "EUR"),
        ):
            assert "kpi." not in text and "{" not in text


@pytest.mark.parametrize(
    ("lang", "key", "expected"),
    [
        ("en", "revenue", "€9,100.00"),
        ("fr", "revenue", "9\u202f100,00\xa0€"),
        ("en", "conversion_rate", "57.1%"),
        ("fr", "conversion_rate", "57,1\xa0%"),
        ("en", "sales_cycle", "15.0 days"),
    ],
)
def test_values_read_as_each_language_writes_them(lang: str, key: str, expected: str) -> None:
    assert compute_kpis(EVENTS, _plan(), FEB, END).kpi(key).formatted(lang, "EUR") == expected


def test_breakdown_by_channel_segment_and_rep() -> None:
    table = breakdowns(EVENTS, FEB, END)
    rows = {
        (r.dimension, None if pd.isna(r.group) else r.group): r
        for r in table.itertuples(index=False)
    }

    phone = rows[("channel", "phone")]
    # p1 p3 p4 p5 p6 and the unnamed activity of Feb 12
    assert (phone.prospects, phone.activities, phone.sales, phone.revenue) == (6, 4, 3, 8500.0)
    assert phone.conversion_rate == pytest.approx(50.0)
    assert phone.average_basket == pytest.approx(8500 / 3)
    linkedin = rows[("channel", "linkedin")]
    assert (linkedin.prospects, linkedin.activities, linkedin.sales, linkedin.revenue) == (
        2,
        0,
        1,
        600.0,
    )
    smb, mid = rows[("segment", "smb")], rows[("segment", "mid")]
    assert (smb.prospects, smb.activities, smb.sales, smb.revenue) == (5, 3, 2, 4500.0)
    assert (mid.prospects, mid.activities, mid.sales, mid.revenue) == (2, 1, 2, 4600.0)
    unknown = rows[("segment", None)]  # the cost event has no segment
    assert (unknown.prospects, unknown.sales) == (0, 0)
    assert math.isnan(unknown.conversion_rate)
    assert rows[("rep", "bob")].revenue == 4600.0
    assert set(table["dimension"]) == {"channel", "segment", "rep"}


def test_pareto_of_channels_and_segments() -> None:
    channels = pareto(EVENTS, FEB, END, "channel")
    assert channels["group"].tolist() == ["phone", "linkedin"]
    assert channels["cumulative_share"].tolist() == pytest.approx([8500 / 9100, 1.0])
    assert channels["vital_few"].tolist() == [True, False]

    segments = pareto(EVENTS, FEB, END, "segment")
    assert segments["group"].tolist() == ["mid", "smb"]
    assert segments["share"].tolist() == pytest.approx([4600 / 9100, 4500 / 9100])
    assert segments["vital_few"].tolist() == [True, True]  # 50.5 % alone does not reach 80 %

    by_sales = pareto(EVENTS, FEB, END, "channel", "sales")
    assert by_sales["value"].tolist() == [3.0, 1.0]
    assert by_sales["vital_few"].tolist() == [True, True]  # 3 of 4 sales (75 %) is short of 80 %
    assert pareto(EVENTS, D(2027, 1, 1), D(2027, 1, 2), "segment").empty


def test_stage_rates_follow_each_channel_funnel() -> None:
    table = stage_rates(EVENTS, _plan(), FEB, END)
    phone = table[table["channel"] == "phone"]

    assert phone["to_kind"].tolist() == ["connection", "meeting_booked", "meeting_held", "won"]
    # A prospect's later stage implies the earlier recorded ones, dated when it was reached:
    # connections p4 (Feb 6), p5 (booked Feb 8), p3 (won Feb 10); meetings booked p5, p3
    # (won Feb 10), p4 (won Feb 20). p1's and p6's fall outside the period.
    assert phone["n"].tolist() == [4, 3, 3, 0]
    assert phone["k"].tolist() == [3, 3, 0, 3]
    assert phone["rate"].tolist()[:2] == [0.75, 1.0]
    # No meeting held in the whole log, yet deals won: the log does not record that stage.
    assert phone["status"].tolist()[2:] == ["not_recorded", "no_data"]
    assert phone["rate"].isna().tolist()[2:] == [True, True]
    linkedin = table[table["channel"] == "linkedin"]
    assert (linkedin["n"].tolist(), linkedin["k"].tolist()) == ([0], [1])
    assert phone["planned_typical"].tolist() == [0.2, 0.1, 0.8, 0.25]


def test_a_stage_seen_nowhere_before_a_later_one_is_not_recorded_not_below() -> None:
    plan = _plan()
    rows = [("2026-02-02", f"p{i}", "phone", "activity", None) for i in range(200)]
    rows += [("2026-02-20", f"p{i}", "phone", "meeting_booked", None) for i in range(20)]
    log = pd.DataFrame(rows, columns=["date", "prospect", "channel", "event", "amount"])
    log["date"] = pd.to_datetime(log["date"])
    for column in ("segment", "rep", "variant", "deal", "source"):
        log[column] = pd.NA
    log = log.astype(empty_log().dtypes.to_dict())

    phone = stage_rates(log, plan, FEB, END).set_index("to_kind")

    assert phone.loc["connection", "status"] == "not_recorded"  # 0 of 200, meetings after it
    assert pd.isna(phone.loc["connection", "rate"])
    assert phone.loc["meeting_booked", "status"] == "no_data"  # after a stage not recorded
    assert phone.loc["meeting_held", "status"] == "below"  # a real 0 of 20: nothing after it


# --- python -m planner kpis ------------------------------------------------------------------


@pytest.fixture
def stored(workspace: Engine) -> str:
    """A stored B2B plan with the hand-computed events imported."""
    plan_id = storage.create_plan(workspace, _plan()).id
    storage.store_events(workspace, plan_id, EVENTS, file_name="log.csv", sha256="0" * 64)
    return plan_id


def test_cli_kpis_json_gives_the_hand_computed_values(
    stored: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["kpis", stored, "--from", "2026-02-02", "--to", "2026-03-01", "--json"])

    data = json.loads(capsys.readouterr().out)
    assert code == 0
    values = {k["key"]: k["value"] for k in data["kpis"]}
    assert values.pop("qualified_lead_conversion") is None  # 4 sales ÷ 2 opportunities
    assert values == pytest.approx(B2B_EXPECTED)
    assert data["start"] == "2026-02-02" and data["events_in_period"] == 15
    assert data["kpis"][0]["formula"] == "sum of the amounts of deals won in the period"
    assert data["kpis"][0]["computed"] == "4 deals won, total €9,100.00"


@pytest.mark.parametrize(
    ("lang", "formula", "reason"),
    [
        ("en", "deals won ÷ qualified opportunities × 100", "not a conversion rate"),
        ("fr", "affaires gagnées ÷ opportunités qualifiées × 100", "pas un taux de conversion"),
    ],
)
def test_cli_kpis_json_carries_the_formula_and_reason_in_the_chosen_language(
    stored: str, capsys: pytest.CaptureFixture[str], lang: str, formula: str, reason: str
) -> None:
    code = main(
        ["kpis", stored, "--from", "2026-02-02", "--to", "2026-03-01", "--json", "--lang", lang]
    )

    found = {k["key"]: k for k in json.loads(capsys.readouterr().out)["kpis"]}
    assert code == 0
    lead = found["qualified_lead_conversion"]
    assert lead["formula"] == formula
    assert lead["reason_text"].startswith(reason) and lead["computed"] is None
    assert not [k for k in found.values() if "kpi." in json.dumps(k, ensure_ascii=False)]


@pytest.mark.parametrize(("lang", "word"), [("en", "Revenue"), ("fr", "Chiffre d’affaires")])
def test_cli_kpis_table_in_each_language(
    stored: str, capsys: pytest.CaptureFixture[str], lang: str, word: str
) -> None:
    code = main(["kpis", stored, "--lang", lang])

    out = capsys.readouterr().out
    assert code == 0
    assert word in out and "kpi." not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["kpis", "no-such-plan"],
        ["kpis", "{id}", "--from", "2026-03-01", "--to", "2026-02-01"],
        ["kpis", "{id}", "--from", "01/02/2026"],
    ],
)
def test_cli_kpis_bad_input_exits_2_without_traceback(
    stored: str, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code = main([a.replace("{id}", stored) for a in argv])

    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err and err.strip()


@pytest.mark.parametrize(("k", "n"), [(34, 1000), (0, 20), (20, 20), (3, 7)])
def test_a_stage_rate_has_its_p10_p90_credible_interval(k: int, n: int) -> None:
    low, high = credible_interval(k, n)

    assert low == pytest.approx(beta.ppf(0.1, 1 + k, 1 + n - k))
    assert high == pytest.approx(beta.ppf(0.9, 1 + k, 1 + n - k))
    assert low < (k + 1) / (n + 2) < high


@pytest.mark.parametrize(("k", "n"), [(None, 10), (3, None), (3, 0), (5, 4)])
def test_no_interval_without_a_rate_to_read(k: int | None, n: int | None) -> None:
    assert credible_interval(k, n) == (None, None)


@pytest.mark.parametrize(
    ("rate", "interval", "expected"),
    [
        (0.02, (0.015, 0.028), "below"),  # even the interval's top is under the planned 3 %
        (0.025, (0.01, 0.05), "likely_below"),  # under 3 %, but few data: not yet certain
        (0.04, (0.03, 0.05), "within"),
        (0.09, (0.07, 0.11), "above"),  # the interval's bottom over the planned 6 %
        (0.065, (0.05, 0.08), "within"),  # over the range but not clearly
        (None, (None, None), "no_data"),
    ],
)
def test_a_stage_rate_is_flagged_against_the_planned_range(
    rate: float | None, interval: tuple[float | None, float | None], expected: str
) -> None:
    assert rate_status(rate, *interval, planned_low=0.03, planned_high=0.06) == expected


def test_stage_rates_carry_their_interval_and_status() -> None:
    table = stage_rates(EVENTS, _plan(), FEB, END).set_index(["channel", "stage"])

    # 4 calls; connections: p4's, and p3's and p5's implied by their later stages (see below)
    connect = table.loc[("phone", "connect")]
    assert (connect["n"], connect["k"]) == (4, 3)
    assert connect["ci_low"] == pytest.approx(beta.ppf(0.1, 4, 2))
    assert connect["ci_high"] == pytest.approx(beta.ppf(0.9, 4, 2))
    assert connect["status"] == "above"  # even the interval's bottom (42 %) is over 30 %
