"""The workspace database, the only place the planner reads and writes anything.

Builds on the domain packages, which never import it. `connect` opens the database (schema in
`schema`); `plans` keeps plans and their revisions, `cards` prospect cards, `events` imported
events, `weekly` the weekly tables typed in by hand (import that module for it: it loads pandas);
`migrate` brings the schema up to date (Alembic, migrations/).
"""

from planner.storage.cards import (
    CardNotFound,
    StoredCard,
    delete_card,
    list_cards,
    load_card,
    save_card,
)
from planner.storage.database import (
    DATA_DIR_VARIABLE,
    DATABASE_URL_VARIABLE,
    DEFAULT_DATA_DIR,
    connect,
    database_url,
)
from planner.storage.events import (
    AlreadyImported,
    BatchNotFound,
    ImportBatch,
    delete_batch,
    find_batch,
    list_batches,
    load_events,
    store_events,
)
from planner.storage.migrate import SchemaTooNew
from planner.storage.plans import (
    PlanNotFound,
    PlanSummary,
    RevisionInfo,
    StaleRevision,
    StoredPlan,
    create_plan,
    current_revision,
    delete_plan,
    duplicate_plan,
    history,
    list_plans,
    load_plan,
    restore_revision,
    save_plan,
)

__all__ = [
    "DATABASE_URL_VARIABLE",
    "DATA_DIR_VARIABLE",
    "DEFAULT_DATA_DIR",
    "AlreadyImported",
    "BatchNotFound",
    "CardNotFound",
    "ImportBatch",
    "PlanNotFound",
    "PlanSummary",
    "RevisionInfo",
    "SchemaTooNew",
    "StaleRevision",
    "StoredCard",
    "StoredPlan",
    "connect",
    "create_plan",
    "current_revision",
    "database_url",
    "delete_batch",
    "delete_card",
    "delete_plan",
    "duplicate_plan",
    "find_batch",
    "history",
    "list_batches",
    "list_cards",
    "list_plans",
    "load_card",
    "load_events",
    "load_plan",
    "restore_revision",
    "save_card",
    "save_plan",
    "store_events",
]
