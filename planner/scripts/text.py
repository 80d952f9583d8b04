"""Script texts: placeholders on a sample prospect, variants, length guidance, SONCAS coverage.

Placeholders are fields in square brackets, such as [Nom], [Entreprise] or [problème]; any name
works, and a name with no value in the sample prospect is flagged. Starter content (objection
library, QQOQCP questions, sample prospect) is in planner.plan.starters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from math import ceil
from typing import Literal

from planner.core.i18n import fmt_number, t
from planner.plan.model import (
    ChannelKind,
    Discovery,
    QqoqcpAxis,
    SampleProspect,
    Script,
    ScriptPart,
    ScriptVariant,
    SoncasMotive,
)

PLACEHOLDER = re.compile(r"\[([^\[\]\r\n]{1,60})\]")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# "Objet : …" or "Subject: …" at the start of a hook holds the e-mail subject line.
_SUBJECT_PREFIX = re.compile(r"^\s*(?:objet|subject)\s*:\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")

WORDS_PER_MINUTE = 150
OPENER_MAX_SECONDS = 30
CALL_MAX_SECONDS = 120
EMAIL_MIN_WORDS = 50
EMAIL_MAX_WORDS = 125
SUBJECT_MAX_CHARS = 50

# Parts in reading order, as sent or spoken.
BODY_PARTS: tuple[ScriptPart, ...] = (
    ScriptPart.HOOK,
    ScriptPart.VALUE_ARGUMENT,
    ScriptPart.PROOF,
    ScriptPart.CALL_TO_ACTION,
    ScriptPart.SIGNATURE,
)
SPOKEN_PARTS: tuple[ScriptPart, ...] = BODY_PARTS[:4]
EMAIL_KINDS = frozenset({ChannelKind.EMAIL})
SPOKEN_KINDS = frozenset({ChannelKind.PHONE})
# Channels whose messages end with a signature.
SIGNED_KINDS = frozenset(
    {ChannelKind.EMAIL, ChannelKind.SMS, ChannelKind.LINKEDIN, ChannelKind.SOCIAL}
)


def parts_for(kind: ChannelKind) -> list[ScriptPart]:
    """The parts a script of this channel kind is written in, in reading order."""
    parts = [ScriptPart.SUBJECT] if kind in EMAIL_KINDS else []
    parts += [ScriptPart.HOOK, ScriptPart.VALUE_ARGUMENT, ScriptPart.PROOF]
    parts += [ScriptPart.CALL_TO_ACTION]
    return parts + ([ScriptPart.SIGNATURE] if kind in SIGNED_KINDS else [])


# Placeholders ------------------------------------------------------------------------------


def field_key(name: str) -> str:
    """How placeholder names are compared: case and spacing ignored ([nom] is [Nom])."""
    return " ".join(name.split()).casefold()


def placeholders(text: str) -> list[str]:
    """The placeholder names of a text, in order of first use, each once."""
    seen: dict[str, str] = {}
    for match in PLACEHOLDER.finditer(text):
        name = " ".join(match.group(1).split())
        seen.setdefault(field_key(name), name)
    return list(seen.values())


@dataclass(frozen=True)
class Piece:
    """A run of a rendered text: literal text, a filled placeholder, or an unknown one."""

    kind: Literal["text", "value", "unknown"]
    text: str
    field: str = ""


@dataclass(frozen=True)
class Rendering:
    """A text with its placeholders filled; unknown ones are left as written."""

    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        """The rendered text."""
        return "".join(p.text for p in self.pieces)

    @property
    def unknown(self) -> tuple[str, ...]:
        """Names of the placeholders that had no value, each once."""
        return tuple(dict.fromkeys(p.field for p in self.pieces if p.kind == "unknown"))


def render(text: str, values: Mapping[str, str] | SampleProspect) -> Rendering:
    """The text with each [field] replaced by its value; a field without a value stays."""
    if isinstance(values, SampleProspect):
        values = values.values
    known = {field_key(k): v for k, v in values.items() if v.strip()}
    pieces: list[Piece] = []
    last = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > last:
            pieces.append(Piece("text", text[last : match.start()]))
        name = " ".join(match.group(1).split())
        value = known.get(field_key(name))
        if value is None:
            pieces.append(Piece("unknown", match.group(0), name))
        else:
            pieces.append(Piece("value", value, name))
        last = match.end()
    if last < len(text):
        pieces.append(Piece("text", text[last:]))
    return Rendering(tuple(pieces))


@dataclass(frozen=True)
class UnknownPlaceholder:
    """A placeholder of a script that the sample prospect has no value for."""

    script_id: str
    part: ScriptPart | Literal["objections", "arguments"]
    name: str
    variant_id: str | None = None
    variant_name: str = ""

    def message(self, lang: str) -> str:
        """One line naming the part, the variant if any, and the field."""
        part = t(lang, f"scripts.part.{self.part}")
        if self.variant_id is None:
            return t(lang, "scripts.placeholder.unknown", part=part, name=self.name)
        return t(
            lang,
            "scripts.placeholder.unknown_in_variant",
            part=part,
            variant=self.variant_name,
            name=self.name,
        )


def unknown_placeholders(
    script: Script, sample: SampleProspect | Mapping[str, str]
) -> list[UnknownPlaceholder]:
    """Every placeholder of the script, its variants, arguments and objections without a value."""
    values = sample.values if isinstance(sample, SampleProspect) else sample
    found: list[UnknownPlaceholder] = []

    def scan(text: str) -> tuple[str, ...]:
        return render(text, values).unknown

    for part in ScriptPart:
        found += [UnknownPlaceholder(script.id, part, n) for n in scan(script.part(part))]
    arguments = " ".join(a.text for a in script.arguments)
    found += [UnknownPlaceholder(script.id, "arguments", n) for n in scan(arguments)]
    objections = " ".join(f"{o.objection} {o.answer}" for o in script.objections)
    found += [UnknownPlaceholder(script.id, "objections", n) for n in scan(objections)]
    for item in script.variants:
        found += [
            UnknownPlaceholder(script.id, item.part, n, item.id, item.name) for n in scan(item.text)
        ]
    return found


# Variants ----------------------------------------------------------------------------------


def variant(script: Script, variant_id: str) -> ScriptVariant:
    """The script's variant with this id; KeyError if there is none."""
    for item in script.variants:
        if item.id == variant_id:
            return item
    raise KeyError(variant_id)


def apply_variants(script: Script, variant_ids: Iterable[str] = ()) -> Script:
    """The script as sent with these variants: each replaces the part it is written for."""
    update: dict[str, object] = {}
    for variant_id in variant_ids:
        chosen = variant(script, variant_id)
        update[chosen.part.value] = chosen.text
        if chosen.part is ScriptPart.VALUE_ARGUMENT:
            update["value_motives"] = list(chosen.motives)
    return script.model_copy(update=update) if update else script


# E-mail text -------------------------------------------------------------------------------


def _split_subject(hook: str) -> tuple[str, str] | None:
    """("subject", "rest of the hook") for a hook starting "Objet : …", else None."""
    prefix = _SUBJECT_PREFIX.match(hook)
    if prefix is None:
        return None
    first, *rest = _SENTENCE_END.split(hook[prefix.end() :].strip(), maxsplit=1)
    return first.rstrip(". ").strip(), (rest[0].strip() if rest else "")


def email_subject(script: Script) -> str:
    """The subject line: the subject field, or the first sentence of a hook "Objet : …"."""
    if script.subject.strip():
        return script.subject.strip()
    split = _split_subject(script.hook)
    return split[0] if split else ""


def _hook_without_subject(script: Script) -> str:
    split = None if script.subject.strip() else _split_subject(script.hook)
    return split[1] if split else script.hook.strip()


def message_parts(script: Script) -> list[tuple[ScriptPart, str]]:
    """The non-empty body parts in reading order; an "Objet : …" line is left out of the hook."""
    parts: list[tuple[ScriptPart, str]] = []
    for part in BODY_PARTS:
        text = _hook_without_subject(script) if part is ScriptPart.HOOK else script.part(part)
        if text.strip():
            parts.append((part, text.strip()))
    return parts


def email_body(script: Script) -> str:
    """The e-mail body: hook, value argument, proof, call to action, signature."""
    return "\n\n".join(text for _, text in message_parts(script))


@dataclass(frozen=True)
class EmailText:
    """A copy-ready e-mail: subject line and plain-text body."""

    subject: str
    body: str

    @property
    def text(self) -> str:
        """Subject and body as one block, ready to paste."""
        return f"{self.subject}\n\n{self.body}" if self.subject else self.body


def email_text(
    script: Script,
    values: SampleProspect | Mapping[str, str] | None = None,
    variant_ids: Iterable[str] = (),
) -> EmailText:
    """The script as an e-mail, with chosen variants, filled on `values` when given."""
    sent = apply_variants(script, variant_ids)
    subject, body = email_subject(sent), email_body(sent)
    if values is not None:
        subject, body = render(subject, values).text, render(body, values).text
    return EmailText(subject, body)


# Length guidance ---------------------------------------------------------------------------


def word_count(text: str) -> int:
    """Words of a text; a placeholder such as [Entreprise du prospect] counts as one."""
    return len(_WORD.findall(PLACEHOLDER.sub("x", text)))


def speaking_seconds(words: int, words_per_minute: int = WORDS_PER_MINUTE) -> float:
    """How long a text of `words` words takes to say at a steady pace."""
    return words * 60.0 / words_per_minute


LengthMetric = Literal["opener", "call", "email_words", "subject", "subject_missing"]


@dataclass(frozen=True)
class LengthCheck:
    """One length measure of a script against its guideline, with the reason for the limit."""

    metric: LengthMetric
    value: float
    limit: float
    low: float = 0.0
    words: int = 0

    @property
    def status(self) -> Literal["under", "within", "over"]:
        """Where the value stands against the guideline."""
        if self.metric == "subject_missing":
            return "under"
        if self.value > self.limit:
            return "over"
        return "under" if self.value < self.low else "within"

    @property
    def ok(self) -> bool:
        """True when the value is within the guideline."""
        return self.status == "within"

    def label(self, lang: str) -> str:
        """The measure's short name."""
        return t(lang, f"scripts.length.{self.metric}.label")

    def message(self, lang: str) -> str:
        """The measure, its value and its guideline, in `lang`."""
        return t(
            lang,
            f"scripts.length.{self.metric}.message",
            value=fmt_number(self.value, lang),
            limit=fmt_number(self.limit, lang),
            low=fmt_number(self.low, lang),
            words=fmt_number(self.words, lang),
            wpm=fmt_number(WORDS_PER_MINUTE, lang),
        )

    def reason(self, lang: str) -> str:
        """Why the guideline is what it is."""
        return t(lang, f"scripts.length.{self.metric}.reason")


def length_checks(
    script: Script,
    kind: ChannelKind,
    values: SampleProspect | Mapping[str, str] | None = None,
) -> list[LengthCheck]:
    """Length guidance for the channel: spoken time of a call, words and subject of an e-mail.

    With `values`, texts are measured as the prospect will hear or read them.
    """

    def filled(text: str) -> str:
        return render(text, values).text if values is not None else text

    checks: list[LengthCheck] = []
    if kind in SPOKEN_KINDS:
        opener = word_count(filled(script.hook))
        spoken = word_count(filled(" ".join(script.part(p) for p in SPOKEN_PARTS)))
        # Whole seconds, rounded up: 30.4 s shows as 31 s, over a 30 s guideline.
        checks += [
            LengthCheck("opener", ceil(speaking_seconds(opener)), OPENER_MAX_SECONDS, 0, opener),
            LengthCheck("call", ceil(speaking_seconds(spoken)), CALL_MAX_SECONDS, 0, spoken),
        ]
    if kind in EMAIL_KINDS:
        words = word_count(filled(email_body(script)))
        checks.append(LengthCheck("email_words", words, EMAIL_MAX_WORDS, EMAIL_MIN_WORDS, words))
        subject = filled(email_subject(script))
        if subject:
            checks.append(LengthCheck("subject", len(subject), SUBJECT_MAX_CHARS))
        else:
            checks.append(LengthCheck("subject_missing", 0, SUBJECT_MAX_CHARS))
    return checks


# SONCAS ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MotiveSource:
    """A part of a script tagged with a motive: the value argument, argument n, or a variant."""

    kind: Literal["value_argument", "argument", "variant"]
    number: int = 0
    name: str = ""

    def label(self, lang: str) -> str:
        """The part's name in `lang`."""
        return t(lang, f"scripts.soncas.{self.kind}", number=self.number, name=self.name)


@dataclass(frozen=True)
class MotiveCoverage:
    """Which parts of a script speak to one SONCAS motive."""

    motive: SoncasMotive
    sources: tuple[MotiveSource, ...]

    @property
    def covered(self) -> bool:
        """True when at least one argument appeals to the motive."""
        return bool(self.sources)

    def name(self, lang: str) -> str:
        """The motive's name (Sécurité, Orgueil…)."""
        return motive_name(self.motive, lang)

    def message(self, lang: str) -> str:
        """One line: the motive and what covers it, or that nothing does."""
        if not self.covered:
            return t(lang, "scripts.soncas.missing", motive=self.name(lang))
        parts = ", ".join(source.label(lang) for source in self.sources)
        return t(lang, "scripts.soncas.covered", motive=self.name(lang), parts=parts)


def motive_name(motive: SoncasMotive, lang: str) -> str:
    """A SONCAS motive's name in `lang`."""
    return t(lang, f"scripts.motive.{motive}.name")


def motive_description(motive: SoncasMotive, lang: str) -> str:
    """What a SONCAS motive means for a buyer."""
    return t(lang, f"scripts.motive.{motive}.description")


def soncas_coverage(script: Script) -> list[MotiveCoverage]:
    """For each of the six motives, the arguments and variants of the script tagged with it."""
    tagged: list[tuple[MotiveSource, list[SoncasMotive]]] = [
        (MotiveSource("value_argument"), script.value_motives)
    ]
    tagged += [
        (MotiveSource("argument", number=i), a.motives)
        for i, a in enumerate(script.arguments, start=1)
    ]
    tagged += [(MotiveSource("variant", name=v.name), v.motives) for v in script.variants]
    return [
        MotiveCoverage(motive, tuple(source for source, motives in tagged if motive in motives))
        for motive in SoncasMotive
    ]


def axis_name(axis: QqoqcpAxis, lang: str) -> str:
    """A QQOQCP axis's name (Qui, Quoi…)."""
    return t(lang, f"scripts.axis.{axis}.name")


def questions_by_axis(discovery: Discovery) -> dict[QqoqcpAxis, list[str]]:
    """The discovery questions grouped by QQOQCP axis, axes in Qui…Pourquoi order."""
    grouped: dict[QqoqcpAxis, list[str]] = {axis: [] for axis in QqoqcpAxis}
    for question in discovery.questions:
        if question.question.strip():
            grouped[question.axis].append(question.question.strip())
    return grouped
