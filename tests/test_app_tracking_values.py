"""The Tracking page's import preview on files written in everyday words and on CRM exports
with a lead source: the prospect column named, sources mapped to channels and changeable."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from planner import storage
from tests.apptest import shown
from tests.test_app_tracking import open_tracking, stored

EVERYDAY = (
    "Date;ID du contact;Canal;Événement;Montant\n"
    "04/05/2027;C-1;Tél.;appel;\n"
    "05/05/2027;C-1;Téléphone;RDV;\n"
    "06/05/2027;C-2;Mail;réponse;\n"
    "07/05/2027;C-1;Tél.;devis envoyé;\n"
    "08/05/2027;C-1;InMail;signé;1 500\n"
)
HUBSPOT = (
    "ID de fiche;Entreprise associée;Phase de la transaction;Montant;Date de fermeture;"
    "Date de création;Source d'origine\n"
    "1;Acme;Conclu gagné;1 000;02/03/2027;01/02/2027;Email marketing\n"
    "2;Bolt;Conclu gagné;3 000;05/03/2027;03/02/2027;Organic Search\n"
    "3;Cora;Conclu gagné;500;09/03/2027;04/02/2027;Organic Search\n"
    "4;Dune;Conclu perdu;800;12/03/2027;05/02/2027;Salon\n"
)


def upload(plan_id: str, text: str, lang: str = "fr", name: str = "export.csv"):  # type: ignore[no-untyped-def]
    at = open_tracking(plan_id, lang)
    at.file_uploader(key="trk_file").set_value((name, text.encode("cp1252"), "text/csv")).run()
    return at


def sources(at) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {s.label: s for s in at.selectbox if s.key.startswith("trk_channel_value_")}


def test_a_log_in_everyday_french_words_is_imported_without_mapping(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")

    at = upload(plan_id, EVERYDAY)

    assert not at.exception
    assert any("Prospect : colonne « ID du contact »." in c.value for c in at.caption)
    assert not [s for s in at.selectbox if s.key.startswith("trk_event_value_")]
    at.button(key="trk_import").click().run()
    events = storage.load_events(workspace, plan_id)
    assert events["event"].tolist() == [
        "activity",
        "meeting_booked",
        "reply",
        "opportunity",
        "won",
    ]
    assert events["channel"].tolist() == ["phone", "phone", "email", "phone", "linkedin"]


def test_a_channel_value_the_plan_does_not_know_is_chosen_in_the_preview(
    workspace: Engine,
) -> None:
    plan_id = stored(workspace, "en")
    text = "date;prospect;channel;event\n04/05/2027;Acme;Door to door;called\n"

    at = upload(plan_id, text, "en")
    choices = sources(at)
    assert list(choices) == ["“Door to door” (1 row)"]
    assert [e for e in at.error]  # its one row is refused until a channel is chosen
    choices["“Door to door” (1 row)"].select("phone").run()  # type: ignore[attr-defined]

    assert not at.exception
    at.button(key="trk_import").click().run()
    assert storage.load_events(workspace, plan_id)["channel"].tolist() == ["phone"]


def test_lead_sources_go_to_channels_shown_and_changeable(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")

    at = upload(plan_id, HUBSPOT)
    choices = sources(at)

    assert not at.exception
    assert list(choices) == [
        "Source « Organic Search » (2 lignes)",
        "Source « Email marketing » (1 ligne)",
        "Source « Salon » (1 ligne)",
    ]
    assert choices["Source « Email marketing » (1 ligne)"].value == "email"  # type: ignore[attr-defined]
    assert choices["Source « Organic Search » (2 lignes)"].value == ""  # type: ignore[attr-defined]
    warned = " ".join(shown(w) for w in at.warning)
    assert "« Organic Search » (2 lignes)" in warned and "« Salon » (1 ligne)" in warned
    assert any("Prospect : colonne « Entreprise associée »." in c.value for c in at.caption)
    saves = [
        b for b in at.get("download_button") if b.proto.label == "Enregistrer cette correspondance"
    ]
    assert len(saves) == 1

    choices["Source « Organic Search » (2 lignes)"].select("linkedin").run()  # type: ignore[attr-defined]
    warned = " ".join(shown(w) for w in at.warning)
    assert "Organic Search" not in warned and "« Salon » (1 ligne)" in warned
    at.button(key="trk_import").click().run()

    events = storage.load_events(workspace, plan_id)
    closed = events[events["event"].isin(["won", "lost"])]
    assert dict(zip(closed["prospect"], closed["channel"], strict=True)) == {
        "Acme": "email",
        "Bolt": "linkedin",
        "Cora": "linkedin",
        "Dune": "phone",  # the default channel: "Salon" names no channel of this plan
    }
    assert closed["source"].tolist() == [
        "Email marketing",
        "Organic Search",
        "Organic Search",
        "Salon",
    ]


def test_the_kpis_break_revenue_down_by_lead_source_with_its_pareto(workspace: Engine) -> None:
    plan_id = stored(workspace, "fr")
    at = upload(plan_id, HUBSPOT)
    at.button(key="trk_import").click().run()

    at = open_tracking(plan_id, "fr")

    assert not at.exception
    by = next(d.value for d in at.dataframe if "Taux de conversion" in d.value.columns)
    sources = by[by.iloc[:, 0] == "Source du prospect"]
    revenue = dict(zip(sources.iloc[:, 1], sources["Chiffre d’affaires"], strict=True))
    # By hand: Organic Search 3 000 + 500; Email marketing 1 000; Salon lost, nothing.
    assert revenue["Organic Search"] == "3\u202f500,00\xa0€"
    assert revenue["Email marketing"] == "1\u202f000,00\xa0€"
    assert revenue["Salon"] == "0,00\xa0€"
    assert any("Chiffre d’affaires par source de prospect" in shown(m) for m in at.markdown)
