"""Setter and closer actions on a lead's stage: hand off, won, lost, nurture, disqualify, SQL."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from sqlmodel import Session

from bot.leads import stages as stage_actions
from bot.leads.view import lead_record
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Lead
from web.deps import ApiKeyDep, ServicesDep
from web.errors import ApiError

router = APIRouter(prefix="/api/v1/leads", tags=["stage"])


class StageIn(BaseModel):
    """Where the lead goes and why (a reason is required for lost and disqualified)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    to: Literal["handed_off", "won", "lost", "nurture", "disqualified", "sql"]
    reason: StrictStr | None = Field(default=None, max_length=1000)


def _lead(session: Session, lead_id: str) -> Lead:
    lead = repo.lock_lead(session, lead_id)
    if lead is None:
        raise ApiError(404, "not_found", f"no lead {lead_id}")
    return lead


@router.post("/{lead_id}/stage", summary="Move a lead (recorded with reason; webhooks sent)")
def set_stage(lead_id: str, body: StageIn, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Record the move with actor "api"; hand-offs and every change go out as webhooks."""
    with session_scope(services.db) as session:
        lead = _lead(session, lead_id)
        try:
            stage_actions.set_stage(session, lead, body.to, body.reason, services.model)
        except stage_actions.StageInvalid as exc:
            raise ApiError(422, "invalid_stage_change", str(exc)) from None
        except stage_actions.StageConflict as exc:
            raise ApiError(409, "stage_conflict", str(exc)) from None
        return lead_record(session, lead, with_history=True)


@router.post("/{lead_id}/approve", summary="A setter approves the lead as sales-qualified")
def approve(lead_id: str, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Flag the approval; the lead becomes SQL even where BANT is incomplete."""
    with session_scope(services.db) as session:
        lead = _lead(session, lead_id)
        try:
            stage_actions.approve(session, lead, services.model)
        except stage_actions.StageConflict as exc:
            raise ApiError(409, "stage_conflict", str(exc)) from None
        return lead_record(session, lead, with_history=True)
