"""Lead records, behind an API key since they expose every lead."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from bot.leads.view import lead_record, lead_records
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Lead
from web.deps import ApiKeyDep, ServicesDep
from web.errors import ApiError
from web.schemas import MAX_OFFSET

router = APIRouter(prefix="/api/v1/leads", tags=["leads"])
Sort = Literal["score", "-score", "created", "-created", "updated", "-updated"]


@router.get("", summary="Lead records, e.g. the hot ones by score")
def list_leads(
    _: ApiKeyDep,
    services: ServicesDep,
    sort: Sort = "-score",
    band: Literal["hot", "warm", "cold"] | None = None,
    stage: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Leads filtered by band and stage, sorted (default: highest score first)."""
    with session_scope(services.db) as session:
        leads = repo.list_leads(session, band=band, stage=stage, sort=sort, limit=limit,
                                offset=offset)
        return {"leads": lead_records(session, leads),
                "limit": limit, "offset": offset}


@router.get("/{lead_id}", summary="One lead record with fact and stage history")
def get_lead(lead_id: str, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """The RECORD of one lead."""
    with session_scope(services.db) as session:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise ApiError(404, "not_found", f"no lead {lead_id}")
        return lead_record(session, lead, with_history=True)
