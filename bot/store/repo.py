"""Data access: small functions over a Session, keyword-only arguments, no business rules."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, func, literal_column, text, update
from sqlalchemy import select as sql_select
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, select

from bot.clock import utcnow
from bot.store import turn_sql
from bot.store.direct_sql import Fixed, created, execute, fetch_raw, persistent
from bot.store.models import (
    UNHANDLED,
    Conversation,
    EventRow,
    FactRow,
    Lead,
    LeadQuestion,
    LLMCallRow,
    MessageRow,
    ScoreSnapshot,
    StageTransition,
    follow_up_due,
)

CONVERSATIONS = Conversation.__table__  # type: ignore[attr-defined]
LEADS = Lead.__table__  # type: ignore[attr-defined]
_Created = TypeVar("_Created", Lead, Conversation)
LEAD_FIELDS = ("email", "name", "company", "phone", "job_title", "industry", "company_size",
               "source", "country")


def hash_token(token: str) -> str:
    """The stored form of a conversation token."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(conversation: Conversation, token: str | None) -> bool:
    """Constant-time check of a presented conversation token."""
    return hash_matches(conversation.token_hash, token)


def hash_matches(token_hash: str, token: str | None) -> bool:
    """Constant-time check of a presented token against a stored hash."""
    if not token:
        return False
    return hmac.compare_digest(token_hash, hash_token(token))


def create_lead(session: Session, *, lang: str, fields: dict[str, Any], context: dict[str, Any]) -> Lead:
    """A new lead with its profile fields, written at once."""
    lead = created(Lead, {"lang": lang, "context": context})
    for key, value in fields.items():
        if key in LEAD_FIELDS:
            setattr(lead, key, str(value) if value is not None else None)
    lead.reactivate_on = follow_up_due(lead.next_action, lead.context)  # the before_insert hook
    return _inserted(session, lead)


def create_conversation(
    session: Session, *, lead_id: str, channel: str, lang: str, token: str
) -> Conversation:
    """A new conversation, written at once; only the token's hash is stored."""
    conversation = created(Conversation, {"lead_id": lead_id, "channel": channel, "lang": lang,
                                          "token_hash": hash_token(token)})
    return _inserted(session, conversation)


def _inserted(session: Session, row: _Created) -> _Created:
    """Write a new lead or conversation with a plain INSERT of all its columns and put it in
    the session as if loaded: later changes are flushed as an UPDATE, as after the ORM's
    insert and flush, which cost several times the statement."""
    turn_sql.insert_row(session, row.__table__, turn_sql.column_values(row))  # type: ignore[union-attr]
    make_transient_to_detached(row)
    session.add(row)
    return row


def next_seq(session: Session, *, conversation_id: str) -> int:
    """The conversation's next message order number, allocated atomically: the counter row is
    updated in place, which takes its row lock (PostgreSQL) or the write lock (SQLite), so two
    concurrent messages can never get the same number."""
    table = CONVERSATIONS  # a Core statement: the ORM's bulk-update machinery costs more than it
    seq = session.connection().execute(  # does here (nothing in the session to synchronise)
        update(table).where(table.c.id == conversation_id)
        .values(last_seq=table.c.last_seq + 1).returning(table.c.last_seq)
    ).scalar_one()
    return int(seq)


def add_message(session: Session, *, conversation_id: str, role: str, text: str,
                at: datetime | None = None, reply_to: str | None = None,
                locked: Conversation | None = None) -> MessageRow:
    """Append a message at the end of the conversation (`reply_to`: the lead message a bot
    reply answers; at most one reply per message). A caller holding the conversation locked
    (`lock_conversation`) or creating it passes it as `locked`: the order number is then
    counted on the row itself and written with the transaction's other changes (no statement
    of its own); otherwise it is allocated atomically by `next_seq`."""
    if locked is not None:
        locked.last_seq = seq = (locked.last_seq or 0) + 1
        session.add(locked)
    else:
        seq = next_seq(session, conversation_id=conversation_id)
    row = MessageRow(conversation_id=conversation_id, seq=seq, role=role, text=text,
                     reply_to=reply_to, created_at=at or utcnow())
    session.add(row)
    if locked is None:
        session.flush()
    return row


def lock_conversation(session: Session, *, conversation_id: str) -> Conversation | None:
    """The conversation, locked for the rest of the transaction so that turns of one
    conversation run one at a time: a row lock on PostgreSQL, the database write lock
    (BEGIN IMMEDIATE) on SQLite, whose reads would otherwise run outside the transaction."""
    return lock_conversation_and_lead(session, conversation_id=conversation_id)[0]


# built once: building the statement cost about as much as running it
_LOCK_WITH_LEAD = (select(Conversation, Lead).join(Lead, col(Lead.id) == col(Conversation.lead_id))
                   .where(col(Conversation.id) == bindparam("conversation_id"))
                   .with_for_update(of=[Lead, Conversation])  # type: ignore[arg-type]
                   .execution_options(populate_existing=True))
_BEGIN_IMMEDIATE = Fixed(text("BEGIN IMMEDIATE"))
# session.info: (conversation id, its row as read unlocked, SQLite's data_version just before)
_READ_UNLOCKED = "read_unlocked"
# the same statement as plain rows (conversation's columns, then the lead's). PostgreSQL
# locks the rows in the order named: the lead first, as every other writer of a lead does
# (`lock_lead`, event batches), so that none waits for a lead while holding a conversation
_LOCK_ROWS = Fixed(sql_select(*CONVERSATIONS.columns, *LEADS.columns)
                   .join_from(CONVERSATIONS, LEADS, LEADS.c.id == CONVERSATIONS.c.lead_id)
                   .where(CONVERSATIONS.c.id == bindparam("conversation_id"))
                   .with_for_update(of=[LEADS, CONVERSATIONS]))
# SQLite: a number that changes when another connection (of any process) commits, and not
# otherwise. (The table-valued `pragma_data_version()` in the row's statement cost as much as
# it saved: SQLite prepares its PRAGMA anew each time, where this one stays prepared.)
_DATA_VERSION = Fixed(text("PRAGMA data_version").columns(literal_column("data_version")))


def lock_conversation_and_lead(session: Session, *, conversation_id: str, lock: bool = True,
                               attach: bool = True) -> tuple[Conversation | None, Lead | None]:
    """`lock_conversation`, and its lead read and locked in the same statement (one round
    trip): on PostgreSQL a turn, an event batch and a console action on one lead then write
    it one after another, none of them from a lead row read before another's commit (SQLite's
    turns confirm their unlocked read instead). In a session that holds no objects yet (a
    turn's) the row is read as plain values and made into the two objects directly: the ORM
    query's machinery cost more than the statement itself. On SQLite, `lock=False` reads such a
    session's row without taking the write lock, for a turn that calls `confirm_unchanged`
    before it writes. `attach=False`: such objects are left out of the session, for a caller
    that writes them itself (`turn_sql.hold_changes` and `save_changes`)."""
    fresh = not len(session.identity_map)  # else loaded objects are refreshed in place
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite and not lock and fresh:  # for `confirm_unchanged`: the row as the driver gives it
        version = fetch_raw(session.connection(), _DATA_VERSION, {})  # others' commits so far
        session.info[_READ_UNLOCKED] = conversation_id, [], version
    elif sqlite:
        _begin_immediate(session.connection())
    if not fresh:
        found = session.exec(_LOCK_WITH_LEAD, params={"conversation_id": conversation_id}).first()
    else:
        raw = session.info[_READ_UNLOCKED][1] if _READ_UNLOCKED in session.info else None
        rows = execute(session, _LOCK_ROWS, {"conversation_id": conversation_id}, raw=raw)
        split = len(CONVERSATIONS.columns)
        found = (persistent(session, Conversation, rows[0][:split], attach=attach),
                 persistent(session, Lead, rows[0][split:], attach=attach)) if rows else None
    if found is None:
        return session.get(Conversation, conversation_id, populate_existing=True), None
    return found[0], found[1]


def lock_lead(session: Session, lead_id: str) -> Lead | None:
    """The lead as stored now, locked for the rest of the transaction (None if unknown): a
    row lock on PostgreSQL; on SQLite the database's write lock, taken before the read (a read
    outside a write transaction may be older than the next writer's commit). Whatever writes
    a lead's state, score or flags loads it here, so that no writer saves a lead it read before
    another's commit (a chat turn locks it the same way, before its conversation)."""
    take_write_lock(session)
    return session.get(Lead, lead_id, with_for_update=True, populate_existing=True)


def take_write_lock(session: Session) -> None:
    """SQLite: take the database's write lock now, so that what the transaction reads next is
    current until it commits. Nothing on PostgreSQL, whose writers lock the rows they read."""
    if session.get_bind().dialect.name == "sqlite":
        _begin_immediate(session.connection())


class ChangedMeanwhile(Exception):  # noqa: N818 - a signal to try again, not a failure
    """The conversation or its lead changed between a turn's unlocked read and its writes."""


def confirm_unchanged(session: Session) -> None:
    """After `lock_conversation_and_lead(lock=False)` on SQLite: take the write lock (unless
    the transaction holds it already) and make sure the conversation and its lead are as
    read then; else raise `ChangedMeanwhile`. From here on nobody else writes, so the turn's
    writes rest on what it read. If no other connection committed since just before the read
    (SQLite's `data_version` is the same as then), they are; otherwise the row is read again
    and compared column for column as stored (as the driver returns them: no JSON parsed).
    Held writes are not sent first (the statements go through the session's connection
    itself). Nothing to do after a locked read."""
    read = session.info.pop(_READ_UNLOCKED, None)
    if read is None:
        return
    conversation_id, row, version = read
    connection = session.connection()
    _begin_immediate(connection)
    if fetch_raw(connection, _DATA_VERSION, {}) == version:
        return  # nobody else committed since (this session's connection did not either)
    if fetch_raw(connection, _LOCK_ROWS, {"conversation_id": conversation_id}) != row:
        raise ChangedMeanwhile(conversation_id)


def _begin_immediate(connection: Connection) -> None:
    """SQLite: take the database's write lock now, unless the transaction holds it."""
    if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        execute(connection, _BEGIN_IMMEDIATE, {})


def reply_of(session: Session, *, message_id: str) -> MessageRow | None:
    """The bot reply stored for a lead message, if any."""
    return session.exec(select(MessageRow).where(MessageRow.reply_to == message_id)).first()


def unhandled(session: Session, *, conversation_id: str | None = None,
              limit: int = 1000) -> list[MessageRow]:
    """Chat lead messages whose turn never finished (a crash between storing and answering),
    oldest first; of one conversation or of all. Email threads are answered by drafts."""
    query = (select(MessageRow)
             .join(Conversation, col(Conversation.id) == col(MessageRow.conversation_id))
             .where(text(UNHANDLED), Conversation.channel != "email"))  # (in its index)
    if conversation_id is not None:
        query = query.where(MessageRow.conversation_id == conversation_id)
    return list(session.exec(query.order_by(col(MessageRow.created_at), col(MessageRow.seq))
                             .limit(limit)))


def messages_of(session: Session, *, conversation_id: str, after: int = 0,
                limit: int | None = None) -> list[MessageRow]:
    """The conversation's messages in order: those with an order number above `after`, at
    most `limit` of them (None: all)."""
    query = select(MessageRow).where(MessageRow.conversation_id == conversation_id,
                                     col(MessageRow.seq) > after)
    return list(session.exec(query.order_by(col(MessageRow.seq)).limit(limit)))


def current_facts(session: Session, *, lead_id: str) -> dict[str, FactRow]:
    """The fact in force per slot (not superseded)."""
    query = select(FactRow).where(FactRow.lead_id == lead_id, col(FactRow.superseded_by).is_(None))
    rows = sorted(session.exec(query), key=lambda r: r.created_at)
    return {row.slot: row for row in rows}


def current_facts_of_leads(session: Session, *, lead_ids: Sequence[str]) -> dict[str, dict[str, FactRow]]:
    """The facts in force per slot for many leads, in a few queries (bulk paths)."""
    result: dict[str, dict[str, FactRow]] = {lead_id: {} for lead_id in lead_ids}
    wanted = sorted(set(lead_ids))
    for start in range(0, len(wanted), 2000):
        chunk = wanted[start:start + 2000]
        query = select(FactRow).where(col(FactRow.lead_id).in_(chunk),
                                      col(FactRow.superseded_by).is_(None))
        for row in sorted(session.exec(query), key=lambda r: r.created_at):
            result[row.lead_id][row.slot] = row
    return result


def fact_history(session: Session, *, lead_id: str) -> list[FactRow]:
    """Every fact ever recorded for the lead, oldest first."""
    query = select(FactRow).where(FactRow.lead_id == lead_id)
    return list(session.exec(query.order_by(col(FactRow.created_at))))


def add_fact(session: Session, *, fact: FactRow,
             current: dict[str, FactRow] | None = None) -> FactRow:
    """Record a fact; the one it replaces for the same slot is marked superseded. A caller
    holding the lead's `current_facts` passes them (kept up to date here) to save a read."""
    facts = current if current is not None else current_facts(session, lead_id=fact.lead_id)
    previous = facts.get(fact.slot)
    session.add(fact)  # written with the transaction (the id is made here, not by the database)
    if previous is not None and previous.id != fact.id:
        previous.superseded_by = fact.id
        session.add(previous)
    facts[fact.slot] = fact
    return fact


def add_question(session: Session, *, question: LeadQuestion) -> LeadQuestion:
    """Record a question the lead asked (answered from knowledge or open for a setter)."""
    session.add(question)
    return question


def questions_of_leads(session: Session, *, lead_ids: Sequence[str]) -> dict[str, list[LeadQuestion]]:
    """The questions of many leads, oldest first, in a few queries (the queue)."""
    result: dict[str, list[LeadQuestion]] = {lead_id: [] for lead_id in lead_ids}
    wanted = sorted(set(lead_ids))
    for start in range(0, len(wanted), 2000):
        query = select(LeadQuestion).where(col(LeadQuestion.lead_id).in_(wanted[start:start + 2000]))
        for row in sorted(session.exec(query), key=lambda r: r.created_at):
            result[row.lead_id].append(row)
    return result


def events_of(session: Session, *, lead_id: str) -> list[EventRow]:
    """The lead's events, oldest first."""
    query = select(EventRow).where(EventRow.lead_id == lead_id)
    return list(session.exec(query.order_by(col(EventRow.occurred_at), col(EventRow.id))))


def add_snapshot(session: Session, *, lead_id: str, score: dict[str, Any],
                 at_once: bool = False) -> None:
    """Keep the score in the lead's history (`at_once`: a plain INSERT now, for one lead's
    turn; else an ORM object that bulk paths flush together)."""
    if at_once:
        turn_sql.insert_row(session, turn_sql.SNAPSHOTS, {
            "lead_id": lead_id, "total": score["total"], "band": score["band"],
            "parts": score["parts"], "reasons": score["reasons"], "created_at": utcnow()})
        return
    session.add(ScoreSnapshot(lead_id=lead_id, total=score["total"], band=score["band"],
                              parts=score["parts"], reasons=score["reasons"]))


def add_transition(session: Session, *, lead_id: str, from_stage: str, to_stage: str,
                   reason: str, actor: str = "system", at_once: bool = False) -> None:
    """Record a stage change with its reason (`at_once` as for `add_snapshot`)."""
    if at_once:
        turn_sql.insert_row(session, turn_sql.TRANSITIONS, {
            "lead_id": lead_id, "from_stage": from_stage, "to_stage": to_stage, "reason": reason,
            "actor": actor, "created_at": utcnow()})
        return
    session.add(StageTransition(lead_id=lead_id, from_stage=from_stage, to_stage=to_stage,
                                reason=reason, actor=actor))


def transitions_of(session: Session, *, lead_id: str) -> list[StageTransition]:
    """The lead's stage history, oldest first."""
    query = select(StageTransition).where(StageTransition.lead_id == lead_id)
    return list(session.exec(query.order_by(col(StageTransition.id))))


def stage_reason(session: Session, *, lead_id: str) -> str | None:
    """Why the lead entered its current stage (the newest transition's reason)."""
    query = (select(StageTransition.reason).where(StageTransition.lead_id == lead_id)
             .order_by(col(StageTransition.id).desc()).limit(1))
    return session.exec(query).first()


def add_llm_calls(session: Session, *, conversation_id: str, message_id: str | None,
                  calls: Sequence[Any]) -> None:
    """Log model calls for a turn."""
    for call in calls:
        session.add(LLMCallRow(conversation_id=conversation_id, message_id=message_id,
                               model=call.model, prompt_tokens=call.prompt_tokens,
                               completion_tokens=call.completion_tokens,
                               latency_ms=call.latency_ms, outcome=call.outcome, error=call.error,
                               prompt=call.prompt, completion=call.completion))


def llm_calls_of(session: Session, *, conversation_id: str) -> list[LLMCallRow]:
    """The conversation's logged model calls, oldest first."""
    query = select(LLMCallRow).where(LLMCallRow.conversation_id == conversation_id)
    return list(session.exec(query.order_by(col(LLMCallRow.id))))


def token_totals(session: Session, *, lead_ids: Sequence[str]) -> dict[str, int]:
    """Prompt plus completion tokens over all conversations of each lead, in one query."""
    query = (
        select(Conversation.lead_id,
               func.sum(LLMCallRow.prompt_tokens + LLMCallRow.completion_tokens))
        .join(Conversation, Conversation.id == LLMCallRow.conversation_id)  # type: ignore[arg-type]
        .where(col(Conversation.lead_id).in_(list(lead_ids)))
        .group_by(Conversation.lead_id)
    )
    totals = {lead_id: int(total or 0) for lead_id, total in session.exec(query)}
    return {lead_id: totals.get(lead_id, 0) for lead_id in lead_ids}


def list_leads(session: Session, *, band: str | None, stage: str | None, sort: str,
               limit: int, offset: int) -> list[Lead]:
    """Leads filtered by band/stage and sorted by score or recency; disqualified leads have
    left the queue and are listed only when asked for with `stage="disqualified"`."""
    query = select(Lead)
    if band:
        query = query.where(Lead.score_band == band)
    query = query.where(Lead.stage == stage) if stage else query.where(Lead.stage != "disqualified")
    column = {"score": col(Lead.score_total), "created": col(Lead.created_at),
              "updated": col(Lead.updated_at)}[sort.lstrip("-")]
    # ties by id in the same direction, so that one composite index serves the whole order
    descending = sort.startswith("-")
    order = (column.desc(), col(Lead.id).desc()) if descending else (column.asc(), col(Lead.id))
    return list(session.exec(query.order_by(*order).offset(offset).limit(limit)))
