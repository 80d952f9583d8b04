"""Scripts step: the prospect card (stored in the database, never in the plan) and the exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from planner import storage
from planner.core.i18n import plural
from planner.core.problems import InvalidInput, from_validation_error
from planner.plan.bant import CRITERIA
from planner.plan.model import ChannelKind, Plan, QqoqcpAxis, Script, SoncasMotive
from planner.scripts.callsheet import call_sheet, to_html, to_pdf
from planner.scripts.prospect_card import BantAnswers, Outcome, ProspectCard, outcome_label, verdict
from planner.scripts.text import axis_name, email_text, motive_name
from planner.storage.opposition import add_opposition, opposition_digests
from ui.shell import PageContext, local_time, may_edit, plain

TABS = ("script", "objections", "discovery", "variants", "card", "exports")
_RESET, _SAVED, _OPPOSED = "_card_reset", "_card_saved", "_card_opposed"
TEXT_FIELDS = ("company", "contact_name", "contact_role", "contact_details")


def card_form(page: PageContext, plan: Plan, script: Script) -> None:
    """A prospect card to fill during or after a contact; the BANT verdict updates as you answer."""
    if st.session_state.pop(_RESET, False):
        for key in [k for k in st.session_state if str(k).startswith("card_")]:
            del st.session_state[key]
    if saved := st.session_state.pop(_SAVED, None):
        st.success(page.t("scriptpage.card.saved", title=plain(saved)), icon=":material/check:")
    if opposed := st.session_state.pop(_OPPOSED, None):
        st.info(plural(page.lang, "opposition.card_added", opposed), icon=":material/block:")
    st.caption(page.t("card.personal_data"))
    fields: dict[str, Any] = {}
    cols = st.columns(len(TEXT_FIELDS))
    for col, name in zip(cols, TEXT_FIELDS, strict=True):
        fields[name] = col.text_input(page.t(f"card.{name}"), key=f"card_{name}", max_chars=400)
    date_col, script_col, variant_col = st.columns(3)
    fields["contact_date"] = date_col.date_input(
        page.t("card.contact_date"), value=dt.date.today(), key="card_contact_date"
    )
    names = {s.id: s.name for s in plan.scripts}
    fields["script_id"] = script_col.selectbox(
        page.t("scriptpage.card.script"),
        list(names),
        index=list(names).index(script.id),
        key="card_script",
        format_func=lambda s: names.get(s, s),
    )
    used = next(s for s in plan.scripts if s.id == fields["script_id"])
    fields["channel_id"] = used.channel_id
    variants = {v.id: v.name for v in used.variants}
    fields["variant_id"] = variant_col.selectbox(
        page.t("card.variant"),
        [None, *variants],
        key="card_variant",
        format_func=lambda v: variants.get(v, page.t("scriptpage.variants.no_variant")),
    )
    fields["bant"] = _bant(page, plan)
    with st.expander(page.t("card.qqoqcp"), icon=":material/quiz:"):
        fields["qqoqcp"] = {
            axis.value: st.text_input(
                axis_name(axis, page.lang),
                key=f"card_qqoqcp_{axis.value}",
                placeholder=page.t(f"scripts.axis.{axis.value}.hint"),
                max_chars=2000,
            )
            for axis in QqoqcpAxis
        }
    need_col, deep_col = st.columns(2)
    fields["apparent_need"] = need_col.text_area(
        page.t("card.apparent_need"), key="card_apparent_need", height=80, max_chars=2000
    )
    fields["deep_need"] = deep_col.text_area(
        page.t("card.deep_need"), key="card_deep_need", height=80, max_chars=2000
    )
    _outcome_fields(page, plan, script, fields)
    if st.button(page.t("scriptpage.card.save"), key="card_save", icon=":material/save:"):
        _save(page, fields)


def _bant(page: PageContext, plan: Plan) -> dict[str, int | None]:
    st.markdown(f"**{page.t('card.bant')}** — {page.t('card.bant_scale')}")
    answers: dict[str, int | None] = {}
    for col, criterion in zip(st.columns(len(CRITERIA)), CRITERIA, strict=True):
        answers[criterion] = col.selectbox(
            page.t(f"card.criterion.{criterion}"),
            [None, 0, 1, 2, 3],
            key=f"card_bant_{criterion}",
            format_func=lambda a: page.t(
                "scriptpage.card.unanswered" if a is None else f"scriptpage.card.answer_{a}"
            ),
            help=getattr(plan.bant, criterion).question or None,
        )
    result = verdict(ProspectCard(bant=BantAnswers(**answers)), plan)
    if result is None:
        st.caption(page.t("scriptpage.card.verdict_none"))
    elif result.complete and result.qualification.qualified:
        st.success(result.message(page.lang), icon=":material/check_circle:")
    else:
        st.warning(result.message(page.lang), icon=":material/pending:")
    if result is not None and result.complete:
        st.caption(" ".join(result.reasons(page.lang)))
    return answers


def _outcome_fields(page: PageContext, plan: Plan, script: Script, fields: dict[str, Any]) -> None:
    motive_col, outcome_col = st.columns(2)
    fields["motive"] = motive_col.selectbox(
        page.t("card.motive"),
        [None, *(m.value for m in SoncasMotive)],
        key="card_motive",
        format_func=lambda m: (
            page.t("scriptpage.card.motive_none") if m is None else motive_name(m, page.lang)
        ),
    )
    fields["outcome"] = outcome_col.selectbox(
        page.t("card.outcome"),
        [None, *(o.value for o in Outcome)],
        key="card_outcome",
        format_func=lambda o: (
            page.t("scriptpage.card.outcome_none")
            if o is None
            else outcome_label(Outcome(o), page.lang)
        ),
    )
    known = [o.objection for o in [*script.objections, *plan.objection_library]]
    fields["objections_met"] = st.multiselect(
        page.t("card.objections_met"),
        list(dict.fromkeys(known)),
        key="card_objections",
        accept_new_options=True,
        help=page.t("scriptpage.card.objections_help"),
        select_all=False,  # its label is English only
        placeholder=page.t("shell.choose_options"),
    )
    step_col, date_col = st.columns([3, 1])
    fields["next_step"] = step_col.text_input(
        page.t("card.next_step"), key="card_next_step", max_chars=1000
    )
    fields["next_step_date"] = date_col.date_input(
        page.t("card.next_step_date"), value=None, key="card_next_step_date"
    )
    fields["notes"] = st.text_area(page.t("card.notes"), key="card_notes", max_chars=4000)


def _save(page: PageContext, fields: dict[str, Any]) -> None:
    if page.stored is None:
        return
    if not (fields["company"].strip() or fields["contact_name"].strip()):
        st.warning(page.t("scriptpage.card.empty"), icon=":material/edit:")
        return
    fields["qqoqcp"] = {k: v for k, v in fields["qqoqcp"].items() if v.strip()}
    try:
        card = ProspectCard.model_validate(fields)
    except ValidationError as exc:
        problems = InvalidInput(from_validation_error(exc)).messages(page.lang)
        st.error(plain("\n".join(problems)), icon=":material/error:")
        return
    if not may_edit(page):
        return
    storage.save_card(page.engine, page.stored.id, card)
    if card.outcome is Outcome.OPPOSED:
        _record_opposition(page, card)
    st.session_state[_RESET] = True
    st.session_state[_SAVED] = card.title() or page.t("scriptpage.card.untitled")
    st.rerun()


def _record_opposition(page: PageContext, card: ProspectCard) -> None:
    """A prospect who objected joins the workspace's opposition list (their e-mails, numbers and
    name), so that no import of any plan counts them again."""
    keys = card.contacts()
    source = page.t("opposition.card_source", card=card.title())
    added = add_opposition(
        page.engine, keys, "opposed", source, card.contact_date or dt.date.today()
    )
    if added:
        st.session_state[_OPPOSED] = added


def card_list(page: PageContext, plan: Plan) -> None:
    """The plan's saved cards, most recent first, with their verdict and outcome."""
    if page.stored is None:
        return
    cards = storage.list_cards(page.engine, page.stored.id)
    if not cards:
        st.caption(page.t("scriptpage.card.list_empty"))
        return
    names = {s.id: s.name for s in plan.scripts}

    def judged(card: ProspectCard) -> str:
        result = verdict(card, plan)
        return result.message(page.lang) if result else ""

    st.dataframe(
        pd.DataFrame(
            {
                page.t("scriptpage.card.saved_at"): [local_time(page, c.updated_at) for c in cards],
                page.t("card.company"): [c.card.company for c in cards],
                page.t("card.contact_name"): [c.card.contact_name for c in cards],
                page.t("card.script"): [names.get(c.card.script_id or "", "") for c in cards],
                page.t("card.outcome"): [
                    outcome_label(c.card.outcome, page.lang) if c.card.outcome else ""
                    for c in cards
                ],
                page.t("scriptpage.card.verdict"): [judged(c.card) for c in cards],
                page.t("card.next_step"): [c.card.next_step for c in cards],
            }
        ),
        hide_index=True,
        width="stretch",
        key="card_list",
    )
    titles = {c.id: c.card.title() or page.t("scriptpage.card.untitled") for c in cards}
    pick_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick_col.selectbox(
        page.t("scriptpage.card.pick"),
        list(titles),
        key="card_pick",
        format_func=lambda c: titles.get(c, c),
    )
    if button_col.button(
        page.t("scriptpage.card.delete"), key="card_delete", icon=":material/delete:"
    ):
        if not may_edit(page):
            return
        storage.delete_card(page.engine, chosen)
        st.rerun()


def call_sheet_downloads(page: PageContext, plan: Plan, script: Script) -> None:
    """The channel's call sheet as HTML and PDF, with a blank card or a saved one."""
    names = {c.id: c.name for c in plan.channels}
    channels = list(names)
    channel_col, card_col = st.columns(2)
    channel_id = channel_col.selectbox(
        page.t("scriptpage.export.channel"),
        channels,
        index=channels.index(script.channel_id),
        key="export_channel",
        format_func=lambda c: names.get(c, c),
    )
    cards = storage.list_cards(page.engine, page.stored.id) if page.stored else []
    by_id = {c.id: c.card for c in cards}
    titles = {c.id: c.card.title() or page.t("scriptpage.card.untitled") for c in cards}
    card_id = card_col.selectbox(
        page.t("scriptpage.export.card"),
        [None, *titles],
        key="export_card",
        format_func=lambda c: page.t("scriptpage.export.blank_card") if c is None else titles[c],
    )
    card = by_id.get(card_id) if card_id else None
    if card is not None and card.is_opposed(opposition_digests(page.engine)):
        who = plain(card.title() or page.t("scriptpage.card.untitled"))
        st.error(page.t("opposition.export_refused", who=who), icon=":material/block:")
        return
    sheet = call_sheet(
        plan,
        channel_id,
        page.lang,
        values=plan.sample_prospect,
        card=card,
        blank_card=card is None,
        prepared_on=dt.date.today(),
    )
    html_col, pdf_col = st.columns(2)
    html_col.download_button(
        page.t("scriptpage.export.html"),
        to_html(sheet),
        file_name=f"call-sheet-{channel_id}.html",
        mime="text/html",
        key="export_html",
        icon=":material/html:",
        on_click="ignore",
    )
    pdf_col.download_button(
        page.t("scriptpage.export.pdf"),
        lambda: to_pdf(sheet),
        file_name=f"call-sheet-{channel_id}.pdf",
        mime="application/pdf",
        key="export_pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )


def email_copy(page: PageContext, plan: Plan, script: Script) -> None:
    """The e-mail as the sample prospect receives it, ready to copy, with chosen variants."""
    if plan.channel(script.channel_id).kind is not ChannelKind.EMAIL:
        st.caption(page.t("scriptpage.export.not_email"))
        return
    st.caption(page.t("scriptpage.export.email_intro"))
    names = {v.id: v.name for v in script.variants}
    chosen = (
        st.multiselect(
            page.t("scriptpage.export.email_variants"),
            list(names),
            key=f"email_variants_{script.id}",
            format_func=lambda v: names.get(v, v),
            select_all=False,  # its label is English only
            placeholder=page.t("shell.choose_options"),
        )
        if names
        else []
    )
    email = email_text(script, plan.sample_prospect, chosen)
    st.code(email.text, language=None, wrap_lines=True)
