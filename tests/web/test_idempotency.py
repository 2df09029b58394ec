"""Idempotency-Key: a replayed POST is answered with the first response and counted once."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import API_KEY

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
