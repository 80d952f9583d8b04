"""Starter content for a plan's scripts: objection library, QQOQCP questions, sample prospect.

Texts come from planner/core/locales/<lang>/scripts.toml; demo scenarios and the scripts page
start from them.
"""

from __future__ import annotations

from planner.core.i18n import messages, t
from planner.plan.model import (
    Discovery,
    DiscoveryQuestion,
    Market,
    ObjectionAnswer,
    QqoqcpAxis,
    SampleProspect,
)

# Starter objections and the markets they suit.
STARTER_OBJECTIONS: dict[str, frozenset[Market]] = {
    "no_time": frozenset(Market),
    "have_supplier": frozenset(Market),
    "too_expensive": frozenset(Market),
    "send_documentation": frozenset(Market),
    "not_priority": frozenset(Market),
    "not_decision_maker": frozenset({Market.B2B}),
    "talk_to_partner": frozenset({Market.B2C}),
    "not_interested": frozenset(Market),
    "call_back_later": frozenset(Market),
    "happy_with_current": frozenset(Market),
    "bad_experience": frozenset(Market),
    "need_to_think": frozenset(Market),
    "do_it_internally": frozenset({Market.B2B}),
    "where_did_you_get_my_details": frozenset(Market),
    "remove_me": frozenset(Market),
}
SAMPLE_FIELDS: tuple[str, ...] = (
    "name",
    "first_name",
    "prospect_company",
    "company",
    "rep",
    "problem",
    "sector",
    "reference_customer",
    "day",
    "other_day",
    "opt_out_link",
)


def starter_objections(lang: str, market: Market) -> list[ObjectionAnswer]:
    """The starter objection library for a market: objection and a good answer each."""
    return [
        ObjectionAnswer(
            objection=t(lang, f"scripts.objection.{key}.objection"),
            answer=t(lang, f"scripts.objection.{key}.answer"),
        )
        for key, markets in STARTER_OBJECTIONS.items()
        if market in markets
    ]


def starter_questions(lang: str, market: Market) -> list[DiscoveryQuestion]:
    """Starter QQOQCP questions for a market, axis by axis."""
    found = messages(lang)
    questions: list[DiscoveryQuestion] = []
    for axis in QqoqcpAxis:
        prefix = f"scripts.discovery.{market.value}.{axis.value}."
        numbers = sorted(int(k.removeprefix(prefix)) for k in found if k.startswith(prefix))
        questions += [DiscoveryQuestion(axis=axis, question=found[f"{prefix}{n}"]) for n in numbers]
    return questions


def starter_discovery(lang: str, market: Market) -> Discovery:
    """A discovery guide to start from: opening, QQOQCP questions, reformulation, needs."""
    return Discovery(
        opening=t(lang, "scripts.discovery.opening"),
        questions=starter_questions(lang, market),
        reformulation=t(lang, "scripts.discovery.reformulation"),
        apparent_need=t(lang, "scripts.discovery.apparent_need"),
        deep_need=t(lang, "scripts.discovery.deep_need"),
    )


def starter_sample(lang: str) -> SampleProspect:
    """A sample prospect with the usual fields ([Nom], [Entreprise], [problème]…) filled."""
    return SampleProspect(
        values={
            t(lang, f"scripts.sample.{key}.label"): t(lang, f"scripts.sample.{key}.value")
            for key in SAMPLE_FIELDS
        }
    )
