"""The prospect card (fiche de prospection): what was learnt during or after one contact.

A card holds personal data: it is stored in the workspace database (planner.storage), never in
the plan file. Its BANT answers give the verdict of the plan's grid (planner.plan.bant), and its
outcome maps to the funnel stage it reached, so tracking can count it as activity.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from planner.compliance.opposition import ContactKey, contact_key, contacts_in
from planner.core.i18n import t
from planner.plan.bant import CRITERIA, Qualification, qualify
from planner.plan.model import (
    ChannelKind,
    Day,
    Id,
    Market,
    Plan,
    QqoqcpAxis,
    SoncasMotive,
    StageKind,
    Text,
)

BantAnswer = Annotated[int, Field(ge=0, le=3, strict=True)]


class Outcome(StrEnum):
    """How the contact ended."""

    NO_ANSWER = "no_answer"
    CONVERSATION = "conversation"
    CALL_BACK = "call_back"
    MEETING_BOOKED = "meeting_booked"
    QUALIFIED = "qualified"
    NOT_INTERESTED = "not_interested"
    OPPOSED = "opposed"
    WRONG_CONTACT = "wrong_contact"


# The furthest funnel stage each outcome shows the prospect reached (None: not reached at all).
OUTCOME_STAGE: dict[Outcome, StageKind | None] = {
    Outcome.NO_ANSWER: None,
    Outcome.CONVERSATION: StageKind.CONVERSATION,
    Outcome.CALL_BACK: StageKind.CONVERSATION,
    Outcome.MEETING_BOOKED: StageKind.MEETING_BOOKED,
    Outcome.QUALIFIED: StageKind.LEAD,
    Outcome.NOT_INTERESTED: StageKind.CONVERSATION,
    Outcome.OPPOSED: StageKind.CONVERSATION,
    Outcome.WRONG_CONTACT: StageKind.CONNECTION,
}


class BantAnswers(BaseModel):
    """The prospect's answers to the plan's four BANT questions, 0 to 3; None = not asked."""

    model_config = ConfigDict(extra="forbid")

    budget: BantAnswer | None = None
    authority: BantAnswer | None = None
    need: BantAnswer | None = None
    timing: BantAnswer | None = None

    def given(self) -> dict[str, int]:
        """The answers given, by criterion."""
        return {c: v for c in CRITERIA if (v := getattr(self, c)) is not None}


class ProspectCard(BaseModel):
    """One prospect card: contact, qualification, discovery notes, motive, objections, outcome."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    company: Text = ""
    contact_name: Text = ""
    contact_role: Text = ""
    contact_details: Text = ""
    contact_date: Day | None = None
    channel_id: Id | None = None
    script_id: Id | None = None
    variant_id: Id | None = None
    bant: BantAnswers = BantAnswers()
    qqoqcp: dict[QqoqcpAxis, Text] = {}
    apparent_need: Text = ""
    deep_need: Text = ""
    motive: SoncasMotive | None = None
    objections_met: list[Text] = []
    next_step: Text = ""
    next_step_date: Day | None = None
    outcome: Outcome | None = None
    notes: Text = ""

    def title(self) -> str:
        """A short name for lists: company and contact."""
        return " — ".join(p for p in (self.company.strip(), self.contact_name.strip()) if p)

    def contacts(self) -> list[ContactKey]:
        """The ways to reach the contact the card writes: e-mails, numbers, and their name."""
        keys = contacts_in(self.contact_details)
        name = contact_key(self.contact_name)
        return [*keys, name] if name is not None else keys

    def is_opposed(self, opposition: Set[str]) -> bool:
        """True when the card's contact is on the opposition list (its digests)."""
        return any(key.digest in opposition for key in self.contacts())


@dataclass(frozen=True)
class Verdict:
    """The grid's verdict on a card's BANT answers, and which answers are still missing."""

    qualification: Qualification
    missing: tuple[str, ...]
    threshold: float

    @property
    def complete(self) -> bool:
        """True when all four BANT questions were answered."""
        return not self.missing

    def message(self, lang: str) -> str:
        """Qualified or not with score and threshold, or that answers are missing."""
        if self.missing:
            return t(lang, "card.verdict_incomplete")
        key = "verdict_qualified" if self.qualification.qualified else "verdict_not_qualified"
        return t(
            lang,
            f"card.{key}",
            score=round(self.qualification.score),
            threshold=round(self.threshold),
        )

    def reasons(self, lang: str) -> list[str]:
        """Why, one sentence per reason."""
        return [r.message(lang) for r in self.qualification.reasons]


def verdict(card: ProspectCard, plan: Plan) -> Verdict | None:
    """The plan's BANT verdict on the card; None while no BANT question is answered."""
    answers = card.bant.given()
    if not answers:
        return None
    missing = tuple(c for c in CRITERIA if c not in answers)
    return Verdict(qualify(plan.bant, answers), missing, plan.bant.qualified_score)


def reached_stage(card: ProspectCard) -> StageKind | None:
    """The furthest funnel stage the contact reached, for tracking; None if not reached."""
    return OUTCOME_STAGE[card.outcome] if card.outcome is not None else None


@dataclass(frozen=True)
class StaleReference:
    """A card field pointing at a channel, script or variant the plan no longer has."""

    field: str
    ref: str

    def message(self, lang: str) -> str:
        """One line naming the field and the missing id."""
        return t(lang, "card.stale_reference", field=t(lang, f"card.{self.field}"), ref=self.ref)


def stale_references(card: ProspectCard, plan: Plan) -> list[StaleReference]:
    """Card references that no longer exist in the plan (the card itself stays valid)."""
    found: list[StaleReference] = []
    if card.channel_id and card.channel_id not in {c.id for c in plan.channels}:
        found.append(StaleReference("channel", card.channel_id))
    scripts = {s.id: s for s in plan.scripts}
    if card.script_id and card.script_id not in scripts:
        found.append(StaleReference("script", card.script_id))
    if card.variant_id:
        script = scripts.get(card.script_id or "")
        if script is None or card.variant_id not in {v.id for v in script.variants}:
            found.append(StaleReference("variant", card.variant_id))
    return found


@dataclass(frozen=True)
class FollowUp:
    """Something to do after the contact because of what happened, with its legal basis."""

    code: str

    def message(self, lang: str) -> str:
        """What to do, with its source."""
        return t(lang, f"card.follow_up.{self.code}")


def follow_ups(card: ProspectCard, plan: Plan) -> list[FollowUp]:
    """Duties the outcome triggers: record an objection, wait 60 days, confirm in writing."""
    found: list[FollowUp] = []
    if card.outcome is Outcome.OPPOSED:
        found.append(FollowUp("opposed"))
    kind = _channel_kind(card, plan)
    if plan.meta.market is Market.B2C and kind is ChannelKind.PHONE:
        if card.outcome in (Outcome.NOT_INTERESTED, Outcome.OPPOSED):
            found.append(FollowUp("refused_b2c_phone"))
        if card.outcome in (Outcome.MEETING_BOOKED, Outcome.QUALIFIED):
            found.append(FollowUp("confirm_b2c_phone"))
    return found


def _channel_kind(card: ProspectCard, plan: Plan) -> ChannelKind | None:
    for channel in plan.channels:
        if channel.id == card.channel_id:
            return channel.kind
    return None


def outcome_label(outcome: Outcome, lang: str) -> str:
    """The outcome's name in `lang`."""
    return t(lang, f"card.outcome_value.{outcome}")


def new_card(
    plan: Plan, script_id: str | None = None, variant_id: str | None = None
) -> ProspectCard:
    """An empty card for a contact made with a script (and its variant) of the plan."""
    channel_id = next((s.channel_id for s in plan.scripts if s.id == script_id), None)
    return ProspectCard(channel_id=channel_id, script_id=script_id, variant_id=variant_id)
