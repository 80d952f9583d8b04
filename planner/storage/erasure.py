"""Erasing people from the workspace: every stored event and prospect card naming them, chunk by
chunk in one transaction, logged without the personal data (GDPR art. 17; retention, GD-05)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from planner.compliance.opposition import ContactKey, contact_key, contacts_in
from planner.scripts.prospect_card import ProspectCard
from planner.storage.cards import _stored_card
from planner.storage.events import _Chunk, _decode_chunk, chunk_bytes
from planner.storage.schema import (
    erasures,
    event_chunks,
    import_batches,
    plans,
    prospect_cards,
    stored_now,
)

Matcher = Callable[[str], bool]


@dataclass(frozen=True)
class Found:
    """Where a person is in the workspace: events per plan, and prospect cards."""

    events: dict[str, int]  # plan id -> events naming the person
    values: dict[str, frozenset[str]]  # plan id -> the prospect values that name them
    cards: tuple[str, ...]  # card ids

    @property
    def total_events(self) -> int:
        """Events naming the person in every plan."""
        return sum(self.events.values())


@dataclass(frozen=True)
class Erased:
    """What an erasure removed (what the log keeps)."""

    events: int
    cards: int
    plans: int


def matcher(key: ContactKey) -> Matcher:
    """True for a stored value that names the same person as `key`, however it is written."""
    return lambda value: (found := contact_key(value)) is not None and found.digest == key.digest


def naming(values: list[str], key: ContactKey) -> list[int]:
    """Positions of the values that name `key`: a quick vectorised sift (same e-mail without
    case, same last nine digits, same letters), each candidate then checked by its key."""
    if not values:
        return []
    text = pd.Series(values, dtype="string").str.strip().str.casefold()
    if key.kind == "email":
        sifted = text == key.value
    elif key.kind == "phone":
        sifted = text.str.replace(r"\D", "", regex=True).str.endswith(key.value[-9:])
    else:
        folded = text.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
        sifted = folded.str.split().str.join(" ") == key.value.encode("ascii", "ignore").decode()
    names = matcher(key)
    return [int(i) for i in np.flatnonzero(sifted.fillna(False).to_numpy()) if names(values[i])]


def find_person(engine: Engine, key: ContactKey) -> Found:
    """Every event (by its prospect) and card (company, contact, details) that names `key`."""
    events: dict[str, int] = {}
    values: dict[str, frozenset[str]] = {}
    with engine.connect() as conn:
        for row in conn.execute(sa.select(event_chunks.c.plan_id, event_chunks.c.data)):
            codes, distinct = _decode_chunk(bytes(row.data)).text["prospect"]
            hits = naming(distinct, key)
            if hits:
                plan = str(row.plan_id)
                count = int(np.isin(codes, hits).sum())
                events[plan] = events.get(plan, 0) + count
                values[plan] = values.get(plan, frozenset()) | {distinct[i] for i in hits}
        cards = tuple(
            str(r["id"])
            for r in conn.execute(sa.select(prospect_cards)).mappings()
            if _card_names(_stored_card(r).card, key)
        )
    return Found(events, values, cards)


def erase_person(engine: Engine, key: ContactKey) -> Erased:
    """Remove every event and card naming `key` across the workspace, in one transaction, and
    log the erasure (counts only)."""
    found = find_person(engine, key)
    with engine.begin() as conn:
        removed = sum(_remove(conn, plan, values) for plan, values in found.values.items())
        if found.cards:
            conn.execute(prospect_cards.delete().where(prospect_cards.c.id.in_(found.cards)))
        erased = Erased(removed, len(found.cards), len(found.values))
        _log(conn, "request", 1, erased)
    return erased


def remove_prospects(engine: Engine, plan_id: str, prospects: Collection[str]) -> Erased:
    """Remove the events of these prospects (stored values) from a plan, and log it as a
    retention purge (counts only)."""
    with engine.begin() as conn:
        if conn.scalar(sa.select(plans.c.id).where(plans.c.id == plan_id)) is None:
            return Erased(0, 0, 0)
        removed = _remove(conn, plan_id, frozenset(prospects))
        erased = Erased(removed, 0, 1 if removed else 0)
        _log(conn, "retention", len(prospects), erased)
    return erased


def _remove(conn: sa.Connection, plan_id: str, values: frozenset[str]) -> int:
    """Rewrite the plan's chunks that hold one of `values` without those rows (codes filtered
    as stored: nothing is decoded into a frame nor factorised again)."""
    removed = 0
    query = sa.select(event_chunks.c.id, event_chunks.c.batch_id, event_chunks.c.data).where(
        event_chunks.c.plan_id == plan_id
    )
    for row in conn.execute(query).all():
        chunk = _decode_chunk(bytes(row.data))
        codes, distinct = chunk.text["prospect"]
        hits = [i for i, value in enumerate(distinct) if value in values]
        if not hits:
            continue
        keep = ~np.isin(codes, hits)
        gone = int(len(keep) - keep.sum())
        removed += gone
        if not keep.any():
            conn.execute(event_chunks.delete().where(event_chunks.c.id == row.id))
        else:
            conn.execute(
                event_chunks.update()
                .where(event_chunks.c.id == row.id)
                .values(data=_kept_rows(chunk, keep), rows=int(keep.sum()))
            )
        conn.execute(
            import_batches.update()
            .where(import_batches.c.id == row.batch_id)
            .values(rows_imported=import_batches.c.rows_imported - gone)
        )
    return removed


def _kept_rows(chunk: _Chunk, keep: npt.NDArray[np.bool_]) -> bytes:
    text = {name: (codes[keep], values) for name, (codes, values) in chunk.text.items()}
    return chunk_bytes(_Chunk(chunk.days[keep], chunk.amount[keep], text))


def _card_names(card: ProspectCard, key: ContactKey) -> bool:
    written = (card.company, card.contact_name)
    if any((k := contact_key(text)) is not None and k.digest == key.digest for text in written):
        return True
    return any(k.digest == key.digest for k in contacts_in(card.contact_details))


def _log(
    conn: sa.Connection, reason: Literal["request", "retention"], people: int, erased: Erased
) -> None:
    conn.execute(
        erasures.insert().values(
            erased_at=stored_now(),
            reason=reason,
            people=people,
            events_removed=erased.events,
            cards_removed=erased.cards,
            plans=erased.plans,
        )
    )


def erasure_log(engine: Engine) -> list[dict[str, object]]:
    """Every erasure, most recent first: when, why, and the counts removed."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(erasures).order_by(erasures.c.id.desc())).mappings().all()
    return [dict(r) for r in rows]
