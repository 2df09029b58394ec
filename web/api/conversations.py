"""Conversations: start one, send a lead message, read the transcript."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from bot.conversation import turn as engine
from bot.leads.view import lead_record
from bot.settings import Settings
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Lead
from web import turns
from web.deps import TOKEN_HEADERS, ServicesDep, TokenDep, token_of
from web.errors import ApiError
from web.ratelimit import client_ip, limiter_of
from web.schemas import MAX_ROW_ID, ConversationIn, MessageIn

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])
# Messages per transcript page: a conversation may grow for as long as its lead writes (a day at
# the per-conversation limit is about 29,000 lead messages), and one page is read at a time.
PAGE = 500
MAX_PAGE = 1000


def _record(services: engine.Services, lead_id: str) -> dict[str, Any]:
    with session_scope(services.db) as session:
        lead = session.get(Lead, lead_id)
        if lead is None:
            raise ApiError(404, "not_found", f"no lead {lead_id}")
        return lead_record(session, lead)


def _app_state(request: Request) -> tuple[engine.Services, Settings]:
    """The app's services and settings, read off the app on the two chat routes: as
    dependencies (`ServicesDep`, `SettingsDep`) FastAPI solves them anew on every request,
    about 2 % of a turn's CPU (the token likewise: `token_of`)."""
    return request.app.state.services, request.app.state.settings


@contextmanager
def _found(conversation_id: str) -> Iterator[None]:
    """The engine's lookup errors as HTTP errors (404 unknown id, 403 someone else's token)."""
    try:
        yield
    except engine.NotFound:
        raise ApiError(404, "not_found", f"no conversation {conversation_id}") from None
    except engine.WrongToken:
        raise ApiError(403, "wrong_token", "the token does not belong to this conversation") from None


@router.post("", status_code=201, summary="Start a conversation and get the first question")
async def start(body: ConversationIn, request: Request) -> dict[str, Any]:
    """Create the lead and conversation; the token must be sent with every later call."""
    services, settings = _app_state(request)
    lead_fields = body.lead.model_dump(exclude_none=True) if body.lead else {}
    ip = client_ip(request)

    def work() -> engine.TurnResult:
        limiter_of(request).hit(settings.start_limit, "api-start-ip", ip)
        return engine.start_conversation(
            services, channel=body.channel, lang=body.lang, lead_fields=lead_fields,
            context=dict(body.context or {}), default_lang=settings.default_lang)

    result = await turns.compute(request, services, work)
    return {
        "conversation_id": result.conversation_id,
        "lead_id": result.lead_id,
        "token": result.token,
        "reply": {"text": result.reply, "lang": result.lang},
    }


@router.post("/{conversation_id}/messages", summary="Send the lead's message, get the reply",
             openapi_extra=TOKEN_HEADERS)
async def post_message(conversation_id: str, body: MessageIn, request: Request) -> dict[str, Any]:
    """Store the message, qualify, reply; the message is kept even if later steps fail."""
    services, settings = _app_state(request)
    token = token_of(request)
    ip = client_ip(request)

    def work() -> engine.TurnResult:
        limits = limiter_of(request)
        limits.hit(settings.message_ip_limit, "api-message-ip", ip)
        limits.hit(settings.message_limit, "api-message", conversation_id[:64])
        with _found(conversation_id):  # raised before the message is stored
            return engine.handle_message(services, conversation_id=conversation_id, token=token,
                                         text=body.text)

    result = await turns.compute(request, services, work)
    # The lead sees the reply and the transcript, never the internal score, reasons or next
    # action: those are for the API-key routes (GET /api/v1/leads/{id}).
    reply = None if result.reply is None else {"text": result.reply, "lang": result.lang}
    return {"reply": reply}  # None while a setter holds the conversation


@router.get("/{conversation_id}", summary="The conversation's messages in order, a page at a time")
def transcript(conversation_id: str, token: TokenDep, services: ServicesDep,
               after: Annotated[int, Query(ge=0, le=MAX_ROW_ID, description=(
                   "only messages with a higher order number (`seq`): the last page's "
                   "`next_after`"))] = 0,
               limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description=(
                   "at most this many messages"))] = PAGE) -> dict[str, Any]:
    """The transcript (same token as for posting), `limit` messages at a time: a page that
    does not reach the end has `next_after`, the `after` of the next page (else null)."""
    with session_scope(services.db) as session, _found(conversation_id):
        conversation = engine.load_conversation(session, conversation_id, token)
        rows = repo.messages_of(session, conversation_id=conversation_id, after=after,
                                limit=limit + 1)  # one more: is there a next page?
        more = len(rows) > limit
        rows = rows[:limit]
        return {
            "conversation_id": conversation.id,
            "lead_id": conversation.lead_id,
            "channel": conversation.channel,
            "lang": conversation.lang,
            "status": conversation.status,
            # seq: the order number; reply_to: the lead message a bot reply answers
            "messages": [{"id": r.id, "seq": r.seq, "role": r.role, "text": r.text,
                          "reply_to": r.reply_to, "at": r.created_at.isoformat()} for r in rows],
            "next_after": rows[-1].seq if more else None,
        }
