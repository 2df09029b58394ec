"""Data protection over the API: export a lead, erase a lead, the erasure requests."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from bot import privacy
from bot.leads.view import lead_record
from bot.store.db import session_scope
from web.deps import ApiKeyDep, ServicesDep
from web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["privacy"])


@router.get("/leads/{lead_id}/export", summary="Everything stored about a lead, one JSON document")
def export(lead_id: str, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Profile, conversations, messages, facts, events, scores, stage history, emails, webhooks."""
    with session_scope(services.db) as session:
        document = privacy.export_lead(session, lead_id)
    if document is None:
        raise ApiError(404, "not_found", f"no lead {lead_id}")
    return document


@router.delete("/leads/{lead_id}", summary="Erase a lead's personal data (an anonymous tombstone stays)")
def erase(lead_id: str, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Deletes messages, facts, events, emails and webhook rows; keeps stage and score total."""
    with session_scope(services.db) as session:
        done = privacy.erase_lead(session, lead_id, actor="api")
        if done is None:
            raise ApiError(404, "not_found", f"no lead {lead_id}")
    return {"lead_id": lead_id, "erased": True, "deleted": done.deleted}


@router.get("/privacy/erasure-requests", summary="Leads who asked for their data to be deleted")
def erasure_requests(_: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Leads flagged `erasure_requested` in chat or email, not yet erased."""
    with session_scope(services.db) as session:
        return {"leads": [lead_record(session, lead) for lead in privacy.erasure_requests(session)]}
