"""Where the people of an imported file came from (GD-01): asked before the import, kept on the
batch, and the art. 14 reminder when the data were not collected from them."""

from __future__ import annotations

import streamlit as st

from planner.compliance.notice import INDIRECT, DataSource
from planner.storage import ImportBatch
from ui.shell import PageContext

NOT_SAID = ""


def data_source_choice(page: PageContext) -> str:
    """The data source chosen for the file ("" when not said)."""
    options = [NOT_SAID, *(s.value for s in DataSource)]
    chosen = st.selectbox(
        page.t("datasource.label"),
        options,
        format_func=lambda s: page.t("datasource.not_said") if not s else _name(page, s),
        key="trk_data_source",
        help=page.t("datasource.help"),
    )
    source = str(chosen or NOT_SAID)
    if source and DataSource(source) in INDIRECT:
        st.info(page.t("datasource.art14"), icon=":material/gavel:")
    return source


def batch_source(page: PageContext, batch: ImportBatch) -> None:
    """The line saying where a batch's people came from, when it was said."""
    if batch.data_source in {s.value for s in DataSource}:
        st.caption(page.t("datasource.batch", source=_name(page, batch.data_source)))


def _name(page: PageContext, source: str) -> str:
    return page.t(f"noticepage.sources.{source}")
