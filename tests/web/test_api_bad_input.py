"""Bad input gets a 4xx with a JSON error that says what is wrong, and loses nothing."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient


def start(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/v1/conversations", json={"lang": "de"})
    assert response.status_code == 201
    return response.json()


def post(client: TestClient, convo: dict[str, Any], **kwargs: Any) -> Any:
    headers = {"Authorization": f"Bearer {convo['token']}", **kwargs.pop("headers", {})}
    return client.post(f"/api/v1/conversations/{convo['conversation_id']}/messages",
                       headers=headers, **kwargs)


def lead_messages(client: TestClient, convo: dict[str, Any]) -> list[str]:
    response = client.get(f"/api/v1/conversations/{convo['conversation_id']}",
                          headers={"Authorization": f"Bearer {convo['token']}"})
    return [m["text"] for m in response.json()["messages"] if m["role"] == "lead"]


def assert_error(response: Any, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] and error["message"]
    for word in words:
        assert word in error["message"].lower(), error
    assert "Traceback" not in response.text


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_or_whitespace_text(client: TestClient, text: str) -> None:
    convo = start(client)
    assert_error(post(client, convo, json={"text": text}), 422, "empty")
    assert lead_messages(client, convo) == []


def test_text_over_ten_thousand_characters(client: TestClient) -> None:
    convo = start(client)
    assert_error(post(client, convo, json={"text": "a" * 10_001}), 422, "limit")
    assert post(client, convo, json={"text": "ok " * 3000}).status_code == 200


def test_invalid_json(client: TestClient) -> None:
    convo = start(client)
    response = post(client, convo, content=b'{"text": "hallo"', headers={"Content-Type": "application/json"})
    assert_error(response, 400, "json")


@pytest.mark.parametrize("body", [{"text": 5}, {"text": None}, {"text": ["a"]}, {}, [], "hallo"])
def test_wrong_types(client: TestClient, body: Any) -> None:
    convo = start(client)
    assert_error(post(client, convo, json=body), 422)


def test_wrong_types_when_starting(client: TestClient) -> None:
    assert_error(client.post("/api/v1/conversations", json={"channel": "fax"}), 422, "channel")
    assert_error(client.post("/api/v1/conversations", json={"lang": "fr"}), 422, "lang")
    assert_error(client.post("/api/v1/conversations", json={"lead": {"emial": "x"}}), 422, "emial")


def test_unknown_conversation(client: TestClient) -> None:
    convo = start(client)
    response = client.post("/api/v1/conversations/doesnotexist/messages", json={"text": "hi"},
                           headers={"Authorization": f"Bearer {convo['token']}"})
    assert_error(response, 404, "doesnotexist")


def test_foreign_conversation_with_another_token(client: TestClient) -> None:
    mine, theirs = start(client), start(client)
    response = client.post(f"/api/v1/conversations/{theirs['conversation_id']}/messages",
                           json={"text": "hi"}, headers={"Authorization": f"Bearer {mine['token']}"})
    assert_error(response, 403, "token")
    transcript = client.get(f"/api/v1/conversations/{theirs['conversation_id']}",
                            headers={"Authorization": f"Bearer {mine['token']}"})
    assert_error(transcript, 403, "token")


def test_missing_token(client: TestClient) -> None:
    convo = start(client)
    response = client.post(f"/api/v1/conversations/{convo['conversation_id']}/messages",
                           json={"text": "hi"})
    assert_error(response, 401, "token")


def test_non_utf8_body(client: TestClient) -> None:
    convo = start(client)
    response = post(client, convo, content='{"text": "Grüße"}'.encode("latin-1"),
                    headers={"Content-Type": "application/json"})
    assert_error(response, 400, "utf-8")
    assert lead_messages(client, convo) == []


def test_failing_extraction_keeps_the_message_and_still_replies(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    convo = start(client)

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("extractor exploded")

    monkeypatch.setattr(client.app.state.services, "extractor", broken)
    with caplog.at_level(logging.ERROR):
        response = post(client, convo, json={"text": "Unser Budget sind 5.000 €."})
    assert response.status_code == 200
    assert response.json()["reply"]["text"]
    assert lead_messages(client, convo) == ["Unser Budget sind 5.000 €."]
    assert "extractor exploded" in caplog.text


def test_failing_scoring_keeps_the_message(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    convo = start(client)

    class BrokenModel:
        """A scoring model whose every setting fails, as a corrupt model file might."""

        def __getattr__(self, name: str) -> Any:
            raise ZeroDivisionError("scoring exploded")

    monkeypatch.setattr(client.app.state.services, "model", BrokenModel())
    response = post(client, convo, json={"text": "Ich bin der Inhaber."})
    assert response.status_code == 200
    assert "Traceback" not in response.text
    assert lead_messages(client, convo) == ["Ich bin der Inhaber."]


def test_unpaired_surrogates_are_refused_not_a_500(client: TestClient) -> None:
    convo = start(client)
    response = post(client, convo, content=b'{"text": "\\ud800 hi"}',
                    headers={"Content-Type": "application/json"})
    assert_error(response, 422, "surrogate")
    started = client.post("/api/v1/conversations", content=b'{"context": {"utm_source": "\\udfff"}}',
                          headers={"Content-Type": "application/json"})
    assert_error(started, 422, "surrogate")
    assert lead_messages(client, convo) == []


def test_invisible_only_text_is_empty(client: TestClient) -> None:
    convo = start(client)
    assert_error(post(client, convo, json={"text": "\u200b\u200b \ufeff"}), 422, "empty")


@pytest.mark.parametrize("body", [
    {"lead": {"company_size": 10**30}},
    {"lead": {"company_size": -5}},
    {"context": {"a": float("inf")}},
])
def test_implausible_lead_data_is_refused(client: TestClient, body: dict[str, Any]) -> None:
    content = json.dumps(body).replace("Infinity", "1e400").encode()
    response = client.post("/api/v1/conversations", content=content,
                           headers={"Content-Type": "application/json"})
    assert_error(response, 422)


def test_a_non_ascii_api_key_is_refused_not_a_500(client: TestClient) -> None:
    response = client.get("/api/v1/leads", headers=[(b"X-API-Key", "ä-schlüssel".encode())])
    assert_error(response, 403, "not valid")
