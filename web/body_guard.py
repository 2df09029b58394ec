"""ASGI middleware: refuse oversized or non-UTF-8 request bodies before any parsing.

How large a body may be depends on the route (`body_limit`): the inbound email route and
the event routes take up to `MAX_BODY_BYTES` (a raw email with attachments, a batch of 10,000
events), every other route `MAX_SMALL_BODY_BYTES`. Those are the public chat and widget
routes, the console's forms and the API's small writes, whose largest valid body (a
10,000-character message written as JSON escapes) is about 120 KB. A larger body there is
refused as it arrives, before anything parses it: 20 MB of JSON sent to the public
conversation start cost the server 1.2 s of CPU each (and blocked its event loop meanwhile),
before any rate limit or credential was looked at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from web.errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")  # an escaped NUL, not an escaped backslash
MAX_BODY_BYTES = 20 * 1024 * 1024  # an inbound email, an event batch
MAX_SMALL_BODY_BYTES = 256 * 1024  # every other route
LARGE_BODY_PATHS = re.compile(r"/api/v1/(?:email/inbound|events|leads/[^/]+/events)")


def body_limit(path: str) -> int:
    """The largest body a route takes, in bytes."""
    return MAX_BODY_BYTES if LARGE_BODY_PATHS.fullmatch(path) else MAX_SMALL_BODY_BYTES


class BodyGuard:
    """Buffers the body of write requests, checks size (`body_limit`) and encoding, then
    replays it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_nul(scope):
            await _reply(send, 400, "invalid_characters",
                         "NUL characters are not accepted in paths, queries or text")
            return
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        coding = _compressed(scope)
        if coding:
            await _reply(send, 415, "unsupported_encoding",
                         f"compressed bodies (Content-Encoding: {coding}) are not accepted; "
                         "send the body uncompressed")
            return
        limit = body_limit(scope.get("path", ""))
        if _declared_length(scope) > limit:  # refused before it is read
            await _too_large(send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _too_large(send, limit)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if _is_json(scope) and body:
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                await _reply(send, 400, "invalid_encoding",
                             f"the body is not valid UTF-8 (byte {exc.start})")
                return
            if JSON_NUL.search(body):  # no store keeps NUL in text (PostgreSQL refuses it)
                await _reply(send, 400, "invalid_characters",
                             "NUL characters (\\u0000) are not accepted in text")
                return
        await self.app(scope, _replay(body, receive), send)


def _has_nul(scope: Scope) -> bool:
    """A NUL in the path or the query string, raw or percent-encoded."""
    path = scope.get("path", "")
    query = scope.get("query_string", b"")
    return "\x00" in path or b"\x00" in query or b"%00" in query.lower()


def _compressed(scope: Scope) -> str | None:
    """The Content-Encoding of the body, unless none or `identity` (printable, cut short)."""
    for name, value in scope.get("headers", []):
        if name == b"content-encoding" and value.strip().lower() not in (b"", b"identity"):
            return value.decode("latin-1")[:40].encode("ascii", "replace").decode()
    return None


def _declared_length(scope: Scope) -> int:
    """The Content-Length the client declared (0 if none; uvicorn refuses a malformed one)."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


async def _too_large(send: Send, limit: int) -> None:
    await _reply(send, 413, "body_too_large",
                 f"the request body is larger than this route takes ({limit:,} bytes)")


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return b"json" in value.lower() or not value.strip()
    return True


def _replay(body: bytes, receive: Receive) -> Receive:
    """The buffered body once, then the real channel: a streamed response (SSE) listens on
    it for the client's disconnect, which must not be reported before it happens."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _reply(send: Send, status: int, code: str, message: str) -> None:
    payload = json.dumps(error_body(code, message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
