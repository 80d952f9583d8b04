"""Tracking step, A/B test: a step and two script variants, their counts and the verdict."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from planner.core.i18n import fmt_date, fmt_percent
from planner.tracking import abtest
from planner.tracking.abtest import AB_PAIRS, AB_SEED
from ui.shell import PageContext, plain
from ui.tracking.event_log import LogRef, ab_counts


def _pct(value: Any, lang: str) -> str:
    return "—" if value is None or pd.isna(value) else fmt_percent(float(value), lang, 1)


def _pair_label(page: PageContext, pair: tuple[str, str]) -> str:
    numerator, denominator = pair
    return page.t(
        "tracking.ab.pair_label",
        numerator=page.t(f"tracking.event.{numerator}"),
        denominator=page.t(f"tracking.event.{denominator}"),
    )


def ab_panel(page: PageContext, ref: LogRef, start: dt.date, end: dt.date) -> None:
    """Pick a step and two variants; the counts per variant over the period and the verdict."""
    dates = {"start": fmt_date(start, page.lang), "end": fmt_date(end, page.lang)}
    st.caption(f"{page.t('tracking.ab.intro')} {page.t('tracking.ab.period', **dates)}")
    pair = st.selectbox(
        page.t("tracking.ab.pair"),
        AB_PAIRS,
        key="trk_ab_pair",
        format_func=lambda p: _pair_label(page, p),
    )
    counts = ab_counts(ref.engine, ref.plan_id, ref.batch_ids, pair, start, end)
    variants = [str(v) for v in counts["variant"]]
    if len(variants) < 2:
        st.info(page.t("tracking.ab.need_two"), icon=":material/science:")
        return
    left, right = st.columns(2)
    a = left.selectbox(page.t("tracking.ab.variant_a"), variants, index=0, key="trk_ab_a")
    b = right.selectbox(page.t("tracking.ab.variant_b"), variants, index=1, key="trk_ab_b")
    table = pd.DataFrame(
        {
            page.t("tracking.ab.variant"): counts["variant"],
            page.t("tracking.ab.trials"): counts["trials"],
            page.t("tracking.ab.conversions"): counts["conversions"],
            page.t("tracking.ab.rate"): [
                _pct(k / n if n else None, page.lang)
                for k, n in zip(counts["conversions"], counts["trials"], strict=True)
            ],
        }
    )
    st.dataframe(table, hide_index=True, key="trk_ab_counts")
    units = {str(u) for u in counts["unit"]}
    st.caption(page.t(f"tracking.ab.unit.{units.pop() if len(units) == 1 else 'mixed'}"))
    if a == b:
        return
    try:
        arm_a, arm_b, weekly = abtest.arms_from_counts(counts, a, b)
    except ValueError:
        st.error(page.t("tracking.ab.not_nested"), icon=":material/error:")
        return
    result = abtest.ab_test(
        arm_a, arm_b, np.random.default_rng(AB_SEED), weekly_trials_per_arm=weekly
    )
    st.info(plain(result.message(page.lang)), icon=":material/science:")
    cols = st.columns(3)
    cols[0].metric(
        page.t("abtest.label.prob_b_better"), fmt_percent(result.prob_b_better, page.lang, 1)
    )
    cols[1].metric(page.t("abtest.label.loss_a"), fmt_percent(result.loss_choosing_a, page.lang, 2))
    cols[2].metric(page.t("abtest.label.loss_b"), fmt_percent(result.loss_choosing_b, page.lang, 2))
    if result.lift_low is not None and result.lift_high is not None:
        low = fmt_percent(result.lift_low, page.lang, 1)
        high = fmt_percent(result.lift_high, page.lang, 1)
        st.caption(f"{page.t('abtest.label.lift')}: {low} → {high}")
    if result.ztest is not None:
        st.caption(result.ztest.message(page.lang))
