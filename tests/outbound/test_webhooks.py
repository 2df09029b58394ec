"""Webhooks: queued with the stage change, signed, retried with backoff, failures visible."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import select

from bot.clock import utcnow
from bot.leads import stages as stage_actions
from bot.outbound import webhooks
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Lead, WebhookDelivery
from tests.conftest import API_KEY, make_services, make_settings

SECRET = "whsec-test-0123456789abcdef"
KEY = {"X-API-Key": API_KEY}


class Receiver:
    """A local HTTP endpoint that answers with scripted statuses and keeps what it got."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"boom" if status >= 500 else b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


def configure(engine: Engine, url: str, **overrides: Any) -> webhooks.WebhookConfig:
    config = webhooks.WebhookConfig(urls=(url,), secret=SECRET, **overrides)
    webhooks.configure(engine, config)
    return config


def hand_off(engine: Engine, **fields: Any) -> str:
    with session_scope(engine) as session:
        lead = repo.create_lead(session, lang="de", fields=fields, context={})
        stage_actions.set_stage(session, lead, "handed_off", "ready for the closer",
                                make_services(engine).model)
        return lead.id


def deliveries(engine: Engine) -> list[WebhookDelivery]:
    with session_scope(engine) as session:
        return list(session.exec(select(WebhookDelivery).order_by(WebhookDelivery.id)))  # type: ignore[arg-type]


def test_a_hand_off_is_delivered_signed_with_the_record(db_engine: Engine,
                                                        receiver: Receiver) -> None:
    configure(db_engine, receiver.url)
    lead_id = hand_off(db_engine, name="Anna Berger", email="anna@berger.de")
    [queued] = deliveries(db_engine)
    assert (queued.status, queued.event, queued.url) == ("pending", "lead.handed_off", receiver.url)
    report = webhooks.deliver_due(db_engine)
    assert (report.delivered, report.retrying, report.failed) == (1, 0, 0)
    [(headers, body)] = receiver.received
    assert webhooks.verify(SECRET, headers["X-Setter-Timestamp"], body,
                           headers["X-Setter-Signature"])
    assert not webhooks.verify("another-secret", headers["X-Setter-Timestamp"], body,
                               headers["X-Setter-Signature"])
    assert not webhooks.verify(SECRET, headers["X-Setter-Timestamp"], body + b" ",
                               headers["X-Setter-Signature"])
    data = json.loads(body)
    assert data["event"] == "lead.handed_off" and headers["X-Setter-Event"] == "lead.handed_off"
    assert data["transition"] == {"from": "new", "to": "handed_off",
                                  "reason": "ready for the closer", "actor": "api"}
    assert data["record"]["lead_id"] == lead_id and data["record"]["stage"] == "handed_off"
    assert data["record"]["profile"]["name"] == "Anna Berger"
    [done] = deliveries(db_engine)
    assert (done.status, done.attempts, done.last_error) == ("delivered", 1, None)
    assert webhooks.deliver_due(db_engine).attempted == 0  # never sent twice


def test_a_500_is_retried_with_backoff_and_the_same_body(sqlite_engine: Engine,
                                                         receiver: Receiver) -> None:
    configure(sqlite_engine, receiver.url, backoff_seconds=60)
    hand_off(sqlite_engine)
    receiver.statuses = [500]
    now = utcnow()
    assert webhooks.deliver_due(sqlite_engine, now).retrying == 1
    [row] = deliveries(sqlite_engine)
    assert row.status == "pending" and row.attempts == 1 and row.last_error == "HTTP 500: boom"
    assert row.next_attempt_at is not None and row.next_attempt_at >= now + timedelta(seconds=60)
    assert webhooks.deliver_due(sqlite_engine, now + timedelta(seconds=30)).attempted == 0
    assert webhooks.deliver_due(sqlite_engine, now + timedelta(seconds=61)).delivered == 1
    (first_headers, first), (headers, second) = receiver.received
    assert first == second and first_headers["X-Setter-Delivery"] == headers["X-Setter-Delivery"]
    assert webhooks.verify(SECRET, headers["X-Setter-Timestamp"], second,
                           headers["X-Setter-Signature"])
    [row] = deliveries(sqlite_engine)
    assert (row.status, row.attempts) == ("delivered", 2)


def test_final_failure_is_visible_and_can_be_retried(sqlite_engine: Engine,
                                                     receiver: Receiver) -> None:
    from web.app import create_app

    app = create_app(make_settings(), make_services(sqlite_engine))  # no URLs: no worker
    configure(sqlite_engine, receiver.url, max_attempts=3, backoff_seconds=10)
    lead_id = hand_off(sqlite_engine)
    receiver.statuses = [500, 503, 502]
    now = utcnow()
    for hours in range(3):
        webhooks.deliver_due(sqlite_engine, now + timedelta(hours=hours))
    assert len(receiver.received) == 3
    client = TestClient(app)
    failed = client.get("/api/v1/webhooks/deliveries", params={"status": "failed"}, headers=KEY)
    assert failed.status_code == 200, failed.text
    [row] = failed.json()["deliveries"]
    assert (row["lead_id"], row["attempts"], row["last_error"]) == (lead_id, 3, "HTTP 502: boom")
    assert row["next_attempt_at"] is None and row["event"] == "lead.handed_off"
    assert webhooks.deliver_due(sqlite_engine, now + timedelta(days=1)).attempted == 0
    retried = client.post(f"/api/v1/webhooks/deliveries/{row['id']}/retry", headers=KEY)
    assert retried.status_code == 200 and retried.json()["status"] == "pending"
    assert webhooks.deliver_due(sqlite_engine, now + timedelta(days=1)).delivered == 1
    again = client.post(f"/api/v1/webhooks/deliveries/{row['id']}/retry", headers=KEY)
    assert again.status_code == 409
    assert client.get("/api/v1/webhooks/deliveries", params={"status": "failed"},
                      headers=KEY).json()["deliveries"] == []
    assert client.get("/api/v1/webhooks/deliveries").status_code == 401
    assert client.get("/api/v1/webhooks/deliveries", params={"status": "lost"},
                      headers=KEY).status_code == 422


def test_an_unreachable_receiver_does_not_break_a_conversation(sqlite_engine: Engine) -> None:
    from web.app import create_app

    settings = make_settings(webhook_urls="http://127.0.0.1:9/nothing-listens-here",
                             webhook_secret=SECRET)
    client = TestClient(create_app(settings, make_services(sqlite_engine)))  # no worker thread
    started = client.post("/api/v1/conversations", json={"lang": "en"})
    assert started.status_code == 201
    lead_id = started.json()["lead_id"]
    moved = client.post(f"/api/v1/leads/{lead_id}/stage", json={"to": "handed_off"}, headers=KEY)
    assert moved.status_code == 200, moved.text
    queued = deliveries(sqlite_engine)
    assert queued and {d.status for d in queued} == {"pending"}
    report = webhooks.deliver_due(sqlite_engine)
    assert report.retrying == len(queued)
    assert all("Connect" in (d.last_error or "") for d in deliveries(sqlite_engine))


def test_every_stage_change_is_queued_and_nothing_without_urls(sqlite_engine: Engine,
                                                              receiver: Receiver) -> None:
    hand_off(sqlite_engine)  # nothing configured for this database yet
    assert deliveries(sqlite_engine) == []
    configure(sqlite_engine, receiver.url)
    lead_id = hand_off(sqlite_engine)
    with session_scope(sqlite_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        stage_actions.set_stage(session, lead, "won", None, make_services(sqlite_engine).model)
    assert [d.event for d in deliveries(sqlite_engine)] == ["lead.handed_off",
                                                            "lead.stage_changed"]
    assert deliveries(sqlite_engine)[1].payload["record"]["stage"] == "won"


def test_a_rolled_back_change_sends_nothing(sqlite_engine: Engine, receiver: Receiver) -> None:
    configure(sqlite_engine, receiver.url)
    with pytest.raises(RuntimeError), session_scope(sqlite_engine) as session:
        lead = repo.create_lead(session, lang="de", fields={}, context={})
        stage_actions.set_stage(session, lead, "handed_off", None,
                                make_services(sqlite_engine).model)
        raise RuntimeError("the turn failed after the stage change")
    with session_scope(sqlite_engine) as session:
        session.add(Lead())  # a later commit on the same thread must not carry the old queue
    assert deliveries(sqlite_engine) == []


def test_a_claimed_delivery_is_not_claimed_twice(db_engine: Engine, receiver: Receiver) -> None:
    config = configure(db_engine, receiver.url)
    hand_off(db_engine)
    hand_off(db_engine)
    now = utcnow()
    first = webhooks.claim(db_engine, now, config)
    second = webhooks.claim(db_engine, now, config)
    assert len(first) == 2 and second == []
    later = webhooks.claim(db_engine, now + config.lease + timedelta(seconds=1), config)
    assert len(later) == 2  # a worker that died mid-batch leaves rows to the others


def test_the_app_worker_delivers_in_the_background(sqlite_engine: Engine,
                                                   receiver: Receiver) -> None:
    from web.app import create_app

    settings = make_settings(webhook_urls=receiver.url, webhook_secret=SECRET)
    with TestClient(create_app(settings, make_services(sqlite_engine))) as client:
        lead_id = client.post("/api/v1/conversations", json={"lang": "en"}).json()["lead_id"]
        client.post(f"/api/v1/leads/{lead_id}/stage", json={"to": "handed_off"}, headers=KEY)
        deadline = time.monotonic() + 120  # bounds a worker that never delivers; a loaded CI is slow
        while time.monotonic() < deadline and not any(
                json.loads(body)["event"] == "lead.handed_off" for _, body in receiver.received):
            time.sleep(0.05)
    events = [json.loads(body)["event"] for _, body in receiver.received]
    assert "lead.handed_off" in events
    for headers, body in receiver.received:
        assert webhooks.verify(SECRET, headers["X-Setter-Timestamp"], body,
                               headers["X-Setter-Signature"])


def test_bad_webhook_urls_refuse_to_start(sqlite_engine: Engine) -> None:
    from web.app import create_app

    with pytest.raises(ValueError, match="not an http"):
        create_app(make_settings(webhook_urls="ftp://crm.example"), make_services(sqlite_engine))
