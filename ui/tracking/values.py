"""Tracking step, importing: what the file's values mean (events, channels, lead sources), the
prospect column taken, and the mapping saved as a file for the command line."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.core.i18n import plural
from planner.plan.model import Plan
from planner.tracking.events import EventKind
from planner.tracking.importing import ImportResult, channel_aliases
from planner.tracking.presets import KIND_LABELS, ColumnMapping, normalised, source_columns
from planner.tracking.reading import RawTable
from planner.tracking.values import EVENT_SYNONYMS, ValueMapping
from ui.shell import PageContext, plain

MAX_VALUES = 30  # distinct values offered for mapping, most frequent first


def _counts(table: RawTable, column: str) -> pd.Series:
    """Rows per distinct value of a column (compared loosely), most frequent first, blanks out;
    indexed by the value as first written."""
    cells = table.frame[column].str.strip()
    cells = cells[cells != ""]
    keys = cells.map(normalised)
    first = cells.groupby(keys, sort=False).first()
    counts = keys.value_counts()
    return pd.Series(counts.to_numpy(), index=[first[k] for k in counts.index])


def event_values(page: PageContext, table: RawTable, mapping: ColumnMapping) -> dict[str, str]:
    """The user's kind for each value of the event column that names no event (the mapping's
    own values, and for a generic log the kinds' names and common words, are known)."""
    column = source_columns(mapping, table.headers).get("event", "")
    if not column:
        return {}
    known = set(mapping.events)
    if mapping.kind_names:
        known |= set(KIND_LABELS) | set(EVENT_SYNONYMS)
    counts = table.frame[column].map(normalised).value_counts()
    unknown = [str(v) for v in counts.index if v and v not in known]
    if not unknown:
        return {}
    shown = unknown[:MAX_VALUES]
    st.markdown(f"**{page.t('values.events.title')}**")
    st.caption(page.t("tracking.import.event_values", shown=len(shown), total=len(unknown)))
    kinds = ["", *(kind.value for kind in EventKind)]
    chosen: dict[str, str] = {}
    columns = st.columns(3)
    for i, value in enumerate(shown):
        with columns[i % 3]:
            kind = st.selectbox(
                plain(value),
                kinds,
                key=f"trk_event_value_{table.sha256[:8]}_{i}",
                format_func=lambda k: (
                    page.t(f"tracking.event_one.{k}") if k else page.t("tracking.import.event_skip")
                ),
            )
        if kind:
            chosen[value] = kind
    return chosen


def channel_values(
    page: PageContext, plan: Plan, table: RawTable, mapping: ColumnMapping
) -> dict[str, str]:
    """The user's channel for values of the channel column the plan does not know, or, for a
    file without one, for each value of its lead-source column (defaults shown, changeable)."""
    sources = source_columns(mapping, table.headers)
    aliases = {**channel_aliases(plan), **mapping.channel_values}
    names = {c.id: c.name for c in plan.channels}
    if "channel" in sources:
        column, by_source = sources["channel"], False
    elif "source" in sources:
        column, by_source = sources["source"], True
    else:
        return {}
    counts = _counts(table, column)
    if not by_source:
        counts = counts[[normalised(str(v)) not in aliases for v in counts.index]]
    if counts.empty:
        return {}
    shown = counts.iloc[:MAX_VALUES]
    if by_source:
        st.markdown(f"**{page.t('values.source.title')}**")
        st.caption(page.t("values.source.intro", column=plain(column)))
        empty = page.t("values.source.none")
    else:
        st.markdown(f"**{page.t('values.channels.title')}**")
        total = len(counts)
        intro = page.t("values.channels.intro", column=plain(column), shown=len(shown), total=total)
        st.caption(intro)
        empty = page.t("values.channels.skip")
    chosen: dict[str, str] = {}
    columns = st.columns(3)
    for i, (value, rows) in enumerate(shown.items()):
        default = aliases.get(normalised(str(value)), "")
        options = ["", *names]
        with columns[i % 3]:
            channel = st.selectbox(
                page.t(
                    f"values.{'source' if by_source else 'channels'}.value",
                    value=plain(str(value)),
                    rows=plural(page.lang, "values.count.rows", int(rows)),
                ),
                options,
                index=options.index(default),
                key=f"trk_channel_value_{table.sha256[:8]}_{i}",
                format_func=lambda cid: names[cid] if cid else empty,
            )
            if by_source and not channel:
                st.caption(page.t("values.source.unmapped_short"))
        if channel and channel != default:
            chosen[str(value)] = channel
        elif channel and by_source:
            chosen[str(value)] = channel  # saved too: the CLI then reads it the same way
    return chosen


def prospect_and_sources(page: PageContext, result: ImportResult) -> None:
    """Which column was taken as the prospect, and the lead sources that name no channel."""
    st.caption(result.prospect_note(page.lang))
    note = result.source_note(page.lang)
    if note:
        st.warning(note, icon=":material/alt_route:")


def save_button(page: PageContext, result: ImportResult, chosen: ValueMapping) -> None:
    """A download of the mapping (columns and value choices) as JSON, for the command line."""
    saved = ValueMapping(
        preset=chosen.preset,
        columns=dict(result.sources),
        events=chosen.events,
        channels=chosen.channels,
        date_order=result.mapping.date_order,
    )
    st.download_button(
        page.t("values.save.button"),
        saved.to_json(),
        file_name="mapping.json",
        mime="application/json",
        key="trk_save_mapping",
        help=page.t("values.save.help"),
        icon=":material/save:",
    )
