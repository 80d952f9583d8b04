"""Tracking page against the plan: actual weeks over the plan's band, and the re-forecast."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from planner import storage
from tests.test_app_tracking import GOOD, HEADER, metric, open_tracking, stored, with_events

# Eight weeks of cold e-mails at 50 a week, 2 replies a week; the demo plans 250 a week.
SLOW = HEADER + "".join(
    f"{(dt.date(2027, 1, 4) + dt.timedelta(weeks=w, days=d)).strftime('%d/%m/%Y')};"
    f"p{w}-{d}-{i};email;{kind};;SMB;Ann;\n"
    for w in range(8)
    for d in range(5)
    for i, kind in enumerate(["activity"] * 10 + (["reply"] if d < 2 else []))
)


def table_with(at: object, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)  # type: ignore[attr-defined]


def test_each_stage_stands_against_the_plans_band_at_the_last_week(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id, SLOW, "slow.csv")
    at = open_tracking(plan_id)
    assert not at.exception

    as_of = next(d for d in at.date_input if "trk_as_of" in d.key)
    assert as_of.value == dt.date(2027, 2, 26)  # the last day with an event
    latest = table_with(at, "Actual so far")
    email = latest[latest["Channel"] == "Cold e-mail"].set_index("Stage")
    assert email.loc["Activities", "Actual so far"] == "400"
    assert email.loc["Activities", "Against the plan"] == "below the plan"
    assert email.loc["Reply", "Actual so far"] == "16"
    assert at.selectbox(key="trk_pva_ch").value == "email"  # the channel with actual activity


def test_stages_without_data_are_left_out_of_the_rate_table(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id, SLOW, "slow.csv")
    at = open_tracking(plan_id)

    rates = table_with(at, "Observed (k of n)")
    assert list(zip(rates["Channel"], rates["Stage"], strict=True)) == [
        ("Cold e-mail", "Reply"),
        ("Cold e-mail", "Meeting booked"),
    ]
    assert rates["Observed (k of n)"].tolist() == ["4.0% (16 of 400)", "0.0% (0 of 16)"]
    assert any(
        "14 stages without data in this period are not shown." in c.value for c in at.caption
    )


def test_the_channel_and_the_view_of_the_chart_can_be_changed(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id, SLOW, "slow.csv")
    at = open_tracking(plan_id)

    at.selectbox(key="trk_pva_ch").select("email").run()
    at.radio(key="trk_pva_cum").set_value(False).run()

    assert not at.exception
    spec = next(c.proto.spec for c in at.get("vega_lite_chart") if '"facet"' in c.proto.spec)
    assert "below the plan" in spec and "above the plan" in spec  # the status colours' legend


def test_the_reforecast_shows_revenue_objectives_and_rates_against_the_plan(
    workspace: Engine,
) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id, SLOW, "slow.csv")
    at = open_tracking(plan_id)
    assert not at.exception

    assert metric(at, "Deals over the horizon (P50)")
    revenue = next(m for m in at.metric if m.label == "Revenue over the horizon (P50)")
    assert revenue.value.startswith("€")
    assert str(revenue.delta).startswith("-€")  # far fewer e-mails than planned: less revenue
    assert any(
        "8 weeks observed: 0 deals won, €0 of revenue so far." in c.value for c in at.caption
    )
    objectives = table_with(at, "Chance now")
    assert len(objectives) == 5  # the demo plan's five objectives
    rates = table_with(at, "Updated: mean (P10 – P90)").set_index(["Channel", "Stage"])
    reply = rates.loc[("Cold e-mail", "Reply")]
    # replies come a few days after the e-mail: the last week's e-mails have not all matured
    assert 380 < float(reply["n (matured)"].replace(",", "")) < 400
    assert reply["k"] == "16"


def test_the_reforecast_reads_in_french(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")
    with_events(workspace, plan_id, GOOD)
    at = open_tracking(plan_id, "fr")
    assert not at.exception

    revenue = next(m for m in at.metric if m.label == "Chiffre d’affaires sur l’horizon (P50)")
    assert revenue.value.endswith("\xa0€")
    assert any("3 affaires gagnées, 7\u202f001\xa0€" in c.value for c in at.caption)
    assert "Chance maintenant" in table_with(at, "Chance maintenant").columns


def test_an_earlier_as_of_date_observes_fewer_weeks(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id, SLOW, "slow.csv")
    at = open_tracking(plan_id)

    key = next(d.key for d in at.date_input if "trk_as_of" in d.key)
    at.date_input(key=key).set_value(dt.date(2027, 1, 13)).run()

    assert not at.exception
    assert any("2 weeks observed" in c.value for c in at.caption)
    latest = table_with(at, "Actual so far")
    email = latest[latest["Channel"] == "Cold e-mail"].set_index("Stage")
    assert email.loc["Activities", "Actual so far"] == "100"


def test_an_as_of_date_after_the_plan_is_said_and_read_at_its_end(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id, SLOW, "slow.csv")
    at = open_tracking(plan_id)
    key = next(d.key for d in at.date_input if "trk_as_of" in d.key)
    end = storage.load_plan(workspace, plan_id).plan.meta.end_date
    at.date_input(key=key).set_value(end + dt.timedelta(days=400)).run()
    assert not at.exception
    assert any("is outside the plan" in w.value for w in at.warning)
