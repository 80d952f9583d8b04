"""Customer counts for retention on the Tracking page, typed or imported, through AppTest."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner.storage.retention import counts_snapshot, save_counts
from planner.tracking.retention import counts_from_rows
from tests.apptest import shown, shown_cells
from tests.test_app_tracking import open_tracking, stored
from tests.test_retention import ENGLISH_CSV, FRENCH_CSV

TABLE = "trk_retention"


def type_rows(at: AppTest, *rows: dict[str, Any]) -> AppTest:
    """Add rows to the customer counts table as the user does in the grid."""
    at.session_state[TABLE] = {"edited_rows": {}, "added_rows": list(rows), "deleted_rows": []}
    return at.run()


def saved(engine: Engine, plan_id: str) -> list[tuple[str, int, int, int]]:
    return [(r.period.key, r.start, r.new, r.end) for r in counts_snapshot(engine, plan_id)[0]]


def results(at: AppTest, lang: str = "en") -> dict[str, str]:
    """The retention shown per period, as the browser draws it."""
    header = "Retention (%)" if lang == "en" else "Rétention (%)"
    period = "Period" if lang == "en" else "Période"
    (table,) = [d for d in at.dataframe if header in d.value.columns]
    cells = shown_cells(table)
    return dict(zip(cells[period], cells[header], strict=True))


def messages(elements: Any) -> str:
    return "\n".join(shown(e) for e in elements)


JANUARY = {"period": "2026-01", "start": 100, "new": 20, "end": 110}
FEBRUARY = {"period": "Feb 2026", "start": 110, "new": 5, "end": 112}
MARCH = {"period": "March 2026", "start": 112, "new": 10, "end": 115}


def test_typed_months_are_saved_and_retention_shows_per_month_and_quarter(
    workspace: Engine,
) -> None:
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    assert "Customer retention" in [s.value for s in at.subheader]
    assert any("Retention = (customers at end − new customers)" in m.value for m in at.markdown)

    at = type_rows(at, JANUARY, FEBRUARY, MARCH)

    assert not at.exception and not at.error
    assert "Customer counts saved." in [s.value for s in at.success]
    assert saved(workspace, plan_id) == [
        ("2026-01", 100, 20, 110),
        ("2026-02", 110, 5, 112),
        ("2026-03", 112, 10, 115),
    ]
    shown_rates = results(at)
    assert shown_rates["Jan 2026"] == "90.0"  # (110 − 20) ÷ 100
    assert shown_rates["Q1 2026"] == "80.0"  # (115 − 35) ÷ 100


def test_percentages_read_the_french_way(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")
    at = type_rows(open_tracking(plan_id, "fr"), JANUARY | {"end": 113}, FEBRUARY | {"start": 113})
    assert not at.error
    assert results(at, "fr")["janv. 2026"] == "93,0"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Row 1: customers at end (10) are fewer than the new customers (20)"),
        ("fr", "Ligne 1 : les clients fin (10) sont moins nombreux que les nouveaux clients (20)"),
    ],
)
def test_a_bad_typed_row_is_refused_with_its_row_and_nothing_is_saved(
    workspace: Engine, lang: str, message: str
) -> None:
    plan_id = stored(workspace, lang)
    at = type_rows(open_tracking(plan_id, lang), JANUARY | {"end": 10}, FEBRUARY)
    assert not at.exception
    assert message in messages(at.error)
    assert saved(workspace, plan_id) == []


def test_a_french_file_is_imported_and_replaces_the_table(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")
    at = open_tracking(plan_id, "fr")
    at.file_uploader(key="trk_retention_file").set_value(
        ("clients.csv", FRENCH_CSV.encode("cp1252"), "text/csv")
    ).run()
    assert not at.error
    at.button(key="trk_retention_import").click().run()
    assert "Nombres de clients importés : 3 périodes." in [s.value for s in at.success]
    assert saved(workspace, plan_id)[0] == ("2026-01", 1200, 150, 1250)
    assert results(at, "fr")["T1 2026"] == "84,2"  # (1 300 − 290) ÷ 1 200


def test_a_file_with_bad_rows_is_refused_row_by_row(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    text = ENGLISH_CSV + "2026-04,0,0,3\n"
    at.file_uploader(key="trk_retention_file").set_value(
        ("counts.csv", text.encode(), "text/csv")
    ).run()
    assert "Line 5: customers at start is 0" in messages(at.error)
    assert not [b for b in at.button if b.key == "trk_retention_import"]
    assert saved(workspace, plan_id) == []


def test_a_chain_break_is_shown_as_a_warning_and_kept(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(open_tracking(plan_id), JANUARY, FEBRUARY | {"start": 108})
    assert len(saved(workspace, plan_id)) == 2
    assert "customers at start (108) differ from customers at end of the period before" in (
        messages(at.warning)
    )


def test_an_edit_over_counts_another_tab_changed_is_refused(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = type_rows(open_tracking(plan_id), JANUARY)
    other = counts_from_rows([JANUARY | {"end": 111}])
    save_counts(workspace, plan_id, other.rows)  # another tab saves meanwhile
    at = type_rows(at, FEBRUARY)
    assert "changed in another tab" in messages(at.warning)
    assert saved(workspace, plan_id) == [("2026-01", 100, 20, 111)]
