"""Column mappings: presets for common CRM and e-commerce exports, and the user's own mapping."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from planner.tracking.events import EventKind

# Fields a mapping can fill: the event-log columns, plus `probability` (checked, not stored),
# `order` (rows with the same order keep only their first line, as in Shopify exports) and
# `stage` (a CRM's pipeline stage: how far a deal still open went, see ColumnMapping.stages)
# `created` (a deal's creation date: an earlier "lead" event, see ImportResult.coded) and
# `deal` (a CRM deal's id: deal-level KPIs count deals by it, see ColumnMapping.deals) and
# `source` (a lead source or acquisition channel: kept as written, and where the file has no
# channel column, read for the plan channel, see planner.tracking.values).
FIELDS: tuple[str, ...] = (
    "date",
    "prospect",
    "channel",
    "event",
    "amount",
    "segment",
    "rep",
    "variant",
    "probability",
    "order",
    "stage",
    "created",
    "deal",
    "source",
)


@dataclass(frozen=True)
class ColumnMapping:
    """How a file's columns become event-log columns.

    `columns` gives, for each field, the source headers to look for (the first present wins);
    `required` the fields whose column must be present; `events` maps source values (compared
    without case or accents) to event kinds, on top of the kinds' own names when `kind_names`.
    """

    name: str
    columns: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...] = ("date", "event")
    events: Mapping[str, EventKind] = field(default_factory=dict)
    kind_names: bool = False
    default_event: EventKind | None = None
    default_channel: str | None = None
    date_order: str = "dmy"  # "mdy" only where the tool writes US dates
    amount_column_for: tuple[EventKind, ...] = ()
    preferred_channel_kind: str | None = None
    # Pipeline stage names (compared loosely) -> the kind a deal still open at that stage has
    # reached; read only for rows whose event is an open deal (an opportunity).
    stages: Mapping[str, EventKind] = field(default_factory=dict)
    # A CRM deal export: one row per deal. Without a deal id column each row is its own deal.
    deals: bool = False
    # The close date of an open deal is the date it is expected to close (HubSpot, Salesforce):
    # open deals are then dated by their creation.
    close_is_forecast_when_open: bool = False
    # The user's choices: file values (normalised) of the channel or source column -> channel id.
    channel_values: Mapping[str, str] = field(default_factory=dict)

    def with_values(
        self, events: Mapping[str, EventKind], channels: Mapping[str, str]
    ) -> ColumnMapping:
        """The same mapping with the user's meaning of file values (as written) on top:
        event values -> kinds, channel or source values -> channel ids."""
        return dataclasses.replace(
            self,
            events={**self.events, **_events(events.items())},
            channel_values={
                **self.channel_values,
                **{normalised(k): v for k, v in channels.items()},
            },
        )

    def with_default_channel(self, channel: str | None) -> ColumnMapping:
        """The same mapping with a channel for rows whose file has no channel column."""
        return dataclasses.replace(self, default_channel=channel)


def normalised(text: str) -> str:
    """Text compared without case, accents, extra spaces or punctuation around words (a
    typographic apostrophe reads as a straight one)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s_\-/.]+", " ", bare).strip()


def _events(pairs: Iterable[tuple[str, EventKind]]) -> dict[str, EventKind]:
    return {normalised(k): v for k, v in pairs}


W, L, OPP, M, H, Q = (
    EventKind.WON,
    EventKind.LOST,
    EventKind.OPPORTUNITY,
    EventKind.MEETING_BOOKED,
    EventKind.MEETING_HELD,
    EventKind.LEAD,
)

# Labels of event kinds in both languages, accepted by the generic event log.
KIND_LABELS: dict[str, EventKind] = _events(
    [
        *((k.value, k) for k in EventKind),
        *((k.value.replace("_", " "), k) for k in EventKind),
        ("activité", EventKind.ACTIVITY),
        ("appel", EventKind.ACTIVITY),
        ("call", EventKind.ACTIVITY),
        ("email sent", EventKind.ACTIVITY),
        ("e-mail envoyé", EventKind.ACTIVITY),
        ("mise en relation", EventKind.CONNECTION),
        ("contact établi", EventKind.CONNECTION),
        ("conversation", EventKind.CONVERSATION),
        ("réponse", EventKind.REPLY),
        ("visite", EventKind.VISIT),
        ("rdv pris", M),
        ("rendez-vous pris", M),
        ("rdv tenu", H),
        ("rendez-vous tenu", H),
        ("opportunité", OPP),
        ("gagné", W),
        ("gagnée", W),
        ("vente", W),
        ("sale", W),
        ("perdu", L),
        ("perdue", L),
        ("coût", EventKind.COST),
        ("dépense", EventKind.COST),
        ("expense", EventKind.COST),
    ]
)

GENERIC = ColumnMapping(
    "event_log",
    {
        "date": ("date", "jour", "day"),
        # a prospect's name first, then the usual id and e-mail columns
        "prospect": (
            "prospect",
            "client",
            "customer",
            "contact",
            "company",
            "entreprise",
            "société",
            "account",
            "compte",
            "contact id",
            "contact_id",
            "ID du contact",
            "id contact",
            "lead id",
            "lead_id",
            "id lead",
            "id prospect",
            "prospect id",
            "ID du prospect",
            "customer id",
            "id client",
            "email",
            "e-mail",
            "mail",
            "email address",
            "adresse e-mail",
            "adresse email",
            "courriel",
        ),
        "channel": ("channel", "canal", "canal de prospection"),
        "source": (
            "source",
            "lead source",
            "source du prospect",
            "source du lead",
            "origine",
            "acquisition channel",
            "canal d'acquisition",
        ),
        "event": ("event", "événement", "evenement", "étape", "stage"),
        "amount": ("amount", "montant", "value", "valeur"),
        "segment": ("segment",),
        "rep": ("rep", "commercial", "owner", "vendeur", "sales rep"),
        "variant": ("variant", "variante", "script variant", "variante de script"),
    },
    required=("date", "channel", "event"),
    kind_names=True,
)

HUBSPOT = ColumnMapping(
    "hubspot_deals",
    {
        "date": ("Close Date", "Date de fermeture", "Create Date", "Date de création"),
        "prospect": (
            "Associated Company",
            "Entreprise associée",
            "Deal Name",
            "Nom de la transaction",
        ),
        "event": ("Deal Stage", "Phase de la transaction"),
        "amount": ("Amount", "Montant"),
        "rep": ("Deal owner", "Deal Owner", "Propriétaire de la transaction"),
        "segment": ("Deal Type", "Type de transaction"),
        "probability": ("Deal probability", "Probabilité de la transaction"),
        "created": ("Create Date", "Date de création"),
        "deal": (
            "Record ID",
            "ID de fiche",
            "ID de fiche d'informations",
            "Deal ID",
            "ID de la transaction",
        ),
        "source": (
            "Original Source",
            "Original Source Type",
            "Original Traffic Source",
            "Source d'origine",
            "Type de source d'origine",
            "Source de trafic d'origine",
            "Source originale",
        ),
    },
    deals=True,
    close_is_forecast_when_open=True,
    events=_events(
        [
            ("closedwon", W),
            ("closed won", W),
            ("conclu gagné", W),
            ("gagné", W),
            ("closedlost", L),
            ("closed lost", L),
            ("conclu perdu", L),
            ("perdu", L),
            ("appointmentscheduled", M),
            ("appointment scheduled", M),
            ("rendez-vous programmé", M),
            ("qualifiedtobuy", Q),
            ("qualified to buy", Q),
            ("qualifié pour l'achat", Q),
            ("presentationscheduled", H),
            ("presentation scheduled", H),
            ("présentation programmée", H),
            ("decisionmakerboughtin", OPP),
            ("decision maker bought-in", OPP),
            ("décideur convaincu", OPP),
            ("contractsent", OPP),
            ("contract sent", OPP),
            ("contrat envoyé", OPP),
            # HubSpot's French labels of its default stages, in their several translations
            ("fermé gagné", W),
            ("fermée gagnée", W),
            ("fermé perdu", L),
            ("fermée perdue", L),
            ("rendez-vous pris", M),
            ("rendez-vous planifié", M),
            ("qualifiée pour l'achat", Q),
            ("qualifié pour acheter", Q),
            ("présentation planifiée", H),
            ("intégration du décisionnaire", OPP),
            ("décisionnaire impliqué", OPP),
        ]
    ),
)

PIPEDRIVE = ColumnMapping(
    "pipedrive_deals",
    {
        "date": (
            "Deal - Won time",
            "Deal - Lost time",
            "Deal - Close time",
            "Deal - Deal created",
            "Affaire - Date de gain",
            "Affaire - Date de perte",
            "Affaire - Date de clôture",
            "Affaire - Affaire créée",
            "Affaire - Date de création",
        ),
        "prospect": (
            "Deal - Organization",
            "Affaire - Organisation",
            "Deal - Contact person",
            "Affaire - Personne à contacter",
            "Deal - Title",
            "Affaire - Titre",
        ),
        "event": ("Deal - Status", "Affaire - Statut"),
        "amount": ("Deal - Value", "Affaire - Valeur"),
        "rep": ("Deal - Owner", "Affaire - Propriétaire"),
        "segment": ("Deal - Label", "Affaire - Étiquette"),
        "probability": ("Deal - Probability", "Affaire - Probabilité"),
        "stage": ("Deal - Stage", "Affaire - Étape"),
        "created": ("Deal - Deal created", "Affaire - Affaire créée", "Affaire - Date de création"),
        "deal": ("Deal - ID", "Affaire - ID"),
        "source": (
            "Deal - Lead source",
            "Deal - Source channel",
            "Deal - Source origin",
            "Lead source",
            "Affaire - Source du prospect",
            "Affaire - Canal source",
            "Affaire - Origine de la source",
            "Source du prospect",
        ),
    },
    deals=True,
    events=_events(
        [
            ("won", W),
            ("gagné", W),
            ("gagnée", W),
            ("lost", L),
            ("perdu", L),
            ("perdue", L),
            ("open", OPP),
            ("ouvert", OPP),
            ("ouverte", OPP),
            ("en cours", OPP),
        ]
    ),
    # Pipedrive's default sales pipeline, in English and French
    stages=_events(
        [
            ("lead in", Q),
            ("prospect entrant", Q),
            ("qualified", Q),
            ("qualifié", Q),
            ("qualifiée", Q),
            ("contact made", EventKind.CONVERSATION),
            ("contact établi", EventKind.CONVERSATION),
            ("demo scheduled", M),
            ("démo planifiée", M),
            ("démonstration planifiée", M),
            ("démo programmée", M),
            ("proposal made", OPP),
            ("proposition faite", OPP),
            ("proposition envoyée", OPP),
            ("negotiations started", OPP),
            ("négociations commencées", OPP),
            ("négociation en cours", OPP),
        ]
    ),
)

SALESFORCE = ColumnMapping(
    "salesforce_opportunities",
    {
        "date": ("Close Date", "Date de clôture", "Created Date", "Date de création"),
        "prospect": (
            "Account Name",
            "Nom du compte",
            "Opportunity Name",
            "Nom de l'opportunité",
        ),
        "event": ("Stage", "Étape"),
        "amount": ("Amount", "Montant"),
        "rep": ("Opportunity Owner", "Propriétaire de l'opportunité"),
        "segment": ("Type",),
        "source": ("Lead Source", "Origine de la piste", "Source de la piste"),
        "probability": ("Probability (%)", "Probabilité (%)"),
        "created": ("Created Date", "Date de création"),
        "deal": ("Opportunity ID", "ID de l'opportunité"),
    },
    deals=True,
    close_is_forecast_when_open=True,
    events=_events(
        [
            ("prospecting", Q),
            ("prospection", Q),
            ("qualification", Q),
            ("needs analysis", H),
            ("analyse des besoins", H),
            ("value proposition", OPP),
            ("proposition de valeur", OPP),
            ("id decision makers", OPP),
            ("identifier les décideurs", OPP),
            ("identification des décideurs", OPP),
            ("identification des décisionnaires", OPP),
            ("perception analysis", OPP),
            ("analyse de la perception", OPP),
            ("analyse de perception", OPP),
            ("proposal/price quote", OPP),
            ("proposition/devis", OPP),
            ("negotiation/review", OPP),
            ("négociation/révision", OPP),
            ("closed won", W),
            ("fermée gagnée", W),
            ("fermée/gagnée", W),
            ("gagnée", W),
            ("closed lost", L),
            ("fermée perdue", L),
            ("fermée/perdue", L),
            ("perdue", L),
        ]
    ),
)

SHOPIFY = ColumnMapping(
    "shopify_orders",
    {
        "date": ("Paid at", "Created at", "Payé le", "Créé le"),
        "prospect": ("Email", "E-mail", "Billing Name", "Nom de facturation"),
        "event": ("Financial Status", "Statut financier"),
        "amount": ("Total",),
        "order": ("Name", "Nom"),
        "segment": ("Shipping Country", "Pays de livraison"),
        "variant": ("Discount Code", "Code de réduction"),
        "source": ("Referring Site", "Site référent", "UTM Source", "Source UTM"),
    },
    events=_events(
        [
            ("paid", W),
            ("payée", W),
            ("partially_paid", W),
            ("partially_refunded", W),
            ("partiellement remboursée", W),
            ("refunded", L),
            ("remboursée", L),
            ("voided", L),
            ("annulée", L),
            ("pending", OPP),
            ("en attente", OPP),
            ("authorized", OPP),
            ("autorisée", OPP),
        ]
    ),
    preferred_channel_kind="web",
)

MAGENTO = ColumnMapping(
    "magento_orders",
    {
        "date": ("Purchase Date", "Date d'achat"),
        "prospect": ("Customer Email", "E-mail du client", "Bill-to Name", "Facturer au nom de"),
        "event": ("Status", "Statut"),
        "amount": ("Grand Total (Purchased)", "Total général (acheté)", "Grand Total (Base)"),
        "order": ("ID",),
        "segment": ("Customer Group", "Groupe de clients"),
        "source": ("UTM Source", "Source UTM", "Referrer", "Référent"),
    },
    events=_events(
        [
            ("complete", W),
            ("terminé", W),
            ("terminée", W),
            ("complète", W),
            ("processing", W),
            ("en cours de traitement", W),
            ("closed", L),
            ("fermée", L),
            ("canceled", L),
            ("cancelled", L),
            ("annulée", L),
            ("pending", OPP),
            ("en attente", OPP),
            ("pending payment", OPP),
            ("paiement en attente", OPP),
            ("on hold", OPP),
            ("suspendue", OPP),
            ("payment review", OPP),
            ("suspected fraud", L),
        ]
    ),
    preferred_channel_kind="web",
)

PRESETS: dict[str, ColumnMapping] = {
    m.name: m for m in (GENERIC, HUBSPOT, PIPEDRIVE, SALESFORCE, SHOPIFY, MAGENTO)
}


def manual_mapping(
    columns: Mapping[str, str],
    events: Mapping[str, EventKind | str] | None = None,
    default_channel: str | None = None,
    default_event: EventKind | None = None,
    date_order: str = "dmy",
) -> ColumnMapping:
    """A mapping the user makes: source column per field, source value per event kind."""
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown fields {unknown}; known: {FIELDS}")
    if date_order not in ("dmy", "mdy"):
        raise ValueError("date_order must be 'dmy' or 'mdy'")
    required = tuple(
        f
        for f, present in (
            ("date", True),
            ("event", default_event is None),
            ("channel", default_channel is None),
        )
        if present
    )
    return ColumnMapping(
        "manual",
        {f: (source,) for f, source in columns.items() if source},
        required=required,
        events=_events((k, EventKind(v)) for k, v in (events or {}).items()),
        kind_names=True,
        default_event=default_event,
        default_channel=default_channel,
        date_order=date_order,
    )


def source_columns(mapping: ColumnMapping, headers: Iterable[str]) -> dict[str, str]:
    """For each field, the header of the file that fills it (headers compared loosely)."""
    headers = list(headers)
    present = {f: present_columns(mapping, headers, f) for f in mapping.columns}
    return {field_name: found[0] for field_name, found in present.items() if found}


def present_columns(mapping: ColumnMapping, headers: Iterable[str], field_name: str) -> list[str]:
    """Every header of the file that may fill a field, in the mapping's order of preference."""
    by_key = {normalised(h): h for h in headers}
    found = [by_key.get(normalised(c)) for c in mapping.columns.get(field_name, ())]
    return list(dict.fromkeys(h for h in found if h is not None))


def guess_mapping(headers: Iterable[str]) -> ColumnMapping | None:
    """The preset whose columns the headers match best, or None when none has its required ones."""
    headers = list(headers)
    best: tuple[int, ColumnMapping] | None = None
    for preset in PRESETS.values():
        found = source_columns(preset, headers)
        needed = [f for f in preset.required if f != "channel"]
        if not all(f in found for f in needed):
            continue
        score = len(found) * 10 - (0 if preset is GENERIC else 5)
        if preset is GENERIC and "channel" in found:
            score += 100
        if best is None or score > best[0]:
            best = (score, preset)
    return None if best is None else best[1]
