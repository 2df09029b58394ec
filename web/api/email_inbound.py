"""Inbound email: a raw RFC 822 message or the JSON shape of inbound-mail webhooks."""

from __future__ import annotations

import json
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.email.ingest import IngestError, ingest_json, ingest_raw
from web.deps import ApiKeyDep, ServicesDep, SettingsDep
from web.errors import ApiError

router = APIRouter(prefix="/api/v1/email", tags=["email"])
RAW_TYPES = ("message/rfc822", "text/plain", "application/octet-stream")


@router.post("/inbound", status_code=201, summary="Receive a reply email (RFC 822 or JSON)",
             openapi_extra={"requestBody": {"content": {
                 "message/rfc822": {"schema": {"type": "string", "format": "binary"}},
                 "application/json": {"schema": {"type": "object", "properties": {
                     k: {"type": "string"} for k in ("from", "to", "subject", "text", "html",
                                                     "message_id", "in_reply_to", "date")}}}}}})
async def inbound(request: Request, _: ApiKeyDep, services: ServicesDep,
                  settings: SettingsDep) -> JSONResponse:
    """Stored once per Message-ID (201 new, 200 duplicate), matched to its lead, facts
    extracted, a follow-up drafted for approval; 413 over SETTER_EMAIL_MAX_BYTES."""
    body = await request.body()
    if len(body) > settings.email_max_bytes:
        raise ApiError(413, "message_too_large", f"the message is larger than "
                       f"{settings.email_max_bytes} bytes (SETTER_EMAIL_MAX_BYTES)")
    if not body.strip():
        raise ApiError(400, "empty_message", "the request body is empty; send a message/rfc822 "
                       "message or the JSON shape")
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:  # not on the event loop: a large message takes up to 0.8 s to read (5 MB of HTML)
        if ctype == "application/json":
            result = await to_thread.run_sync(
                lambda: ingest_json(services, _json_object(body), settings=settings))
        elif ctype in RAW_TYPES:
            result = await to_thread.run_sync(lambda: ingest_raw(services, body, settings=settings))
        else:
            raise ApiError(415, "unsupported_media_type", "send Content-Type message/rfc822 "
                           "(a raw message) or application/json")
    except IngestError as exc:
        raise ApiError(422, "invalid_email", str(exc)) from None
    return JSONResponse(result.as_dict(), status_code=200 if result.duplicate else 201)


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # also nested too deep, or an integer too long to read
        raise ApiError(400, "invalid_json", "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_email", "expected a JSON object with from, to, subject, "
                       "text or html, ...")
    return data
