"""Request dependencies: services, tokens and API keys."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from bot.conversation.wiring import Services
from bot.settings import Settings
from web.errors import ApiError
from web.ratelimit import client_ip, limiter_of

# The dependencies that only read the request are `async def`: FastAPI runs a plain `def`
# dependency in the thread pool, one thread hop each (three per chat turn before).


async def get_services(request: Request) -> Services:
    """The app's services (database, model, responder)."""
    services: Services = request.app.state.services
    return services


async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def _bearer(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None


async def conversation_token(
    authorization: Annotated[str | None, Header()] = None,
    x_conversation_token: Annotated[str | None, Header()] = None,
) -> str:
    """The conversation token from `Authorization: Bearer` or `X-Conversation-Token`."""
    return _token(authorization, x_conversation_token)


def _token(authorization: str | None, x_conversation_token: str | None) -> str:
    token = _bearer(authorization) or x_conversation_token
    if not token:
        raise ApiError(401, "missing_token", "send the conversation token as "
                       "'Authorization: Bearer <token>' or 'X-Conversation-Token'")
    return token


def token_of(request: Request) -> str:
    """`conversation_token`, read off the request by the route itself. For the chat's hot
    routes: FastAPI solves a dependency's parameters anew on every request, and for these two
    headers that took 1.5 % of a chat turn. Such a route documents the headers with
    `openapi_extra=TOKEN_HEADERS`, as FastAPI documents them for `TokenDep`."""
    headers = request.headers
    return _token(headers.get("authorization"), headers.get("x-conversation-token"))


def _optional_header(name: str, title: str) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": False,
            "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": title}}


TOKEN_HEADERS: dict[str, Any] = {"parameters": [
    _optional_header("authorization", "Authorization"),
    _optional_header("x-conversation-token", "X-Conversation-Token")]}


def require_api_key(
    request: Request,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> str:
    """An accepted API key, from `X-API-Key` or `Authorization: Bearer`."""
    keys = settings.api_key_set
    if not keys:
        raise ApiError(401, "api_keys_not_configured",
                       "lead endpoints need an API key; set SETTER_API_KEYS on the server")
    limits, ip = limiter_of(request), client_ip(request)
    # an address that sent too many missing or wrong keys is refused before its key is
    # looked at (no guessing at full speed); only failures count
    limits.check(settings.api_key_fail_limit, "api-key-fail", ip)
    presented = x_api_key or _bearer(authorization)
    if not presented:
        limits.hit(settings.api_key_fail_limit, "api-key-fail", ip)
        raise ApiError(401, "missing_api_key", "send an API key as 'X-API-Key: <key>'")
    # bytes: compare_digest refuses str with non-ASCII characters (a 500 before)
    if not any(hmac.compare_digest(presented.encode(), key.encode()) for key in keys):
        limits.hit(settings.api_key_fail_limit, "api-key-fail", ip)
        raise ApiError(403, "invalid_api_key", "the API key is not valid")
    # counted per key (by its hash), shared by all workers when Redis is configured
    limits.hit(settings.api_key_limit, "api-key", hashlib.sha256(presented.encode()).hexdigest()[:32])
    return presented


TokenDep = Annotated[str, Depends(conversation_token)]
ApiKeyDep = Annotated[str, Depends(require_api_key)]
