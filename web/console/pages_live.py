"""Take-over of a live chat from the lead page: take it, answer the lead, hand it back.
Everything goes through `bot.live`, which the widget and the API use as well."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from bot.leads.actions import Actor, record
from bot.live import takeover
from bot.store.db import session_scope
from bot.store.models import Conversation
from web.console.access import check_action, holder_name, lead_for
from web.console.auth import ConsoleError, PostDep, Viewer, services_of

router = APIRouter(prefix="/console", include_in_schema=False)


def _lead_of(request: Request, viewer: Viewer, conversation_id: str) -> str:
    check_action(viewer, "takeover")
    with session_scope(services_of(request).db) as session:
        conversation = session.get(Conversation, conversation_id[:32])
        if conversation is None:
            raise ConsoleError(404, "There is no such lead, or it is not yours to see.")
        return lead_for(session, viewer, conversation.lead_id).id


def _do(request: Request, viewer: Viewer, conversation_id: str, kind: str,
        step: Callable[[], object]) -> str:
    lead_id = _lead_of(request, viewer, conversation_id)
    try:
        step()
    except takeover.LiveError as exc:
        raise ConsoleError(409, str(exc), back=f"/console/leads/{lead_id}") from None
    with session_scope(services_of(request).db) as session:
        lead = lead_for(session, viewer, lead_id)
        record(session, lead, Actor(viewer.id, viewer.email), kind,
               {"conversation_id": conversation_id})
    return lead_id


@router.post("/conversations/{conversation_id}/takeover")
async def take_over(request: Request, conversation_id: str, viewer: PostDep) -> RedirectResponse:
    """Hold the conversation: the bot falls silent in it."""
    db = services_of(request).db
    lead_id = await run_in_threadpool(_do, request, viewer, conversation_id, "takeover",
                                      lambda: takeover.take_over(db, conversation_id=conversation_id,
                                                                 who=holder_name(viewer)))
    return RedirectResponse(f"/console/leads/{lead_id}#live", status_code=303)


@router.post("/conversations/{conversation_id}/handback")
async def hand_back(request: Request, conversation_id: str, viewer: PostDep) -> RedirectResponse:
    """Release the conversation; the bot resumes qualification from the record."""
    db = services_of(request).db
    lead_id = await run_in_threadpool(_do, request, viewer, conversation_id, "handback",
                                      lambda: takeover.hand_back(db, conversation_id=conversation_id,
                                                                 who=holder_name(viewer)))
    return RedirectResponse(f"/console/leads/{lead_id}#live", status_code=303)


@router.post("/conversations/{conversation_id}/message")
async def message(request: Request, conversation_id: str, viewer: PostDep) -> RedirectResponse:
    """The holder's message to the lead; it reaches the lead's widget live."""
    db = services_of(request).db
    text = str((await request.form()).get("text") or "")
    lead_id = await run_in_threadpool(_lead_of, request, viewer, conversation_id)
    try:
        await run_in_threadpool(lambda: takeover.send_human_message(
            db, conversation_id=conversation_id, text=text, who=holder_name(viewer)))
    except takeover.LiveError as exc:
        raise ConsoleError(409, str(exc), back=f"/console/leads/{lead_id}") from None
    return RedirectResponse(f"/console/leads/{lead_id}#live", status_code=303)
