"""Prospect cards: personal data about prospects, kept beside the plan, never inside the plan file.

Deleting a plan deletes its cards (ON DELETE CASCADE).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.scripts.prospect_card import ProspectCard
from planner.storage.plans import PlanNotFound
from planner.storage.schema import as_utc, plans, prospect_cards, stored_now


class CardNotFound(LookupError):
    """No prospect card with this id in the workspace."""


@dataclass(frozen=True)
class StoredCard:
    """A prospect card as stored, with its id and plan."""

    id: str
    plan_id: str
    created_at: dt.datetime
    updated_at: dt.datetime
    card: ProspectCard


def _stored_card(row: Any) -> StoredCard:
    card = ProspectCard.model_validate_json(row["document"])
    return StoredCard(
        row["id"], row["plan_id"], as_utc(row["created_at"]), as_utc(row["updated_at"]), card
    )


def save_card(
    engine: Engine, plan_id: str, card: ProspectCard, card_id: str | None = None
) -> StoredCard:
    """Store a new card for a plan (card_id None) or replace an existing card's content."""
    # Validated again: a card changed with model_copy(update=...) is not checked by pydantic.
    document = ProspectCard.model_validate(card.model_dump(warnings=False)).model_dump_json()
    now = stored_now()
    with engine.begin() as conn:
        if card_id is None:
            exists = conn.execute(sa.select(plans.c.id).where(plans.c.id == plan_id)).first()
            if exists is None:
                raise PlanNotFound(plan_id)
            card_id = uuid.uuid4().hex[:12]
            conn.execute(
                prospect_cards.insert().values(
                    id=card_id, plan_id=plan_id, created_at=now, updated_at=now, document=document
                )
            )
        else:
            moved = conn.execute(
                prospect_cards.update()
                .where(prospect_cards.c.id == card_id, prospect_cards.c.plan_id == plan_id)
                .values(updated_at=now, document=document)
            )
            if moved.rowcount != 1:
                raise CardNotFound(card_id)
    return load_card(engine, card_id)


def load_card(engine: Engine, card_id: str) -> StoredCard:
    """One card by its id."""
    with engine.connect() as conn:
        row = (
            conn.execute(sa.select(prospect_cards).where(prospect_cards.c.id == card_id))
            .mappings()
            .first()
        )
    if row is None:
        raise CardNotFound(card_id)
    return _stored_card(row)


def list_cards(engine: Engine, plan_id: str) -> list[StoredCard]:
    """Every card of a plan, most recently saved first."""
    query = (
        sa.select(prospect_cards)
        .where(prospect_cards.c.plan_id == plan_id)
        .order_by(prospect_cards.c.updated_at.desc(), prospect_cards.c.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [_stored_card(r) for r in rows]


def delete_card(engine: Engine, card_id: str) -> None:
    """Remove one card."""
    with engine.begin() as conn:
        gone = conn.execute(prospect_cards.delete().where(prospect_cards.c.id == card_id))
    if gone.rowcount != 1:
        raise CardNotFound(card_id)
