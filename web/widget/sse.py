"""Server-sent events for the widget: a reply streamed word by word, and the live stream
that catches up from the stored transcript and then waits for news on the live bus."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from typing import Any

from anyio import to_thread
from sqlalchemy import Engine
from sqlmodel import col, select

from bot.live import Bus
from bot.store.db import session_scope
from bot.store.models import Conversation, Lead, MessageRow

CHUNK = re.compile(r"\s*\S+\s*")
WORD_DELAY = 0.035  # seconds between words: reads like typing, the whole reply within ~1.5 s
MAX_STREAM_SECONDS = 1.5
PING_SECONDS = 20.0
HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
BACKLOG = 200  # stored messages a (re)connecting widget is sent at most: the chat's last ones
PAGE = 200  # messages read from the store at a time


def event(name: str, data: dict[str, Any], event_id: int | None = None) -> str:
    """One SSE frame."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def words(text: str) -> list[str]:
    """The text in word chunks whose concatenation is the text."""
    return CHUNK.findall(text) or [text]


def message_data(row: MessageRow) -> dict[str, Any]:
    """A stored message as the widget shows it (a setter's name only on human messages)."""
    data: dict[str, Any] = {"id": row.id, "seq": row.seq, "role": row.role, "text": row.text}
    if row.role == "human":
        data["author"] = row.author
    return data


async def streamed_reply(reply: MessageRow | None, before: list[str], done: dict[str, Any]
                         ) -> AsyncIterator[str]:
    """The frames in `before`, then the stored reply word by word, then `done`."""
    for frame in before:
        yield frame
    if reply is not None:
        yield event("reply", {"id": reply.id, "seq": reply.seq, "role": reply.role}, reply.seq)
        chunks = words(reply.text)
        delay = min(WORD_DELAY, MAX_STREAM_SECONDS / len(chunks))
        for index, chunk in enumerate(chunks):
            if index:
                await asyncio.sleep(delay)
            yield event("delta", {"text": chunk})
    yield event("done", done)


def conversation_state(db: Engine, conversation_id: str) -> dict[str, Any]:
    """What the widget shows besides messages: held by a person, hand-off, contact given, and
    the conversation's language (the bot replies in the lead's language; the widget follows)."""
    with session_scope(db) as session:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            return {"gone": True}
        lead = session.get(Lead, conversation.lead_id)
        return {"held": conversation.held_by is not None, "status": conversation.status,
                "contact": lead.contact_channel if lead else None, "lang": conversation.lang}


def messages_after(db: Engine, conversation_id: str, after: int,
                   limit: int | None = None) -> list[MessageRow]:
    """Stored messages with seq greater than `after`, in order (at most `limit`)."""
    query = (select(MessageRow).where(MessageRow.conversation_id == conversation_id,
                                      col(MessageRow.seq) > after)
             .order_by(col(MessageRow.seq)).limit(limit))
    with session_scope(db) as session:
        return list(session.exec(query))


def backlog_start(db: Engine, conversation_id: str, after: int) -> int:
    """Where a (re)connecting widget's catch-up starts: after `after`, but no earlier than the
    conversation's last BACKLOG messages (a lead may write for as long as the limits let
    them; a page shows the end of such a chat, not all of it)."""
    query = (select(MessageRow.seq).where(MessageRow.conversation_id == conversation_id)
             .order_by(col(MessageRow.seq).desc()).offset(BACKLOG).limit(1))
    with session_scope(db) as session:
        older = session.exec(query).first()
    return max(after, older or 0)


def _read(db: Engine, conversation_id: str, after: int,
          limit: int = PAGE) -> tuple[list[MessageRow], dict[str, Any]]:
    """At most `limit` messages after `after`, and the state."""
    return messages_after(db, conversation_id, after, limit), conversation_state(db, conversation_id)


async def catch_up(db: Engine, conversation_id: str, after: int, retry_after: int) -> AsyncIterator[str]:
    """The conversation's last messages after `after` (`backlog_start`) from the store and the
    state, then `busy` and the end: for a client that may not hold one more live stream now.
    It shows the transcript and asks again after `retry_after` seconds."""
    after = await to_thread.run_sync(backlog_start, db, conversation_id, after)
    rows, state = await to_thread.run_sync(_read, db, conversation_id, after, BACKLOG)
    for row in rows:
        yield event("message", message_data(row), row.seq)
    yield event("state", state)
    yield event("busy", {"retry_after": retry_after})


async def live_stream(db: Engine, bus: Bus, conversation_id: str, after: int) -> AsyncIterator[str]:
    """The conversation's last messages after `after` from the store (`backlog_start`), then
    news as the bus announces it; a ping
    comment keeps idle connections open through proxies. Nothing is held while idle but a
    subscription: no thread, no database connection."""
    async with bus.subscribe(conversation_id) as sub:  # before reading: no news is missed
        last = await to_thread.run_sync(backlog_start, db, conversation_id, after)
        state = None
        while True:
            rows, current = await to_thread.run_sync(_read, db, conversation_id, last)
            for row in rows:
                yield event("message", message_data(row), row.seq)
                last = row.seq
            if len(rows) == PAGE:  # more stored than one read takes: the next page first
                continue
            if current != state:
                state = current
                yield event("state", current)
            while not await sub.wait(PING_SECONDS):
                yield ": ping\n\n"
                if bus.kind == "memory":
                    break  # in-process bus: another worker's news reaches us by reading the store
