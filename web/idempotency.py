"""ASGI middleware: `Idempotency-Key` on the POSTs of the API (`/api/`) and of the widget
(`/widget/`: conversation start, lead messages, page views, contact).

The first request with a key runs and its response is stored (unless it is a server error, a
429 or another answer with `Retry-After`, which asks to send the request again); a repeat with
the same key and the same body gets that response again (`Idempotent-Replayed: true`) without
running anything; the same key with another body is 409, and so is a repeat while the first
is still running, with `Retry-After`: 1 second at first, and once the first request has run
longer than any request does (`SLOW`), the rest of its lease. A first request that never
finished (the server was killed) holds its key for at most `LEASE`; a repeat after that runs
again. Bodies are compared by meaning: the same JSON with other spacing or key order is the
same body. Keys are scoped by method, path and
credential (API key or conversation token); a request without a credential (a conversation
start) also by its origin and client address, so that one visitor's key never replays another
visitor's conversation. Keys are kept for a day.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import timedelta

import anyio
from sqlalchemy import and_, delete, or_, update
from sqlalchemy.exc import IntegrityError

from bot.clock import as_utc, utcnow
from bot.store.db import session_scope
from bot.store.models import IdempotencyKey
from web.body_guard import ASGIApp, Message, Receive, Scope, Send, _replay
from web.errors import error_body

HEADER = b"idempotency-key"
CREDENTIALS = (b"x-api-key", b"authorization", b"x-conversation-token")
PREFIXES = ("/api/", "/widget/")
KEPT = timedelta(days=1)
LEASE = timedelta(minutes=5)  # longer than any request runs (LLM calls with retries included)
SLOW = timedelta(seconds=30)  # a first request running longer was most likely cut off
MAX_KEY = 200


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((v for n, v in scope.get("headers", []) if n.lower() == name), None)


def _scope_hash(scope: Scope) -> str:
    parts = [scope["method"].encode(), scope.get("path", "").encode()]
    credentials = [_header(scope, name) or b"" for name in CREDENTIALS]
    parts += credentials
    if not any(credentials):  # a public start: the key alone must not reach someone else's reply
        client = scope.get("client") or ("", 0)
        parts += [_header(scope, b"origin") or b"", str(client[0]).encode()]
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
        if key is None or scope["method"] != "POST" or not scope.get("path", "").startswith(PREFIXES):
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
        fingerprint = _fingerprint(body)
        found = await anyio.to_thread.run_sync(_reserve, db, where, text, scope.get("path", ""),
                                               fingerprint)
        if found is not None:
            await _answer_repeat(send, found, fingerprint)
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
            headers = {n.lower(): v for n, v in start.get("headers", [])}
            content_type = headers[b"content-type"].decode() if b"content-type" in headers else None
            again = status >= 500 or status == 429 or b"retry-after" in headers
            await anyio.to_thread.run_sync(_keep, db, where, key, None if again else status,
                                           content_type, b"".join(chunks))


def _fingerprint(body: bytes) -> str:
    """The body's hash; a JSON body is hashed in one canonical form (sorted keys, no spacing)."""
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"),
                               ensure_ascii=False).encode("utf-8", "surrogatepass")
    except (ValueError, RecursionError):  # not JSON (an email, a form): the bytes as sent
        canonical = body
    return hashlib.sha256(canonical).hexdigest()


def _retry_after(found: IdempotencyKey) -> int:
    """Seconds until a repeat may succeed: 1 while the first request may still be running,
    then what is left of a cut-off request's lease."""
    held = utcnow() - as_utc(found.created_at)
    if held < SLOW:
        return 1
    return max(1, math.ceil((LEASE - held).total_seconds()))


async def _answer_repeat(send: Send, found: IdempotencyKey, body_hash: str) -> None:
    if found.body_hash != body_hash:
        await _json(send, 409, error_body("idempotency_key_reused", "this Idempotency-Key was "
                                          "used with another request body; use a new key"))
    elif found.status_code is None:
        wait = _retry_after(found)
        await _json(send, 409, error_body("idempotency_key_in_progress", "the first request with "
                                          "this Idempotency-Key is still running (a request cut "
                                          f"off holds its key for at most {LEASE.seconds // 60} "
                                          f"minutes); retry in {wait} s"),
                    [(b"retry-after", str(wait).encode())])
    else:
        payload = bytes(found.response or b"")
        await send({"type": "http.response.start", "status": found.status_code, "headers": [
            (b"content-type", (found.content_type or "application/json").encode()),
            (b"content-length", str(len(payload)).encode()), (b"idempotent-replayed", b"true")]})
        await send({"type": "http.response.body", "body": payload})


def _reserve(db: object, where: str, key: str, path: str, body_hash: str) -> IdempotencyKey | None:
    """Claim the key (None), or the row of the request that claimed it first. An expired key,
    or one whose first request was abandoned (same body, never answered, older than the
    lease), is claimed anew by one request only: the update is conditional."""
    try:
        with session_scope(db) as session:  # type: ignore[arg-type]
            session.add(IdempotencyKey(scope=where, key=key, path=path[:2000], body_hash=body_hash))
        return None
    except IntegrityError:
        now = utcnow()
        row = IdempotencyKey.__table__.c  # type: ignore[attr-defined]
        stale = or_(row.created_at < now - KEPT,
                    and_(row.status_code.is_(None), row.body_hash == body_hash,
                         row.created_at < now - LEASE))
        with session_scope(db) as session:  # type: ignore[arg-type]
            claimed = session.execute(
                update(IdempotencyKey.__table__).where(row.scope == where, row.key == key, stale)  # type: ignore[attr-defined]
                .values(body_hash=body_hash, status_code=None, content_type=None, response=None,
                        created_at=now))
            if claimed.rowcount == 1:  # type: ignore[attr-defined]
                return None
            return session.get(IdempotencyKey, (where, key))


def _keep(db: object, where: str, key: str, status: int | None, content_type: str | None,
          payload: bytes) -> None:
    """Store the first response; None (a server error, a refusal by the rate limits, any
    answer that asks to send the request again with Retry-After) frees the key, so that the
    retry runs again rather than getting the same answer back."""
    with session_scope(db) as session:  # type: ignore[arg-type]
        if status is None:
            session.execute(delete(IdempotencyKey).where(IdempotencyKey.scope == where,  # type: ignore[arg-type]
                                                         IdempotencyKey.key == key))  # type: ignore[arg-type]
            return
        row = session.get(IdempotencyKey, (where, key))
        if row is not None:
            row.status_code, row.content_type, row.response = status, content_type, payload
            session.add(row)
