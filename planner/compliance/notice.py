"""The information notice owed to people whose contact details were not collected from them
(GD-01, GDPR art. 14): a draft in the user's language, with the source named and the right to
object said explicitly (art. 21(4)), to complete and have checked."""

from __future__ import annotations

from enum import StrEnum

from planner.core.i18n import t
from planner.plan.model import Market, Plan

RETENTION_YEARS = 3  # CNIL benchmark for prospects (GD-05)


class DataSource(StrEnum):
    """Where a file of prospects came from."""

    OWN_FORM = "own_form"  # collected from the person: art. 13, not art. 14
    EVENT = "event"  # a badge scan or business card: collected from the person too
    PURCHASED = "purchased"
    PUBLIC_WEB = "public_web"  # LinkedIn, websites, directories
    ENRICHMENT = "enrichment"
    PARTNER = "partner"


DATA_SOURCES: tuple[str, ...] = tuple(s.value for s in DataSource)
# Sources where the data were not collected from the person: art. 14 applies.
INDIRECT = frozenset(
    {DataSource.PURCHASED, DataSource.PUBLIC_WEB, DataSource.ENRICHMENT, DataSource.PARTNER}
)


def notice_text(plan: Plan, source: DataSource, lang: str) -> str:
    """A draft notice for the plan's prospects from `source`: who processes their data, why, on
    which basis, where the data came from, how long they are kept, and their rights."""
    key = "b2c" if plan.meta.market is Market.B2C else "b2b"
    article = "14" if source in INDIRECT else "13"
    parts = [
        t(lang, "notice.intro", article=article),
        t(lang, "notice.controller"),
        t(lang, "notice.purpose", offer=plan.meta.name),
        t(lang, f"notice.basis_{key}"),
        t(lang, f"notice.source.{source.value}"),
        t(lang, "notice.retention", years=RETENTION_YEARS),
        t(lang, "notice.object"),
        t(lang, "notice.rights"),
    ]
    if source in INDIRECT:
        parts.append(t(lang, "notice.when"))
    return "\n\n".join(parts)
