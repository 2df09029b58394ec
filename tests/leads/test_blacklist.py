"""The blacklist disqualifies matching leads with the rule's reason and takes them out of the queue."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Lead
from tests.conftest import API_KEY

KEY = {"X-API-Key": API_KEY}
STUDENTS = "students never buy; they are looking for a free course"


def engine_of(client: TestClient) -> Engine:
    return client.app.state.services.db  # type: ignore[attr-defined,no-any-return]


def make_lead(engine: Engine, stage: str = "new", **fields: Any) -> str:
    with session_scope(engine) as session:
        lead = repo.create_lead(session, lang="de", fields=fields, context={})
        lead.stage = stage
        return lead.id


def add_rule(client: TestClient, kind: str, pattern: str, reason: str = STUDENTS) -> Any:
    return client.post("/api/v1/blacklist", json={"kind": kind, "pattern": pattern,
                                                  "reason": reason}, headers=KEY)


def queue_ids(client: TestClient, **params: str) -> set[str]:
    response = client.get("/api/v1/leads", params=params, headers=KEY)
    assert response.status_code == 200, response.text
    return {lead["lead_id"] for lead in response.json()["leads"]}


def lead(client: TestClient, lead_id: str) -> dict[str, Any]:
    response = client.get(f"/api/v1/leads/{lead_id}", headers=KEY)
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def test_a_new_rule_disqualifies_matching_leads_with_its_reason(client: TestClient) -> None:
    engine = engine_of(client)
    student = make_lead(engine, stage="engaged", email="max@uni-example.edu")
    sub = make_lead(engine, email="eva@cs.uni-example.edu")
    customer = make_lead(engine, stage="mql", email="anna@steuer-berger.de")
    won = make_lead(engine, stage="won", email="old@uni-example.edu")
    response = add_rule(client, "email_domain", "uni-example.edu")
    assert response.status_code == 201, response.text
    rule = response.json()
    assert (rule["kind"], rule["pattern"], rule["reason"]) == ("email_domain", "uni-example.edu",
                                                               STUDENTS)
    assert rule["disqualified"] == 2
    record = lead(client, student)
    assert record["stage"] == "disqualified"
    assert record["next_action"] == {"kind": "disqualify", "why": f"blacklisted: {STUDENTS}"}
    assert f"blacklisted:{STUDENTS}" in record["flags"]
    assert record["stage_history"][-1] == {**record["stage_history"][-1], "from": "engaged",
                                           "to": "disqualified", "reason": STUDENTS,
                                           "actor": f"blacklist rule {rule['id']}"}
    assert lead(client, sub)["stage"] == "disqualified"
    assert lead(client, customer)["stage"] == "mql"
    assert lead(client, won)["stage"] == "won"  # a closed deal stays closed
    assert queue_ids(client) == {customer, won}
    assert queue_ids(client, stage="disqualified") == {student, sub}
    listed = client.get("/api/v1/blacklist", headers=KEY).json()["rules"]
    assert [(r["id"], r["disqualified"]) for r in listed] == [(rule["id"], 2)]


def test_company_and_segment_rules(client: TestClient) -> None:
    engine = engine_of(client)
    acme = make_lead(engine, company="ACME GmbH")
    agency = make_lead(engine, industry="Online Marketing Agentur")
    other = make_lead(engine, company="Acme Rockets", industry="Aerospace")
    assert add_rule(client, "company", "Acme", "former customer, refunded").json()["disqualified"] == 1
    assert add_rule(client, "industry", "*agentur*", "agencies resell, never buy").status_code == 201
    assert lead(client, acme)["next_action"]["why"] == "blacklisted: former customer, refunded"
    assert lead(client, agency)["stage_history"][-1]["reason"] == "agencies resell, never buy"
    assert lead(client, other)["stage"] == "new"


def test_new_leads_are_screened_when_the_conversation_starts(client: TestClient) -> None:
    assert add_rule(client, "email_domain", "mailinator.com", "throwaway address").status_code == 201
    started = client.post("/api/v1/conversations",
                          json={"lang": "en", "lead": {"email": "x@mailinator.com"}})
    assert started.status_code == 201, started.text
    body = started.json()
    assert body["reply"]["text"]  # the conversation itself is not broken
    assert "record" not in body  # the lead does not see why
    record = lead(client, body["lead_id"])
    assert record["stage"] == "disqualified"
    assert record["next_action"] == {"kind": "disqualify", "why": "blacklisted: throwaway address"}
    assert body["lead_id"] not in queue_ids(client)
    fine = client.post("/api/v1/conversations", json={"lead": {"email": "a@firma.de"}}).json()
    assert lead(client, fine["lead_id"])["stage"] != "disqualified"


def test_deleting_a_rule_stops_matching_but_keeps_history(client: TestClient) -> None:
    engine = engine_of(client)
    first = make_lead(engine, source="Gewinnspiel")
    rule = add_rule(client, "source", "Gewinnspiel", "sweepstakes entrants").json()
    assert client.delete(f"/api/v1/blacklist/{rule['id']}", headers=KEY).json() == {
        "deleted": rule["id"]}
    assert client.get("/api/v1/blacklist", headers=KEY).json()["rules"] == []
    assert lead(client, first)["stage"] == "disqualified"
    later = client.post("/api/v1/conversations", json={"lead": {"source": "Gewinnspiel"}}).json()
    later["record"] = lead(client, later["lead_id"])
    assert later["record"]["stage"] != "disqualified"
    assert client.delete(f"/api/v1/blacklist/{rule['id']}", headers=KEY).status_code == 404


@pytest.mark.parametrize("body, status, word", [
    ({"kind": "phone", "pattern": "+49", "reason": "r"}, 422, "kind"),
    ({"kind": "company", "pattern": "Acme", "reason": "  "}, 422, "reason"),
    ({"kind": "company", "pattern": "Acme"}, 422, "reason"),
    ({"kind": "email_domain", "pattern": "*", "reason": "r"}, 422, "match everyone"),
    ({"kind": "company", "pattern": "GmbH", "reason": "r"}, 422, "matches nothing"),
    ({"kind": "company", "pattern": "Acme", "reason": "r", "extra": 1}, 422, "extra"),
])
def test_bad_rules_are_refused(sqlite_client: TestClient, body: dict[str, Any], status: int,
                               word: str) -> None:
    response = sqlite_client.post("/api/v1/blacklist", json=body, headers=KEY)
    assert response.status_code == status, response.text
    assert word in response.json()["error"]["message"].lower()
    assert sqlite_client.get("/api/v1/blacklist", headers=KEY).json()["rules"] == []


def test_duplicates_and_auth(sqlite_client: TestClient) -> None:
    first = add_rule(sqlite_client, "email_domain", "example.org").json()
    again = add_rule(sqlite_client, "email_domain", "EXAMPLE.org")
    assert again.status_code == 409 and again.json()["error"]["details"] == {"id": first["id"]}
    assert sqlite_client.get("/api/v1/blacklist").status_code == 401
    assert sqlite_client.post("/api/v1/blacklist", json={}).status_code == 401
    assert sqlite_client.delete(f"/api/v1/blacklist/{first['id']}",
                                headers={"X-API-Key": "wrong"}).status_code == 403


def test_a_disqualified_lead_stays_out_after_new_events(sqlite_client: TestClient) -> None:
    engine = engine_of(sqlite_client)
    lead_id = make_lead(engine, email="a@spam.example")
    add_rule(sqlite_client, "email_domain", "spam.example", "spam")
    events = {"events": [{"type": "meeting_booked", "occurred_at": "2026-01-01T10:00:00Z"}]}
    assert sqlite_client.post(f"/api/v1/leads/{lead_id}/events", json=events,
                              headers=KEY).status_code == 201
    with session_scope(engine) as session:
        stored = session.get(Lead, lead_id)
        assert stored is not None and stored.stage == "disqualified"
    assert lead_id not in queue_ids(sqlite_client)
    assert lead(sqlite_client, lead_id)["next_action"] == {"kind": "disqualify",
                                                          "why": "blacklisted: spam"}
