"""A setter takes a conversation over: the bot falls silent, two setters cannot both hold it,
human messages are stored with role "human", and hand-back resumes the bot from the record."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import API_KEY

KEY = {"X-API-Key": API_KEY}


def start(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/v1/conversations", json={"channel": "web", "lang": "de"})
    assert response.status_code == 201, response.text
    return response.json()


def say(client: TestClient, convo: dict[str, Any], text: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/conversations/{convo['conversation_id']}/messages",
                           json={"text": text}, headers={"Authorization": f"Bearer {convo['token']}"})
    assert response.status_code == 200, response.text
    return response.json()


def transcript(client: TestClient, convo: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/conversations/{convo['conversation_id']}",
                          headers={"Authorization": f"Bearer {convo['token']}"})
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def live(client: TestClient, convo: dict[str, Any], action: str, **body: Any) -> Any:
    return client.post(f"/api/v1/conversations/{convo['conversation_id']}/{action}", json=body,
                       headers=KEY)


def test_taken_over_conversation_stores_the_lead_but_the_bot_stays_silent(client: TestClient) -> None:
    convo = start(client)
    held = live(client, convo, "takeover", who="anna")
    assert held.status_code == 200, held.text
    assert held.json()["held_by"] == "anna"
    answer = say(client, convo, "Ich bin der Inhaber.")
    assert answer["reply"] is None
    assert [m["role"] for m in transcript(client, convo)] == ["bot", "lead"]
    # the record still learns what the lead says to the setter
    record = client.get(f"/api/v1/leads/{convo['lead_id']}", headers=KEY).json()
    assert record["facts"]["authority"]["quote"] == "Ich bin der Inhaber."


def test_two_setters_cannot_both_hold_a_conversation(client: TestClient) -> None:
    convo = start(client)
    assert live(client, convo, "takeover", who="anna").status_code == 200
    assert live(client, convo, "takeover", who="anna").status_code == 200  # idempotent
    second = live(client, convo, "takeover", who="ben")
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "held_by_other"
    assert second.json()["error"]["details"] == {"held_by": "anna"}
    refused = live(client, convo, "human-messages", text="Hallo, hier Ben.", who="ben")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_held"


def test_human_messages_are_stored_with_their_author(client: TestClient) -> None:
    convo = start(client)
    not_held = live(client, convo, "human-messages", text="Hallo!")
    assert not_held.status_code == 409
    live(client, convo, "takeover", who="anna")
    sent = live(client, convo, "human-messages", text="Hallo, hier ist Anna vom Team.")
    assert sent.status_code == 201, sent.text
    assert sent.json()["author"] == "anna" and sent.json()["role"] == "human"
    messages = transcript(client, convo)
    assert messages[-1]["role"] == "human"
    assert messages[-1]["text"] == "Hallo, hier ist Anna vom Team."


def test_handing_back_a_conversation_nobody_holds_is_a_conflict(client: TestClient) -> None:
    convo = start(client)
    free = live(client, convo, "handback")
    assert free.status_code == 409 and free.json()["error"]["code"] == "not_held"
    live(client, convo, "takeover", who="anna")
    assert live(client, convo, "handback", who="anna").status_code == 200
    again = live(client, convo, "handback", who="anna")
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_held"


def test_hand_back_resumes_the_bot_from_the_record(client: TestClient) -> None:
    convo = start(client)
    live(client, convo, "takeover", who="anna")
    say(client, convo, "Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.")
    wrong = live(client, convo, "handback", who="ben")
    assert wrong.status_code == 409
    back = live(client, convo, "handback", who="anna")
    assert back.status_code == 200 and back.json()["held_by"] is None
    answer = say(client, convo, "Ich bin der Inhaber.")
    assert answer["reply"]["text"]
    # need (said to the setter) and authority are known: the bot does not ask for them again
    question = answer["reply"]["text"].lower().rsplit(".", 1)[-1]
    assert "?" in question, question
    assert not any(word in question for word in ("entscheid", "anlass", "herausforderung",
                                                 "verbessern", "problem", "rolle")), question
    assert [m["role"] for m in transcript(client, convo)] == ["bot", "lead", "lead", "bot"]


def test_take_over_needs_an_api_key_and_a_known_conversation(client: TestClient) -> None:
    convo = start(client)
    anonymous = client.post(f"/api/v1/conversations/{convo['conversation_id']}/takeover",
                            json={"who": "anna"})
    assert anonymous.status_code == 401
    unknown = client.post("/api/v1/conversations/nope/takeover", json={"who": "anna"}, headers=KEY)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    empty = live(client, convo, "takeover", who="  ")
    assert empty.status_code == 422
    too_long = live(client, convo, "human-messages", text="x" * 10_001)
    assert too_long.status_code == 422
