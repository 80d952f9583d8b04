"""The plan document: one typed, validated model of a whole prospection plan."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, Literal

import holidays
from babel.numbers import list_currencies
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

SCHEMA_VERSION: Literal[1] = 1


def _number(value: Any) -> Any:
    """Refuse true/false where a number is expected (pydantic would read them as 1 and 0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    return value


def _whole(value: Any) -> Any:
    """Refuse true/false where a whole number is expected."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _day(value: Any) -> Any:
    """Refuse numbers where a date is expected (pydantic would read them as Unix timestamps)."""
    if isinstance(value, (bool, int, float)):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


# Each goes after the Field constraints, so that the JSON Schema keeps minimum/maximum.
_NUMBER = BeforeValidator(_number)
_WHOLE = BeforeValidator(_whole)
Day = Annotated[dt.date, BeforeValidator(_day)]
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$", strip_whitespace=False),
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(max_length=4000)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0), _NUMBER]
NonNegative = Annotated[float, Field(ge=0.0), _NUMBER]


class _Part(BaseModel):
    """Base of every part of the plan: strict about unknown fields, no NaN or infinity."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_assignment=False)


class Market(StrEnum):
    """Business to business or business to consumer."""

    B2B = "b2b"
    B2C = "b2c"


class Language(StrEnum):
    """Languages the plan content and the interface are written in."""

    FR = "fr"
    EN = "en"


class ChannelKind(StrEnum):
    """Prospection channels the app knows."""

    PHONE = "phone"
    EMAIL = "email"
    LINKEDIN = "linkedin"
    SOCIAL = "social"
    EVENTS = "events"
    REFERRAL = "referral"
    SMS = "sms"
    WEB = "web"
    OTHER = "other"


class OfferCategory(StrEnum):
    """What the offer is about, where the law singles a sector out (canvassing bans)."""

    ENERGY_RENOVATION = "energy_renovation"
    RENEWABLE_ENERGY = "renewable_energy"
    HOME_ADAPTATION = "home_adaptation"
    CPF_TRAINING = "cpf_training"
    OTHER = "other"


class StageKind(StrEnum):
    """What reaching a funnel stage means, so tracking and objectives can find it."""

    CONNECTION = "connection"
    CONVERSATION = "conversation"
    REPLY = "reply"
    VISIT = "visit"
    LEAD = "lead"
    MEETING_BOOKED = "meeting_booked"
    MEETING_HELD = "meeting_held"
    OPPORTUNITY = "opportunity"
    WON = "won"
    OTHER = "other"


class ObjectiveFamily(StrEnum):
    """The three families of SMART objectives of the method."""

    VOLUME = "volume"
    CONVERSION = "conversion"
    FINANCIAL = "financial"


class Metric(StrEnum):
    """What an objective measures."""

    PROSPECTS_CONTACTED_PER_WEEK = "prospects_contacted_per_week"
    MEETINGS_PER_MONTH = "meetings_per_month"
    MEETING_RATE = "meeting_rate"
    REPLY_RATE = "reply_rate"
    WIN_RATE = "win_rate"
    QUALIFIED_LEAD_RATE = "qualified_lead_rate"
    SITE_CONVERSION = "site_conversion"
    REVENUE = "revenue"
    NEW_CUSTOMERS = "new_customers"
    AVERAGE_BASKET = "average_basket"

    @property
    def family(self) -> ObjectiveFamily:
        """The SMART family this metric belongs to."""
        return METRIC_FAMILY[self]

    @property
    def is_rate(self) -> bool:
        """True when the target is a fraction between 0 and 1."""
        return self.family is ObjectiveFamily.CONVERSION


METRIC_FAMILY: dict[Metric, ObjectiveFamily] = {
    Metric.PROSPECTS_CONTACTED_PER_WEEK: ObjectiveFamily.VOLUME,
    Metric.MEETINGS_PER_MONTH: ObjectiveFamily.VOLUME,
    Metric.MEETING_RATE: ObjectiveFamily.CONVERSION,
    Metric.REPLY_RATE: ObjectiveFamily.CONVERSION,
    Metric.WIN_RATE: ObjectiveFamily.CONVERSION,
    Metric.QUALIFIED_LEAD_RATE: ObjectiveFamily.CONVERSION,
    Metric.SITE_CONVERSION: ObjectiveFamily.CONVERSION,
    Metric.REVENUE: ObjectiveFamily.FINANCIAL,
    Metric.NEW_CUSTOMERS: ObjectiveFamily.FINANCIAL,
    Metric.AVERAGE_BASKET: ObjectiveFamily.FINANCIAL,
}


@cache
def supported_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes whose public holidays the `holidays` package knows."""
    return frozenset(holidays.list_supported_countries())


@cache
def known_currencies() -> frozenset[str]:
    """ISO 4217 codes babel knows, without XXX (no currency) and XTS (testing)."""
    return frozenset(list_currencies()) - {"XXX", "XTS"}


class Meta(_Part):
    """Who the plan is for and when it runs."""

    name: Name
    description: Text = ""
    market: Market
    language: Language = Language.FR
    currency: str = "EUR"
    country: str = "FR"
    start_date: Day
    horizon_weeks: Annotated[int, Field(ge=1, le=156), _WHOLE] = 52

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        code = value.upper()
        if code not in known_currencies():
            raise PydanticCustomError(
                "unknown_currency", "unknown currency code {value}", {"value": value}
            )
        return code

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        code = value.upper()
        if code not in supported_countries():
            raise PydanticCustomError(
                "unknown_country",
                "no public-holiday calendar for country {value}",
                {"value": value},
            )
        return code

    @property
    def end_date(self) -> dt.date:
        """The last day of the plan's horizon."""
        return self.start_date + dt.timedelta(weeks=self.horizon_weeks, days=-1)


class Offer(_Part):
    """What is sold: deal value and its spread, margin, cross-sell and repeat purchases."""

    deal_value: Annotated[float, Field(gt=0.0), _NUMBER]
    deal_value_cv: Annotated[float, Field(ge=0.0, le=5.0), _NUMBER] = 0.5
    margin_rate: Fraction = 0.7
    cross_sell_attach_rate: Fraction = 0.0
    add_on_value: NonNegative = 0.0
    repeat_purchase_rate: Fraction = 0.0
    repeat_delay_days: Annotated[float, Field(ge=0.0, le=3650.0), _NUMBER] = 0.0
    customer_lifetime_years: Annotated[float, Field(gt=0.0, le=50.0), _NUMBER] = 3.0
    category: OfferCategory | None = None  # None: not said, so sector bans cannot be checked

    @property
    def expected_deal_value(self) -> float:
        """Deal value including the expected cross-sell add-on."""
        return self.deal_value + self.cross_sell_attach_rate * self.add_on_value


class Segment(_Part):
    """One ideal-customer segment (B2B account type or B2C persona)."""

    id: Id
    name: Name
    priority: Annotated[int, Field(ge=1, le=5), _WHOLE] = 3
    addressable_count: Annotated[int, Field(ge=0), _WHOLE] = 0
    sector: Text = ""
    size_band: Text = ""
    location: Text = ""
    decision_makers: Text = ""
    persona: Text = ""
    age_band: Text = ""
    region: Text = ""
    consent_basis: Text = ""
    pains: Text = ""
    value_proposition: Text = ""


class BantCriterion(_Part):
    """One BANT question: answered on a 0-3 scale, weighted, with a minimum answer."""

    question: Text = ""
    weight: Annotated[float, Field(ge=0.0, le=100.0), _NUMBER] = 1.0
    threshold: Annotated[int, Field(ge=0, le=3), _WHOLE] = 1


class BantGrid(_Part):
    """The rule that makes a lead qualified: weighted score and a minimum per criterion."""

    budget: BantCriterion = BantCriterion()
    authority: BantCriterion = BantCriterion()
    need: BantCriterion = BantCriterion()
    timing: BantCriterion = BantCriterion()
    qualified_score: Annotated[float, Field(ge=0.0, le=100.0), _NUMBER] = 60.0

    @model_validator(mode="after")
    def _some_weight(self) -> BantGrid:
        if sum(c.weight for c in (self.budget, self.authority, self.need, self.timing)) <= 0:
            raise PydanticCustomError("bant_no_weight", "at least one weight must be positive")
        return self


class Objective(_Part):
    """A SMART objective: a metric, a target, a deadline and an optional scope."""

    id: Id
    name: Name
    metric: Metric
    target: NonNegative
    deadline: Day
    segment_id: Id | None = None
    channel_id: Id | None = None

    @model_validator(mode="after")
    def _rate_target(self) -> Objective:
        if self.metric.is_rate and self.target > 1.0:
            # "field" makes the problem point at objectives[i].target, not at the objective.
            raise PydanticCustomError(
                "rate_target",
                "a rate target must be between 0 and 1 (got {target})",
                {"target": self.target, "field": "target"},
            )
        return self


class Team(_Part):
    """The people who prospect and the time they have for it."""

    reps: Annotated[int, Field(ge=0, le=10_000), _WHOLE] = 1
    hours_per_rep_per_week: Annotated[float, Field(ge=0.0, le=80.0), _NUMBER] = 10.0
    vacation_weeks: Annotated[float, Field(ge=0.0, le=52.0), _NUMBER] = 5.0
    new_reps: Annotated[int, Field(ge=0, le=10_000), _WHOLE] = 0
    ramp_up_weeks: Annotated[int, Field(ge=0, le=52), _WHOLE] = 0
    working_days: Annotated[str, Field(json_schema_extra={"pattern": "^[01]{7}$"})] = "1111100"

    @field_validator("working_days")
    @classmethod
    def _week_mask(cls, value: str) -> str:
        if len(value) != 7 or set(value) - {"0", "1"}:
            raise PydanticCustomError(
                "working_days",
                "working days must be 7 digits 0 or 1, Monday first (got {input})",
                {"input": value},
            )
        return value


class Delay(_Part):
    """Lognormal time to reach a stage: median in days (0 means at once) and log-sd."""

    median_days: Annotated[float, Field(ge=0.0, le=3650.0), _NUMBER] = 0.0
    log_sd: Annotated[float, Field(ge=0.0, le=3.0), _NUMBER] = 0.6


class Rate(_Part):
    """A conversion rate as a range (low / typical / high) with its definition and source."""

    low: Fraction
    typical: Fraction
    high: Fraction
    definition: Text = ""
    source: Text = ""

    @model_validator(mode="after")
    def _ordered(self) -> Rate:
        if not self.low <= self.typical <= self.high:
            raise PydanticCustomError(
                "rate_order",
                "low ≤ typical ≤ high is required (got {low}, {typical}, {high})",
                {"low": self.low, "typical": self.typical, "high": self.high},
            )
        return self

    @property
    def is_certain(self) -> bool:
        """A range with low = high has no uncertainty."""
        return self.low == self.high


class Stage(_Part):
    """A funnel stage: the rate from the previous stage and the delay to get there."""

    id: Id
    name: Name
    kind: StageKind = StageKind.OTHER
    rate: Rate
    delay: Delay = Delay()


class Channel(_Part):
    """A prospection channel: its weekly effort, costs and own funnel stages."""

    id: Id
    kind: ChannelKind
    name: Name
    activity_name: Name = "activities"
    activities_per_week: NonNegative = 0.0
    minutes_per_activity: Annotated[float, Field(ge=0.0, le=1440.0), _NUMBER] = 5.0
    cost_per_activity: NonNegative = 0.0
    fixed_cost_per_week: NonNegative = 0.0
    stages: list[Stage] = []
    joins_pipeline: bool = True


class CadenceStep(_Part):
    """One touch of the multichannel cadence."""

    id: Id
    day_offset: Annotated[int, Field(ge=0, le=365), _WHOLE]
    channel_id: Id
    action: Text = ""
    script_id: Id | None = None
    variant_id: Id | None = None


class SoncasMotive(StrEnum):
    """SONCAS buying motives: Sécurité, Orgueil, Nouveauté, Confort, Argent, Sympathie."""

    SECURITY = "security"
    PRIDE = "pride"
    NOVELTY = "novelty"
    COMFORT = "comfort"
    MONEY = "money"
    SYMPATHY = "sympathy"


class ScriptPart(StrEnum):
    """A part of a script that a variant may replace, in reading order."""

    SUBJECT = "subject"
    HOOK = "hook"
    VALUE_ARGUMENT = "value_argument"
    PROOF = "proof"
    CALL_TO_ACTION = "call_to_action"
    SIGNATURE = "signature"


class QqoqcpAxis(StrEnum):
    """The six QQOQCP discovery questions: Qui, Quoi, Où, Quand, Comment, Pourquoi."""

    WHO = "who"
    WHAT = "what"
    WHERE = "where"
    WHEN = "when"
    HOW = "how"
    WHY = "why"


Motives = Annotated[list[SoncasMotive], Field(max_length=6)]
FieldName = Annotated[str, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]


class ObjectionAnswer(_Part):
    """A prepared answer to an objection."""

    objection: Text
    answer: Text = ""


class Argument(_Part):
    """An extra argument of a script, tagged with the SONCAS motives it appeals to."""

    text: Text
    motives: Motives = []


class ScriptVariant(_Part):
    """A named alternative text for one part of a script, for A/B tests."""

    id: Id
    name: Name
    part: ScriptPart
    text: Text = ""
    motives: Motives = []


class Script(_Part):
    """A structured script for one channel."""

    id: Id
    channel_id: Id
    name: Name
    hook: Text = ""
    value_argument: Text = ""
    proof: Text = ""
    call_to_action: Text = ""
    objections: list[ObjectionAnswer] = []
    segment_id: Id | None = None
    subject: Text = ""
    signature: Text = ""
    value_motives: Motives = []
    arguments: list[Argument] = []
    variants: list[ScriptVariant] = []

    def part(self, part: ScriptPart) -> str:
        """The text of one part of the script."""
        text: str = getattr(self, part.value)
        return text


class DiscoveryQuestion(_Part):
    """A discovery question on one QQOQCP axis."""

    axis: QqoqcpAxis
    question: Text


class Discovery(_Part):
    """How the plan discovers needs: QQOQCP questions, reformulation, apparent vs deep need."""

    opening: Text = ""
    questions: list[DiscoveryQuestion] = []
    reformulation: Text = ""
    apparent_need: Text = ""
    deep_need: Text = ""


class SampleProspect(_Part):
    """Values shown in place of placeholders such as [Nom] in script previews."""

    values: dict[FieldName, Text] = {}


class Plan(_Part):
    """A whole prospection plan, from target to scripts."""

    schema_version: Literal[1] = SCHEMA_VERSION
    meta: Meta
    offer: Offer
    segments: list[Segment] = []
    bant: BantGrid = BantGrid()
    objectives: list[Objective] = []
    team: Team = Team()
    channels: list[Channel] = []
    pipeline: list[Stage] = []
    cadence: list[CadenceStep] = []
    scripts: list[Script] = []
    objection_library: list[ObjectionAnswer] = []
    discovery: Discovery = Discovery()
    sample_prospect: SampleProspect = SampleProspect()

    @model_validator(mode="after")
    def _consistent(self) -> Plan:
        """Ids unique, references known, deadlines inside the plan: every problem at once."""
        errors: list[InitErrorDetails] = []
        for part in ("segments", "objectives", "channels", "pipeline", "cadence", "scripts"):
            errors += _unique((part,), [item.id for item in getattr(self, part)])
        pipeline_ids = [s.id for s in self.pipeline]
        for i, channel in enumerate(self.channels):
            errors += _unique(("channels", i, "stages"), [s.id for s in channel.stages])
            if channel.joins_pipeline:
                errors += _clashes(("channels", i, "stages"), channel.stages, pipeline_ids)
        segments = {s.id for s in self.segments}
        channels = {c.id for c in self.channels}
        scripts = {s.id for s in self.scripts}
        start, end = self.meta.start_date, self.meta.end_date
        for i, objective in enumerate(self.objectives):
            errors += _refers(("objectives", i, "segment_id"), objective.segment_id, segments)
            errors += _refers(("objectives", i, "channel_id"), objective.channel_id, channels)
            if not start <= objective.deadline <= end:
                errors.append(
                    _error(
                        ("objectives", i, "deadline"),
                        objective.deadline.isoformat(),
                        "deadline_outside",
                        "{where}: {deadline} is outside the plan ({start} to {end})",
                        deadline=objective.deadline.isoformat(),
                        start=start.isoformat(),
                        end=end.isoformat(),
                    )
                )
        for i, step in enumerate(self.cadence):
            errors += _refers(("cadence", i, "channel_id"), step.channel_id, channels)
            errors += _refers(("cadence", i, "script_id"), step.script_id, scripts)
        for i, script in enumerate(self.scripts):
            errors += _refers(("scripts", i, "channel_id"), script.channel_id, channels)
        errors += _script_problems(self, segments)
        if errors:
            # Raised as a ValidationError so that pydantic reports each problem at its place.
            raise ValidationError.from_exception_data("Plan", errors)
        return self

    def channel(self, channel_id: str) -> Channel:
        """The channel with this id; KeyError if there is none."""
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        # Not StopIteration: escaping a generator or a loop, it would end it silently.
        raise KeyError(channel_id)

    def funnel(self, channel: Channel) -> list[Stage]:
        """The stages a channel's activities go through, shared pipeline included."""
        return [*channel.stages, *(self.pipeline if channel.joins_pipeline else [])]


Loc = tuple[int | str, ...]


def _error(loc: Loc, value: Any, code: str, template: str, **ctx: Any) -> InitErrorDetails:
    """One plan-level problem at `loc`; ctx["where"] is its path, as in messages."""
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    return {
        "type": PydanticCustomError(code, template, {"where": where, **ctx}),
        "loc": loc,
        "input": value,
    }


def _unique(loc: Loc, ids: list[str]) -> list[InitErrorDetails]:
    """A problem for each repeated id, at its second (third…) use: segments[3].id."""
    return [
        _error(
            (*loc, i, "id"),
            item,
            "duplicate_id",
            "{where}: id {id} is used more than once",
            id=item,
        )
        for i, item in enumerate(ids)
        if item in ids[:i]
    ]


def _clashes(loc: Loc, stages: list[Stage], pipeline_ids: list[str]) -> list[InitErrorDetails]:
    """A channel stage may not reuse the id of a shared pipeline stage it flows into."""
    return [
        _error(
            (*loc, i, "id"),
            s.id,
            "duplicate_id",
            "{where}: id {id} is used more than once",
            id=s.id,
        )
        for i, s in enumerate(stages)
        if s.id in pipeline_ids
    ]


def _script_problems(plan: Plan, segments: set[str]) -> list[InitErrorDetails]:
    """Script segments known, variant ids unique per script, cadence variants of its script."""
    errors: list[InitErrorDetails] = []
    variants: dict[str, set[str]] = {}
    for i, script in enumerate(plan.scripts):
        errors += _refers(("scripts", i, "segment_id"), script.segment_id, segments)
        errors += _unique(("scripts", i, "variants"), [v.id for v in script.variants])
        variants.setdefault(script.id, {v.id for v in script.variants})
    for i, step in enumerate(plan.cadence):
        known = variants.get(step.script_id, set()) if step.script_id else set()
        errors += _refers(("cadence", i, "variant_id"), step.variant_id, known)
    return errors


def _refers(loc: Loc, ref: str | None, known: set[str]) -> list[InitErrorDetails]:
    if ref is None or ref in known:
        return []
    return [
        _error(
            loc, ref, "unknown_reference", "{where} points at {ref}, which does not exist", ref=ref
        )
    ]


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema of the plan file."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Prospection plan"
    return schema
