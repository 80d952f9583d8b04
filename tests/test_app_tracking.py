"""The Tracking page as a user drives it, through AppTest, and its import panel's helpers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from planner import storage
from planner.plan.scenarios import build_scenario
from planner.tracking.importing import PRESETS, channel_aliases, map_events
from planner.tracking.kpis import default_period
from planner.tracking.reading import read_table
from tests.apptest import ROOT, shown

START = dt.date(2027, 1, 4)
TRACKING = "pages/6_tracking.py"
HEADER = "date;prospect;channel;event;amount;segment;rep;variant\n"
# Two deals won in January (1 200,50 € + 800 €), one in March (5 000 €).
GOOD = HEADER + (
    "05/01/2027;acme;phone;activity;;SMB;Ann;A\n"
    "05/01/2027;acme;phone;conversation;;SMB;Ann;A\n"
    "06/01/2027;bolt;email;activity;;Retail;Bob;B\n"
    "07/01/2027;bolt;email;reply;;Retail;Bob;B\n"
    "20/01/2027;acme;phone;won;1 200,50;SMB;Ann;A\n"
    "25/01/2027;bolt;email;won;800;Retail;Bob;B\n"
    "10/03/2027;cora;phone;won;5 000;SMB;Ann;A\n"
)
BAD = HEADER + (
    "05/01/2027;acme;phone;activity;;SMB;Ann;A\n"
    "32/13/2027;bolt;email;activity;;Retail;Bob;B\n"
    "06/01/2027;cora;fax;won;abc;SMB;Ann;A\n"
)


def stored(engine: Engine, lang: str = "en") -> str:
    """A demo plan saved in the workspace; its id."""
    return storage.create_plan(engine, build_scenario("saas_smb", lang, START)).id


def with_events(engine: Engine, plan_id: str, text: str = GOOD, name: str = "log.csv") -> None:
    """Events stored for a plan as an import of a generic event-log CSV would store them."""
    plan = storage.load_plan(engine, plan_id).plan
    result = map_events(read_table(text.encode(), name), None, channel_aliases(plan))
    assert result.rejected_rows == 0
    storage.store_events(
        engine, plan_id, result.events, file_name=name, sha256=result.sha256, mapping="event_log"
    )


def open_tracking(plan_id: str, lang: str = "en") -> AppTest:
    """A new tab on the Tracking page of a plan."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"plan": plan_id, "lang": lang})
    at.run()
    at.switch_page(TRACKING)
    at.query_params.update({"plan": plan_id, "lang": lang})
    return at.run()


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


@pytest.mark.parametrize(
    ("lang", "title", "no_data"),
    [("en", "Tracking", "No data yet"), ("fr", "Suivi", "Pas encore de données")],
)
def test_a_demo_plan_without_events_says_there_is_no_data_yet(
    workspace: Engine, lang: str, title: str, no_data: str
) -> None:
    at = open_tracking(stored(workspace, lang), lang)
    assert not at.exception
    assert not at.error
    assert at.title[0].value == title
    assert any(no_data in i.value for i in at.info)
    assert not at.metric


def test_the_kpis_show_the_revenue_of_the_period(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id)
    at = open_tracking(plan_id)
    assert not at.exception
    assert metric(at, "Revenue") == "€7,000.50"
    objectives = next(d.value for d in at.dataframe if "Attainment (%)" in d.value.columns)
    assert len(objectives) == 5
    at.date_input(key="trk_to").set_value(dt.date(2027, 1, 31)).run()
    assert metric(at, "Revenue") == "€2,000.50"
    assert not at.exception
    assert at.text[0].value == "log.csv"


def test_a_reversed_period_is_refused(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id)
    at = open_tracking(plan_id)
    at.date_input(key="trk_to").set_value(dt.date(2026, 1, 1)).run()
    assert "ends before it starts" in at.error[0].value
    assert not at.metric


def test_an_invalid_file_shows_its_bad_rows_and_stores_nothing(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    at.file_uploader(key="trk_file").set_value(("bad.csv", BAD.encode(), "text/csv")).run()
    assert not at.exception
    rejected = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert list(rejected.iloc[:, 0]) == [3, 4]
    assert "not a date" in rejected.iloc[0, 1]
    assert "not a channel of this plan" in rejected.iloc[1, 1]
    assert "Rejected rows: 2." in at.warning[0].value
    assert not any(b.key == "trk_import" for b in at.button)
    assert storage.list_batches(workspace, plan_id) == []


def test_the_valid_rows_only_can_be_imported_once(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    at.file_uploader(key="trk_file").set_value(("bad.csv", BAD.encode(), "text/csv")).run()
    at.button(key="trk_import_valid").click().run()
    assert not at.exception
    batches = storage.list_batches(workspace, plan_id)
    assert [(b.rows_imported, b.rows_rejected) for b in batches] == [(1, 2)]
    at.run()
    assert any("already imported" in shown(w) for w in at.warning)


def test_a_good_file_is_imported_then_deleted(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    at.file_uploader(key="trk_file").set_value(("good.csv", GOOD.encode(), "text/csv")).run()
    assert at.selectbox(key="trk_mapping").value == "event_log"
    at.button(key="trk_import").click().run()
    assert not at.exception
    (batch,) = storage.list_batches(workspace, plan_id)
    assert batch.rows_imported == 7
    at.button(key=f"trk_delete_{batch.id}").click().run()
    assert storage.list_batches(workspace, plan_id) == []


def test_ab_says_not_enough_data_yet_on_a_tiny_sample(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id)
    at = open_tracking(plan_id)
    assert at.selectbox(key="trk_ab_pair").value == ("reply", "activity")
    assert not at.exception
    assert any("Not enough data yet to compare A and B" in shown(i) for i in at.info)


def test_ab_counts_only_the_events_of_the_chosen_period(workspace: Engine) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id)
    at = open_tracking(plan_id)
    counts = next(d.value for d in at.dataframe if "Conversions" in d.value.columns)
    assert counts["Variant"].tolist() == ["A", "B"]
    assert counts["Trials"].tolist() == [1, 1]

    at.date_input(key="trk_to").set_value(dt.date(2027, 1, 5)).run()

    assert not at.exception
    assert any("Counted over the period chosen above" in shown(c) for c in at.caption)
    assert any("at least two script variants" in shown(i) for i in at.info)


def test_the_period_defaults_to_the_plan_start_and_today_or_its_end() -> None:
    plan = build_scenario("saas_smb", "en", START)
    assert default_period(plan, dt.date(2026, 11, 1)) == (START, plan.meta.end_date)
    assert default_period(plan, dt.date(2027, 2, 1)) == (START, dt.date(2027, 2, 1))


def _emails_without_replies(count: int) -> str:
    return HEADER + "".join(
        f"{1 + d % 28:02d}/02/2027;p{d};email;activity;;SMB;Ann;\n" for d in range(count)
    )


def _stage_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "80 % credible interval" in d.value.columns)


def test_a_stage_clearly_below_the_planned_range_is_flagged_with_advice(
    workspace: Engine,
) -> None:
    plan_id = stored(workspace)
    with_events(workspace, plan_id, _emails_without_replies(200), "emails.csv")
    at = open_tracking(plan_id)
    assert not at.exception
    stages = _stage_table(at)
    reply = stages[(stages["Channel"] == "Cold e-mail") & (stages["Stage"] == "Reply")]
    assert reply["Observed (k of n)"].iloc[0] == "0.0% (0 of 200)"
    # 0 replies in 200: the interval's top (1.1 %) is under the planned low of 1.5 %
    assert reply["Against the plan"].iloc[0] == "below"
    assert reply["80 % credible interval"].iloc[0] == "0.1% – 1.1%"
    flagged = [shown(w) for w in at.warning if "Reply (Cold e-mail)" in shown(w)]
    assert flagged and "rework the message or the target" in flagged[0]


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "Not recorded: Reply (Cold e-mail)."),
        ("fr", "Non saisies\u00a0: Réponse (E-mail de prospection)."),
    ],
)
def test_a_stage_the_file_does_not_record_is_named_not_flagged(
    workspace: Engine, lang: str, note: str
) -> None:
    # Activities and meetings booked, no reply written down: replies happened, unrecorded.
    booked = "".join(f"{10 + d}/02/2027;p{d};email;meeting_booked;;SMB;Ann;\n" for d in range(6))
    plan_id = stored(workspace, lang)
    with_events(workspace, plan_id, _emails_without_replies(200) + booked, "emails.csv")
    at = open_tracking(plan_id, lang)

    assert not at.exception
    assert any(shown(c).startswith(note) for c in at.caption)
    stage = note.split(": ")[-1].split("\u00a0: ")[-1].rstrip(".")
    assert not [w for w in at.warning if stage in shown(w)]  # named, not flagged below
    assert [w for w in at.warning if "(" in shown(w)]  # meetings held, 0 of 6: flagged


def test_a_crm_snapshot_gives_rates_of_deals_reaching_each_stage(workspace: Engine) -> None:
    stages = ["Rendez-vous pris"] * 4 + ["Présentation planifiée"] * 3 + ["Contrat envoyé"] * 2
    stages += ["Fermé gagné"] * 3 + ["Fermé perdu"] * 2
    rows = "".join(
        f"{i};Affaire {i};{stage};1 000,00 €;{10 + i}/01/2027;05/01/2027;Inès\n"
        for i, stage in enumerate(stages)
    )
    text = (
        "ID;Nom de la transaction;Phase de la transaction;Montant;Date de fermeture;"
        "Date de création;Propriétaire de la transaction\n" + rows
    )
    plan_id = stored(workspace, "fr")
    plan = storage.load_plan(workspace, plan_id).plan
    mapping = PRESETS["hubspot_deals"].with_default_channel("phone")
    result = map_events(read_table(text.encode(), "hubspot.csv"), mapping, channel_aliases(plan))
    assert result.rejected_rows == 0
    storage.store_events(workspace, plan_id, result.coded, file_name="hubspot.csv", sha256="1" * 64)

    at = open_tracking(plan_id, "fr")

    assert not at.exception
    table = next(d.value for d in at.dataframe if "Observé (k sur n)" in d.value.columns)
    observed = dict(zip(table["Étape"], table["Observé (k sur n)"], strict=True))
    # Deals that reached each stage: held 3 + 2 + 3 = 8 of 12 booked (lost deals reached none)
    assert observed["Rendez-vous tenu"].endswith("(8 sur 12)")
    assert observed["Affaire gagnée"].endswith("(3 sur 5)")
    assert any(shown(c).startswith("Non saisies") for c in at.caption)
    latest = next(d.value for d in at.dataframe if "Réel à ce jour" in d.value.columns)
    status = dict(zip(latest["Étape"], latest["Face au plan"], strict=True))
    assert status["Activités"] == "non saisi dans les données"  # a CRM export has no calls
    assert status["Rendez-vous pris"] != "non saisi dans les données"
    silent = [shown(c) for c in at.caption if shown(c).startswith("Aucun événement sur")]
    assert silent and "E-mail de prospection" in silent[0] and "LinkedIn" in silent[0]
    chart = at.get("vega_lite_chart")[0].proto  # Pareto by segment
    rows = pa.ipc.open_stream(chart.datasets[0].data.data).read_all().to_pandas()
    assert rows["group"].tolist() == ["—"]  # deals without a segment: "—", not "null"


def test_a_stage_below_on_few_data_is_only_likely_below(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")
    with_events(workspace, plan_id, _emails_without_replies(40), "emails.csv")
    at = open_tracking(plan_id, "fr")
    assert not at.exception
    stages = next(d.value for d in at.dataframe if "Observé (k sur n)" in d.value.columns)
    reply = stages[(stages["Canal"] == "E-mail de prospection") & (stages["Étape"] == "Réponse")]
    assert reply["Face au plan"].iloc[0] == "probablement en dessous"
    assert not [w for w in at.warning if "Réponse (E-mail de prospection)" in shown(w)]
    assert any("trop peu de données" in shown(i) for i in at.info)


def test_a_tools_own_event_words_are_mapped_by_hand(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")
    odd = (
        "Quand;Qui;Par;Quoi;Combien\n"
        "04/05/2027;acme;phone;Coup de fil;\n"
        "05/05/2027;acme;phone;Coup de fil;\n"
        "06/05/2027;acme;phone;BC reçu;1 500\n"
        "07/05/2027;bolt;phone;Gagné;2 000\n"  # a word the generic log knows already
        "08/05/2027;cora;phone;À voir ;\n"
    )
    at = open_tracking(plan_id, "fr")
    at.file_uploader(key="trk_file").set_value(("odd.csv", odd.encode(), "text/csv")).run()
    for field, column in [("date", "Quand"), ("prospect", "Qui"), ("channel", "Par")]:
        at.selectbox(key=f"trk_manual_{field}").select(column).run()
    at.selectbox(key="trk_manual_event").select("Quoi").run()
    at.selectbox(key="trk_manual_amount").select("Combien").run()

    values = {s.label: s for s in at.selectbox if s.key.startswith("trk_event_value_")}
    assert set(values) == {"coup de fil", "bc recu", "a voir"}  # most frequent first
    assert any("3 sur 3 affichées" in c.value for c in at.caption)
    values["coup de fil"].select("activity").run()
    values["bc recu"].select("won").run()
    assert any("Lignes rejetées\xa0: 1." in shown(w) for w in at.warning)  # "À voir" unmapped
    at.button(key="trk_import_valid").click().run()

    assert not at.exception
    stored_events = storage.load_events(workspace, plan_id)
    assert stored_events["event"].tolist() == ["activity", "activity", "won", "won"]
    assert stored_events["amount"].sum() == 3500.0


def test_a_file_no_preset_fits_is_mapped_by_hand(workspace: Engine) -> None:
    plan_id = stored(workspace)
    odd = "Quand;Qui;Par;Quoi;Combien\n01/05/2027;acme;phone;won;1 000\n"
    at = open_tracking(plan_id, "fr")
    at.file_uploader(key="trk_file").set_value(("odd.csv", odd.encode(), "text/csv")).run()
    assert at.selectbox(key="trk_mapping").value == "manual"
    for field, column in [("date", "Quand"), ("channel", "Par"), ("event", "Quoi")]:
        at.selectbox(key=f"trk_manual_{field}").select(column).run()
    at.selectbox(key="trk_manual_amount").select("Combien").run()
    at.radio(key="trk_manual_date_order").set_value("mdy").run()
    at.button(key="trk_import").click().run()
    assert not at.exception
    (batch,) = storage.list_batches(workspace, plan_id)
    assert batch.rows_imported == 1
    stored_events = storage.load_events(workspace, plan_id)
    assert stored_events["amount"].tolist() == [1000.0]
    assert stored_events["date"].dt.date.tolist() == [dt.date(2027, 1, 5)]


def test_the_kpis_read_in_french_with_the_pareto_charts(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")
    with_events(workspace, plan_id)
    at = open_tracking(plan_id, "fr")
    assert not at.exception
    assert metric(at, "Chiffre d’affaires généré") == "7\u202f000,50\xa0€"
    charts = at.get("vega_lite_chart")
    by = next(d.value for d in at.dataframe if "Taux de conversion" in d.value.columns)
    phone = by[by.iloc[:, 1] == "Prospection téléphonique"].iloc[0]
    assert phone["Taux de conversion"] == "100,0\xa0%"  # 2 sales ÷ 2 prospects (acme, cora)
    assert phone["Chiffre d’affaires"] == "6\u202f200,50\xa0€"
    objectives = next(d.value for d in at.dataframe if "Atteinte (%)" in d.value.columns)
    assert "None" not in objectives.to_string()
    # the two Pareto charts, the plan vs actual panels and the re-forecast's revenue bands
    assert len(charts) == 4
    assert all('"decimal": ","' in c.proto.spec for c in charts)


def test_an_empty_file_is_refused_with_its_reason(workspace: Engine) -> None:
    plan_id = stored(workspace)
    at = open_tracking(plan_id)
    at.file_uploader(key="trk_file").set_value(("empty.csv", b"", "text/csv")).run()
    assert not at.exception
    assert "the file is empty" in shown(at.error[0])
    assert not any(b.key in ("trk_import", "trk_import_valid") for b in at.button)


def test_a_french_excel_file_in_cp1252_is_previewed_and_imported(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")
    data = GOOD.replace("Retail", "Détail").encode("cp1252")
    at = open_tracking(plan_id, "fr")
    at.file_uploader(key="trk_file").set_value(("export.csv", data, "text/csv")).run()
    preview = at.dataframe[0].value
    assert list(preview["Segment"])[2] == "Détail"
    # the preview reads as the user writes: plan channel names, French events, dates, money
    first = preview.iloc[0]
    assert (first["Date"], first["Canal"], first["Événement"]) == (
        "5 janv. 2027",
        "Prospection téléphonique",
        "activité",
    )
    assert first["Montant"] == "—"
    assert preview.iloc[4]["Montant"] == "1\u202f200,50\xa0€"
    at.button(key="trk_import").click().run()
    assert not at.exception
    assert metric(at, "Chiffre d’affaires généré") == "7\u202f000,50\xa0€"
