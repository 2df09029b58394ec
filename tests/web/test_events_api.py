"""Events API: one lead or bulk, all or nothing, and bulk scoring equals scoring from scratch."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import select

import scoring
from bot.clock import utcnow
from bot.leads import events
from bot.leads.scorekeeper import facts_of, profile_of
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import EventRow, Lead
from tests.conftest import API_KEY

KEY = {"X-API-Key": API_KEY}
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def make_leads(engine: Engine, count: int, **fields: Any) -> list[str]:
    with session_scope(engine) as session:
        return [repo.create_lead(session, lang="de", fields=dict(fields), context={}).id
                for _ in range(count)]


def engine_of(client: TestClient) -> Engine:
    return client.app.state.services.db  # type: ignore[attr-defined,no-any-return]


def event_count(engine: Engine) -> int:
    with session_scope(engine) as session:
        return int(session.exec(select(func.count()).select_from(EventRow)).one())


def ago(**delta: float) -> str:
    return (utcnow() - timedelta(**delta)).isoformat()


def assert_error(response: Any, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    for word in words:
        assert word in error["message"], error
    return error


def test_events_of_one_lead_raise_its_score_and_stage(client: TestClient) -> None:
    [lead_id] = make_leads(engine_of(client), 1, job_title="CEO", industry="Software")
    body = {"events": [{"type": "meeting_booked", "occurred_at": ago(hours=2)},
                       {"type": "whitepaper_download", "occurred_at": ago(days=1)},
                       {"type": "page_view", "occurred_at": ago(hours=3),
                        "props": {"url": "/pricing"}}]}
    response = client.post(f"/api/v1/leads/{lead_id}/events", json=body, headers=KEY)
    assert response.status_code == 201, response.text
    record = response.json()["record"]
    assert response.json()["accepted"] == 3
    assert record["score"]["parts"]["engagement"] > 0
    assert record["stage"] in {"engaged", "mql"}
    assert event_count(engine_of(client)) == 3


def test_bulk_events_for_many_leads(client: TestClient) -> None:
    a, b = make_leads(engine_of(client), 2)
    items = [{"lead_id": a, "type": "email_opened", "occurred_at": ago(days=2)},
             {"lead_id": b, "type": "email_unopened", "occurred_at": ago(days=3)},
             {"lead_id": a, "type": "email_clicked", "occurred_at": ago(days=1)}]
    response = client.post("/api/v1/events", json={"events": items}, headers=KEY)
    assert response.status_code == 201, response.text
    by_lead = {row["lead_id"]: row for row in response.json()["leads"]}
    assert set(by_lead) == {a, b} and response.json()["accepted"] == 3
    assert by_lead[a]["score"] > by_lead[b]["score"]


def test_unknown_type_rejects_the_whole_batch_and_names_the_item(client: TestClient) -> None:
    a, b = make_leads(engine_of(client), 2)
    items = [{"lead_id": a, "type": "page_view", "occurred_at": ago(hours=1)},
             {"lead_id": b, "type": "page_view", "occurred_at": ago(hours=1)},
             {"lead_id": b, "type": "telepathy", "occurred_at": ago(hours=1)}]
    error = assert_error(client.post("/api/v1/events", json={"events": items}, headers=KEY),
                         422, "item 2", "unknown event type 'telepathy'", "nothing was stored")
    assert error["details"]["items"] == [
        {"index": 2, "field": "type", "message": error["details"]["items"][0]["message"]}]
    assert "page_view" in error["details"]["items"][0]["message"]  # lists the known types
    assert event_count(engine_of(client)) == 0


def test_future_timestamps_are_rejected_with_their_index(client: TestClient) -> None:
    [lead_id] = make_leads(engine_of(client), 1)
    body = {"events": [{"type": "page_view", "occurred_at": ago(hours=1)},
                       {"type": "page_view", "occurred_at": ago(days=-2)},
                       {"type": "download", "occurred_at": ago(days=-30)}]}
    error = assert_error(client.post(f"/api/v1/leads/{lead_id}/events", json=body, headers=KEY),
                         422, "item 1", "in the future", "and 1 more")
    assert [p["index"] for p in error["details"]["items"]] == [1, 2]
    assert {p["field"] for p in error["details"]["items"]} == {"occurred_at"}
    assert event_count(engine_of(client)) == 0


def test_unknown_lead_ids(client: TestClient) -> None:
    [lead_id] = make_leads(engine_of(client), 1)
    items = [{"lead_id": lead_id, "type": "page_view", "occurred_at": ago(hours=1)},
             {"lead_id": "nobody", "type": "page_view", "occurred_at": ago(hours=1)}]
    error = assert_error(client.post("/api/v1/events", json={"events": items}, headers=KEY),
                         422, "item 1", "no lead 'nobody'")
    assert error["details"]["items"][0]["field"] == "lead_id"
    one = {"events": [{"type": "page_view", "occurred_at": ago(hours=1)}]}
    assert_error(client.post("/api/v1/leads/nobody/events", json=one, headers=KEY), 404, "nobody")
    assert event_count(engine_of(client)) == 0


def test_more_than_ten_thousand_events_are_refused(sqlite_client: TestClient) -> None:
    item = {"lead_id": "x", "type": "page_view", "occurred_at": ago(hours=1)}
    response = sqlite_client.post("/api/v1/events", json={"events": [item] * 10_001}, headers=KEY)
    assert_error(response, 422, "at most 10,000 events per request", "10,001")


@pytest.mark.parametrize("item, field", [
    ({"type": "page_view"}, "occurred_at"),
    ({"type": "page_view", "occurred_at": "yesterday"}, "occurred_at"),
    ({"type": 5, "occurred_at": "2026-01-01T00:00:00Z"}, "type"),
    ({"type": "page_view", "occurred_at": "2026-01-01T00:00:00Z", "colour": "red"}, "colour"),
    ({"type": "page_view", "occurred_at": "2026-01-01T00:00:00Z", "props": {"k": "v" * 5000}},
     "props"),
])
def test_malformed_items_name_their_position(sqlite_client: TestClient, item: dict[str, Any],
                                             field: str) -> None:
    [lead_id] = make_leads(engine_of(sqlite_client), 1)
    good = {"type": "page_view", "occurred_at": ago(hours=1)}
    response = sqlite_client.post(f"/api/v1/leads/{lead_id}/events",
                                  json={"events": [good, item]}, headers=KEY)
    error = assert_error(response, 422)
    assert any(d["field"] == f"events.1.{field}" for d in error["details"]), error


def test_empty_batch_and_missing_key(sqlite_client: TestClient) -> None:
    assert_error(sqlite_client.post("/api/v1/events", json={"events": []}, headers=KEY), 422)
    assert sqlite_client.post("/api/v1/events", json={"events": []}).status_code == 401


def _random_events(rng: random.Random, count: int, start: datetime) -> list[events.EventIn]:
    kinds = sorted(scoring.EVENT_TYPES)
    out = []
    for _ in range(count):
        kind = rng.choice(kinds)
        props = {"seconds": rng.randint(5, 900)} if kind == "time_on_site" else {}
        out.append(events.EventIn(kind, start + timedelta(hours=rng.uniform(0, 24 * 120)), props))
    return out


def test_bulk_ingest_scores_like_scoring_from_scratch(db_engine: Engine) -> None:
    """Batches in any order (late events included) end where a full rescore ends."""
    rng = random.Random(7)
    model = scoring.load_model()
    ids = make_leads(db_engine, 6, job_title="Geschäftsführer", industry="IT", source="Webinar")
    start = NOW - timedelta(days=130)
    for batch in range(3):
        items = [(lead_id, e) for lead_id in ids for e in _random_events(rng, 15, start)]
        rng.shuffle(items)
        with session_scope(db_engine) as session:
            events.ingest(session, items, model, now=NOW + timedelta(minutes=batch))
    with session_scope(db_engine) as session:
        for lead_id in ids:
            lead = session.get(Lead, lead_id)
            assert lead is not None
            stored = [events.EventIn(r.type, r.occurred_at, r.props)
                      for r in repo.events_of(session, lead_id=lead_id)]
            assert len(stored) == 45
            expected = scoring.score(profile_of(lead), facts_of(session, lead),
                                     [events.validate(e, NOW) for e in stored],
                                     NOW + timedelta(minutes=2), model)
            assert (lead.score_total, lead.score["parts"]) == (expected.total, expected.parts)


def test_add_events_keeps_working_for_one_lead(sqlite_engine: Engine) -> None:
    [lead_id] = make_leads(sqlite_engine, 1)
    model = scoring.load_model()
    with session_scope(sqlite_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        count = events.add_events(session, lead, [events.EventIn("webinar_attended", NOW)], model,
                                  now=NOW)
        assert count == 1 and lead.score["parts"]["engagement"] > 0
    with pytest.raises(events.BatchError, match="unknown event type"), \
            session_scope(sqlite_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        events.add_events(session, lead, [events.EventIn("nope", NOW)], model, now=NOW)


def test_implausible_event_values_are_refused(client: TestClient) -> None:
    lead_id = client.post("/api/v1/conversations", json={"lang": "de"}).json()["lead_id"]
    at = "2026-01-01T10:00:00Z"
    for seconds in (1e308, -5, "600", True):
        response = client.post(f"/api/v1/leads/{lead_id}/events", headers={"X-API-Key": API_KEY},
                               json={"events": [{"type": "time_on_site", "occurred_at": at,
                                                 "props": {"seconds": seconds}}]})
        assert response.status_code == 422, seconds
        assert response.json()["error"]["details"]["items"][0]["field"] == "props.seconds"
    fine = client.post(f"/api/v1/leads/{lead_id}/events", headers={"X-API-Key": API_KEY},
                       json={"events": [{"type": "time_on_site", "occurred_at": at,
                                         "props": {"seconds": 600}}]})
    assert fine.status_code == 201


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "0001-01-01",
                                "1900-06-01T00:00:00Z", "9999-12-31T23:59:59-01:00", "9999-12-31T00:00:00Z"])
def test_implausible_event_times_are_refused_with_a_clear_message(client: TestClient, at: str) -> None:
    """A placeholder date is 422 naming the item and the bound, not a lead 'back after
    centuries' (a re-engagement bonus) and not a 500 for a time UTC cannot hold."""
    lead_id = client.post("/api/v1/conversations", json={"lang": "de"}).json()["lead_id"]
    before = client.get(f"/api/v1/leads/{lead_id}", headers=KEY).json()["score"]["total"]
    response = client.post(f"/api/v1/leads/{lead_id}/events", headers=KEY,
                           json={"events": [{"type": "page_view", "occurred_at": at}]})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_events" and error["details"]["items"][0]["field"] == "occurred_at"
    assert ("years ago" in error["message"] and "events must be after" in error["message"]
            or "in the future" in error["message"])
    assert client.get(f"/api/v1/leads/{lead_id}", headers=KEY).json()["score"]["total"] == before
    recent = (utcnow() - timedelta(days=365 * 19)).isoformat()
    assert client.post(f"/api/v1/leads/{lead_id}/events", headers=KEY, json={
        "events": [{"type": "page_view", "occurred_at": recent}]}).status_code == 201


def test_events_with_a_known_id_are_skipped_and_reported(client: TestClient) -> None:
    lead_id = client.post("/api/v1/conversations", json={"lang": "de"}).json()["lead_id"]
    batch = {"events": [{"lead_id": lead_id, "type": "page_view", "id": f"crm-{n}",
                         "occurred_at": f"2026-01-0{n + 1}T10:00:00Z"} for n in range(3)]}
    first = client.post("/api/v1/events", headers={"X-API-Key": API_KEY}, json=batch)
    assert first.status_code == 201 and first.json()["accepted"] == 3
    score = first.json()["leads"][0]["score"]
    again = client.post("/api/v1/events", headers={"X-API-Key": API_KEY}, json=batch)
    assert again.json()["accepted"] == 0
    assert [s["id"] for s in again.json()["skipped"]] == ["crm-0", "crm-1", "crm-2"]
    record = client.get(f"/api/v1/leads/{lead_id}", headers={"X-API-Key": API_KEY}).json()
    assert record["score"]["total"] == score  # counted once
    mixed = client.post(f"/api/v1/leads/{lead_id}/events", headers={"X-API-Key": API_KEY}, json={
        "events": [{"type": "page_view", "id": "crm-1", "occurred_at": "2026-01-05T10:00:00Z"},
                   {"type": "page_view", "id": "crm-9", "occurred_at": "2026-01-05T10:00:00Z"},
                   {"type": "page_view", "id": "crm-9", "occurred_at": "2026-01-05T10:00:00Z"}]})
    assert mixed.json()["accepted"] == 1
    assert [(s["index"], s["reason"]) for s in mixed.json()["skipped"]] == [
        (0, "already stored"), (2, "repeated in this batch")]
