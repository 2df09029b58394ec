"""ASGI middleware: `Idempotency-Key` on the API's POSTs.

The first request with a key runs and its response (status < 500) is stored; a repeat with
the same key and the same body gets that response again (`Idempotent-Replayed: true`) without
running anything; the same key with another body is 409, and so is a repeat while the first
is still running. Keys are scoped by method, path and credential, and kept for a day.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import anyio
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from bot.clock import utcnow
from bot.store.db import session_scope
from bot.store.models import IdempotencyKey
from web.body_guard import ASGIApp, Message, Receive, Scope, Send, _replay
from web.errors import error_body

HEADER = b"idempotency-key"
CREDENTIALS = (b"x-api-key", b"authorization", b"x-conversation-token")
KEPT = timedelta(days=1)
MAX_KEY = 200


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((v for n, v in scope.get("headers", []) if n.lower() == name), None)


def _scope_hash(scope: Scope) -> str:
    parts = [scope["method"].encode(), scope.get("path", "").encode()]
    parts += [_header(scope, name) or b"" for name in CREDENTIALS]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


async def _json(send: Send, status: int, body: dict[str, object],
                headers: list[tuple[bytes, bytes]] | None = None) -> None:
    payload = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": payload})


class Idempotency:
    """Replays the first response to a POST repeated with the same `Idempotency-Key`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, HEADER) if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST" or not scope.get("path", "").startswith("/api/"):
            await self.app(scope, receive, send)
            return
        text = key.decode("latin-1").strip()
        if not 0 < len(text) <= MAX_KEY:
            await _json(send, 400, error_body("invalid_idempotency_key",
                                              f"Idempotency-Key must be 1 to {MAX_KEY} characters"))
            return
        body = b""
        more = True
        while more:  # the body guard buffered it already: one message
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        db = scope["app"].state.services.db
        where = _scope_hash(scope)
        found = await anyio.to_thread.run_sync(_reserve, db, where, text, scope.get("path", ""),
                                               hashlib.sha256(body).hexdigest())
        if found is not None:
            await _answer_repeat(send, found, hashlib.sha256(body).hexdigest())
            return
        await self._run_and_keep(scope, body, receive, send, db, where, text)

    async def _run_and_keep(self, scope: Scope, body: bytes, receive: Receive, send: Send,
                            db: object, where: str, key: str) -> None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, _replay(body, receive), capture)
        finally:
            status = int(start.get("status", 500))
            content_type = next((v.decode() for n, v in start.get("headers", [])
                                 if n.lower() == b"content-type"), None)
            await anyio.to_thread.run_sync(_keep, db, where, key, status, content_type, b"".join(chunks))


async def _answer_repeat(send: Send, found: IdempotencyKey, body_hash: str) -> None:
    if found.body_hash != body_hash:
        await _json(send, 409, error_body("idempotency_key_reused", "this Idempotency-Key was "
                                          "used with another request body; use a new key"))
    elif found.status_code is None:
        await _json(send, 409, error_body("idempotency_key_in_progress", "the first request with "
                                          "this Idempotency-Key is still running; retry shortly"),
                    [(b"retry-after", b"1")])
    else:
        payload = bytes(found.response or b"")
        await send({"type": "http.response.start", "status": found.status_code, "headers": [
            (b"content-type", (found.content_type or "application/json").encode()),
            (b"content-length", str(len(payload)).encode()), (b"idempotent-replayed", b"true")]})
        await send({"type": "http.response.body", "body": payload})


def _reserve(db: object, where: str, key: str, path: str, body_hash: str) -> IdempotencyKey | None:
    """Claim the key (None), or the row of the request that claimed it first."""
    try:
        with session_scope(db) as session:  # type: ignore[arg-type]
            session.add(IdempotencyKey(scope=where, key=key, path=path[:2000], body_hash=body_hash))
        return None
    except IntegrityError:
        with session_scope(db) as session:  # type: ignore[arg-type]
            found = session.get(IdempotencyKey, (where, key))
            if found is not None and found.created_at < utcnow() - KEPT:
                found.body_hash, found.status_code, found.response = body_hash, None, None
                found.created_at = utcnow()  # expired: this request claims it anew
                session.add(found)
                return None
            return found


def _keep(db: object, where: str, key: str, status: int, content_type: str | None,
          payload: bytes) -> None:
    """Store the first response; a server error frees the key so that a retry runs again."""
    with session_scope(db) as session:  # type: ignore[arg-type]
        if status >= 500:
            session.execute(delete(IdempotencyKey).where(IdempotencyKey.scope == where,  # type: ignore[arg-type]
                                                         IdempotencyKey.key == key))  # type: ignore[arg-type]
            return
        row = session.get(IdempotencyKey, (where, key))
        if row is not None:
            row.status_code, row.content_type, row.response = status, content_type, payload
            session.add(row)
