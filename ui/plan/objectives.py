"""Objectives step: SMART objectives with their letter-by-letter check, and team capacity."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st
from babel import Locale

from planner.core.i18n import babel_locale, fmt_number, fmt_percent
from planner.plan.capacity import Severity, capacity_flags, capacity_report
from planner.plan.editing import (
    drop_none,
    field_bounds,
    from_percent,
    replace_fields,
    replace_part,
    to_percent,
    with_ids,
)
from planner.plan.model import Metric, Plan, Team, supported_countries
from planner.plan.smart import LetterCheck, Verdict, check_objectives
from ui import charts
from ui.editing import commit, commit_table, owner, seed, table
from ui.fields import Refused, number_field, say_refused
from ui.shell import PageContext, plain
from ui.tables import localized

ALL = "*"  # the scope "all channels / all segments" (an empty cell would read as missing)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
VERDICT_ICON = {
    Verdict.OK: ":green[:material/check_circle:]",
    Verdict.WARNING: ":orange[:material/warning:]",
    Verdict.FAIL: ":red[:material/cancel:]",
    Verdict.NOT_ASSESSED: ":gray[:material/hourglass_empty:]",
}


def objectives(page: PageContext, plan: Plan) -> None:
    """The objectives table: metric, target, deadline and optional scope."""
    segments = {ALL: page.t("objectives.all")} | {s.id: s.name for s in plan.segments}
    channels = {ALL: page.t("objectives.all")} | {c.id: c.name for c in plan.channels}
    columns = {
        "id": None,
        "name": st.column_config.TextColumn(
            page.t("objectives.name"), required=True, max_chars=120
        ),
        "metric": st.column_config.SelectboxColumn(
            page.t("objectives.metric"),
            options=[m.value for m in Metric],
            required=True,
            format_func=lambda m: page.t(f"metric.{m}"),
            width="medium",
        ),
        "target": st.column_config.NumberColumn(
            page.t("objectives.target"),
            min_value=0.0,
            required=True,
            help=page.t("objectives.target_help"),
        ),
        "deadline": st.column_config.DateColumn(
            page.t("objectives.deadline"),
            min_value=plan.meta.start_date,
            max_value=plan.meta.end_date,
            required=True,
            format="DD/MM/YYYY" if page.lang == "fr" else "YYYY-MM-DD",
        ),
        "channel_id": st.column_config.SelectboxColumn(
            page.t("objectives.channel"),
            options=list(channels),
            format_func=lambda c: channels.get(str(c), str(c)),
        ),
        "segment_id": st.column_config.SelectboxColumn(
            page.t("objectives.segment"),
            options=list(segments),
            format_func=lambda s: segments.get(str(s), str(s)),
        ),
    }
    rows = [
        {
            "id": o.id,
            "name": o.name,
            "metric": o.metric.value,
            "target": to_percent(o.target) if o.metric.is_rate else o.target,
            "deadline": o.deadline,
            "channel_id": o.channel_id or ALL,
            "segment_id": o.segment_id or ALL,
        }
        for o in plan.objectives
    ]
    edited = table("objectives_table", rows, columns)
    if edited is None:
        return
    items = []
    for row in with_ids(edited):
        if row.get("metric") in {m.value for m in Metric} and Metric(row["metric"]).is_rate:
            row["target"] = from_percent(row.get("target"))
        if row.get("deadline") is not None:
            row["deadline"] = str(row["deadline"])[:10]
        items.append(
            drop_none(row)
            | {
                "channel_id": _scope(row.get("channel_id")),
                "segment_id": _scope(row.get("segment_id")),
            }
        )
    commit_table(page, "objectives_table", replace_part(plan, "objectives", items), "edited")


def _scope(value: object) -> object:
    return None if value in (None, "", ALL) else value


def smart_checks(page: PageContext, plan: Plan, achievable: dict[str, float] | None = None) -> None:
    """Each objective checked letter by letter, with the reason shown."""
    results = check_objectives(plan, achievable)
    for objective in plan.objectives:
        with st.container(border=True):
            st.markdown(
                f"**{plain(objective.name)}** · {page.t(f'metric.{objective.metric.value}')}"
            )
            for check in results[objective.id]:
                st.markdown(_letter_line(page, check))


def _letter_line(page: PageContext, check: LetterCheck) -> str:
    letter = page.t(f"objectives.letter.{check.letter.name.lower()}")
    return f"{VERDICT_ICON[check.verdict]} **{letter}** — {plain(check.message(page.lang))}"


def team(page: PageContext, plan: Plan) -> None:
    """Reps, hours, vacations, ramp-up, working days and the country's public holidays."""
    mine = owner(page)
    current = plan.team
    cols = st.columns(5)
    fields = {
        "reps": (cols[0], current.reps, True),
        "hours_per_rep_per_week": (cols[1], current.hours_per_rep_per_week, False),
        "vacation_weeks": (cols[2], current.vacation_weeks, False),
        "new_reps": (cols[3], current.new_reps, True),
        "ramp_up_weeks": (cols[4], current.ramp_up_weeks, True),
    }
    values: dict[str, object] = {}
    refused: list[Refused] = []
    for name, (col, value, whole) in fields.items():
        low, high = field_bounds(Team, name)
        typed = number_field(
            page,
            page.t(f"team.{name}"),
            f"team_{name}",
            value,
            mine,
            minimum=low,
            maximum=high,
            whole=whole,
            help=page.t(f"team.{name}_help"),
            container=col,
        )
        if isinstance(typed, Refused):
            refused.append(typed)
            typed = value  # the saved value stays until the field is corrected
        values[name] = typed
    if refused:
        say_refused(page, refused)
    day_col, country_col = st.columns([3, 2])
    seed(
        "team_days",
        [d for d, on in zip(WEEKDAYS, current.working_days, strict=True) if on == "1"],
        mine,
    )
    days = day_col.multiselect(
        page.t("team.working_days"),
        WEEKDAYS,
        key="team_days",
        format_func=lambda d: page.t(f"weekday.{d}"),
        placeholder=page.t("shell.choose_options"),
        select_all=False,  # its label is English only
    )
    values["working_days"] = "".join("1" if d in days else "0" for d in WEEKDAYS)
    seed("team_country", plan.meta.country, mine)
    country = country_col.selectbox(
        page.t("team.country"),
        _countries(page.lang),
        key="team_country",
        format_func=lambda c: _country_name(c, page.lang),
        help=page.t("team.country_help"),
    )
    if values != current.model_dump(include=set(values)) and commit(
        page, replace_part(plan, "team", values)
    ):
        st.rerun()
    if country != plan.meta.country and commit(
        page, replace_fields(plan, "meta", {"country": country})
    ):
        st.rerun()


def _countries(lang: str) -> list[str]:
    return sorted(supported_countries(), key=lambda c: _country_name(c, lang))


def _country_name(code: str, lang: str) -> str:
    return str(Locale.parse(babel_locale(lang)).territories.get(code, code))


def capacity(page: PageContext, plan: Plan) -> None:
    """Hours available against the hours the channel mix asks, week by week and per channel."""
    report = capacity_report(plan)
    a, b, c = st.columns(3)
    a.metric(page.t("team.hours_available"), fmt_number(report.average_hours, page.lang, 1))
    b.metric(
        page.t("team.hours_needed"), fmt_number(float(report.demand_hours.mean()), page.lang, 1)
    )
    c.metric(page.t("team.utilisation"), fmt_percent(report.utilisation, page.lang, 0))
    show = {Severity.ERROR: st.error, Severity.WARNING: st.warning, Severity.INFO: st.info}
    for flag in capacity_flags(report):
        show[flag.severity](plain(flag.message(page.lang)))
    names = {ch.id: ch.name for ch in plan.channels}
    planned, hours, most = (
        page.t("team.planned"),
        page.t("team.hours"),
        page.t("team.max_activities"),
    )
    share = page.t("team.share")
    frame = pd.DataFrame(
        {
            page.t("team.channel"): [names[load.channel_id] for load in report.loads],
            planned: [load.activities_per_week for load in report.loads],
            hours: [round(load.hours_per_week, 1) for load in report.loads],
            most: [_whole(load.max_activities_per_week) for load in report.loads],
            share: [round(load.share_of_hours * 100, 1) for load in report.loads],
        }
    )
    st.dataframe(
        localized(frame, page.lang, {planned: 0, hours: 1, most: 0, share: 1}),
        hide_index=True,
        width="stretch",
    )
    charts.show(charts.capacity_chart(plan, report, page.lang), page.lang)


def _whole(value: float) -> int | None:
    return round(value) if math.isfinite(value) else None
