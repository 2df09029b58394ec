"""Idempotency-Key: a replayed POST is answered with the first response and counted once."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.clock import utcnow
from bot.leads import events
from bot.store.models import IdempotencyKey
from tests.conftest import API_KEY, make_services, make_settings
from web.idempotency import LEASE

KEY = {"X-API-Key": API_KEY}


def test_a_replayed_event_batch_is_counted_once(client: TestClient) -> None:
    lead_id = client.post("/api/v1/conversations", json={"lang": "de"}).json()["lead_id"]
    batch = {"events": [{"type": "meeting_booked", "occurred_at": "2026-01-02T10:00:00Z"},
                        {"type": "webinar_attended", "occurred_at": "2026-01-03T10:00:00Z"}]}
    headers = {**KEY, "Idempotency-Key": "batch-1"}
    responses = [client.post(f"/api/v1/leads/{lead_id}/events", json=batch, headers=headers)
                 for _ in range(3)]
    assert [r.status_code for r in responses] == [201, 201, 201]
    assert responses[1].json() == responses[0].json() == responses[2].json()
    assert "idempotent-replayed" not in responses[0].headers
    assert responses[2].headers["idempotent-replayed"] == "true"
    exported = client.get(f"/api/v1/leads/{lead_id}/export", headers=KEY).json()
    assert sorted(e["type"] for e in exported["events"]) == ["chat_started", "meeting_booked",
                                                             "webinar_attended"]
    other = client.post(f"/api/v1/leads/{lead_id}/events", headers=headers,
                        json={"events": batch["events"][:1]})
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_key_reused"


def test_a_replayed_message_and_start_run_once(client: TestClient) -> None:
    first = client.post("/api/v1/conversations", json={"lang": "en"}, headers={"Idempotency-Key": "s1"})
    again = client.post("/api/v1/conversations", json={"lang": "en"}, headers={"Idempotency-Key": "s1"})
    assert first.status_code == again.status_code == 201
    assert again.json()["conversation_id"] == first.json()["conversation_id"]
    started = first.json()
    auth = {"Authorization": f"Bearer {started['token']}", "Idempotency-Key": "m1"}
    url = f"/api/v1/conversations/{started['conversation_id']}/messages"
    one = client.post(url, json={"text": "We are a tax office."}, headers=auth)
    two = client.post(url, json={"text": "We are a tax office."}, headers=auth)
    assert one.json() == two.json()
    transcript = client.get(f"/api/v1/conversations/{started['conversation_id']}",
                            headers={"Authorization": f"Bearer {started['token']}"}).json()
    assert [m["role"] for m in transcript["messages"]] == ["bot", "lead", "bot"]


def test_keys_are_per_credential_and_bounded(client: TestClient) -> None:
    assert client.post("/api/v1/conversations", json={}, headers={"Idempotency-Key": "x" * 201}
                       ).status_code == 400
    refused = client.post("/api/v1/events", json={"events": []},
                          headers={**KEY, "Idempotency-Key": "k"})
    assert refused.status_code == 422
    assert client.post("/api/v1/events", json={"events": []},
                       headers={"X-API-Key": "wrong-key", "Idempotency-Key": "k"}).status_code == 403


def test_a_rate_limited_request_frees_its_key(db_engine: Engine) -> None:
    """429 means nothing ran: the retry with the same key runs, it is not answered 429 again."""
    from web.app import create_app

    app = create_app(make_settings(start_limit="1/hour"), make_services(db_engine))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/api/v1/conversations", json={}).status_code == 201
        refused = client.post("/api/v1/conversations", json={}, headers={"Idempotency-Key": "r"})
        assert refused.status_code == 429
        app.state.limiter.reset()
        retried = client.post("/api/v1/conversations", json={}, headers={"Idempotency-Key": "r"})
        assert retried.status_code == 201 and "idempotent-replayed" not in retried.headers


def test_an_answer_that_asks_to_send_again_frees_its_key(client: TestClient,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A 409 conflict with Retry-After (another request stored the same event id a moment
    before) says "send it again": the retry with the same key runs and is answered as it
    should be, not with the conflict again."""
    lead_id = client.post("/api/v1/conversations", json={"lang": "de"}).json()["lead_id"]
    batch = {"events": [{"type": "email_clicked", "occurred_at": "2026-01-02T10:00:00Z",
                         "id": "click-1"}]}
    headers = {**KEY, "Idempotency-Key": "again-1"}
    ingest_batch = events.ingest_batch

    def stored_meanwhile(*_: object, **__: object) -> None:
        raise IntegrityError("INSERT INTO events ...", {}, sqlite3.IntegrityError(
            "UNIQUE constraint failed: events.external_id"))

    monkeypatch.setattr(events, "ingest_batch", stored_meanwhile)
    first = client.post(f"/api/v1/leads/{lead_id}/events", json=batch, headers=headers)
    assert first.status_code == 409 and first.json()["error"]["code"] == "conflict"
    monkeypatch.setattr(events, "ingest_batch", ingest_batch)
    again = client.post(f"/api/v1/leads/{lead_id}/events", json=batch, headers=headers)
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers


def test_a_key_whose_first_request_died_is_freed_after_the_lease(client: TestClient) -> None:
    """A server killed mid-request leaves its key reserved: repeats get 409 (in progress) with
    Retry-After, and after the lease the repeat runs; another body stays 409 (reused)."""
    first = client.post("/api/v1/conversations", json={"lang": "en"}, headers={"Idempotency-Key": "d"})
    db = client.app.state.services.db  # type: ignore[attr-defined]
    with Session(db) as session:  # as a SIGKILL leaves it: reserved, never answered
        row = session.exec(select(IdempotencyKey).where(IdempotencyKey.key == "d")).one()
        row.status_code, row.response = None, None
        session.add(row)
        session.commit()
    busy = client.post("/api/v1/conversations", json={"lang": "en"}, headers={"Idempotency-Key": "d"})
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "idempotency_key_in_progress"
    assert busy.headers["retry-after"] == "1"
    with Session(db) as session:
        row = session.exec(select(IdempotencyKey).where(IdempotencyKey.key == "d")).one()
        row.created_at = utcnow() - LEASE - timedelta(seconds=1)
        session.add(row)
        session.commit()
    other = client.post("/api/v1/conversations", json={"lang": "de"}, headers={"Idempotency-Key": "d"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    rerun = client.post("/api/v1/conversations", json={"lang": "en"}, headers={"Idempotency-Key": "d"})
    assert rerun.status_code == 201 and "idempotent-replayed" not in rerun.headers
    assert rerun.json()["conversation_id"] != first.json()["conversation_id"]
    replay = client.post("/api/v1/conversations", json={"lang": "en"}, headers={"Idempotency-Key": "d"})
    assert replay.json() == rerun.json() and replay.headers["idempotent-replayed"] == "true"


def test_the_same_json_with_other_spacing_or_key_order_is_the_same_body(client: TestClient) -> None:
    """A client that re-serialises its retry (other spacing, other key order) is replayed, not
    refused as a reused key; a body that means something else is still 409."""
    headers = {"Idempotency-Key": "json-form", "Content-Type": "application/json"}
    first = client.post("/api/v1/conversations", content=b'{"lang": "en", "channel": "web"}',
                        headers=headers)
    assert first.status_code == 201
    again = client.post("/api/v1/conversations", content=b'{"channel":"web",\n  "lang":"en"}',
                        headers=headers)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    other = client.post("/api/v1/conversations", content=b'{"channel":"web","lang":"de"}',
                        headers=headers)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    deep = client.post("/api/v1/conversations", content=b"[" * 50_000 + b"]" * 50_000,
                       headers={**headers, "Idempotency-Key": "deep"})
    assert 400 <= deep.status_code < 500


def test_a_key_held_by_a_cut_off_request_says_how_long_it_stays_held(client: TestClient) -> None:
    """Once the first request has run longer than any request does, Retry-After is the rest
    of its five-minute lease, not one second again and again."""
    client.post("/api/v1/conversations", json={"lang": "en"}, headers={"Idempotency-Key": "cut"})
    db = client.app.state.services.db  # type: ignore[attr-defined]
    with Session(db) as session:  # as a SIGKILL two minutes ago leaves it
        row = session.exec(select(IdempotencyKey).where(IdempotencyKey.key == "cut")).one()
        row.status_code, row.response = None, None
        row.created_at = utcnow() - timedelta(minutes=2)
        session.add(row)
        session.commit()
    busy = client.post("/api/v1/conversations", json={"lang": "en"}, headers={"Idempotency-Key": "cut"})
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "idempotency_key_in_progress"
    assert 150 <= int(busy.headers["retry-after"]) <= 180
    assert f"retry in {busy.headers['retry-after']} s" in busy.json()["error"]["message"]
