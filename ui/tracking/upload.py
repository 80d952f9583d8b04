"""Tracking step, importing: read a file, choose its mapping, preview, list bad rows, store."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner import storage
from planner.core.i18n import plural
from planner.core.problems import InvalidInput
from planner.plan.model import Plan
from planner.storage.opposition import opposition_digests
from planner.tracking.events import EventKind
from planner.tracking.importing import (
    ImportResult,
    channel_aliases,
    map_events,
    preview,
    rejected_csv,
)
from planner.tracking.opposed_rows import without_opposed
from planner.tracking.presets import (
    FIELDS,
    GENERIC,
    PRESETS,
    ColumnMapping,
    guess_mapping,
    manual_mapping,
    source_columns,
)
from planner.tracking.reading import RawTable, read_table
from planner.tracking.values import ValueMapping
from ui.browser import lost_upload
from ui.editing import seed
from ui.shell import PageContext, local_time, may_edit, plain
from ui.tracking.data_source import batch_source, data_source_choice
from ui.tracking.dates import with_date_order
from ui.tracking.display import events_table
from ui.tracking.values import channel_values, event_values, prospect_and_sources, save_button

MANUAL = "manual"
_MANUAL_FIELDS = tuple(f for f in FIELDS if f not in ("probability", "order", "stage", "created"))


def mapping_label(page: PageContext, name: str) -> str:
    """A mapping's name as the user reads it."""
    return page.t(f"importing.mapping.{name}")


def _problems(page: PageContext, exc: InvalidInput) -> None:
    lines = "\n".join(f"- {plain(line)}" for line in exc.messages(page.lang))
    st.error(lines, icon=":material/error:")


def _manual(page: PageContext, table: RawTable) -> ColumnMapping:
    st.caption(page.t("tracking.import.manual_intro"))
    headers = list(table.headers)
    guessed = source_columns(GENERIC, headers)
    chosen: dict[str, str] = {}
    columns = st.columns(4)
    for i, name in enumerate(_MANUAL_FIELDS):
        key = f"trk_manual_{name}"
        seed(key, guessed.get(name, ""), table.sha256, keep_typed=False)
        with columns[i % 4]:
            chosen[name] = st.selectbox(
                page.t(f"tracking.field.{name}"),
                ["", *headers],
                key=key,
                format_func=lambda h: h or page.t("tracking.import.no_column"),
            )
    order = st.radio(
        page.t("tracking.import.date_order"),
        ["dmy", "mdy"],
        key="trk_manual_date_order",
        format_func=lambda o: page.t(f"tracking.import.date_order_{o}"),
        horizontal=True,
        help=page.t("tracking.import.date_order_help"),
    )
    return manual_mapping({f: c for f, c in chosen.items() if c}, date_order=order)


def choose_mapping(
    page: PageContext, plan: Plan, table: RawTable
) -> tuple[ColumnMapping, ValueMapping]:
    """The preset guessed from the headers, changeable, or the user's own mapping; with what
    the user says the file's event, channel and source values mean."""
    guessed = guess_mapping(table.headers)
    names = [*PRESETS, MANUAL]
    seed("trk_mapping", guessed.name if guessed else MANUAL, table.sha256, keep_typed=False)
    if guessed is None:
        st.warning(page.t("tracking.import.mapping_none"), icon=":material/help:")
    else:
        st.caption(
            page.t("tracking.import.mapping_guessed", mapping=mapping_label(page, guessed.name))
        )
    name = st.selectbox(
        page.t("tracking.import.mapping"),
        names,
        key="trk_mapping",
        format_func=lambda n: mapping_label(page, n),
    )
    mapping = _manual(page, table) if name == MANUAL else PRESETS[name]
    if "channel" not in source_columns(mapping, table.headers) and plan.channels:
        channel = st.selectbox(
            page.t("tracking.import.default_channel"),
            [c.id for c in plan.channels],
            key="trk_default_channel",
            format_func=lambda cid: next(c.name for c in plan.channels if c.id == cid),
            help=page.t("tracking.import.default_channel_help"),
        )
        mapping = mapping.with_default_channel(channel)
    events = {value: EventKind(kind) for value, kind in event_values(page, table, mapping).items()}
    channels = channel_values(page, plan, table, mapping)
    chosen = ValueMapping(preset=name, events=events, channels=channels)
    return mapping.with_values(events, channels), chosen


def rejected_table(page: PageContext, result: ImportResult) -> pd.DataFrame:
    """One line per rejected row: its number in the file and every reason, in the page's lang."""
    reasons = result.reasons(page.lang)
    return pd.DataFrame(
        {
            page.t("importing.csv.row"): list(reasons),
            page.t("importing.csv.reason"): list(reasons.values()),
        }
    )


def mapped(
    page: PageContext, plan: Plan, data: bytes, file_name: str
) -> tuple[ImportResult, ValueMapping] | None:
    """The file read and mapped under the chosen mapping, with the user's value choices; None,
    with why, when it cannot be."""
    try:
        table = read_table(data, file_name)
    except InvalidInput as exc:
        _problems(page, exc)
        return None
    mapping, chosen = choose_mapping(page, plan, table)
    channels = channel_aliases(plan)
    try:
        result = map_events(table, mapping, channels)
        result = with_date_order(
            page, result, lambda order: map_events(table, mapping, channels, date_order=order)
        )
        return without_opposed(result, opposition_digests(page.engine)), chosen
    except InvalidInput as exc:
        _problems(page, exc)
        return None


def store(page: PageContext, result: ImportResult, data_source: str = "") -> bool:
    """Store a mapped file's valid rows as one batch; refuse a file already imported."""
    if page.stored is None or not may_edit(page):
        return False
    try:
        batch = storage.store_events(
            page.engine,
            page.stored.id,
            result.coded,
            file_name=result.file_name,
            sha256=result.sha256,
            rows_rejected=result.rejected_rows,
            mapping=result.mapping.name,
            rows_imported=result.valid_rows,
            data_source=data_source,
        )
    except storage.AlreadyImported as exc:
        _already(page, exc.batch)
        return False
    st.success(
        page.t(
            "tracking.import.imported",
            file=plain(batch.file_name),
            rows=plural(page.lang, "importing.count.rows_imported", batch.rows_imported),
        ),
        icon=":material/check_circle:",
    )
    return True


def _already(page: PageContext, batch: storage.ImportBatch) -> None:
    when = local_time(page, batch.imported_at)
    st.warning(page.t("importing.problem.already_imported", date=when), icon=":material/block:")


def import_panel(page: PageContext, plan: Plan) -> None:
    """Upload a file, map it, preview it, list its bad rows, and import it when the user says so."""
    st.caption(page.t("tracking.import.intro"))
    lost = lost_upload("trk_file")  # read before the uploader takes the browser's state
    upload = st.file_uploader(
        page.t("tracking.import.file"), type=["csv", "xlsx", "txt"], key="trk_file"
    )
    if upload is None and lost:
        st.warning(page.t("editing.upload_lost"), icon=":material/cloud_off:")
    if upload is None or page.stored is None:
        return
    found = mapped(page, plan, upload.getvalue(), upload.name)
    if found is None:
        return
    result, chosen = found
    st.caption(
        page.t(
            "tracking.import.counts",
            total=plural(page.lang, "importing.count.rows_read", result.total_rows),
            valid=plural(page.lang, "importing.count.valid", result.valid_rows),
            rejected=plural(page.lang, "importing.count.rejected", result.rejected_rows),
            duplicates=plural(page.lang, "importing.count.duplicates", result.duplicates),
        )
    )
    prospect_and_sources(page, result)
    if result.footer_rows:
        st.caption(result.footer_note(page.lang))
    if result.alike:
        st.caption(result.alike_note(page.lang))
    if result.open_by_creation:
        st.caption(result.open_deals_note(page.lang))
    if result.opposed:
        st.info(result.opposed_note(page.lang), icon=":material/block:")
    currency_note = result.currency_note(page.lang, plan.meta.currency)
    if currency_note:
        st.warning(currency_note, icon=":material/currency_exchange:")
    st.markdown(f"**{page.t('tracking.import.preview')}**")
    st.dataframe(events_table(page, plan, preview(result)), hide_index=True, key="trk_preview")
    save_button(page, result, chosen)
    if result.rejected_rows:
        st.markdown(f"**{page.t('tracking.import.rejected')}**")
        st.dataframe(rejected_table(page, result), hide_index=True, key="trk_rejected")
    done = storage.find_batch(page.engine, page.stored.id, result.sha256)
    if done is not None:
        _already(page, done)
        return
    source = data_source_choice(page) if result.valid_rows else ""
    if not result.valid_rows:
        st.error(page.t("tracking.import.nothing_valid"), icon=":material/error:")
    elif not result.rejected_rows:
        if st.button(page.t("tracking.import.import"), key="trk_import", type="primary"):
            store(page, result, source)
    else:
        st.warning(
            page.t(
                "tracking.import.rejected_warning",
                rejected=result.rejected_rows,
                valid=result.valid_rows,
            ),
            icon=":material/warning:",
        )
        if st.button(page.t("tracking.import.import_valid"), key="trk_import_valid"):
            store(page, result, source)
    if result.rejected_rows:
        st.download_button(
            page.t("tracking.import.download_rejected"),
            rejected_csv(result, page.lang),
            file_name="rejected.csv",
            mime="text/csv",
            key="trk_download_rejected",
        )


def batches_panel(page: PageContext) -> list[storage.ImportBatch]:
    """The plan's imported files, most recent first, each with a delete button."""
    if page.stored is None:
        return []
    batches = storage.list_batches(page.engine, page.stored.id)
    if not batches:
        st.caption(page.t("tracking.batches.none"))
    for batch in batches:
        left, right = st.columns([5, 1], vertical_alignment="center")
        with left:
            st.text(batch.file_name)
            st.caption(
                page.t(
                    "tracking.batches.line",
                    date=local_time(page, batch.imported_at),
                    rows=plural(page.lang, "importing.count.rows_imported", batch.rows_imported),
                    rejected=plural(page.lang, "importing.count.rejected", batch.rows_rejected),
                    mapping=mapping_label(page, batch.mapping) if batch.mapping else "—",
                )
            )
            batch_source(page, batch)
        with right:
            if st.button(
                page.t("tracking.batches.delete"),
                key=f"trk_delete_{batch.id}",
                icon=":material/delete:",
            ) and may_edit(page):
                storage.delete_batch(page.engine, batch.id)
                st.rerun()
    return batches
