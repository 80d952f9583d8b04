"""French prospection rules built into the plan: rules as dated, sourced data; territories.

Builds on planner.plan only. `default_rules` reads the rules table (planner/compliance/rules.toml);
`call_slot_findings` and `next_call_slot` say when a consumer may be called, on their own clock and
holidays (metropolitan France and the overseas departments, `territory_of_number`); `e164` gives the
one spelling of a phone number.
"""

from typing import TYPE_CHECKING

from planner.core.exports import lazy_exports

if TYPE_CHECKING:
    from planner.compliance.call_slots import call_hours, call_slot_findings, next_call_slot
    from planner.compliance.rules import Finding, Rule, default_rules
    from planner.compliance.territories import (
        METROPOLITAN,
        Territory,
        e164,
        territory,
        territory_of_number,
        territory_of_postcode,
    )

__all__ = [
    "METROPOLITAN",
    "Finding",
    "Rule",
    "Territory",
    "call_hours",
    "call_slot_findings",
    "default_rules",
    "e164",
    "next_call_slot",
    "territory",
    "territory_of_number",
    "territory_of_postcode",
]

__getattr__ = lazy_exports(
    __name__,
    {
        "call_hours": "call_slots",
        "call_slot_findings": "call_slots",
        "next_call_slot": "call_slots",
        "Finding": "rules",
        "Rule": "rules",
        "default_rules": "rules",
        "METROPOLITAN": "territories",
        "Territory": "territories",
        "e164": "territories",
        "territory": "territories",
        "territory_of_number": "territories",
        "territory_of_postcode": "territories",
    },
)
