"""Take-over of a live conversation by a setter, the setter's messages, and hand-back.

While a setter holds a conversation the bot stays silent: the lead's messages are stored and
read for facts, but no bot reply is written. Only one setter holds a conversation at a time.
Hand-back releases it; the lead's next message resumes qualification from the record (the
facts known so far, including those said to the setter).

Functions (each commits its own transaction, then tells the live bus):

    take_over(db, *, conversation_id: str, who: str) -> LiveState
        raises NotFound, HeldByOther (another setter holds it; `.holder`), BadInput
    send_human_message(db, *, conversation_id: str, text: str, who: str | None = None) -> HumanMessage
        stored with role "human" and author `who` (default: the holder);
        raises NotFound, NotHeld (nobody holds it, or `who` is not the holder), BadInput
    hand_back(db, *, conversation_id: str, who: str | None = None) -> LiveState
        raises NotFound, NotHeld (`who` given and not the holder); releasing a free one is a no-op
    live_state(db, *, conversation_id: str) -> LiveState
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, and_, or_, update
from sqlmodel import Session, col

from bot.clock import utcnow
from bot.live.bus import bus_for
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Conversation

MAX_WHO = 64
MAX_TEXT = 10_000


class LiveError(Exception):
    """A take-over request that cannot be done; `code` names the reason."""

    code = "live_error"


class NotFound(LiveError):
    """No conversation with that id."""

    code = "not_found"


class HeldByOther(LiveError):
    """Another setter holds the conversation."""

    code = "held_by_other"

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder


class NotHeld(LiveError):
    """The conversation is not held (by this setter)."""

    code = "not_held"


class BadInput(LiveError):
    """An empty or over-long name or text."""

    code = "invalid_request"


@dataclass(frozen=True)
class LiveState:
    """Who holds the conversation, since when, and its status."""

    conversation_id: str
    held_by: str | None
    held_since: datetime | None
    status: str

    def as_dict(self) -> dict[str, str | None]:
        """JSON-ready form."""
        since = self.held_since.isoformat() if self.held_since else None
        return {"conversation_id": self.conversation_id, "held_by": self.held_by,
                "held_since": since, "status": self.status}


@dataclass(frozen=True)
class HumanMessage:
    """A setter's message as stored."""

    id: str
    conversation_id: str
    seq: int
    author: str
    text: str
    at: datetime

    def as_dict(self) -> dict[str, str | int]:
        """JSON-ready form."""
        return {"id": self.id, "conversation_id": self.conversation_id, "seq": self.seq,
                "role": "human", "author": self.author, "text": self.text, "at": self.at.isoformat()}


def _who(who: str | None) -> str | None:
    if who is None:
        return None
    name = who.strip()
    if not name or len(name) > MAX_WHO:
        raise BadInput(f"who must be 1 to {MAX_WHO} characters")
    return name


def _state(conversation: Conversation) -> LiveState:
    return LiveState(conversation.id, conversation.held_by, conversation.held_since, conversation.status)


def _load(session: Session, conversation_id: str, *, lock: bool = False) -> Conversation:
    conversation = session.get(Conversation, conversation_id, with_for_update=lock, populate_existing=True)
    if conversation is None:
        raise NotFound(f"no conversation {conversation_id}")
    return conversation


def take_over(db: Engine, *, conversation_id: str, who: str) -> LiveState:
    """`who` holds the conversation from now on (idempotent for the same setter)."""
    name = _who(who)
    with session_scope(db) as session:
        # one conditional UPDATE, so that two setters racing cannot both win (SQLite and PostgreSQL)
        claimed = session.execute(
            update(Conversation)
            .where(and_(col(Conversation.id) == conversation_id,
                        or_(col(Conversation.held_by).is_(None), col(Conversation.held_by) == name)))
            .values(held_by=name, held_since=utcnow())
        ).rowcount  # type: ignore[attr-defined]  # a CursorResult for an UPDATE
        conversation = _load(session, conversation_id)
        if not claimed:
            raise HeldByOther(f"{conversation.held_by} holds this conversation", conversation.held_by or "")
        state = _state(conversation)
    bus_for(db).publish(conversation_id)
    return state


def hand_back(db: Engine, *, conversation_id: str, who: str | None = None) -> LiveState:
    """Release the conversation to the bot; the lead's next message gets a bot reply again."""
    name = _who(who)
    with session_scope(db) as session:
        conversation = _load(session, conversation_id, lock=True)
        if conversation.held_by is None:
            raise NotHeld("nobody holds this conversation; there is nothing to hand back")
        if name is not None and conversation.held_by != name:
            raise NotHeld(f"{conversation.held_by} holds this conversation, not {name}")
        if conversation.held_by is not None:
            conversation.held_by, conversation.held_since = None, None
            # the bot resumes from the record: the question it asked before the take-over is
            # not pending any more, so the lead's next message does not count as ignoring it
            conversation.asked = {**(conversation.asked or {}), "last": None}
            conversation.updated_at = utcnow()
        state = _state(conversation)
    bus_for(db).publish(conversation_id)
    return state


def send_human_message(db: Engine, *, conversation_id: str, text: str,
                       who: str | None = None) -> HumanMessage:
    """Store the holder's message (role "human") and deliver it to the lead's open widget."""
    name = _who(who)
    if not text.strip() or len(text) > MAX_TEXT or "\x00" in text:
        raise BadInput(f"text must be 1 to {MAX_TEXT:,} characters, without NUL")
    with session_scope(db) as session:
        conversation = _load(session, conversation_id, lock=True)
        if conversation.held_by is None:
            raise NotHeld("take the conversation over before writing in it")
        if name is not None and name != conversation.held_by:
            raise NotHeld(f"{conversation.held_by} holds this conversation, not {name}")
        row = repo.add_message(session, conversation_id=conversation_id, role="human", text=text)
        row.author = conversation.held_by
        conversation.updated_at = utcnow()
        message = HumanMessage(row.id, conversation_id, row.seq, row.author, row.text, row.created_at)
    bus_for(db).publish(conversation_id)
    return message


def live_state(db: Engine, *, conversation_id: str) -> LiveState:
    """Who holds the conversation now."""
    with session_scope(db) as session:
        return _state(_load(session, conversation_id))
