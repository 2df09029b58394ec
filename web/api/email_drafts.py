"""Email drafts over the API: list, edit, approve (send) and discard."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from bot.email import drafts
from bot.outbound.email import Outbox
from bot.store.db import session_scope
from bot.store.models import EmailDraft
from web.deps import ApiKeyDep, ServicesDep
from web.errors import ApiError
from web.schemas import MAX_OFFSET

router = APIRouter(prefix="/api/v1/email/drafts", tags=["email"])


class DraftEditIn(BaseModel):
    """New subject and/or body of an open draft."""

    model_config = ConfigDict(extra="forbid")
    subject: StrictStr | None = Field(default=None, min_length=1, max_length=drafts.MAX_SUBJECT)
    body: StrictStr | None = Field(default=None, min_length=1, max_length=drafts.MAX_BODY)


class DraftDiscardIn(BaseModel):
    """Why the draft is thrown away (optional)."""

    model_config = ConfigDict(extra="forbid")
    reason: StrictStr | None = Field(default=None, max_length=1000)


def draft_dict(draft: EmailDraft) -> dict[str, Any]:
    """A draft as the API shows it."""
    return {"id": draft.id, "lead_id": draft.lead_id, "kind": draft.kind, "status": draft.status,
            "lang": draft.lang, "to": draft.to_addr, "subject": draft.subject, "body": draft.body,
            "reason": draft.reason, "in_reply_to": draft.in_reply_to,
            "due_at": draft.due_at.isoformat() if draft.due_at else None,
            "edited_by": draft.edited_by, "decided_by": draft.decided_by, "error": draft.error,
            "sent_message_id": draft.sent_message_id, "created_at": draft.created_at.isoformat(),
            "sent_at": draft.sent_at.isoformat() if draft.sent_at else None}


@contextmanager
def _mapped() -> Iterator[None]:
    """Draft errors as HTTP errors."""
    try:
        yield
    except drafts.DraftNotFound as exc:
        raise ApiError(404, "not_found", str(exc)) from None
    except drafts.DoNotContact as exc:
        raise ApiError(409, "do_not_contact", str(exc)) from None
    except drafts.DraftConflict as exc:
        raise ApiError(409, "draft_conflict", str(exc)) from None
    except drafts.NotConfigured as exc:
        raise ApiError(503, "smtp_not_configured", str(exc)) from None
    except drafts.SendFailed as exc:
        raise ApiError(502, "send_failed", str(exc)) from None
    except drafts.DraftError as exc:
        raise ApiError(422, "invalid_draft", str(exc)) from None


@router.get("", summary="Drafts waiting for approval (or of another status)")
def list_drafts(_: ApiKeyDep, services: ServicesDep,
                status: Literal["draft", "sending", "sent", "failed", "discarded"] = "draft",
                lead_id: Annotated[str | None, Query(max_length=64)] = None,
                limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> dict[str, Any]:
    """Oldest first."""
    with session_scope(services.db) as session:
        rows = drafts.list_drafts(session, status=status, lead_id=lead_id, limit=limit,
                                  offset=offset)
        return {"drafts": [draft_dict(d) for d in rows]}


@router.patch("/{draft_id}", summary="Edit a draft's subject or body")
def edit(draft_id: str, body: DraftEditIn, _: ApiKeyDep, services: ServicesDep) -> dict[str, Any]:
    """Only open drafts can be edited."""
    with session_scope(services.db) as session, _mapped():
        return draft_dict(drafts.edit_draft(session, draft_id, actor="api", subject=body.subject,
                                            body=body.body))


@router.post("/{draft_id}/approve", summary="Approve and send a draft now")
def approve(draft_id: str, _: ApiKeyDep, services: ServicesDep, request: Request) -> dict[str, Any]:
    """Sent over SETTER_SMTP_URL with a recorded Message-ID and a List-Unsubscribe header."""
    outbox: Outbox | None = request.app.state.outbox
    with _mapped():
        return draft_dict(drafts.approve_draft(services.db, draft_id, actor="api", outbox=outbox))


@router.post("/{draft_id}/discard", summary="Discard a draft")
def discard(draft_id: str, _: ApiKeyDep, services: ServicesDep,
            body: DraftDiscardIn | None = None) -> dict[str, Any]:
    """The draft stays listed as discarded, with the reason."""
    with session_scope(services.db) as session, _mapped():
        return draft_dict(drafts.discard_draft(session, draft_id, actor="api",
                                               reason=body.reason if body else None))
