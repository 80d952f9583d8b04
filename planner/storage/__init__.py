"""The workspace database, the only place the planner reads and writes anything.

Builds on the domain packages, which never import it. `connect` opens the database (schema in
`schema`); `plans` keeps plans and their revisions, `cards` prospect cards, `events` imported
events, `weekly` the weekly tables typed in by hand (import that module for it: it loads pandas);
`access` who may open, edit and share a plan when sign-in is on;
`migrate` brings the schema up to date (Alembic, migrations/).
"""

from planner.storage.access import (
    EVERYONE,
    Access,
    InvalidGrantee,
    Permission,
    Share,
    VisiblePlan,
    give_plan,
    person,
    plan_access,
    plan_owner,
    share_plan,
    shares_of,
    unshare_plan,
    visible_plans,
)
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
    "EVERYONE",
    "Access",
    "AlreadyImported",
    "BatchNotFound",
    "CardNotFound",
    "ImportBatch",
    "InvalidGrantee",
    "Permission",
    "PlanNotFound",
    "PlanSummary",
    "RevisionInfo",
    "SchemaTooNew",
    "Share",
    "StaleRevision",
    "StoredCard",
    "StoredPlan",
    "VisiblePlan",
    "connect",
    "create_plan",
    "current_revision",
    "database_url",
    "delete_batch",
    "delete_card",
    "delete_plan",
    "duplicate_plan",
    "find_batch",
    "give_plan",
    "history",
    "list_batches",
    "list_cards",
    "list_plans",
    "load_card",
    "load_events",
    "load_plan",
    "person",
    "plan_access",
    "plan_owner",
    "restore_revision",
    "save_card",
    "save_plan",
    "share_plan",
    "shares_of",
    "store_events",
    "unshare_plan",
    "visible_plans",
]
