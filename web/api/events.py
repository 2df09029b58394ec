"""Behavioural events: one lead's or a bulk batch of up to 10,000, all or nothing."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator, model_validator

from bot.leads import events
from bot.leads.view import lead_record
from bot.store.db import session_scope
from bot.store.models import Lead
from web.deps import ApiKeyDep, ServicesDep
from web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["events"])
MAX_PROPS_CHARS = 4_000


class EventItemIn(BaseModel):
    """One event: a type from the scoring model's list, when it happened, and details."""

    model_config = ConfigDict(extra="forbid")
    type: StrictStr = Field(max_length=64, examples=["page_view"])
    occurred_at: datetime = Field(description="ISO 8601; without a zone it is taken as UTC")
    props: dict[str, Any] = Field(default_factory=dict, examples=[{"url": "/pricing"}])
    id: StrictStr | None = Field(default=None, min_length=1, max_length=200,
                                 description="your own event id: an event with a known id is "
                                 "skipped and reported, not counted twice")

    @field_validator("props")
    @classmethod
    def _small_props(cls, value: dict[str, Any]) -> dict[str, Any]:
        size = len(json.dumps(value, default=str))
        if len(value) > 50 or size > MAX_PROPS_CHARS:
            raise ValueError(f"props takes at most 50 keys and {MAX_PROPS_CHARS:,} characters "
                             f"of JSON (got {len(value)} keys, {size:,} characters)")
        return value

    def as_event(self) -> events.EventIn:
        """The event as the ingest path takes it."""
        return events.EventIn(self.type, self.occurred_at, self.props, self.id)


class LeadEventIn(EventItemIn):
    """One event of a bulk batch, naming its lead."""

    lead_id: StrictStr = Field(max_length=64)


def _limit_count(data: Any) -> Any:
    # checked before the items are parsed so that the answer is about the size, not item 10,001
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        count = len(data["events"])
        if count > events.MAX_BATCH:
            raise ValueError(f"at most {events.MAX_BATCH:,} events per request (got "
                             f"{count:,}); send them in smaller batches")
    return data


class EventsIn(BaseModel):
    """Events of one lead."""

    model_config = ConfigDict(extra="forbid")
    events: list[EventItemIn] = Field(min_length=1)
    _count = model_validator(mode="before")(_limit_count)


class BulkEventsIn(BaseModel):
    """Events of many leads."""

    model_config = ConfigDict(extra="forbid")
    events: list[LeadEventIn] = Field(min_length=1)
    _count = model_validator(mode="before")(_limit_count)


def _rejected(exc: ValueError) -> ApiError:
    details = None
    if isinstance(exc, events.BatchError):
        details = {"rejected": exc.count, "total": exc.total,
                   "items": [p.as_dict() for p in exc.problems]}
    return ApiError(422, "invalid_events", str(exc), details)


@router.post("/leads/{lead_id}/events", status_code=201, summary="Record events of one lead")
def post_lead_events(lead_id: str, body: EventsIn, _: ApiKeyDep,
                     services: ServicesDep) -> dict[str, Any]:
    """Store the events and rescore the lead; any bad item rejects all of them."""
    with session_scope(services.db) as session:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise ApiError(404, "not_found", f"no lead {lead_id}")
        try:
            batch = events.ingest_batch(session, [(lead_id, e.as_event()) for e in body.events],
                                        services.model)
        except events.EventError as exc:
            raise _rejected(exc) from None
        return {"accepted": len(body.events) - len(batch.skipped), "skipped": batch.skipped,
                "record": lead_record(session, lead)}


@router.post("/events", status_code=201, summary="Record events of many leads (bulk)")
def post_events(body: BulkEventsIn, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Up to 10,000 events in one transaction; each touched lead is rescored once."""
    with session_scope(services.db) as session:
        try:
            batch = events.ingest_batch(session, [(e.lead_id, e.as_event()) for e in body.events],
                                        services.model)
        except events.EventError as exc:
            raise _rejected(exc) from None
        return {"accepted": len(body.events) - len(batch.skipped), "skipped": batch.skipped,
                "leads": [{"lead_id": s.lead_id, "score": s.total, "band": s.band,
                           "stage": s.stage} for s in batch.scores]}
