"""Outbound webhooks on stage changes and hand-offs: an outbox in the database.

Whoever changes a lead's stage calls `queue` once the lead's record is complete (new score
and next action): the scorekeeper at the end of a rescore, `leads.stages.move` after a
person's change. It writes one `webhook_deliveries` row per configured URL in the caller's
transaction, so a delivery exists exactly when the stage change was committed. A background
worker (or `deliver_due`) claims due rows, POSTs them signed with HMAC-SHA256, and retries
failures with exponential backoff until `max_attempts`; then the row stays visible as `failed`.

Which URLs receive deliveries is configuration, kept per database engine (`configure`), so
that the scorekeeper deep inside a turn needs no settings threaded through it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import uuid
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Engine, update
from sqlmodel import Session, col, select

import scoring
from bot.clock import utcnow
from bot.leads.view import lead_record
from bot.settings import Settings
from bot.store.db import session_scope
from bot.store.models import Lead, WebhookDelivery

log = logging.getLogger(__name__)
USER_AGENT = "Setter-Webhooks/1"
STATUSES = ("pending", "delivered", "failed")


@dataclass(frozen=True)
class WebhookConfig:
    """Where deliveries go, how they are signed, and how hard we try."""

    urls: tuple[str, ...] = ()
    secret: str | None = None
    max_attempts: int = 8
    backoff_seconds: float = 30.0  # first retry; doubles per attempt
    max_backoff_seconds: float = 6 * 3600.0
    timeout_seconds: float = 10.0
    batch: int = 20

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookConfig:
        """The configuration in SETTER_WEBHOOK_URLS / SETTER_WEBHOOK_SECRET."""
        urls = tuple(settings.webhook_url_list)
        bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
        if bad:
            raise ValueError(f"SETTER_WEBHOOK_URLS: not an http(s) URL: {', '.join(bad)}")
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        return cls(urls=urls, secret=secret or None)

    def delay(self, attempts: int) -> timedelta:
        """How long to wait before attempt number `attempts + 1`."""
        seconds = self.backoff_seconds * 2 ** max(0, attempts - 1)
        return timedelta(seconds=min(seconds, self.max_backoff_seconds))

    @property
    def lease(self) -> timedelta:
        """How long a claimed batch is reserved for the worker that claimed it."""
        return timedelta(seconds=max(60.0, self.timeout_seconds * (self.batch + 1)))


_configs: weakref.WeakKeyDictionary[Engine, WebhookConfig] = weakref.WeakKeyDictionary()


def configure(engine: Engine, config: WebhookConfig) -> None:
    """Set where this database's stage changes are delivered."""
    _configs[engine] = config


def config_for(engine: Engine) -> WebhookConfig:
    """The configuration of this database (none: no deliveries are queued)."""
    return _configs.get(engine, WebhookConfig())


# --- queueing -------------------------------------------------------------------------------


def event_name(to_stage: str) -> str:
    """The webhook event for a change into `to_stage`."""
    return "lead.handed_off" if to_stage == "handed_off" else "lead.stage_changed"


def payload(session: Session, lead: Lead, transition: scoring.Transition, actor: str,
            at: datetime) -> dict[str, Any]:
    """The JSON body: the change, who made it, and the lead's record after it."""
    return {
        "id": uuid.uuid4().hex,
        "event": event_name(transition.to_stage),
        "occurred_at": at.isoformat(),
        "lead_id": lead.id,
        "transition": {"from": transition.from_stage, "to": transition.to_stage,
                       "reason": transition.reason, "actor": actor},
        "record": lead_record(session, lead),
    }


def queue(session: Session, lead: Lead, transitions: Sequence[scoring.Transition],
          actor: str) -> None:
    """Write a delivery per configured URL for each stage change (call once the record is
    final: the payload carries it). Nothing is written when no URL is configured."""
    bind = session.get_bind()
    urls = config_for(bind if isinstance(bind, Engine) else bind.engine).urls
    if not urls or not transitions:
        return
    now = utcnow()
    for transition in transitions:
        body = payload(session, lead, transition, actor, now)
        for url in urls:
            session.add(WebhookDelivery(lead_id=lead.id, url=url, event=body["event"],
                                        payload=body, next_attempt_at=now))


# --- delivery -------------------------------------------------------------------------------


def body_bytes(data: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact JSON, keys sorted."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">`, as sent in X-Setter-Signature."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, presented: str) -> bool:
    """True if `presented` is the signature of this body and timestamp (for receivers)."""
    return hmac.compare_digest(signature(secret, timestamp, body), presented)


@dataclass(frozen=True)
class _Claimed:
    id: int
    url: str
    event: str
    payload: dict[str, Any]
    attempts: int


@dataclass
class DeliveryReport:
    """What one `deliver_due` pass did."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def attempted(self) -> int:
        """Rows that were tried in this pass."""
        return self.delivered + self.retrying + self.failed


def claim(engine: Engine, now: datetime, config: WebhookConfig) -> list[_Claimed]:
    """Reserve due rows for this worker: PostgreSQL skips rows other workers hold locked,
    and the conditional update makes a row claimable by one worker only on any database."""
    due = (col(WebhookDelivery.status) == "pending") & (col(WebhookDelivery.next_attempt_at) <= now)
    query = select(WebhookDelivery).where(due).order_by(col(WebhookDelivery.next_attempt_at),
                                                        col(WebhookDelivery.id)).limit(config.batch)
    if engine.dialect.name != "sqlite":
        query = query.with_for_update(skip_locked=True)
    claimed = []
    with session_scope(engine) as session:
        for row in session.exec(query).all():
            taken = session.execute(update(WebhookDelivery)
                                    .where(col(WebhookDelivery.id) == row.id, due)
                                    .values(next_attempt_at=now + config.lease))
            if taken.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(_Claimed(row.id or 0, row.url, row.event, dict(row.payload),
                                        row.attempts))
    return claimed


def _headers(item: _Claimed, body: bytes, secret: str | None) -> dict[str, str]:
    timestamp = str(int(utcnow().timestamp()))
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               "X-Setter-Event": item.event, "X-Setter-Delivery": str(item.id),
               "X-Setter-Timestamp": timestamp}
    if secret:
        headers["X-Setter-Signature"] = signature(secret, timestamp, body)
    return headers


def _send(client: httpx.Client, item: _Claimed, secret: str | None) -> str | None:
    """None on a 2xx answer, else what went wrong (kept in `last_error`)."""
    body = body_bytes(item.payload)
    try:
        response = client.post(item.url, content=body, headers=_headers(item, body, secret))
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return None
    return f"HTTP {response.status_code}: {response.text[:300]}"


def _record(engine: Engine, item: _Claimed, error: str | None, now: datetime,
            config: WebhookConfig, report: DeliveryReport) -> None:
    attempts = item.attempts + 1
    values: dict[str, Any] = {"attempts": attempts, "last_error": error}
    if error is None:
        values |= {"status": "delivered", "delivered_at": utcnow(), "next_attempt_at": None}
        report.delivered += 1
    elif attempts >= config.max_attempts:
        values |= {"status": "failed", "next_attempt_at": None}
        report.failed += 1
        log.warning("webhook %s to %s failed for good after %d attempts: %s", item.id, item.url,
                    attempts, error)
    else:
        values |= {"next_attempt_at": now + config.delay(attempts)}
        report.retrying += 1
    with session_scope(engine) as session:
        session.execute(update(WebhookDelivery).where(col(WebhookDelivery.id) == item.id)
                        .values(**values))


def deliver_due(engine: Engine, now: datetime | None = None, *,
                config: WebhookConfig | None = None,
                client: httpx.Client | None = None) -> DeliveryReport:
    """Send one batch of due deliveries (signed), recording success, retry or failure."""
    now = now or utcnow()
    config = config or config_for(engine)
    report = DeliveryReport()
    claimed = claim(engine, now, config)
    if not claimed:
        return report
    own = client is None
    client = client or httpx.Client(timeout=config.timeout_seconds, follow_redirects=False)
    try:
        for item in claimed:
            _record(engine, item, _send(client, item, config.secret), now, config, report)
    finally:
        if own:
            client.close()
    return report


def retry(session: Session, delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """Put a failed delivery back in the queue for a fresh round of attempts."""
    row = session.get(WebhookDelivery, delivery_id)
    if row is None:
        return None
    row.status, row.attempts, row.next_attempt_at = "pending", 0, now or utcnow()
    session.add(row)
    return row


def list_deliveries(session: Session, *, status: str | None, lead_id: str | None, limit: int,
                    offset: int) -> list[WebhookDelivery]:
    """Deliveries, newest first, optionally only one status or one lead."""
    query = select(WebhookDelivery)
    if status:
        query = query.where(col(WebhookDelivery.status) == status)
    if lead_id:
        query = query.where(col(WebhookDelivery.lead_id) == lead_id)
    query = query.order_by(col(WebhookDelivery.id).desc()).offset(offset).limit(limit)
    return list(session.exec(query))


# --- background worker ----------------------------------------------------------------------


class WebhookWorker:
    """A daemon thread that delivers due webhooks until stopped; safe to run in every
    process, since rows are claimed before they are sent."""

    def __init__(self, engine: Engine, config: WebhookConfig, interval: float = 1.0) -> None:
        self.engine, self.config, self.interval = engine, config, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="setter-webhooks", daemon=True)

    def start(self) -> None:
        """Start polling."""
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Ask the thread to finish its batch and wait for it."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        with httpx.Client(timeout=self.config.timeout_seconds) as client:
            while not self._stop.is_set():
                try:
                    busy = deliver_due(self.engine, config=self.config, client=client).attempted
                except Exception:  # keep the worker alive through a database hiccup
                    log.exception("webhook delivery pass failed; retrying")
                    busy = 0
                if not busy:
                    self._stop.wait(self.interval)


@contextmanager
def running_worker(engine: Engine, config: WebhookConfig,
                   interval: float = 1.0) -> Iterator[WebhookWorker | None]:
    """Run a worker while the block runs (none when no URL is configured)."""
    if not config.urls:
        yield None
        return
    if not config.secret:
        log.warning("SETTER_WEBHOOK_SECRET is not set: webhooks are sent unsigned")
    worker = WebhookWorker(engine, config, interval)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
