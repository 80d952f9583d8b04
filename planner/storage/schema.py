"""The workspace database's tables, and how times are stored in them (naive UTC).

Plans and their revisions, prospect cards, import batches and their event chunks, weekly
actuals, customer counts for retention: every table of the schema is here, so that `connect`
creates them all and a change of schema is a change of this file. The modules beside it read
and write the rows.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

metadata = sa.MetaData()

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("market", sa.String(8), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
    sa.Column("revision", sa.Integer(), nullable=False),
    # Who made it, when sign-in is on: the e-mail of the signed-in person ("" = made without
    # sign-in, on a local workspace). Access rules: planner.storage.access.
    sa.Column("owner", sa.String(320), nullable=False, server_default="", index=True),
)

# Who else may open a plan: a person (their e-mail, lower case) or everyone signed in on this
# server ("*"), to view it or to edit it. Deleting a plan deletes its shares.
plan_shares = sa.Table(
    "plan_shares",
    metadata,
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("grantee", sa.String(320), primary_key=True, index=True),
    sa.Column("permission", sa.String(8), nullable=False),  # "view" or "edit"
    sa.Column("shared_at", sa.DateTime(), nullable=False),
)

revisions = sa.Table(
    "plan_revisions",
    metadata,
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("revision", sa.Integer(), primary_key=True),
    sa.Column("saved_at", sa.DateTime(), nullable=False),
    sa.Column("summary", sa.String(200), nullable=False, default=""),
    sa.Column("document", sa.Text(), nullable=False),
)

# Workshop rooms -----------------------------------------------------------------------------
# A facilitator opens a room from a plan: the room keeps that plan's document as it was, and each
# participant who joins with the room's code gets their own copy of it (a plan of theirs, one
# seat). Closing a room archives it; the participants keep their plans. Functions:
# planner.storage.rooms.

rooms = sa.Table(
    "rooms",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("code", sa.String(8), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("facilitator", sa.String(320), nullable=False, server_default="", index=True),
    sa.Column("source_plan_id", sa.String(32), nullable=True),  # not a key: it may be deleted
    sa.Column("document", sa.Text(), nullable=False),  # the starting plan, as a plan file
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("closed_at", sa.DateTime(), nullable=True),
    # The what-if the facilitator pushed to the room (planner.workshop.Challenge), if any.
    sa.Column("challenge", sa.String(32), nullable=True),
    # The exercise the participants answer now (planner.workshop.exercises), and whether its key
    # is shown to them.
    sa.Column("exercise", sa.String(32), nullable=True),
    sa.Column("key_shown", sa.Boolean(), nullable=False, server_default=sa.false()),
)

# A participant's answers to one of a room's exercises: the chosen choice of each item, as JSON.
exercise_answers = sa.Table(
    "exercise_answers",
    metadata,
    sa.Column(
        "room_id",
        sa.String(32),
        sa.ForeignKey("rooms.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("exercise_id", sa.String(32), primary_key=True),
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("answers", sa.Text(), nullable=False),
    sa.Column("answered_at", sa.DateTime(), nullable=False),
)

room_seats = sa.Table(
    "room_seats",
    metadata,
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "room_id",
        sa.String(32),
        sa.ForeignKey("rooms.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("participant_name", sa.String(120), nullable=False),
    sa.Column("participant", sa.String(320), nullable=False, server_default=""),  # e-mail
    sa.Column("token", sa.String(32), nullable=False, unique=True),  # the link to come back by
    sa.Column("joined_at", sa.DateTime(), nullable=False),
)

# Prospect cards ------------------------------------------------------------------------------
# Personal data about prospects: kept here, beside the plan, never inside the plan file.
# Deleting a plan deletes its cards (ON DELETE CASCADE).

prospect_cards = sa.Table(
    "prospect_cards",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
    sa.Column("document", sa.Text(), nullable=False),
)

# Actual events ------------------------------------------------------------------------------
# What really happened, imported from files in batches. One batch = one file, stored in one
# transaction; its sha256 stops the same file from being counted twice in a plan.
# A batch's events are stored as compressed columnar chunks (event_chunks), in this database:
# each chunk is a NumPy .npz archive (no pickled objects) compressed with zlib, holding up to
# _CHUNK_ROWS rows: dates as int32 days since 1970-01-01, amounts as float64, and each text
# column as integer codes (-1 = missing) into its distinct values, written joined as UTF-8 text
# plus their lengths in characters. A million rows inserted one by one took seconds; a few
# BLOBs take milliseconds. Databases made before hold rows in actual_events: connect() moves them.

import_batches = sa.Table(
    "import_batches",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("file_name", sa.String(300), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("mapping", sa.String(60), nullable=False, default=""),
    sa.Column("imported_at", sa.DateTime(), nullable=False),
    sa.Column("rows_imported", sa.Integer(), nullable=False),
    sa.Column("rows_rejected", sa.Integer(), nullable=False),
    # Where the people's data came from (planner.compliance.notice.DataSource; "" not said).
    sa.Column("data_source", sa.String(16), nullable=False, server_default=""),
    sa.UniqueConstraint("plan_id", "sha256", name="uq_import_batches_plan_sha256"),
)

event_chunks = sa.Table(
    "event_chunks",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),  # insertion order
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column(
        "batch_id",
        sa.String(32),
        sa.ForeignKey("import_batches.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("rows", sa.Integer(), nullable=False),
    sa.Column("data", sa.LargeBinary(), nullable=False),
    sa.UniqueConstraint("batch_id", "seq", name="uq_event_chunks_batch_seq"),
)

# Weekly actuals -----------------------------------------------------------------------------
# What a founder or a workshop types in by hand: per week (its Monday, ISO text), channel and
# measure (planner.tracking.weekly names the measures), one number. Functions:
# planner.storage.weekly.

weekly_actuals = sa.Table(
    "weekly_actuals",
    metadata,
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("week", sa.String(10), primary_key=True),
    sa.Column("channel", sa.String(60), primary_key=True),
    sa.Column("measure", sa.String(30), primary_key=True),
    sa.Column("value", sa.Float(), nullable=False),
)


# Customer counts for retention ---------------------------------------------------------------
# The table of customers per period typed or imported on the Tracking page: one row per plan and
# period (its key: 2026-01, 2026-Q1, 2026-H1), with the customers at its start, the new customers
# and the customers at its end. Functions: planner.storage.retention.

retention_counts = sa.Table(
    "retention_counts",
    metadata,
    sa.Column(
        "plan_id",
        sa.String(32),
        sa.ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("period", sa.String(10), primary_key=True),
    sa.Column("customers_start", sa.Integer(), nullable=False),
    sa.Column("new_customers", sa.Integer(), nullable=False),
    sa.Column("customers_end", sa.Integer(), nullable=False),
)


def stored_now() -> dt.datetime:
    # Microseconds kept: the workspace list is ordered by it, and saves come seconds apart.
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def as_utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC)


# The workspace's opposition list: people who objected, as digests of one spelling of their
# e-mail, phone number or name (planner.compliance.opposition), never the contact itself.
opposition = sa.Table(
    "opposition",
    metadata,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("reason", sa.String(16), nullable=False),
    sa.Column("recorded_on", sa.Date(), nullable=False),
    sa.Column("source", sa.String(200), nullable=False, default=""),
)

# Each erasure of a person, logged without the person: when, and how much was removed.
erasures = sa.Table(
    "erasures",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
    sa.Column("erased_at", sa.DateTime(), nullable=False),
    sa.Column("reason", sa.String(16), nullable=False),  # "request" (art. 17) or "retention"
    sa.Column("people", sa.Integer(), nullable=False),
    sa.Column("events_removed", sa.Integer(), nullable=False),
    sa.Column("cards_removed", sa.Integer(), nullable=False),
    sa.Column("plans", sa.Integer(), nullable=False),
)
