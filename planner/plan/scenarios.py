"""Demo scenarios (B2B SaaS, B2B consulting, B2C retail) and blank plans, in French or English.

Every text comes from planner/core/locales/<lang>/scenarios.toml; every rate comes from the
benchmark catalogue (planner.plan.benchmarks) with its definition and source. Volumes are sized
so that activity × typical rates × weeks reaches the order of magnitude of each objective.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from planner.core.i18n import messages, t
from planner.plan.benchmarks import benchmark_rate
from planner.plan.defaults import default_pipeline
from planner.plan.model import (
    BantCriterion,
    BantGrid,
    CadenceStep,
    Channel,
    ChannelKind,
    Delay,
    Language,
    Market,
    Meta,
    Metric,
    ObjectionAnswer,
    Objective,
    Offer,
    Plan,
    SampleProspect,
    Script,
    Segment,
    Stage,
    StageKind,
    Team,
)
from planner.plan.starters import starter_discovery, starter_objections, starter_sample

SCENARIO_IDS: tuple[str, ...] = ("saas_smb", "consulting_enterprise", "retail_b2c")

_BANT = ("budget", "authority", "need", "timing")
_B2B_FIELDS = ("sector", "size_band", "location", "decision_makers", "pains", "value_proposition")
_B2C_FIELDS = ("persona", "age_band", "region", "pains", "value_proposition")
_BLANK_DEAL_VALUE = {Market.B2B: 5000.0, Market.B2C: 60.0}


class UnknownScenario(ValueError):
    """Raised for a scenario id that is not one of SCENARIO_IDS."""

    def __init__(self, scenario_id: str) -> None:
        known = ", ".join(SCENARIO_IDS)
        super().__init__(f"unknown scenario {scenario_id!r}; known scenarios: {known}")
        self.scenario_id = scenario_id


class _Texts:
    """Strings of one scenario in one language: tx("segment.x.name")."""

    def __init__(self, lang: str, prefix: str) -> None:
        self.lang = lang
        self.prefix = prefix

    def __call__(self, key: str) -> str:
        return t(self.lang, f"{self.prefix}.{key}")


def _known(scenario_id: str) -> str:
    if scenario_id not in SCENARIO_IDS:
        raise UnknownScenario(scenario_id)
    return scenario_id


def _language(lang: str) -> Language:
    try:
        return Language(lang)
    except ValueError:
        known = ", ".join(language.value for language in Language)
        raise ValueError(f"unsupported language {lang!r}; use one of {known}") from None


def scenario_name(scenario_id: str, lang: str) -> str:
    """The scenario's display name in `lang`."""
    return t(lang, f"scenario.{_known(scenario_id)}.name")


def scenario_description(scenario_id: str, lang: str) -> str:
    """A few sentences saying what the scenario sells, to whom, and on which assumptions."""
    return t(lang, f"scenario.{_known(scenario_id)}.description")


def build_scenario(scenario_id: str, lang: str, start: dt.date) -> Plan:
    """A complete demo plan, written in `lang`, starting on `start` for 52 weeks."""
    plan = _BUILDERS[_known(scenario_id)](_language(lang), start)
    return plan.model_copy(
        update={
            "objection_library": starter_objections(lang, plan.meta.market),
            "discovery": starter_discovery(lang, plan.meta.market),
            "sample_prospect": _sample(scenario_id, lang),
        }
    )


def _sample(scenario_id: str, lang: str) -> SampleProspect:
    """The usual sample prospect plus the values of the scenario's own placeholders."""
    prefix = f"scenario.{scenario_id}.sample."
    own = {
        t(lang, key): t(lang, key[: -len(".label")] + ".value")
        for key in messages(lang)
        if key.startswith(prefix) and key.endswith(".label")
    }
    return SampleProspect(values=starter_sample(lang).values | own)


def blank_plan(name: str, market: Market, lang: str, start: dt.date) -> Plan:
    """A minimal valid plan: default offer and BANT questions, no channels yet."""
    language = _language(lang)
    tx = _Texts(lang, "scenario.blank")
    return Plan(
        meta=Meta(name=name, market=market, language=language, start_date=start),
        offer=Offer(deal_value=_BLANK_DEAL_VALUE[market]),
        bant=_bant(tx, (25, 25, 25, 25), (1, 1, 1, 1), 60),
    )


# Builder helpers ---------------------------------------------------------------------------


def _days(median: float, log_sd: float = 0.6) -> Delay:
    """A within-channel delay: an assumption of the scenario, not a benchmark."""
    return Delay(median_days=median, log_sd=log_sd)


def _week_end(start: dt.date, week: int) -> dt.date:
    return start + dt.timedelta(weeks=week, days=-1)


def _meta(scenario_id: str, lang: Language, start: dt.date, market: Market) -> Meta:
    return Meta(
        name=scenario_name(scenario_id, lang),
        description=scenario_description(scenario_id, lang),
        market=market,
        language=lang,
        currency="EUR",
        country="FR",
        start_date=start,
        horizon_weeks=52,
    )


def _segment(
    tx: _Texts, market: Market, segment_id: str, priority: int, count: int, consent: str = ""
) -> Segment:
    fields = _B2B_FIELDS if market is Market.B2B else _B2C_FIELDS
    data: dict[str, object] = {f: tx(f"segment.{segment_id}.{f}") for f in fields}
    data |= {
        "id": segment_id,
        "name": tx(f"segment.{segment_id}.name"),
        "priority": priority,
        "addressable_count": count,
        "consent_basis": consent,
    }
    return Segment.model_validate(data)


def _bant(
    tx: _Texts, weights: Sequence[float], thresholds: Sequence[int], qualified: float
) -> BantGrid:
    budget, authority, need, timing = (
        BantCriterion(question=tx(f"bant.{name}"), weight=weight, threshold=threshold)
        for name, weight, threshold in zip(_BANT, weights, thresholds, strict=True)
    )
    return BantGrid(
        budget=budget, authority=authority, need=need, timing=timing, qualified_score=qualified
    )


def _objective(
    tx: _Texts,
    start: dt.date,
    objective_id: str,
    metric: Metric,
    target: float,
    week: int,
    channel_id: str | None = None,
) -> Objective:
    return Objective(
        id=objective_id,
        name=tx(f"objective.{objective_id}"),
        metric=metric,
        target=target,
        deadline=_week_end(start, week),
        channel_id=channel_id,
    )


def _stage(
    lang: str, stage_id: str, kind: StageKind, benchmark: str, wait: Delay | None = None
) -> Stage:
    return Stage(
        id=stage_id,
        name=t(lang, f"stage.{stage_id}"),
        kind=kind,
        rate=benchmark_rate(benchmark, lang),
        delay=wait or Delay(),
    )


def _pipeline(lang: str, win: str, won_delay: str) -> list[Stage]:
    """The shared B2B pipeline: meeting held → qualified opportunity → won."""
    return default_pipeline(Market.B2B, lang, win, won_delay)


def _channel(
    tx: _Texts,
    channel_id: str,
    kind: ChannelKind,
    effort: tuple[float, float, float, float],
    stages: list[Stage],
    joins_pipeline: bool = True,
) -> Channel:
    """effort = (activities per week, minutes per activity, cost per activity, fixed cost/week)."""
    per_week, minutes, cost, fixed = effort
    return Channel(
        id=channel_id,
        kind=kind,
        name=tx(f"channel.{channel_id}.name"),
        activity_name=tx(f"channel.{channel_id}.activity"),
        activities_per_week=per_week,
        minutes_per_activity=minutes,
        cost_per_activity=cost,
        fixed_cost_per_week=fixed,
        stages=stages,
        joins_pipeline=joins_pipeline,
    )


def _cadence(tx: _Texts, steps: Sequence[tuple[int, str, bool]]) -> list[CadenceStep]:
    """steps = (day offset, channel id, uses the channel's script)."""
    return [
        CadenceStep(
            id=f"step-{number}",
            day_offset=day,
            channel_id=channel_id,
            action=tx(f"cadence.step_{number}"),
            script_id=f"script-{channel_id}" if scripted else None,
        )
        for number, (day, channel_id, scripted) in enumerate(steps, start=1)
    ]


def _script(tx: _Texts, channel_id: str) -> Script:
    def part(key: str) -> str:
        return tx(f"script.{channel_id}.{key}")

    return Script(
        id=f"script-{channel_id}",
        channel_id=channel_id,
        name=part("name"),
        hook=part("hook"),
        value_argument=part("value"),
        proof=part("proof"),
        call_to_action=part("cta"),
        objections=[
            ObjectionAnswer(objection=part(f"objection_{i}"), answer=part(f"answer_{i}"))
            for i in (1, 2)
        ],
    )


# The three scenarios -----------------------------------------------------------------------


def _saas_smb(lang: Language, start: dt.date) -> Plan:
    tx = _Texts(lang, "scenario.saas_smb")
    b2b = Market.B2B
    return Plan(
        meta=_meta("saas_smb", lang, start, b2b),
        # Annual subscription (400 €/month); onboarding pack as cross-sell.
        offer=Offer(
            deal_value=4800.0,
            deal_value_cv=0.5,
            margin_rate=0.8,
            cross_sell_attach_rate=0.3,
            add_on_value=900.0,
            customer_lifetime_years=3.0,
        ),
        segments=[
            _segment(tx, b2b, "field_services", 1, 4000),
            _segment(tx, b2b, "multi_site", 2, 600),
        ],
        bant=_bant(tx, (20, 25, 35, 20), (1, 2, 2, 1), 60),
        objectives=[
            _objective(tx, start, "contacted", Metric.PROSPECTS_CONTACTED_PER_WEEK, 120, 6),
            _objective(tx, start, "meetings", Metric.MEETINGS_PER_MONTH, 12, 13),
            _objective(tx, start, "win_rate", Metric.WIN_RATE, 0.25, 52),
            _objective(tx, start, "revenue", Metric.REVENUE, 70_000, 52),
            _objective(tx, start, "phone_revenue", Metric.REVENUE, 20_000, 52, "phone"),
        ],
        team=Team(reps=2, hours_per_rep_per_week=20.0, vacation_weeks=5.0),
        channels=[
            _channel(
                tx,
                "phone",
                ChannelKind.PHONE,
                (300, 3.0, 0.05, 25.0),
                [
                    _stage(lang, "conversation", StageKind.CONVERSATION, "cold_call.connect"),
                    _stage(lang, "meeting_booked", StageKind.MEETING_BOOKED, "cold_call.meeting"),
                ],
            ),
            _channel(tx, "email", ChannelKind.EMAIL, (250, 3.0, 0.02, 30.0), _email(lang)),
            _channel(tx, "linkedin", ChannelKind.LINKEDIN, (100, 4.0, 0.0, 45.0), _linkedin(lang)),
        ],
        pipeline=_pipeline(lang, "pipeline.win.smb_mid_market", "pipeline.opportunity_to_won.smb"),
        cadence=_cadence(
            tx,
            [
                (0, "linkedin", True),
                (1, "email", True),
                (3, "phone", True),
                (6, "email", False),
                (8, "linkedin", False),
                (10, "phone", False),
            ],
        ),
        scripts=[_script(tx, c) for c in ("phone", "email", "linkedin")],
    )


def _email(lang: str) -> list[Stage]:
    """Cold e-mail to a named professional: reply (per delivered e-mail) → meeting."""
    return [
        _stage(lang, "reply", StageKind.REPLY, "email.reply", _days(2, 0.8)),
        _stage(
            lang, "meeting_booked", StageKind.MEETING_BOOKED, "email.reply_to_meeting", _days(3)
        ),
    ]


def _linkedin(lang: str) -> list[Stage]:
    """LinkedIn: connection accepted → reply → meeting."""
    return [
        _stage(lang, "accepted", StageKind.CONNECTION, "linkedin.acceptance", _days(3, 0.8)),
        _stage(lang, "reply", StageKind.REPLY, "linkedin.reply", _days(4, 0.8)),
        _stage(
            lang, "meeting_booked", StageKind.MEETING_BOOKED, "linkedin.reply_to_meeting", _days(3)
        ),
    ]


def _consulting_enterprise(lang: Language, start: dt.date) -> Plan:
    tx = _Texts(lang, "scenario.consulting_enterprise")
    b2b = Market.B2B
    return Plan(
        meta=_meta("consulting_enterprise", lang, start, b2b),
        # A transformation mission; a training and change-management phase as cross-sell.
        offer=Offer(
            deal_value=120_000.0,
            deal_value_cv=0.6,
            margin_rate=0.35,
            cross_sell_attach_rate=0.25,
            add_on_value=30_000.0,
            customer_lifetime_years=4.0,
        ),
        segments=[
            _segment(tx, b2b, "industrial_groups", 1, 150),
            _segment(tx, b2b, "retail_chains", 2, 60),
        ],
        bant=_bant(tx, (25, 30, 25, 20), (2, 2, 2, 1), 65),
        objectives=[
            _objective(tx, start, "contacted", Metric.PROSPECTS_CONTACTED_PER_WEEK, 25, 6),
            _objective(tx, start, "meetings", Metric.MEETINGS_PER_MONTH, 5, 17),
            _objective(tx, start, "qualified", Metric.QUALIFIED_LEAD_RATE, 0.45, 26),
            _objective(tx, start, "revenue", Metric.REVENUE, 240_000, 52),
            _objective(tx, start, "new_customers", Metric.NEW_CUSTOMERS, 2, 52),
        ],
        team=Team(reps=3, hours_per_rep_per_week=8.0, vacation_weeks=6.0),
        channels=[
            _channel(
                tx,
                "events",
                ChannelKind.EVENTS,
                (8, 40.0, 80.0, 0.0),
                [
                    _stage(
                        lang,
                        "meeting_booked",
                        StageKind.MEETING_BOOKED,
                        "events.conversation_to_meeting",
                        _days(10, 0.7),
                    )
                ],
            ),
            _channel(
                tx,
                "referral",
                ChannelKind.REFERRAL,
                (4, 30.0, 0.0, 0.0),
                [
                    _stage(
                        lang,
                        "introduction",
                        StageKind.LEAD,
                        "referral.introduction",
                        _days(10, 0.7),
                    ),
                    _stage(
                        lang,
                        "meeting_booked",
                        StageKind.MEETING_BOOKED,
                        "referral.lead_to_meeting",
                        _days(7),
                    ),
                ],
            ),
            _channel(
                tx, "abm_linkedin", ChannelKind.LINKEDIN, (20, 10.0, 0.0, 70.0), _linkedin(lang)
            ),
            _channel(tx, "abm_email", ChannelKind.EMAIL, (30, 12.0, 0.0, 15.0), _email(lang)),
        ],
        pipeline=_pipeline(
            lang, "pipeline.win.enterprise", "pipeline.opportunity_to_won.enterprise"
        ),
        cadence=_cadence(
            tx,
            [
                (0, "abm_linkedin", True),
                (3, "abm_email", True),
                (10, "abm_linkedin", False),
                (17, "abm_email", False),
                (30, "events", False),
            ],
        ),
        scripts=[_script(tx, c) for c in ("events", "referral", "abm_linkedin", "abm_email")],
    )


def _retail_b2c(lang: Language, start: dt.date) -> Plan:
    tx = _Texts(lang, "scenario.retail_b2c")
    b2c = Market.B2C
    repeat = benchmark_rate("ecommerce.repeat_12m", lang)
    return Plan(
        meta=_meta("retail_b2c", lang, start, b2c),
        # Basket: the shop's own figure (see the description); socks/insoles as cross-sell.
        offer=Offer(
            deal_value=85.0,
            deal_value_cv=0.6,
            margin_rate=0.45,
            cross_sell_attach_rate=0.25,
            add_on_value=20.0,
            repeat_purchase_rate=repeat.typical,
            repeat_delay_days=120.0,
            customer_lifetime_years=3.0,
        ),
        segments=[
            _segment(tx, b2c, "trail_runners", 1, 3000, "opt_in"),
            _segment(tx, b2c, "new_runners", 2, 2000, "existing_customer"),
            _segment(tx, b2c, "hikers", 3, 1000, "opt_in"),
        ],
        bant=_bant(tx, (30, 10, 40, 20), (1, 1, 2, 1), 50),
        objectives=[
            _objective(tx, start, "contacted", Metric.PROSPECTS_CONTACTED_PER_WEEK, 12_000, 8),
            _objective(tx, start, "site_conversion", Metric.SITE_CONVERSION, 0.02, 26, "email"),
            _objective(tx, start, "revenue", Metric.REVENUE, 45_000, 52),
            _objective(tx, start, "basket", Metric.AVERAGE_BASKET, 88, 26),
            _objective(tx, start, "new_customers", Metric.NEW_CUSTOMERS, 250, 52),
        ],
        team=Team(reps=2, hours_per_rep_per_week=6.0, vacation_weeks=5.0, working_days="0111111"),
        channels=[
            _channel(
                tx,
                "email",
                ChannelKind.EMAIL,
                (6000, 0.01, 0.001, 20.0),
                [
                    _stage(lang, "visit", StageKind.VISIT, "b2c_email.click", _days(1, 0.8)),
                    _stage(lang, "order", StageKind.WON, "ecommerce.conversion"),
                ],
                joins_pipeline=False,
            ),
            _channel(
                tx,
                "social",
                ChannelKind.SOCIAL,
                (8000, 0.05, 0.006, 0.0),
                [
                    _stage(lang, "visit", StageKind.VISIT, "social.click"),
                    _stage(lang, "order", StageKind.WON, "ecommerce.conversion", _days(1, 0.8)),
                ],
                joins_pipeline=False,
            ),
            _channel(
                tx,
                "events",
                ChannelKind.EVENTS,
                (40, 6.0, 4.0, 0.0),
                [_stage(lang, "stand_purchase", StageKind.WON, "events.stand_purchase")],
                joins_pipeline=False,
            ),
        ],
        cadence=_cadence(
            tx,
            [
                (0, "events", True),
                (2, "email", True),
                (7, "social", True),
                (14, "email", False),
                (30, "events", False),
            ],
        ),
        scripts=[_script(tx, c) for c in ("email", "social", "events")],
    )


_BUILDERS: dict[str, Callable[[Language, dt.date], Plan]] = {
    "saas_smb": _saas_smb,
    "consulting_enterprise": _consulting_enterprise,
    "retail_b2c": _retail_b2c,
}
