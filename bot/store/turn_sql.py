"""The chat turn's own SQL: plain statements built once, no ORM objects.

A turn reads the conversation's messages and the lead's facts, writes a few rows and updates
the conversation and the lead. Through the ORM each of these costs an object to build and a
unit-of-work flush; building even a Core statement costs about as much as running it. The
statements here are built once at import and run with parameters only, straight on the
DBAPI cursor (`direct_sql`: compiled once per dialect, same bind and result processing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Table,
    Text,
    bindparam,
    cast,
    insert,
    literal,
    literal_column,
    null,
    select,
    text,
    type_coerce,
    union_all,
    update,
)
from sqlmodel import Session

from bot.clock import utcnow
from bot.store import held_writes
from bot.store.direct_sql import Fixed, InTransaction, execute
from bot.store.models import (
    PLAIN_VALUES,
    Conversation,
    EventRow,
    FactRow,
    Lead,
    LeadQuestion,
    MessageRow,
    ScoreSnapshot,
    StageTransition,
    follow_up_due,
    ordered_id,
)

CONVERSATIONS: Table = Conversation.__table__  # type: ignore[attr-defined]
MESSAGES: Table = MessageRow.__table__  # type: ignore[attr-defined]
FACTS: Table = FactRow.__table__  # type: ignore[attr-defined]
EVENTS: Table = EventRow.__table__  # type: ignore[attr-defined]
QUESTIONS: Table = LeadQuestion.__table__  # type: ignore[attr-defined]
SNAPSHOTS: Table = ScoreSnapshot.__table__  # type: ignore[attr-defined]
TRANSITIONS: Table = StageTransition.__table__  # type: ignore[attr-defined]

# An UPDATE without .values() sets the columns named in the parameters (besides `row_id`).
_NEXT_SEQ = Fixed(update(CONVERSATIONS).where(CONVERSATIONS.c.id == bindparam("row_id"))
                  .values(last_seq=CONVERSATIONS.c.last_seq + 1)
                  .returning(CONVERSATIONS.c.last_seq, CONVERSATIONS.c.token_hash))
_FACTS_IN_FORCE = Fixed(select(FACTS.c.id, FACTS.c.slot, FACTS.c.value)
                        .where(FACTS.c.lead_id == bindparam("lead_id"),
                               FACTS.c.superseded_by.is_(None))
                        .order_by(FACTS.c.created_at))

# Both at once (one statement instead of two): the facts ('f') first, then the messages.
# A turn reads the conversation's most recent RECENT_MESSAGES messages, not all of them:
# reading every message made each turn slower as the conversation grew (a conversation of
# 2,000 lead messages, 100 minutes at the per-conversation rate limit, took 48 ms a turn
# against 14 ms at 100, all of it on the event loop). Extraction reads the last 40; the
# rest of a turn needs recent messages only (unanswered ones, sentences not to repeat).
RECENT_MESSAGES = 200


def _messages_and_facts(recent: int | None) -> Fixed:
    """The lead's facts in force and the conversation's messages (the last `recent`, or all)."""
    # `extracted` as the JSON text stored: parsed only for a message whose turn needs it
    # (`recall.decode`), not for each of the recent messages on every turn
    messages = (select(MESSAGES.c.id, MESSAGES.c.seq, MESSAGES.c.role, MESSAGES.c.text,
                       MESSAGES.c.handled_at, MESSAGES.c.created_at,
                       cast(MESSAGES.c.extracted, Text).label("extracted"))
                .where(MESSAGES.c.conversation_id == bindparam("conversation_id")))
    if recent is not None:
        messages = messages.order_by(MESSAGES.c.seq.desc()).limit(recent)
    rows = messages.subquery()
    return Fixed(union_all(
        select(literal("f").label("kind"), FACTS.c.id, type_coerce(null(), Integer).label("seq"),
               *(type_coerce(null(), MESSAGES.c[key].type).label(key)
                 for key in ("role", "text", "handled_at")),
               FACTS.c.created_at, type_coerce(null(), Text).label("extracted"),
               FACTS.c.slot, FACTS.c.value)
        .where(FACTS.c.lead_id == bindparam("lead_id"), FACTS.c.superseded_by.is_(None)),
        select(literal("m").label("kind"), rows.c.id, rows.c.seq, rows.c.role, rows.c.text,
               rows.c.handled_at, rows.c.created_at, rows.c.extracted,
               type_coerce(null(), FACTS.c.slot.type).label("slot"),
               type_coerce(null(), FACTS.c.value.type).label("value")),
    ).order_by(literal_column("kind"), literal_column("seq"), literal_column("created_at")))


_RECENT_MESSAGES_AND_FACTS = _messages_and_facts(RECENT_MESSAGES)
_ALL_MESSAGES_AND_FACTS = _messages_and_facts(None)

_UNSYNCED = Fixed(text("SET LOCAL synchronous_commit TO OFF"))


@cache
def _insert(table: Table) -> Fixed:
    return Fixed(insert(table))


@cache
def _update_by_id(table: Table) -> Fixed:
    return Fixed(update(table).where(table.c.id == bindparam("row_id")))


def insert_row(session: InTransaction, table: Table, row: dict[str, Any]) -> None:
    """One row written with a plain INSERT in the session's transaction (every column's value
    given: no ORM defaults apply): now, or held for the end of the turn (`held_writes`)."""
    if not held_writes.hold(session, table, row, is_update=False):
        execute(session, _insert(table), row)


def update_row(session: Session, table: Table, row_id: str, values: dict[str, Any]) -> None:
    """Set `values` on the row with id `row_id` (now, or held as `insert_row`)."""
    params = {"row_id": row_id, **values}
    if not held_writes.hold(session, table, params, is_update=True):
        execute(session, _update_by_id(table), params)


def seq_and_token(session: InTransaction, *, conversation_id: str) -> tuple[int, str] | None:
    """The conversation's next message order number (allocated atomically, as
    `repo.next_seq`) and its token hash, in one statement; None: no such conversation. The
    caller checks the token and rolls back if it does not fit."""
    found = execute(session, _NEXT_SEQ, {"row_id": conversation_id})
    return (int(found[0][0]), str(found[0][1])) if found else None


def unsynced_commit(session: InTransaction) -> None:
    """On PostgreSQL, let this transaction's commit return before its log reaches the disk
    (`synchronous_commit` off for it alone). For the lead's message, which is acknowledged
    only with the reply: the turn's own commit is synced, and PostgreSQL writes its log in
    order, so once the reply is acknowledged the message is on disk too. A crash of the
    database server before that may lose a message the lead was never told was received.
    SQLite (WAL, synchronous=NORMAL) does not sync at a commit anyway."""
    dialect = session.dialect if isinstance(session, Connection) else session.get_bind().dialect
    if dialect.name == "postgresql":
        execute(session, _UNSYNCED, {})


def insert_message(session: InTransaction, *, conversation_id: str, seq: int, role: str,
                   text: str, reply_to: str | None = None) -> str:
    """A message with an order number the caller allocated (`seq_and_token`, or counted on
    the locked conversation); returns its id."""
    return inserted_message(session, conversation_id=conversation_id, seq=seq, role=role,
                            text=text, reply_to=reply_to).id


@dataclass(frozen=True)
class NewMessage:
    """A message just written, as `messages_and_facts` reads it back."""

    id: str
    seq: int
    role: str
    text: str
    created_at: datetime
    handled_at: datetime | None = None
    extracted: dict[str, Any] | None = None


def inserted_message(session: InTransaction, *, conversation_id: str, seq: int, role: str,
                     text: str, reply_to: str | None = None) -> NewMessage:
    """`insert_message`, returning the row as `messages_and_facts` would read it: a turn that read
    the messages before needs not read them again (on PostgreSQL the INSERT may then be held,
    see `held_writes`)."""
    row = NewMessage(ordered_id(), seq, role, text, utcnow())
    insert_row(session, MESSAGES, {
        "id": row.id, "conversation_id": conversation_id, "seq": seq, "role": role,
        "text": text, "reply_to": reply_to, "handled_at": None, "created_at": row.created_at,
        "author": None, "extracted": None})
    return row


def mark_handled(session: Session, *, message_id: str, at: datetime,
                 extracted: dict[str, Any] | None = None) -> None:
    """A lead message's turn is finished; `extracted`: what extraction found in it (kept for
    later turns, see bot.conversation.recall)."""
    update_row(session, MESSAGES, message_id, {"handled_at": at, "extracted": extracted})


@dataclass(frozen=True)
class StoredFact:
    """A fact in force as a turn keeps it: its id, slot and value."""

    id: str
    slot: str
    value: dict[str, Any]


def messages_and_facts(session: Session, *, conversation_id: str, lead_id: str,
                       recent: bool = True) -> tuple[list[Any], dict[str, StoredFact]]:
    """The conversation's messages in order as plain rows (id, seq, role, text, handled_at,
    created_at, extracted as its JSON text: named tuples), the last RECENT_MESSAGES of them (all with
    `recent=False`), and the lead's facts in force (`facts_in_force`), in one statement."""
    rows = execute(session, _RECENT_MESSAGES_AND_FACTS if recent else _ALL_MESSAGES_AND_FACTS,
                   {"conversation_id": conversation_id, "lead_id": lead_id})
    facts = {row.slot: StoredFact(row.id, row.slot, row.value) for row in rows if row.kind == "f"}
    return [row for row in rows if row.kind == "m"], facts


def facts_in_force(session: Session, *, lead_id: str) -> dict[str, StoredFact]:
    """The lead's fact in force per slot (`repo.current_facts` without ORM objects)."""
    rows = execute(session, _FACTS_IN_FORCE, {"lead_id": lead_id})
    return {row.slot: StoredFact(row.id, row.slot, row.value) for row in rows}


def insert_fact(session: Session, *, fact: dict[str, Any], current: dict[str, StoredFact]) -> StoredFact:
    """Record a fact (`repo.add_fact`): the row, and the slot's previous fact marked
    superseded; `current`, the lead's facts in force, is kept up to date."""
    row = {"id": ordered_id(), "superseded_by": None, "created_at": utcnow(), **fact}
    insert_row(session, FACTS, row)
    stored = StoredFact(row["id"], row["slot"], row["value"])
    previous = current.get(stored.slot)
    if previous is not None:
        update_row(session, FACTS, previous.id, {"superseded_by": stored.id})
    current[stored.slot] = stored
    return stored


def column_values(row: Lead | Conversation) -> dict[str, Any]:
    """The row's column values (read from its `__dict__`, where the ORM keeps them loaded:
    one look-up each instead of an attribute descriptor's call)."""
    values = row.__dict__
    return {key: values[key] if key in values else getattr(row, key)
            for key in _column_keys(row.__table__)}  # type: ignore[union-attr]


def hold_changes(row: Lead | Conversation) -> dict[str, Any]:
    """The row's column values as loaded, for `save_changes` to compare against; until then
    its attributes are set as plain values, untracked by the ORM (`models.PlainWhenHeld`),
    so nothing of it is flushed: `save_changes` writes it. Call `save_changes` on every path
    that commits."""
    loaded = column_values(row)
    row.__dict__[PLAIN_VALUES] = True
    return loaded


def is_held(row: Lead | Conversation) -> bool:
    """Whether the row is held (`hold_changes`): `save_changes` writes it, not the session."""
    return PLAIN_VALUES in row.__dict__


def save_changes(session: Session, row: Lead | Conversation, loaded: dict[str, Any]) -> None:
    """Write the columns of a held lead or conversation that changed since `hold_changes`
    with one plain UPDATE (or none), take the row out of the session so that the commit has
    nothing left to flush, and track it as usual again. Values are compared, so a JSON value
    changed in place is written too (the ORM would miss it)."""
    if isinstance(row, Lead):  # as the `before_update` hook does for ORM writes
        row.reactivate_on = follow_up_due(row.next_action, row.context)
    changes = {key: value for key, value in column_values(row).items() if value != loaded[key]}
    if changes:
        update_row(session, row.__table__, row.id, changes)  # type: ignore[union-attr]
    if row in session:
        session.expunge(row)
    row.__dict__.pop(PLAIN_VALUES, None)


@cache
def _column_keys(table: Table) -> tuple[str, ...]:
    return tuple(column.key for column in table.columns)
