"""What files write for events, channels and lead sources, in English and French, and the
user's own mapping of file values (saved from the Tracking page, read by the CLI).

Values are compared as `presets.normalised` makes them (no case, accents, dots or dashes):
"Tél." and "tel", "E-mail" and "email" are the same key.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from planner.plan.model import ChannelKind, Plan
from planner.tracking.events import EventKind
from planner.tracking.presets import (
    FIELDS,
    KIND_LABELS,
    PRESETS,
    ColumnMapping,
    guess_mapping,
    manual_mapping,
    normalised,
)

K = EventKind
C = ChannelKind

# Everyday words for events, in English and French, beside the kinds' own names.
EVENT_SYNONYMS: Mapping[str, EventKind] = {
    normalised(word): kind
    for word, kind in (
        # activities: a call made, an e-mail or message sent
        ("called", K.ACTIVITY),
        ("call made", K.ACTIVITY),
        ("cold call", K.ACTIVITY),
        ("dial", K.ACTIVITY),
        ("dialed", K.ACTIVITY),
        ("email", K.ACTIVITY),
        ("emailed", K.ACTIVITY),
        ("message sent", K.ACTIVITY),
        ("inmail sent", K.ACTIVITY),
        ("touch", K.ACTIVITY),
        ("appel", K.ACTIVITY),
        ("appelé", K.ACTIVITY),
        ("appel sortant", K.ACTIVITY),
        ("appel passé", K.ACTIVITY),
        ("mail envoyé", K.ACTIVITY),
        ("message envoyé", K.ACTIVITY),
        ("relance", K.ACTIVITY),
        # someone answered
        ("answered", K.CONNECTION),
        ("picked up", K.CONNECTION),
        ("connected", K.CONNECTION),
        ("décroché", K.CONNECTION),
        ("joint", K.CONNECTION),
        ("a décroché", K.CONNECTION),
        ("talked", K.CONVERSATION),
        ("discussion", K.CONVERSATION),
        ("échange", K.CONVERSATION),
        ("replied", K.REPLY),
        ("answer", K.REPLY),
        ("response", K.REPLY),
        ("répondu", K.REPLY),
        ("a répondu", K.REPLY),
        ("visited", K.VISIT),
        ("site visit", K.VISIT),
        ("qualified", K.LEAD),
        ("qualified lead", K.LEAD),
        ("mql", K.LEAD),
        ("sql", K.LEAD),
        ("prospect qualifié", K.LEAD),
        ("lead qualifié", K.LEAD),
        ("qualifié", K.LEAD),
        # meetings
        ("meeting booked", K.MEETING_BOOKED),
        ("meeting set", K.MEETING_BOOKED),
        ("meeting scheduled", K.MEETING_BOOKED),
        ("appointment", K.MEETING_BOOKED),
        ("demo booked", K.MEETING_BOOKED),
        ("rdv", K.MEETING_BOOKED),
        ("rendez-vous", K.MEETING_BOOKED),
        ("rdv fixé", K.MEETING_BOOKED),
        ("rdv planifié", K.MEETING_BOOKED),
        ("meeting held", K.MEETING_HELD),
        ("meeting done", K.MEETING_HELD),
        ("demo done", K.MEETING_HELD),
        ("rdv effectué", K.MEETING_HELD),
        ("rdv réalisé", K.MEETING_HELD),
        ("rendez-vous effectué", K.MEETING_HELD),
        # proposals
        ("quote sent", K.OPPORTUNITY),
        ("proposal sent", K.OPPORTUNITY),
        ("quote", K.OPPORTUNITY),
        ("proposal", K.OPPORTUNITY),
        ("devis envoyé", K.OPPORTUNITY),
        ("devis", K.OPPORTUNITY),
        ("proposition envoyée", K.OPPORTUNITY),
        ("proposition commerciale", K.OPPORTUNITY),
        # outcomes
        ("signed", K.WON),
        ("closed won", K.WON),
        ("deal won", K.WON),
        ("order", K.WON),
        ("signé", K.WON),
        ("signée", K.WON),
        ("commande", K.WON),
        ("devis signé", K.WON),
        ("contrat signé", K.WON),
        ("closed lost", K.LOST),
        ("deal lost", K.LOST),
        ("refused", K.LOST),
        ("declined", K.LOST),
        ("refusé", K.LOST),
        ("refus", K.LOST),
        ("sans suite", K.LOST),
        ("spend", K.COST),
        ("frais", K.COST),
    )
}

# Channel values (and lead-source values of CRM exports) -> the kind of channel they name.
CHANNEL_SYNONYMS: Mapping[str, ChannelKind] = {
    normalised(word): kind
    for word, kind in (
        ("mail", C.EMAIL),
        ("e-mail", C.EMAIL),
        ("email", C.EMAIL),
        ("courriel", C.EMAIL),
        ("emailing", C.EMAIL),
        ("cold email", C.EMAIL),
        ("email marketing", C.EMAIL),
        ("marketing emails", C.EMAIL),
        ("newsletter", C.EMAIL),
        ("e-mail marketing", C.EMAIL),
        ("tél", C.PHONE),
        ("tel", C.PHONE),
        ("téléphone", C.PHONE),
        ("phone", C.PHONE),
        ("telephone", C.PHONE),
        ("call", C.PHONE),
        ("cold call", C.PHONE),
        ("cold calling", C.PHONE),
        ("phoning", C.PHONE),
        ("appel", C.PHONE),
        ("prospection téléphonique", C.PHONE),
        ("phone inquiry", C.PHONE),
        ("linkedin", C.LINKEDIN),
        ("inmail", C.LINKEDIN),
        ("linkedin inmail", C.LINKEDIN),
        ("sales navigator", C.LINKEDIN),
        ("social media", C.SOCIAL),
        ("organic social", C.SOCIAL),
        ("paid social", C.SOCIAL),
        ("réseaux sociaux", C.SOCIAL),
        ("social", C.SOCIAL),
        ("facebook", C.SOCIAL),
        ("instagram", C.SOCIAL),
        ("salon", C.EVENTS),
        ("salon professionnel", C.EVENTS),
        ("trade show", C.EVENTS),
        ("tradeshow", C.EVENTS),
        ("event", C.EVENTS),
        ("events", C.EVENTS),
        ("événement", C.EVENTS),
        ("évènement", C.EVENTS),
        ("conference", C.EVENTS),
        ("conférence", C.EVENTS),
        ("webinar", C.EVENTS),
        ("webinaire", C.EVENTS),
        ("seminar", C.EVENTS),
        ("bouche-à-oreille", C.REFERRAL),
        ("bouche à oreille", C.REFERRAL),
        ("referral", C.REFERRAL),
        ("referrals", C.REFERRAL),
        ("recommandation", C.REFERRAL),
        ("parrainage", C.REFERRAL),
        ("word of mouth", C.REFERRAL),
        ("partner", C.REFERRAL),
        ("partenaire", C.REFERRAL),
        ("employee referral", C.REFERRAL),
        ("external referral", C.REFERRAL),
        ("sms", C.SMS),
        ("texto", C.SMS),
        ("web", C.WEB),
        ("website", C.WEB),
        ("site web", C.WEB),
        ("site internet", C.WEB),
        ("organic search", C.WEB),
        ("paid search", C.WEB),
        ("direct traffic", C.WEB),
        ("referring site", C.WEB),
        ("seo", C.WEB),
        ("sea", C.WEB),
        ("google", C.WEB),
        ("google ads", C.WEB),
        ("web form", C.WEB),
        ("recherche organique", C.WEB),
        ("recherche payante", C.WEB),
        ("trafic direct", C.WEB),
        ("sites référents", C.WEB),
        ("formulaire web", C.WEB),
        ("réseaux sociaux payants", C.SOCIAL),
        ("réseaux sociaux organiques", C.SOCIAL),
        ("publicité", C.WEB),
        ("advertisement", C.WEB),
        ("other", C.OTHER),
        ("autre", C.OTHER),
    )
}
# Lead sources that name no channel: "Offline Sources" (HubSpot's imports and CRM entries).
NO_CHANNEL: frozenset[str] = frozenset(
    normalised(word)
    for word in ("offline sources", "sources hors ligne", "hors ligne", "offline", "unknown")
)

MAPPING_FORMAT = "prospection-plan/value-mapping"
MAPPING_VERSION = 1


def kind_channels(plan: Plan) -> dict[ChannelKind, str]:
    """The plan's channel of each kind it has once (a kind held by two channels is ambiguous)."""
    kinds = [c.kind for c in plan.channels]
    return {c.kind: c.id for c in plan.channels if kinds.count(c.kind) == 1}


def synonym_channels(plan: Plan) -> dict[str, str]:
    """Every channel synonym whose kind the plan has once -> that channel's id."""
    by_kind = kind_channels(plan)
    return {word: by_kind[kind] for word, kind in CHANNEL_SYNONYMS.items() if kind in by_kind}


def channel_target(plan: Plan, target: str) -> str | None:
    """The channel id a mapping's target names (a channel id, a name, or a kind the plan has
    once); None when it names none."""
    key = normalised(target)
    for channel in plan.channels:
        if key in (normalised(channel.id), normalised(channel.name)):
            return channel.id
    kinds = {normalised(k.value): k for k in ChannelKind}
    kind = kinds.get(key)
    return kind_channels(plan).get(kind) if kind is not None else None


def channel_ids(plan: Plan, channels: Mapping[str, str]) -> dict[str, str]:
    """File values -> channel targets as the plan's channel ids; MappingError naming the first
    target that is no channel id, name or single kind of the plan."""
    found = {}
    for value, target in channels.items():
        channel = channel_target(plan, target)
        if channel is None:
            ids = [c.id for c in plan.channels] + sorted(k.value for k in kind_channels(plan))
            known = ", ".join(dict.fromkeys(ids))
            raise MappingError("unknown_channel", value=value, target=target, known=known)
        found[value] = channel
    return found


def column_mapping(
    chosen: ValueMapping, headers: Iterable[str], plan: Plan
) -> ColumnMapping | None:
    """The column mapping a ValueMapping names for a file (its preset, with its columns on top;
    or a manual one; None: guess it from the headers), with its value choices."""
    headers = list(headers)
    if chosen.preset not in (None, "manual") and chosen.preset not in PRESETS:
        raise MappingError("unknown_preset", name=str(chosen.preset), known=", ".join(PRESETS))
    if chosen.preset == "manual" or (chosen.preset is None and chosen.columns):
        if "date" not in chosen.columns:
            raise MappingError("manual_needs_date")
        base = manual_mapping(chosen.columns, date_order=chosen.date_order or "dmy")
    else:
        found = PRESETS[chosen.preset] if chosen.preset else guess_mapping(headers)
        if found is None:
            return None
        # the chosen column first, the preset's others after it (a date's fallbacks stay)
        columns = dict(found.columns)
        for name, header in chosen.columns.items():
            columns[name] = (header, *(c for c in columns.get(name, ()) if c != header))
        base = dataclasses.replace(found, columns=columns)
        if chosen.date_order:
            base = dataclasses.replace(base, date_order=chosen.date_order)
    missing = [h for h in chosen.columns.values() if normalised(h) not in map(normalised, headers)]
    if missing:
        raise MappingError("missing_column", column=missing[0])
    return base.with_values(chosen.events, channel_ids(plan, chosen.channels))


class MappingError(ValueError):
    """A value mapping that cannot be read: `code` names the problem, `params` its details."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ValueMapping:
    """The user's choices for a file: its columns and what its values mean.

    `preset` names the column mapping (a preset's name, or "manual" with `columns`); `events`
    maps file values to event kinds; `channels` maps file values (of the channel column or of
    the lead-source column) to channel ids or kinds of the plan. Keys as written in the file.
    """

    preset: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    events: Mapping[str, EventKind] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)
    date_order: str | None = None

    def merged(self, other: ValueMapping) -> ValueMapping:
        """This mapping with `other`'s choices on top."""
        return ValueMapping(
            other.preset or self.preset,
            {**self.columns, **other.columns},
            {**self.events, **other.events},
            {**self.channels, **other.channels},
            other.date_order or self.date_order,
        )

    def to_dict(self) -> dict[str, Any]:
        """The mapping as plain data, as a mapping file holds it."""
        data: dict[str, Any] = {"format": MAPPING_FORMAT, "version": MAPPING_VERSION}
        if self.preset:
            data["preset"] = self.preset
        if self.date_order:
            data["date_order"] = self.date_order
        data["columns"] = dict(self.columns)
        data["events"] = {k: v.value for k, v in self.events.items()}
        data["channels"] = dict(self.channels)
        return data

    def to_json(self) -> bytes:
        """The mapping file's bytes (UTF-8 JSON)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")


def event_pair(text: str) -> tuple[str, EventKind]:
    """`value=kind` (kind by its name or an English or French word for it) -> the pair."""
    value, target = _pair(text)
    kind = event_kind(target)
    if kind is None:
        raise MappingError("unknown_event", value=target, known=_kinds())
    return value, kind


def channel_pair(text: str) -> tuple[str, str]:
    """`value=channel` -> the pair (the target checked against a plan by the caller)."""
    return _pair(text)


def event_kind(word: str) -> EventKind | None:
    """The event kind a word names: its value ("meeting_booked") or a synonym."""
    key = normalised(word)
    return KIND_LABELS.get(key) or EVENT_SYNONYMS.get(key)


def read_mapping_file(name: str, data: bytes) -> ValueMapping:
    """A mapping file (JSON, or TOML when `name` ends in .toml) as a ValueMapping;
    MappingError naming the problem when it cannot be read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError("not_text") from None
    try:
        if name.lower().endswith(".toml"):
            raw: Any = tomllib.loads(text)
        else:
            raw = json.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise MappingError("syntax", reason=str(exc)) from None
    return mapping_from_dict(raw)


def mapping_from_dict(raw: Any) -> ValueMapping:
    """Plain data (as `ValueMapping.to_dict` writes it) checked and read."""
    if not isinstance(raw, dict):
        raise MappingError("not_object")
    version = raw.get("version", MAPPING_VERSION)
    if version != MAPPING_VERSION:
        raise MappingError("version", version=str(version))
    unknown = sorted(set(raw) - {"format", "version", "preset", "date_order", *_SECTIONS})
    if unknown:
        raise MappingError("unknown_keys", keys=", ".join(unknown))
    sections = {name: _strings(raw, name) for name in _SECTIONS}
    bad_fields = sorted(set(sections["columns"]) - set(FIELDS))
    if bad_fields:
        raise MappingError("unknown_fields", fields=", ".join(bad_fields), known=", ".join(FIELDS))
    events = {}
    for value, target in sections["events"].items():
        kind = event_kind(target)
        if kind is None:
            raise MappingError("unknown_event", value=target, known=_kinds())
        events[value] = kind
    preset, order = raw.get("preset"), raw.get("date_order")
    if preset is not None and not isinstance(preset, str):
        raise MappingError("not_text_value", section="preset")
    if order is not None and order not in ("dmy", "mdy"):
        raise MappingError("date_order", value=str(order))
    return ValueMapping(preset, sections["columns"], events, sections["channels"], order)


_SECTIONS = ("columns", "events", "channels")


def _strings(raw: Mapping[str, Any], name: str) -> dict[str, str]:
    section = raw.get(name, {})
    if not isinstance(section, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in section.items()
    ):
        raise MappingError("not_strings", section=name)
    return dict(section)


def _pair(text: str) -> tuple[str, str]:
    value, sep, target = text.rpartition("=")
    if not sep or not value.strip() or not target.strip():
        raise MappingError("pair_syntax", text=text)
    return value.strip(), target.strip()


def _kinds() -> str:
    return ", ".join(k.value for k in EventKind)


def normalised_keys(values: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Pairs as a dict keyed by their normalised value."""
    return {normalised(k): v for k, v in values}
