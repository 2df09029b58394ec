"""Outbound webhook deliveries: see what was sent, what is retrying, what failed."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from bot.outbound import webhooks
from bot.store.db import session_scope
from bot.store.models import WebhookDelivery
from web.deps import ApiKeyDep, ServicesDep
from web.errors import ApiError
from web.schemas import MAX_OFFSET, RowId

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def delivery_view(row: WebhookDelivery) -> dict[str, Any]:
    """A delivery as the API shows it (the payload is what was, or will be, sent)."""
    return {"id": row.id, "lead_id": row.lead_id, "url": row.url, "event": row.event,
            "status": row.status, "attempts": row.attempts, "last_error": row.last_error,
            "next_attempt_at": _iso(row.next_attempt_at), "delivered_at": _iso(row.delivered_at),
            "created_at": _iso(row.created_at), "payload": row.payload}


@router.get("/deliveries", summary="Webhook deliveries, newest first (e.g. status=failed)")
def list_deliveries(
    _: ApiKeyDep,
    services: ServicesDep,
    status: Literal["pending", "delivered", "failed"] | None = None,
    lead_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Deliveries filtered by status and lead."""
    with session_scope(services.db) as session:
        rows = webhooks.list_deliveries(session, status=status, lead_id=lead_id, limit=limit,
                                        offset=offset)
        return {"deliveries": [delivery_view(r) for r in rows], "limit": limit, "offset": offset}


@router.post("/deliveries/{delivery_id}/retry", summary="Queue a failed delivery again")
def retry_delivery(delivery_id: RowId, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Reset a failed delivery's attempts so the worker sends it again."""
    with session_scope(services.db) as session:
        row = session.get(WebhookDelivery, delivery_id)
        if row is None:
            raise ApiError(404, "not_found", f"no webhook delivery {delivery_id}")
        if row.status != "failed":
            raise ApiError(409, "not_failed", f"delivery {delivery_id} is {row.status}; only "
                           "failed deliveries can be retried")
        webhooks.retry(session, delivery_id)
        return delivery_view(row)
