"""Channels step: the channel mix, each funnel's stages, the expected funnel and the cadence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.compliance.call_capacity import lawful_activity
from planner.core.i18n import fmt_money, fmt_number
from planner.plan.defaults import channel_kinds, default_stages, new_channel
from planner.plan.editing import drop_none, from_percent, replace_part, to_percent, with_ids
from planner.plan.funnel import ExpectedFunnel, expected_funnel
from planner.plan.model import ChannelKind, Plan, Stage, StageKind
from ui import charts
from ui.editing import commit, commit_table, table
from ui.plan.cadence_calendar import calendar_download
from ui.shell import PageContext, plain
from ui.tables import localized

PIPELINE = "__pipeline__"
NO_SCRIPT = "-"  # an empty cell would read as missing in the grid
CHANNEL_FIELDS = (
    "name",
    "kind",
    "activity_name",
    "activities_per_week",
    "minutes_per_activity",
    "cost_per_activity",
    "fixed_cost_per_week",
    "joins_pipeline",
)


def channel_mix(page: PageContext, plan: Plan) -> None:
    """One row per channel: its weekly volume, time per activity and costs."""
    kinds = [k.value for k in channel_kinds(plan.meta.market)]
    money = plan.meta.currency
    columns = {
        "id": None,
        "name": st.column_config.TextColumn(page.t("channels.name"), required=True, max_chars=120),
        "kind": st.column_config.SelectboxColumn(
            page.t("channels.kind"),
            options=kinds,
            required=True,
            default=kinds[0],
            format_func=lambda k: page.t(f"channel_kind.{k}"),
        ),
        "activity_name": st.column_config.TextColumn(
            page.t("channels.activity_name"), help=page.t("channels.activity_name_help")
        ),
        "activities_per_week": st.column_config.NumberColumn(
            page.t("channels.activities_per_week"), min_value=0.0, format="%.0f"
        ),
        "minutes_per_activity": st.column_config.NumberColumn(
            page.t("channels.minutes_per_activity"), min_value=0.0, max_value=1440.0
        ),
        "cost_per_activity": st.column_config.NumberColumn(
            page.t("channels.cost_per_activity", currency=money), min_value=0.0
        ),
        "fixed_cost_per_week": st.column_config.NumberColumn(
            page.t("channels.fixed_cost_per_week", currency=money), min_value=0.0
        ),
        "joins_pipeline": st.column_config.CheckboxColumn(
            page.t("channels.joins_pipeline"), help=page.t("channels.joins_pipeline_help")
        ),
    }
    rows = [c.model_dump(mode="json", include={"id", *CHANNEL_FIELDS}) for c in plan.channels]
    edited = table("channels_table", rows, columns)
    if edited is None:
        return
    kept = {c.id: c.model_dump(mode="json") for c in plan.channels}
    items, taken = [], list(kept)
    for row in with_ids(edited):
        base = kept.get(row["id"])
        if base is None:
            kind = ChannelKind(row.get("kind") or ChannelKind.OTHER.value)
            fresh = new_channel(kind, plan.meta.market, page.lang, row.get("name") or "", taken)
            base = fresh.model_dump(mode="json") | {"id": row["id"]}
            taken.append(row["id"])
        items.append(base | drop_none(row))
    commit_table(page, "channels_table", replace_part(plan, "channels", items), "edited")


def _stage_rows(stages: list[Stage]) -> list[dict[str, object]]:
    return [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind.value,
            "low": to_percent(s.rate.low),
            "typical": to_percent(s.rate.typical),
            "high": to_percent(s.rate.high),
            "median_days": s.delay.median_days,
            "log_sd": s.delay.log_sd,
            "definition": s.rate.definition,
            "source": s.rate.source,
        }
        for s in stages
    ]


def _stage_items(rows: list[dict[str, object]], old: dict[str, Stage]) -> list[dict[str, object]]:
    items = []
    for row in with_ids(rows):
        previous = old.get(str(row["id"]))
        rate = previous.rate.model_dump() if previous else {}
        wait = previous.delay.model_dump() if previous else {}
        rate |= drop_none({k: from_percent(row.get(k)) for k in ("low", "typical", "high")})
        rate |= drop_none({k: row.get(k) for k in ("definition", "source")})
        wait |= drop_none({"median_days": row.get("median_days"), "log_sd": row.get("log_sd")})
        items.append(
            drop_none({"id": row["id"], "name": row.get("name"), "kind": row.get("kind")})
            | {"rate": rate, "delay": wait}
        )
    return items


def stages(page: PageContext, plan: Plan) -> None:
    """The stages of one channel (or of the shared pipeline), rates as low / typical / high."""
    options = [c.id for c in plan.channels] + (
        [PIPELINE] if plan.meta.market.value == "b2b" or plan.pipeline else []
    )
    if not options:
        st.caption(page.t("channels.no_channel"))
        return
    names = {c.id: c.name for c in plan.channels} | {PIPELINE: page.t("channels.pipeline")}
    chosen = st.selectbox(
        page.t("channels.funnel_of"),
        options,
        key="stage_channel",
        format_func=lambda c: names.get(str(c), str(c)),
    )
    current = plan.pipeline if chosen == PIPELINE else plan.channel(chosen).stages
    pct = "%.2f %%"
    columns = {
        "id": None,
        "name": st.column_config.TextColumn(page.t("channels.stage"), required=True, max_chars=120),
        "kind": st.column_config.SelectboxColumn(
            page.t("channels.stage_kind"),
            options=[k.value for k in StageKind],
            format_func=lambda k: page.t(f"stage_kind.{k}"),
            required=True,
        ),
        "low": st.column_config.NumberColumn(
            page.t("channels.low"), min_value=0.0, max_value=100.0, format=pct
        ),
        "typical": st.column_config.NumberColumn(
            page.t("channels.typical"), min_value=0.0, max_value=100.0, format=pct
        ),
        "high": st.column_config.NumberColumn(
            page.t("channels.high"), min_value=0.0, max_value=100.0, format=pct
        ),
        "median_days": st.column_config.NumberColumn(
            page.t("channels.median_days"), min_value=0.0, help=page.t("channels.median_days_help")
        ),
        "log_sd": st.column_config.NumberColumn(
            page.t("channels.log_sd"),
            min_value=0.0,
            max_value=3.0,
            help=page.t("channels.log_sd_help"),
        ),
        "definition": st.column_config.TextColumn(page.t("channels.definition"), width="medium"),
        "source": st.column_config.TextColumn(page.t("channels.source"), width="large"),
    }
    key = f"stages_{chosen}"
    edited = table(key, _stage_rows(current), columns)
    if edited is not None:
        items = _stage_items(edited, {s.id: s for s in current})
        commit_table(page, key, _with_stages(plan, chosen, items), "edited")
    if chosen != PIPELINE and st.button(
        page.t("channels.reset_stages"),
        key="reset_stages",
        icon=":material/restart_alt:",
        help=page.t("channels.reset_stages_help"),
    ):
        fresh = default_stages(plan.channel(chosen).kind, plan.meta.market, page.lang)
        if commit(page, _with_stages(plan, chosen, [s.model_dump(mode="json") for s in fresh])):
            st.rerun()


def _with_stages(plan: Plan, chosen: str, items: list[dict[str, object]]) -> dict[str, object]:
    if chosen == PIPELINE:
        return replace_part(plan, "pipeline", items)
    channels = [
        c.model_dump(mode="json") | ({"stages": items} if c.id == chosen else {})
        for c in plan.channels
    ]
    return replace_part(plan, "channels", channels)


def expected(page: PageContext, plan: Plan) -> ExpectedFunnel:
    """The expected funnel at typical rates: headline figures, charts and the table per stage."""
    funnel = expected_funnel(plan, activity=lawful_activity(plan))
    kinds = funnel.kind_totals()
    weeks = plan.meta.horizon_weeks
    figures = [
        ("activities", kinds.get("activity", 0.0)),
        ("meetings", kinds.get(StageKind.MEETING_BOOKED.value, 0.0)),
        ("deals", kinds.get(StageKind.WON.value, 0.0)),
    ]
    cols = st.columns(len(figures) + 2)
    for col, (name, total) in zip(cols, figures, strict=False):
        col.metric(
            page.t(f"channels.expected_{name}"),
            fmt_number(total, page.lang, 0 if name == "activities" else 1),
            page.t("channels.per_week", value=fmt_number(total / weeks, page.lang, 1)),
            delta_color="off",
        )
    currency = plan.meta.currency
    cols[-2].metric(
        page.t("channels.expected_revenue"), fmt_money(funnel.revenue(), currency, page.lang, 0)
    )
    cols[-1].metric(
        page.t("channels.expected_cost"), fmt_money(funnel.cost(), currency, page.lang, 0)
    )
    if funnel.stages.empty:
        return funnel
    charts.show(charts.funnel_chart(funnel, page.lang), page.lang)
    charts.show(charts.revenue_chart(funnel, page.lang), page.lang)
    totals = funnel.stage_totals()
    over, weekly = page.t("channels.over_horizon"), page.t("channels.weekly")
    st.dataframe(
        localized(
            pd.DataFrame(
                {
                    page.t("charts.channel"): totals["channel"],
                    page.t("charts.stage"): totals["stage"],
                    over: totals["expected"].round(1),
                    weekly: (totals["expected"] / weeks).round(2),
                }
            ),
            page.lang,
            {over: 1, weekly: 2},
        ),
        hide_index=True,
        width="stretch",
        key="expected_table",
    )
    return funnel


def cadence(page: PageContext, plan: Plan) -> None:
    """The multichannel cadence: steps by day, channel, action and script; touches per prospect."""
    names = {c.id: c.name for c in plan.channels}
    scripts = {NO_SCRIPT: page.t("cadence.no_script")} | {s.id: s.name for s in plan.scripts}
    columns = {
        "id": None,
        "day_offset": st.column_config.NumberColumn(
            page.t("cadence.day"), min_value=0, max_value=365, step=1, required=True, format="%d"
        ),
        "channel_id": st.column_config.SelectboxColumn(
            page.t("cadence.channel"),
            options=list(names),
            format_func=lambda c: names.get(str(c), str(c)),
            required=True,
        ),
        "action": st.column_config.TextColumn(page.t("cadence.action"), width="large"),
        "script_id": st.column_config.SelectboxColumn(
            page.t("cadence.script"),
            options=list(scripts),
            format_func=lambda s: scripts.get(str(s), str(s)),
        ),
    }
    rows = [
        s.model_dump(mode="json", include={"id", "day_offset", "channel_id", "action", "script_id"})
        | {"script_id": s.script_id or NO_SCRIPT}
        for s in sorted(plan.cadence, key=lambda s: s.day_offset)
    ]
    edited = table("cadence_table", rows, columns)
    if edited is not None:
        kept = {s.id: s.model_dump(mode="json") for s in plan.cadence}
        items = [
            kept.get(str(r["id"]), {})
            | drop_none(r)
            | {"script_id": None if r.get("script_id") in (None, "", NO_SCRIPT) else r["script_id"]}
            for r in with_ids(edited, name_field="action")
        ]
        commit_table(page, "cadence_table", replace_part(plan, "cadence", items), "edited")
    if not plan.cadence:
        return
    steps = pd.DataFrame(
        {
            "day_offset": [s.day_offset for s in plan.cadence],
            "channel": [names.get(s.channel_id, s.channel_id) for s in plan.cadence],
            "action": [s.action for s in plan.cadence],
        }
    )
    span = int(steps["day_offset"].max() - steps["day_offset"].min())
    by_channel = ", ".join(f"{n} × {c}" for c, n in steps["channel"].value_counts().items())
    st.caption(
        page.t("cadence.summary", touches=len(steps), days=span, by_channel=plain(by_channel))
    )
    charts.show(charts.cadence_chart(steps, page.lang), page.lang)
    calendar_download(page, plan)
