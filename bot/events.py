"""Behavioural events: validated, stored, folded into the lead's score state in O(1) each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

import scoring
from bot.scorekeeper import Scorekeeper, apply_events
from bot.store.models import EventRow, Lead
from bot.store.types import as_utc, utcnow

CLOCK_SKEW = timedelta(minutes=5)


class EventError(ValueError):
    """An event that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class EventIn:
    """An event as a channel reports it."""

    type: str
    occurred_at: datetime
    props: dict[str, Any] = field(default_factory=dict)


def validate(event: EventIn, now: datetime) -> scoring.Event:
    """The scoring event, or EventError for an unknown type or a time in the future."""
    if event.type not in scoring.EVENT_TYPES:
        known = ", ".join(sorted(scoring.EVENT_TYPES))
        raise EventError(f"unknown event type {event.type!r}; known types: {known}")
    occurred = as_utc(event.occurred_at)
    if occurred > now + CLOCK_SKEW:
        raise EventError(f"occurred_at {occurred.isoformat()} is in the future")
    return scoring.Event(event.type, occurred, event.props)


def add_events(session: Session, lead: Lead, events: Sequence[EventIn], model: scoring.Model,
               *, now: datetime | None = None) -> int:
    """Store the events, update the lead's state and score; all or nothing."""
    now = now or utcnow()
    checked = [validate(e, now) for e in events]
    for event in checked:
        session.add(EventRow(lead_id=lead.id, type=event.type, occurred_at=event.occurred_at,
                             props=dict(event.props)))
    apply_events(lead, checked, model)
    Scorekeeper(model).refresh(session, lead, now=now)
    return len(checked)
