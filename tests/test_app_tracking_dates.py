"""The Tracking page's import preview says the day/month order of the dates and lets it change."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from planner import storage
from planner.tracking.reading import content_hash
from tests.apptest import shown
from tests.test_app_tracking import HEADER, open_tracking, stored

# Month first: 02/13/2027 and 01/20/2027 can only be read that way; 03/04/2027 either way.
US = HEADER + (
    "01/05/2027;acme;phone;activity;;SMB;Ann;A\n"
    "02/13/2027;bolt;email;reply;;Retail;Bob;B\n"
    "03/04/2027;cora;phone;won;5 000;SMB;Ann;A\n"
    "01/20/2027;dune;phone;won;800;SMB;Ann;A\n"
)
KEY = f"trk_date_order_{content_hash(US.encode())[:8]}"


def test_the_preview_says_the_dates_are_read_month_first_and_which_rows_said_so(
    workspace: Engine,
) -> None:
    at = open_tracking(stored(workspace, "fr"), "fr")

    at.file_uploader(key="trk_file").set_value(("us.csv", US.encode(), "text/csv")).run()

    assert not at.exception
    assert at.radio(key=KEY).value == "auto"
    notes = [shown(i) for i in at.info]
    assert any(
        "Dates lues mois d’abord (12/31/2025)" in n
        and "ligne 3 « 02/13/2027 », ligne 5 « 01/20/2027 »" in n
        for n in notes
    ), notes


def test_choosing_day_first_refuses_the_month_first_rows_and_imports_the_others(
    workspace: Engine,
) -> None:
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    at.file_uploader(key="trk_file").set_value(("us.csv", US.encode(), "text/csv")).run()

    at.radio(key=KEY).set_value("dmy").run()

    assert not at.exception
    warnings = [shown(w) for w in at.warning]
    assert any(
        "Dates read day first (31/12/2025), as chosen. 2 rows can only be read month first" in w
        for w in warnings
    ), warnings
    at.button(key="trk_import_valid").click().run()
    (batch,) = storage.list_batches(workspace, plan_id)
    assert (batch.rows_imported, batch.rows_rejected) == (2, 2)
    days = storage.load_events(workspace, plan_id)["date"].dt.strftime("%Y-%m-%d")
    assert sorted(days) == ["2027-04-03", "2027-05-01"]


def test_a_file_of_iso_dates_shows_no_date_order_choice(workspace: Engine) -> None:
    iso = HEADER + "2027-01-05;acme;phone;activity;;SMB;Ann;A\n"
    at = open_tracking(stored(workspace))

    at.file_uploader(key="trk_file").set_value(("iso.csv", iso.encode(), "text/csv")).run()

    assert not at.exception
    assert not [r for r in at.radio if str(r.key).startswith("trk_date_order_")]
