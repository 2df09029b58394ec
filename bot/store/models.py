"""The tables. One row type per entity; timestamps are timezone-aware UTC."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Text, event, text
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.columns import UTCDateTime


def new_id() -> str:
    """A random, URL-safe identifier."""
    return uuid.uuid4().hex


def ordered_id() -> str:
    """A unique, URL-safe identifier of 32 hex digits that sorts by creation time (the
    milliseconds, then 80 random bits), for the rows every turn writes (messages, facts, the
    lead's questions): each goes to the end of its table's primary-key index, beside the last
    one, instead of onto a random page of it (bench/bench_turn_pages.py: a page written per
    message). Not for identifiers that must not reveal when they were made (leads,
    conversations)."""
    return f"{time.time_ns() // 1_000_000:012x}{os.urandom(10).hex()}"


# a lead message whose turn never finished (`repo.unhandled`; the partial index's condition)
UNHANDLED = "handled_at IS NULL AND role = 'lead'"


def where(condition: str) -> dict[str, Any]:
    """A partial index's condition, for SQLite and PostgreSQL alike."""
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


def _ts(index: bool = False) -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, index=index)


def _no_items() -> list[Any]:
    """A new empty list. A factory written in Python: for each default it fills, pydantic
    reads its factory's signature, and `list`'s costs 60 µs to read (a function's 4 µs)."""
    return []


def _json(factory: type[dict[str, Any]] | type[list[Any]]) -> Any:
    made = _no_items if factory is list else factory
    return Field(default_factory=made, sa_column=Column(JSON, nullable=False))


PLAIN_VALUES = "_setter_plain_values"  # in a row's __dict__: set its attributes as plain values


class PlainWhenHeld:
    """A lead or conversation that a turn writes itself (`turn_sql.hold_changes`): while held,
    setting an attribute stores the plain value, without the ORM's change tracking (about 5 %
    of a turn's CPU, in-process A/B), and `turn_sql.save_changes` writes what
    changed by comparing values. Every other row is tracked by the ORM as usual."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        values = self.__dict__
        if PLAIN_VALUES in values:
            values[name] = value
        else:
            super().__setattr__(name, value)


class Lead(PlainWhenHeld, SQLModel, table=True):
    """One person or company being qualified, with the current score and stage."""

    __tablename__ = "leads"
    # the queue: "hot leads by score" and "all leads by score" read in index order (0002)
    # (they serve reads by band or by score alone too: no index of their own, 0010)
    __table_args__ = (Index("ix_leads_band_score", "score_band", "score_total", "id"),
                      Index("ix_leads_score_id", "score_total", "id"))
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    email: str | None = Field(default=None, index=True, max_length=320)
    name: str | None = Field(default=None, max_length=200)
    company: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=64)
    job_title: str | None = Field(default=None, max_length=200)
    industry: str | None = Field(default=None, max_length=200)
    company_size: str | None = Field(default=None, max_length=64)
    source: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=64)
    lang: str = Field(default="de", max_length=8)
    stage: str = Field(default="new", index=True, max_length=32)
    score_total: int = Field(default=0)
    score_band: str = Field(default="cold", max_length=16)
    score: dict[str, Any] = _json(dict)
    score_state: dict[str, Any] = _json(dict)
    next_action: dict[str, Any] = _json(dict)
    flags: list[str] = _json(list)
    context: dict[str, Any] = _json(dict)
    contact_channel: str | None = Field(default=None, max_length=16)  # email | phone (0004)
    # console (0007): the closer a setter handed the lead to; when the lead's follow-up is due
    # (`follow_up_due` of the next action and the context, set on every write; 0008)
    closer_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    reactivate_on: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


def parse_instant(value: object) -> datetime | None:
    """An ISO timestamp from stored JSON as an aware datetime (UTC when it has no zone), else None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def follow_up_due(next_action: Mapping[str, Any] | None,
                  context: Mapping[str, Any] | None) -> datetime | None:
    """When the lead's follow-up is due: the day an auto reply said the lead is back, else the
    due date of a `reactivate` next action (computed by the scoring, or the day a setter
    scheduled); None when no reactivation is planned. `Lead.reactivate_on` holds it, indexed,
    so that the queue's "reactivation due" filter reads an index, not every lead's JSON."""
    back = parse_instant((context or {}).get("reactivate_on"))
    if back is not None:
        return back
    action = next_action or {}
    return parse_instant(action.get("due")) if action.get("kind") == "reactivate" else None


@event.listens_for(Lead, "before_insert")
@event.listens_for(Lead, "before_update")
def _due_follows_the_action(_mapper: Any, _connection: Any, lead: Lead) -> None:
    lead.reactivate_on = follow_up_due(lead.next_action, lead.context)


class Conversation(PlainWhenHeld, SQLModel, table=True):
    """A chat or email thread with one lead."""

    __tablename__ = "conversations"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    lead_id: str = Field(foreign_key="leads.id", index=True, max_length=32)
    channel: str = Field(default="web", max_length=16)
    lang: str = Field(default="de", max_length=8)
    token_hash: str = Field(max_length=128)
    status: str = Field(default="open", max_length=16)
    asked: dict[str, Any] = _json(dict)
    rejected_proposals: int = 0
    last_seq: int = 0  # the last message order number handed out (0006), see repo.next_seq
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    site_id: str | None = Field(default=None, max_length=40)  # the widget's site (0004)
    # the setter who took it over (0004; indexed for the queue's "taken over by me", 0008)
    held_by: str | None = Field(default=None, max_length=64, index=True)
    held_since: datetime | None = Field(default=None, sa_type=UTCDateTime)


class MessageRow(SQLModel, table=True):
    """One message, stored before anything else runs."""

    __tablename__ = "messages"
    # one order number per message and conversation (which also serves every read by
    # conversation); one bot reply per lead message (0006); the unanswered lead messages, which
    # the crash recovery looks up (only they are in that index: 0010)
    __table_args__ = (Index("uq_messages_conversation_seq", "conversation_id", "seq", unique=True),
                      Index("ux_messages_reply_to", "reply_to", unique=True,
                            **where("reply_to IS NOT NULL")),
                      Index("ix_messages_unhandled", "created_at", "seq", **where(UNHANDLED)))
    id: str = Field(default_factory=ordered_id, primary_key=True, max_length=32)
    conversation_id: str = Field(foreign_key="conversations.id", max_length=32)
    seq: int
    role: str = Field(max_length=8)
    text: str = Field(sa_column=Column(Text, nullable=False))
    reply_to: str | None = Field(default=None, max_length=32)  # the lead message a bot reply answers
    # a lead message's turn finished (replied, or silent while a setter holds the chat); a
    # lead message still without it after a crash is answered on start-up (0006)
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _ts()
    author: str | None = Field(default=None, max_length=64)  # the setter of a "human" message (0004)
    # what extraction found in a lead message, kept with its turn so that a later turn on any
    # worker reads only the newest message (bot.conversation.recall; 0009)
    extracted: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class SiteRow(SQLModel, table=True):
    """A website that embeds the widget: its public key, allowed origins and look."""

    __tablename__ = "sites"
    id: str = Field(primary_key=True, max_length=40)  # the site key in `data-site`
    name: str = Field(max_length=200)
    origins: list[str] = _json(list)
    options: dict[str, Any] = _json(dict)  # color, position, privacy_url
    created_at: datetime = _ts()


class FactRow(SQLModel, table=True):
    """An extracted or corrected fact with its evidence; append-only, superseded by id."""

    __tablename__ = "facts"
    id: str = Field(default_factory=ordered_id, primary_key=True, max_length=32)
    lead_id: str = Field(foreign_key="leads.id", index=True, max_length=32)
    conversation_id: str | None = Field(default=None, foreign_key="conversations.id", max_length=32)
    slot: str = Field(max_length=16)
    value: dict[str, Any] = _json(dict)
    quote: str = Field(sa_column=Column(Text, nullable=False))
    message_id: str | None = Field(default=None, foreign_key="messages.id", max_length=32)
    span_start: int | None = None
    span_end: int | None = None
    confidence: float = 1.0
    source: str = Field(default="rules", max_length=16)
    superseded_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = _ts()


class LeadQuestion(SQLModel, table=True):
    """A question the lead asked in a conversation: answered from the business's knowledge
    file (`answer_id` names the entry) or open for a setter (`status` "open")."""

    __tablename__ = "lead_questions"
    id: str = Field(default_factory=ordered_id, primary_key=True, max_length=32)
    lead_id: str = Field(foreign_key="leads.id", index=True, max_length=32)
    conversation_id: str | None = Field(default=None, foreign_key="conversations.id", max_length=32)
    message_id: str | None = Field(default=None, foreign_key="messages.id", max_length=32)
    quote: str = Field(sa_column=Column(Text, nullable=False))
    span_start: int | None = None
    span_end: int | None = None
    lang: str = Field(default="de", max_length=8)
    status: str = Field(default="open", max_length=16)  # open | answered
    answer_id: str | None = Field(default=None, max_length=100)
    answer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = _ts()


class EventRow(SQLModel, table=True):
    """A behavioural event (page view, email opened, meeting booked, ...)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_lead_time", "lead_id", "occurred_at"),
                      Index("ux_events_external_id", "external_id", unique=True,  # 0006
                            **where("external_id IS NOT NULL")))  # 0010
    id: int | None = Field(default=None, primary_key=True)
    lead_id: str = Field(foreign_key="leads.id", max_length=32)
    type: str = Field(max_length=32)
    external_id: str | None = Field(default=None, max_length=200)  # the sender's own event id
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    props: dict[str, Any] = _json(dict)
    created_at: datetime = _ts()


class ScoreSnapshot(SQLModel, table=True):
    """The score as it was after a change, for the lead's history."""

    __tablename__ = "score_snapshots"
    id: int | None = Field(default=None, primary_key=True)
    lead_id: str = Field(foreign_key="leads.id", index=True, max_length=32)
    total: int
    band: str = Field(max_length=16)
    parts: dict[str, Any] = _json(dict)
    reasons: list[Any] = _json(list)
    created_at: datetime = _ts()


class StageTransition(SQLModel, table=True):
    """A stage change and why it happened."""

    __tablename__ = "stage_transitions"
    id: int | None = Field(default=None, primary_key=True)
    lead_id: str = Field(foreign_key="leads.id", index=True, max_length=32)
    from_stage: str = Field(max_length=32)
    to_stage: str = Field(max_length=32)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    actor: str = Field(default="system", max_length=64)
    created_at: datetime = _ts()


class LLMCallRow(SQLModel, table=True):
    """One LLM call, linked to its conversation and turn."""

    __tablename__ = "llm_calls"
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="conversations.id", index=True, max_length=32)
    message_id: str | None = Field(default=None, max_length=32)
    model: str = Field(max_length=200)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: float = 0.0
    outcome: str = Field(max_length=16)
    error: str | None = Field(default=None, sa_column=Column(Text))
    prompt: str | None = Field(default=None, sa_column=Column(Text))
    completion: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = _ts()


class BlacklistRuleRow(SQLModel, table=True):
    """A pattern of leads that never fit, with the reason."""

    __tablename__ = "blacklist_rules"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    pattern: str = Field(max_length=320)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _ts()


class WebhookDelivery(SQLModel, table=True):
    """An outbound webhook POST and its delivery state."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)  # 0002
    id: int | None = Field(default=None, primary_key=True)
    lead_id: str = Field(foreign_key="leads.id", index=True, max_length=32)
    url: str = Field(max_length=2000)
    event: str = Field(max_length=64)
    payload: dict[str, Any] = _json(dict)
    status: str = Field(default="pending", index=True, max_length=16)
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = _ts()


class EmailMessageRow(SQLModel, table=True):
    """An email received from or sent to a lead, with its raw source; one row per Message-ID."""

    __tablename__ = "email_messages"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    message_id: str = Field(unique=True, max_length=1000)  # without <>, as in the header
    direction: str = Field(max_length=8)  # "in" | "out"
    lead_id: str | None = Field(default=None, foreign_key="leads.id", index=True, max_length=32)
    conversation_id: str | None = Field(default=None, foreign_key="conversations.id", max_length=32)
    transcript_message_id: str | None = Field(default=None, max_length=32)
    draft_id: str | None = Field(default=None, max_length=32)
    in_reply_to: str | None = Field(default=None, max_length=1000)
    references: list[str] = _json(list)
    from_addr: str | None = Field(default=None, max_length=320)
    to_addr: str | None = Field(default=None, max_length=2000)
    subject: str | None = Field(default=None, sa_column=Column(Text))
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the Date header
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    raw_format: str = Field(default="rfc822", max_length=16)  # "rfc822" | "json"
    reply_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    lang: str | None = Field(default=None, max_length=8)
    intent: str | None = Field(default=None, max_length=32)
    matched_by: str | None = Field(default=None, max_length=32)
    details: dict[str, Any] = _json(dict)
    unsubscribe_hash: str | None = Field(default=None, index=True, max_length=64)
    created_at: datetime = _ts()


class EmailDraft(SQLModel, table=True):
    """A follow-up email waiting for a setter: edited, approved (sent) or discarded."""

    __tablename__ = "email_drafts"
    __table_args__ = (Index("ix_email_drafts_status_created", "status", "created_at"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    lead_id: str = Field(foreign_key="leads.id", index=True, max_length=32)
    kind: str = Field(max_length=16)  # "reply" | "reactivation"
    status: str = Field(default="draft", max_length=16)  # draft|sending|sent|failed|discarded
    lang: str = Field(default="de", max_length=8)
    to_addr: str | None = Field(default=None, max_length=320)
    subject: str = Field(sa_column=Column(Text, nullable=False))
    body: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False))
    in_reply_to: str | None = Field(default=None, max_length=1000)
    references: list[str] = _json(list)
    source_email_id: str | None = Field(default=None, max_length=32)
    dedupe_key: str | None = Field(default=None, unique=True, max_length=200)
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    edited_by: str | None = Field(default=None, max_length=64)
    decided_by: str | None = Field(default=None, max_length=64)
    error: str | None = Field(default=None, sa_column=Column(Text))
    sent_message_id: str | None = Field(default=None, max_length=1000)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class IdempotencyKey(SQLModel, table=True):
    """The first response to a POST sent with an `Idempotency-Key`, replayed for repeats."""

    __tablename__ = "idempotency_keys"
    scope: str = Field(primary_key=True, max_length=64)  # hash of method, path and credential
    key: str = Field(primary_key=True, max_length=200)
    path: str = Field(default="", max_length=2000)
    body_hash: str = Field(max_length=64)
    status_code: int | None = None  # None while the first request is still running
    content_type: str | None = Field(default=None, max_length=200)
    response: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    created_at: datetime = _ts(index=True)


class UserRow(SQLModel, table=True):
    """A console user: setter, closer or admin; the password only as an argon2 hash."""

    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True)
    password_hash: str = Field(sa_column=Column(Text, nullable=False))
    role: str = Field(max_length=16)
    lang: str = Field(default="de", max_length=8)
    active: bool = True
    # bumped on logout: every session cookie issued before stops working
    session_epoch: int = 0
    created_at: datetime = _ts()


class LeadAction(SQLModel, table=True):
    """Something a person did to a lead in the console, with who and when (the audit trail)."""

    __tablename__ = "lead_actions"
    __table_args__ = (Index("ix_lead_actions_lead_time", "lead_id", "created_at"),)
    id: int | None = Field(default=None, primary_key=True)
    lead_id: str = Field(foreign_key="leads.id", max_length=32)
    user_id: int | None = Field(default=None, foreign_key="users.id")
    actor: str = Field(max_length=320)
    kind: str = Field(max_length=32)
    detail: dict[str, Any] = _json(dict)
    created_at: datetime = _ts()
