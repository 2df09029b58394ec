"""Setter actions on a lead's stage: recorded with reason and actor, checked, sent as webhooks."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.outbound import webhooks
from bot.store import repo
from bot.store.db import session_scope
from tests.conftest import API_KEY

KEY = {"X-API-Key": API_KEY}


def engine_of(client: TestClient) -> Engine:
    return client.app.state.services.db  # type: ignore[attr-defined,no-any-return]


def make_lead(client: TestClient, stage: str = "mql", flags: tuple[str, ...] = ()) -> str:
    with session_scope(engine_of(client)) as session:
        lead = repo.create_lead(session, lang="de", fields={"name": "Lena"}, context={})
        lead.stage, lead.flags = stage, list(flags)
        return lead.id


def move(client: TestClient, lead_id: str, **body: Any) -> Any:
    return client.post(f"/api/v1/leads/{lead_id}/stage", json=body, headers=KEY)


def test_hand_off_is_recorded_with_actor_api_and_queues_a_webhook(client: TestClient) -> None:
    webhooks.configure(engine_of(client), webhooks.WebhookConfig(urls=("http://crm.invalid/h",)))
    lead_id = make_lead(client)
    response = move(client, lead_id, to="handed_off", reason="budget confirmed on the phone")
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["stage"] == "handed_off" and "handed_off" in record["flags"]
    assert record["stage_history"][-1] == {**record["stage_history"][-1], "from": "mql",
                                           "to": "handed_off", "actor": "api",
                                           "reason": "budget confirmed on the phone"}
    [delivery] = client.get("/api/v1/webhooks/deliveries", headers=KEY).json()["deliveries"]
    assert delivery["event"] == "lead.handed_off" and delivery["lead_id"] == lead_id


@pytest.mark.parametrize("target", ["lost", "disqualified"])
def test_lost_and_disqualified_need_a_reason(client: TestClient, target: str) -> None:
    lead_id = make_lead(client)
    for body in ({"to": target}, {"to": target, "reason": "   "}):
        response = move(client, lead_id, **body)
        assert response.status_code == 422, response.text
        assert "needs a reason" in response.json()["error"]["message"]
    response = move(client, lead_id, to=target, reason="chose a competitor")
    assert response.status_code == 200
    assert response.json()["stage_history"][-1]["reason"] == "chose a competitor"
    assert "chose a competitor" in response.json()["next_action"]["why"]


def test_disqualified_by_a_setter_leaves_the_queue(client: TestClient) -> None:
    lead_id = make_lead(client)
    move(client, lead_id, to="disqualified", reason="reseller, not an end customer")
    listed = client.get("/api/v1/leads", headers=KEY).json()["leads"]
    assert lead_id not in {lead["lead_id"] for lead in listed}
    record = client.get(f"/api/v1/leads/{lead_id}", headers=KEY).json()
    assert record["next_action"] == {"kind": "disqualify", "why": "reseller, not an end customer"}


def test_won_and_lost_are_final_and_same_stage_is_a_conflict(client: TestClient) -> None:
    lead_id = make_lead(client, stage="handed_off", flags=("handed_off",))
    assert move(client, lead_id, to="handed_off").status_code == 409
    won = move(client, lead_id, to="won")
    assert won.status_code == 200 and won.json()["stage"] == "won"
    again = move(client, lead_id, to="lost", reason="changed their mind")
    assert again.status_code == 409 and "final" in again.json()["error"]["message"]


def test_bad_requests(client: TestClient) -> None:
    lead_id = make_lead(client)
    assert move(client, lead_id, to="mql").status_code == 422
    assert move(client, lead_id, to="won", extra=1).status_code == 422
    assert move(client, "nobody", to="won").status_code == 404
    assert client.post(f"/api/v1/leads/{lead_id}/stage", json={"to": "won"}).status_code == 401
    assert client.post(f"/api/v1/leads/{lead_id}/approve").status_code == 401
    assert client.post("/api/v1/leads/nobody/approve", headers=KEY).status_code == 404


def test_an_opted_out_lead_is_not_pulled_back_into_the_pipeline(client: TestClient) -> None:
    lead_id = make_lead(client, stage="disqualified", flags=("opt_out", "do_not_contact"))
    response = move(client, lead_id, to="nurture")
    assert response.status_code == 409 and "not to be contacted" in response.json()["error"]["message"]
    assert client.post(f"/api/v1/leads/{lead_id}/approve", headers=KEY).status_code == 409


def test_approval_makes_the_lead_sql_without_full_bant(client: TestClient) -> None:
    lead_id = make_lead(client, stage="engaged")
    response = client.post(f"/api/v1/leads/{lead_id}/approve", headers=KEY)
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["stage"] == "sql" and "setter_approved" in record["flags"]
    assert record["stage_history"][-1]["actor"] == "api"
    assert "setter approved" in record["stage_history"][-1]["reason"]
    assert record["next_action"]["kind"] == "handoff"
    handed = make_lead(client, stage="handed_off", flags=("handed_off",))
    assert client.post(f"/api/v1/leads/{handed}/approve", headers=KEY).status_code == 409


def test_nurture_takes_a_handed_off_lead_back_and_plans_a_reactivation(client: TestClient) -> None:
    lead_id = make_lead(client, stage="handed_off",
                        flags=("handed_off", "setter_approved", "handoff_promised"))
    response = move(client, lead_id, to="nurture", reason="no budget before Q3")
    record = response.json()
    assert record["stage"] == "nurture"
    # the setter decided: neither the approval nor the bot's promise of a call holds the lead
    assert not {"handed_off", "setter_approved", "handoff_promised"} & set(record["flags"])
    assert record["next_action"]["kind"] == "reactivate" and record["next_action"]["due"]
    back = move(client, lead_id, to="sql")
    assert back.json()["stage"] == "sql" and "setter_approved" in back.json()["flags"]


def test_a_blacklisted_lead_can_be_reinstated_by_a_setter(client: TestClient) -> None:
    lead_id = make_lead(client, stage="disqualified", flags=("blacklisted:students never buy",))
    record = move(client, lead_id, to="nurture", reason="the rule was too broad").json()
    assert record["stage"] == "nurture"
    assert not [flag for flag in record["flags"] if flag.startswith("blacklisted")]
    listed = client.get("/api/v1/leads", headers=KEY).json()["leads"]
    assert lead_id in {lead["lead_id"] for lead in listed}
