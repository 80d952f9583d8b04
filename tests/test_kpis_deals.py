"""KPIs of CRM deal exports: deal-level figures counted per deal, account-level ones per
account, each named; checked by hand on small HubSpot, Pipedrive and Salesforce files."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.core.i18n import t
from planner.plan.model import Plan
from planner.tracking.importing import channel_aliases, map_events, read_table
from planner.tracking.kpis import KpiReport, compute_kpis
from planner.tracking.presets import PRESETS
from tests.factories import make_plan

Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))

# Acme wins three deals and loses one, Beta wins one and loses one, Gamma loses one; one
# deal (Delta) is still open. By hand, for Q1 2026:
# deals won 4 (101, 102, 103, 105), lost 3 (104, 106, 107): win rate 4 ÷ 7 = 57.14 %;
# revenue 1000 + 2000 + 3000 + 4000 = 10000, average deal 2500;
# days from creation to close won: 101 Jan 1 → Jan 11 = 10, 102 Jan 1 → Jan 21 = 20,
# 103 Feb 1 → Feb 11 = 10, 105 Jan 10 → Mar 1 = 50: mean 22.5, median 15;
# accounts contacted 4 (Acme, Beta, Gamma, Delta), new customers 2 (Acme, Beta);
# 4 deals won ÷ 4 accounts = 100 %: the most a conversion can read.
HUBSPOT_ROWS = [
    ("101", "Acme", "closedwon", "1000", "2026-01-11", "2026-01-01"),
    ("102", "Acme", "closedwon", "2000", "2026-01-21", "2026-01-01"),
    ("103", "Acme", "closedwon", "3000", "2026-02-11", "2026-02-01"),
    ("104", "Acme", "closedlost", "500", "2026-02-20", "2026-02-01"),
    ("105", "Beta", "closedwon", "4000", "2026-03-01", "2026-01-10"),
    ("106", "Beta", "closedlost", "800", "2026-03-05", "2026-01-10"),
    ("107", "Gamma", "closedlost", "900", "2026-03-10", "2026-02-15"),
    ("108", "Delta", "appointmentscheduled", "", "", "2026-03-12"),
]
DEAL_EXPECTED = {
    "win_rate": 4 / 7 * 100,
    "deals_won": 4.0,
    "deals_lost": 3.0,
    "average_deal": 2500.0,
    "revenue": 10000.0,
    "time_to_convert": 22.5,
    "sales_cycle": 15.0,
    "new_customers": 2.0,
    "conversion_rate": 100.0,
}


def _hubspot(rows: list[tuple[str, ...]], ids: bool = True) -> bytes:
    header = "Record ID,Associated Company,Deal Stage,Amount,Close Date,Create Date"
    lines = [header if ids else header.removeprefix("Record ID,")]
    for row in rows:
        lines.append(",".join(row if ids else row[1:]))
    return ("\n".join(lines) + "\n").encode()


def _report(data: bytes, plan: Plan, preset: str = "hubspot_deals") -> KpiReport:
    mapping = PRESETS[preset].with_default_channel("phone")
    result = map_events(read_table(data, "deals.csv"), mapping, channel_aliases(plan))
    assert not result.problems
    return compute_kpis(result.events, plan, *Q1)


@pytest.mark.parametrize("ids", [True, False], ids=["record-id", "one-deal-per-row"])
@pytest.mark.parametrize(("key", "expected"), list(DEAL_EXPECTED.items()))
def test_a_hubspot_export_reads_deal_and_account_figures(
    key: str, expected: float, ids: bool
) -> None:
    report = _report(_hubspot(HUBSPOT_ROWS, ids), make_plan())

    assert report.kpi(key).value == pytest.approx(expected)


def test_win_rate_shows_its_counts_and_each_kpi_says_what_it_counts() -> None:
    report = _report(_hubspot(HUBSPOT_ROWS), make_plan())

    win = report.kpi("win_rate")
    assert win.computed("en", "EUR") == "4 won ÷ (4 won + 3 lost) × 100"
    assert win.formatted("fr", "EUR") == "57,1\u00a0%"
    assert win.basis == "deal" and report.kpi("new_customers").basis == "account"
    assert "per deal" in report.kpi("time_to_convert").name("en")
    assert "accounts contacted" in report.kpi("conversion_rate").computed("en", "EUR")
    assert "Counted per account" in report.kpi("new_customers").basis_text("en")
    assert "accounts" in report.kpi("new_customers").formula("en")


def test_more_deals_won_than_accounts_is_not_shown_as_a_conversion() -> None:
    rows = [(f"{i}", "Acme", "closedwon", "100", "2026-01-20", "2026-01-02") for i in range(5)]
    report = _report(_hubspot(rows), make_plan())

    conversion = report.kpi("conversion_rate")
    assert conversion.value is None and conversion.reason == "over_100"
    assert conversion.inputs == {"sales": 5, "prospects": 1}
    assert "more sales (5)" in conversion.formatted("en", "EUR")
    assert report.kpi("deals_won").value == 5.0 and report.kpi("win_rate").value == 100.0
    assert report.kpi("time_to_convert").inputs == {"conversions": 5}  # per deal, not per account


@pytest.mark.parametrize(
    ("preset", "header", "row"),
    [
        (
            "pipedrive_deals",
            "Deal - ID,Deal - Organization,Deal - Status,Deal - Value,Deal - Won time,"
            "Deal - Lost time,Deal - Deal created",
            "{id},Acme,{status},100,{won},{lost},2026-01-02",
        ),
        (
            "salesforce_opportunities",
            "Opportunity ID,Account Name,Stage,Amount,Close Date,Created Date",
            "{id},Acme,{stage},100,{close},2026-01-02",
        ),
    ],
    ids=["pipedrive", "salesforce"],
)
def test_pipedrive_and_salesforce_deals_are_counted_by_their_id(
    preset: str, header: str, row: str
) -> None:
    lines = [header]
    for i, won in enumerate([True, True, False]):
        lines.append(
            row.format(
                id=f"D{i}",
                status="won" if won else "lost",
                stage="Closed Won" if won else "Closed Lost",
                won="2026-01-12" if won else "",
                lost="" if won else "2026-01-22",
                close="2026-01-12" if won else "2026-01-22",
            )
        )
    report = _report(("\n".join(lines) + "\n").encode(), make_plan(), preset)

    assert report.kpi("win_rate").value == pytest.approx(2 / 3 * 100)
    assert report.kpi("time_to_convert").value == pytest.approx(10.0)
    assert report.kpi("new_customers").value == 1.0


def test_an_event_log_without_deals_keeps_its_kpis() -> None:
    data = b"date,prospect,channel,event,amount\n2026-01-05,p1,phone,activity,\n"
    data += b"2026-01-09,p1,phone,won,50\n"
    result = map_events(read_table(data, "log.csv"))
    report = compute_kpis(result.events, make_plan(), *Q1)

    assert "win_rate" not in [k.key for k in report.kpis]
    assert report.kpi("conversion_rate").basis == ""
    assert report.kpi("conversion_rate").name("en") == t("en", "kpi.conversion_rate.name")


@pytest.mark.parametrize(
    ("preset", "header", "row"),
    [
        (
            "hubspot_deals",
            "Record ID,Associated Company,Deal Stage,Amount,Close Date,Create Date",
            "{id},{company},{stage},100,{close},{created}",
        ),
        (
            "salesforce_opportunities",
            "Opportunity ID,Account Name,Stage,Amount,Close Date,Created Date",
            "{id},{company},{stage},100,{close},{created}",
        ),
    ],
    ids=["hubspot", "salesforce"],
)
def test_an_open_deal_is_dated_by_its_creation_not_its_expected_close(
    preset: str, header: str, row: str
) -> None:
    open_stage = {
        "hubspot_deals": "appointmentscheduled",
        "salesforce_opportunities": "Prospecting",
    }
    won_stage = {"hubspot_deals": "closedwon", "salesforce_opportunities": "Closed Won"}
    lines = [
        header,
        # created in February, expected to close in September: it happened in Q1
        row.format(
            id="1",
            company="Delta",
            stage=open_stage[preset],
            close="2026-09-30",
            created="2026-02-03",
        ),
        row.format(
            id="2",
            company="Acme",
            stage=won_stage[preset],
            close="2026-03-02",
            created="2026-01-05",
        ),
    ]
    mapping = PRESETS[preset].with_default_channel("phone")
    result = map_events(read_table(("\n".join(lines) + "\n").encode(), "deals.csv"), mapping)

    assert not result.problems
    events = result.events.sort_values("date")
    assert events["date"].dt.date.tolist() == [
        dt.date(2026, 1, 5),  # the won deal's creation (a lead event)
        dt.date(2026, 2, 3),  # the open deal, on its creation
        dt.date(2026, 3, 2),  # the won deal, on its close
    ]
    assert result.open_by_creation == 1
    assert "1 affaire encore ouverte est datée de sa création" in result.open_deals_note("fr")
    assert "expected to close" in result.open_deals_note("en")
