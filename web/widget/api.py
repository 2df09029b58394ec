"""The widget's API: site settings, starting a conversation at the lead's first message, the
lead's messages with the reply streamed, the live stream, page views, the contact channel.

Every call names its site key; a page whose Origin is not one of the site's origins gets
403 `origin_not_allowed`. Conversation calls take the conversation's token.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator
from sqlmodel import col, func, select

from bot.clock import utcnow
from bot.conversation import turn as engine
from bot.leads import contact
from bot.leads.events import EventIn, add_events
from bot.live import bus_for
from bot.sites import get_site, origin_allowed, public_options
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Conversation, Lead, MessageRow, SiteRow
from web import turns
from web.deps import ServicesDep, SettingsDep, TokenDep
from web.errors import ApiError
from web.ratelimit import client_ip, limiter_of
from web.schemas import INVISIBLE, MAX_ROW_ID, Text
from web.widget import sse
from web.widget.stream_slots import RETRY_AFTER_S, slots_of

router = APIRouter(prefix="/widget/v1/sites/{site_key}", tags=["widget"])
MAX_WIDGET_TEXT = 2000  # the widget refuses longer messages before sending
PAGE_KEYS = ("url", "title", "referrer", "utm_source", "utm_medium", "utm_campaign", "utm_term",
             "utm_content")


class PageIn(BaseModel):
    """The page the lead is on."""

    model_config = ConfigDict(extra="ignore")
    url: Text | None = Field(default=None, max_length=2000)
    title: Text | None = Field(default=None, max_length=500)
    referrer: Text | None = Field(default=None, max_length=2000)
    utm_source: Text | None = Field(default=None, max_length=200)
    utm_medium: Text | None = Field(default=None, max_length=200)
    utm_campaign: Text | None = Field(default=None, max_length=200)
    utm_term: Text | None = Field(default=None, max_length=200)
    utm_content: Text | None = Field(default=None, max_length=200)

    def props(self) -> dict[str, str]:
        """The fields that were sent."""
        return {k: v for k, v in self.model_dump().items() if k in PAGE_KEYS and v}


class StartIn(BaseModel):
    """The conversation starts when the lead writes: the page they are on and its language."""

    model_config = ConfigDict(extra="forbid")
    lang: Literal["de", "en"] = "de"
    page: PageIn | None = None


class TextIn(BaseModel):
    """One message from the lead (at most 2,000 characters in the widget)."""

    model_config = ConfigDict(extra="forbid")
    text: StrictStr

    @field_validator("text")
    @classmethod
    def _real_text(cls, value: str) -> str:
        if not value.strip(INVISIBLE) or "\x00" in value:
            raise ValueError("text must not be empty")
        if len(value) > MAX_WIDGET_TEXT:
            raise ValueError(f"text is {len(value):,} characters long; the limit is {MAX_WIDGET_TEXT:,}")
        return value


class ContactIn(BaseModel):
    """How the lead wants to be contacted after the hand-off."""

    model_config = ConfigDict(extra="forbid")
    channel: Literal["email", "phone"]
    value: StrictStr = Field(max_length=320)


def site_for(site_key: str, request: Request, settings: SettingsDep, services: ServicesDep) -> SiteRow:
    """The site of the key, if the calling page's origin is one of its origins."""
    limiter_of(request).hit(settings.widget_ip_limit, "widget-ip", client_ip(request))
    with session_scope(services.db) as session:
        site = get_site(session, site_key)
    if site is None:
        raise ApiError(404, "unknown_site", "no site has this key; check data-site in the embed snippet")
    origin = request.headers.get("origin")
    if not origin_allowed(site, origin, request.headers.get("host")):
        raise ApiError(403, "origin_not_allowed", f"the chat of this site is not enabled on {origin}")
    return site


SiteDep = Annotated[SiteRow, Depends(site_for)]


def conversation_for(site_key: str, conversation_id: str, site: SiteDep, token: TokenDep,
                     services: ServicesDep) -> Conversation:
    """The site's conversation, if the token is its token."""
    with session_scope(services.db) as session:
        conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.site_id != site.id:
        raise ApiError(404, "conversation_gone", "this conversation does not exist any more")
    if not repo.token_matches(conversation, token):
        raise ApiError(403, "token_invalid", "the conversation token is not valid (any more)")
    return conversation


ConversationDep = Annotated[Conversation, Depends(conversation_for)]


@router.get("", summary="The widget's settings and greeting for this site")
def settings_of(site: SiteDep, services: ServicesDep, lang: Literal["de", "en"] = "de") -> dict[str, Any]:
    """Colour, position, privacy link and the greeting (the one stored at the first message);
    nothing is stored."""
    return {"site": public_options(site), "greeting": engine.greeting_text(services, lang),
            "max_text": MAX_WIDGET_TEXT}


@router.post("/conversations", status_code=201, summary="Start a conversation (at the first message)")
def start(body: StartIn, site: SiteDep, services: ServicesDep) -> dict[str, Any]:
    """Creates the lead and conversation, records the page view; returns the token and greeting."""
    page = body.page.props() if body.page else {}
    context = {"site": site.id, **{k: v for k, v in page.items() if k.startswith("utm_") or k == "referrer"}}
    result = engine.start_conversation(services, channel="web", lang=body.lang, lead_fields={},
                                       context=context, default_lang=body.lang,
                                       greeting=engine.greeting_text(services, body.lang))
    with session_scope(services.db) as session:
        conversation = session.get(Conversation, result.conversation_id)
        lead = session.get(Lead, result.lead_id)
        assert conversation is not None and lead is not None
        conversation.site_id = site.id
        if page:
            add_events(session, lead, [EventIn("page_view", conversation.created_at, page)], services.model)
    greeting = sse.messages_after(services.db, result.conversation_id, 0)
    return {"conversation_id": result.conversation_id, "token": result.token,
            "messages": [sse.message_data(row) for row in greeting]}


def _last_seq(services: engine.Services, conversation_id: str) -> int:
    with session_scope(services.db) as session:
        query = select(func.max(col(MessageRow.seq))).where(MessageRow.conversation_id == conversation_id)
        return int(session.exec(query).one() or 0)


@router.post("/conversations/{conversation_id}/messages", summary="The lead's message; the reply streams")
async def post_message(site_key: str, conversation_id: str, body: TextIn, request: Request,
                       token: TokenDep, services: ServicesDep,
                       settings: SettingsDep) -> StreamingResponse:
    """Stores the message, runs the turn, then streams the stored reply word by word (SSE).
    The checks of site, origin and token and the turn run together where a turn costs least
    (web/turns.py: on the event loop when nothing can make them wait, else in a thread)."""

    def work() -> tuple[MessageRow | None, list[str], dict[str, Any]]:
        site = site_for(site_key, request, settings, services)
        conversation = conversation_for(site_key, conversation_id, site, token, services)
        limiter_of(request).hit(settings.widget_message_limit, "widget-message", conversation.id)
        return _turn(services, conversation.id, token, body.text)

    reply, stored, state = await turns.compute(request, services, work)
    return StreamingResponse(sse.streamed_reply(reply, stored, state), media_type="text/event-stream",
                             headers=sse.HEADERS)


def _turn(services: engine.Services, conversation_id: str, token: str,
          text: str) -> tuple[MessageRow | None, list[str], dict[str, Any]]:
    """The lead's message answered: the reply to stream (None while a setter holds the chat),
    the frame of the stored message, and the conversation's state for the widget."""
    before = _last_seq(services, conversation_id)
    result = engine.handle_message(services, conversation_id=conversation_id, token=token, text=text)
    new = sse.messages_after(services.db, conversation_id, before)
    bus_for(services.db).publish(conversation_id)  # a setter watching the chat sees it live
    lead_row = next((m for m in new if m.role == "lead"), None)
    reply = next((m for m in new if m.role == "bot" and lead_row and m.seq > lead_row.seq), None)
    if result.reply is None:
        reply = None  # held by a setter: the bot is silent
    stored = [sse.event("stored", sse.message_data(lead_row), lead_row.seq)] if lead_row else []
    return reply, stored, sse.conversation_state(services.db, conversation_id)


@router.get("/conversations/{conversation_id}/stream", summary="The transcript, then live messages (SSE)")
def stream(conversation: ConversationDep, services: ServicesDep, request: Request,
           after: Annotated[int, Query(ge=0, le=MAX_ROW_ID)] = 0) -> StreamingResponse:
    """Messages after `after` from the store, then each new one as it is stored (any worker).
    When the client's address holds SETTER_WIDGET_STREAMS_PER_IP open already: the messages and
    the state, then `event: busy` with `retry_after` seconds, and the stream ends."""
    slots, address = slots_of(request), client_ip(request)
    if not slots.take(address):
        frames = sse.catch_up(services.db, conversation.id, after, RETRY_AFTER_S)
        return StreamingResponse(frames, media_type="text/event-stream", headers=sse.HEADERS)
    frames = sse.live_stream(services.db, bus_for(services.db), conversation.id, after)
    return StreamingResponse(slots.held(address, frames), media_type="text/event-stream",
                             headers=sse.HEADERS)


@router.post("/conversations/{conversation_id}/page-views", status_code=204,
             summary="A page view of the lead (URL, title, referrer, UTM)")
def page_view(body: PageIn, conversation: ConversationDep, services: ServicesDep) -> None:
    """Recorded as a `page_view` event, so the score sees what the lead read."""
    with session_scope(services.db) as session:
        lead = repo.lock_lead(session, conversation.lead_id)
        assert lead is not None
        add_events(session, lead, [EventIn("page_view", utcnow(), body.props())], services.model)


@router.post("/conversations/{conversation_id}/contact", summary="The lead's preferred contact channel")
def contact_channel(body: ContactIn, conversation: ConversationDep, services: ServicesDep) -> dict[str, Any]:
    """Email or phone, validated, stored on the lead."""
    try:
        value = contact.normalise(body.channel, body.value, region="DE")
    except contact.ContactError as exc:
        raise ApiError(422, "invalid_contact", str(exc)) from None
    with session_scope(services.db) as session:
        lead = repo.lock_lead(session, conversation.lead_id)
        assert lead is not None
        contact.save_contact(lead, body.channel, value)
    bus_for(services.db).publish(conversation.id)
    return {"channel": body.channel, "value": value}
