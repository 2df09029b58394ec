"""When the database cannot do a request now (a deadlock, a lock it waited too long for, or no
connection), the client is told to send it again: 503 with Retry-After, never a 500."""

from __future__ import annotations

import sqlite3

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bot.leads import events
from tests.conftest import API_KEY

KEY = {"X-API-Key": API_KEY}
CLICK = {"events": [{"type": "email_clicked", "occurred_at": "2026-11-30T10:00:00Z"}]}


def _post_failing_with(client: TestClient, monkeypatch: pytest.MonkeyPatch, cause: Exception,
                       error: type[DBAPIError] = OperationalError) -> httpx.Response:
    lead_id = client.post("/api/v1/conversations", json={"lang": "de"}).json()["lead_id"]

    def fails(*_: object, **__: object) -> None:
        raise error("INSERT INTO events ...", {}, cause)

    monkeypatch.setattr(events, "ingest_batch", fails)
    return client.post(f"/api/v1/leads/{lead_id}/events", json=CLICK, headers=KEY)


@pytest.mark.parametrize("cause", [psycopg.errors.DeadlockDetected("deadlock detected"),
                                   psycopg.errors.SerializationFailure("could not serialize"),
                                   sqlite3.OperationalError("database is locked")],
                         ids=["deadlock", "serialization", "sqlite_locked"])
def test_a_conflict_with_another_transaction_asks_to_send_again(
        sqlite_client: TestClient, monkeypatch: pytest.MonkeyPatch, cause: Exception) -> None:
    answer = _post_failing_with(sqlite_client, monkeypatch, cause)
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "1"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.json()["error"]["code"] == "busy"
    assert "deadlock" not in answer.text and "INSERT" not in answer.text


def test_a_database_out_of_reach_asks_to_come_back_in_a_few_seconds(
        sqlite_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = _post_failing_with(sqlite_client, monkeypatch,
                                psycopg.OperationalError("connection refused"))
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert answer.json()["error"]["code"] == "store_unavailable"


@pytest.mark.parametrize("cause", [
    psycopg.errors.UniqueViolation("duplicate key value violates unique constraint"),
    sqlite3.IntegrityError("UNIQUE constraint failed: events.external_id")],
    ids=["postgres", "sqlite"])
def test_a_key_another_request_stored_a_moment_before_is_a_conflict_to_send_again(
        sqlite_client: TestClient, monkeypatch: pytest.MonkeyPatch, cause: Exception) -> None:
    """Two batches for different leads that carry the same event id, at once: the lead locks do
    not order them, and the second insert meets the first's id. Sent again, the request finds
    the event stored and reports it skipped."""
    answer = _post_failing_with(sqlite_client, monkeypatch, cause, IntegrityError)
    assert answer.status_code == 409 and answer.headers["retry-after"] == "1"
    assert answer.json()["error"]["code"] == "conflict"


def test_any_other_integrity_error_stays_a_server_error(
        sqlite_client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = _post_failing_with(sqlite_client, monkeypatch, sqlite3.IntegrityError(
        "NOT NULL constraint failed: events.type"), IntegrityError)
    assert answer.status_code == 500 and answer.json()["error"]["code"] == "internal_error"
