"""The console's queue: leads by score with filters, search and paging, and per-row badges."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from bot.store.models import Conversation, FactRow, Lead, MessageRow
from bot.types import SLOTS

Badge = Literal["known", "missing", "conflicting"]
LIVE_WINDOW = timedelta(minutes=10)
MAX_SEARCH = 200


@dataclass(frozen=True)
class QueueQuery:
    """What the queue shows: filters are combined with AND; None means "any"."""

    band: str | None = None
    stage: str | None = None
    channel: str | None = None
    created_since: datetime | None = None
    reactivation_due_by: datetime | None = None  # a planned reactivation due by then
    closer_id: int | None = None
    held_by: str | None = None  # a conversation of the lead is held (taken over) by this setter
    search: str = ""


def _filtered(query: Any, q: QueueQuery) -> Any:
    if q.band:
        query = query.where(Lead.score_band == q.band)
    query = query.where(Lead.stage == q.stage) if q.stage else query.where(
        Lead.stage != "disqualified")
    if q.channel:
        has = select(Conversation.id).where(Conversation.lead_id == Lead.id,
                                            Conversation.channel == q.channel)
        query = query.where(has.exists())
    if q.created_since:
        query = query.where(col(Lead.created_at) >= q.created_since)
    if q.reactivation_due_by:
        query = query.where(col(Lead.reactivate_on) <= q.reactivation_due_by)
    if q.closer_id is not None:
        query = query.where(Lead.closer_id == q.closer_id)
    if q.held_by is not None:
        held = select(Conversation.lead_id).where(Conversation.held_by == q.held_by)
        query = query.where(col(Lead.id).in_(held))
    term = q.search.strip()[:MAX_SEARCH].lower()
    if term:
        like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(*(func.lower(column).like(like, escape="\\")
                                  for column in (Lead.name, Lead.email, Lead.company))))
    return query


def queue_page(session: Session, q: QueueQuery, *, limit: int, offset: int) -> list[Lead]:
    """One page of the queue, highest score first (hot before warm before cold)."""
    query = _filtered(select(Lead), q)
    order = (col(Lead.score_total).desc(), col(Lead.id).desc())
    return list(session.exec(query.order_by(*order).offset(offset).limit(limit)))


def queue_count(session: Session, q: QueueQuery) -> int:
    """How many leads the queue holds with these filters."""
    return int(session.exec(_filtered(select(func.count()).select_from(Lead), q)).one())


def bant_badges(session: Session, lead_ids: Sequence[str]) -> dict[str, dict[str, Badge]]:
    """Per lead and slot: known, missing, or conflicting (the lead said different things and
    no person has settled it)."""
    history: dict[str, dict[str, list[FactRow]]] = {i: {s: [] for s in SLOTS} for i in lead_ids}
    if lead_ids:
        rows = session.exec(select(FactRow).where(col(FactRow.lead_id).in_(list(lead_ids))))
        for row in rows:
            history[row.lead_id].setdefault(row.slot, []).append(row)
    return {lead_id: {slot: _badge(history[lead_id].get(slot, [])) for slot in SLOTS}
            for lead_id in lead_ids}


def _badge(rows: list[FactRow]) -> Badge:
    current = [row for row in rows if row.superseded_by is None]
    if not current:
        return "missing"
    fact = current[0]
    if fact.source == "setter":
        return "known"
    differing = [row for row in rows if row.superseded_by and row.value != fact.value
                 and row.source != "setter"]
    return "conflicting" if differing else "known"


def live_leads(session: Session, lead_ids: Sequence[str], now: datetime) -> set[str]:
    """Leads with an open web conversation and a message in the last ten minutes."""
    if not lead_ids:
        return set()
    query = (select(Conversation.lead_id).join(MessageRow, col(MessageRow.conversation_id)
                                               == Conversation.id)
             .where(col(Conversation.lead_id).in_(list(lead_ids)), Conversation.channel == "web",
                    Conversation.status == "open", col(MessageRow.created_at) >= now - LIVE_WINDOW)
             .distinct())
    return set(session.exec(query))
