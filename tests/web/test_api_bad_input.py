"""Bad input gets a 4xx with a JSON error that says what is wrong, and loses nothing."""

from __future__ import annotations

import gzip
import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import API_KEY


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


@pytest.mark.parametrize("email", ["not-an-email", "anna@", "anna@@kanzlei.de", "anna berger@kanzlei.de",
                                   "anna@localhost", "@kanzlei.de"])
def test_an_invalid_email_in_the_lead_fields_is_refused(client: TestClient, email: str) -> None:
    response = client.post("/api/v1/conversations", json={"lead": {"name": "Anna", "email": email}})
    assert_error(response, 422, "lead.email", "not a valid email address")
    assert response.json()["error"]["details"] == [
        {"field": "lead.email", "message": response.json()["error"]["details"][0]["message"]}]


def test_a_valid_email_is_kept_normalised(client: TestClient) -> None:
    started = client.post("/api/v1/conversations", json={"lead": {"email": "Anna.Berger@Kanzlei-Berger.DE"}})
    assert started.status_code == 201
    record = client.get(f"/api/v1/leads/{started.json()['lead_id']}", headers={"X-API-Key": API_KEY})
    assert record.json()["profile"]["email"] == "Anna.Berger@kanzlei-berger.de"
    throwaway = client.post("/api/v1/conversations", json={"lead": {"email": "x@mailinator.com"}})
    assert throwaway.status_code == 201  # a throw-away address costs points, it is not refused


INTERNALS = ("pydantic", "errors.pydantic.dev", "function-after", "constrained-", "functools", "<function",
             "instance of", "LeadIn", "Value error", "Traceback", "0x7f")


@pytest.mark.parametrize("body", [
    {"lead": {"company_size": False}}, {"lead": "x"}, {"lead": {"name": "x" * 50_000}},
    {"context": {"date": [1]}}, {"context": {"k" * 5_000: 1}}, {"b" * 50_000: 1},
    {"lead": {"email": "y" * 50_000}}, {"channel": ["web"] * 5_000}, {"lang": "fr" * 20_000},
])
def test_validation_errors_are_clear_and_bounded(client: TestClient, body: dict[str, Any]) -> None:
    """The usual error body, with no library URLs, validator or class names, and no echo
    of a huge value: the whole answer stays small whatever was sent."""
    response = client.post("/api/v1/conversations", json=body)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request" and error["message"] and error["details"]
    assert set(error) == {"code", "message", "details"}
    assert all(set(d) == {"field", "message"} for d in error["details"])
    assert not any(word in response.text for word in INTERNALS), response.text
    assert len(response.text) < 2_000


def test_a_union_field_gets_one_plain_message(client: TestClient) -> None:
    response = client.post("/api/v1/conversations", json={"lead": {"company_size": False}})
    assert response.json()["error"]["details"] == [
        {"field": "lead.company_size", "message": "should be a valid integer or should be a valid string"}]
    too_long = client.post("/api/v1/conversations", json={"lead": {"name": "x" * 300}}).json()["error"]
    assert too_long["message"] == "lead.name: should have at most 200 characters, not 300"


def test_many_problems_are_counted_not_all_listed(client: TestClient) -> None:
    response = client.post("/api/v1/events", headers={"X-API-Key": API_KEY},
                           json={"events": [{"lead_id": "x", "type": "page_view"}] * 3_000})
    assert_error(response, 422, "events.0.occurred_at", "and 2,997 more problems")
    assert len(response.json()["error"]["details"]) == 20
    assert len(response.text) < 5_000


def test_an_echoed_id_or_value_is_shortened(client: TestClient) -> None:
    response = client.get("/api/v1/leads/" + "x" * 5_000, headers={"X-API-Key": API_KEY})
    assert response.status_code in (404, 422)
    assert len(response.json()["error"]["message"]) < 400 and len(response.text) < 1_000
    invalid = client.post("/api/v1/conversations", content=b'{"lead": ',
                          headers={"Content-Type": "application/json"})
    assert_error(invalid, 400, "not valid json")
    assert invalid.json()["error"]["details"] == [
        {"field": "body", "message": "JSON decode error at character 9: Expecting value"}]


@pytest.mark.parametrize("path", ["/api/v1/blacklist/{id}", "/api/v1/webhooks/deliveries/{id}/retry"])
@pytest.mark.parametrize("row_id", [2**31, 2**63 - 1])
def test_a_row_id_too_large_for_the_store_is_refused_by_name(client: TestClient, path: str,
                                                              row_id: int) -> None:
    """Row ids are 32-bit on PostgreSQL: a larger id is a 422 naming the parameter and its
    bound on both stores, not the store's generic complaint."""
    method = "DELETE" if "blacklist" in path else "POST"
    response = client.request(method, path.format(id=row_id), headers={"X-API-Key": API_KEY})
    field = "rule_id" if "blacklist" in path else "delivery_id"
    assert_error(response, 422, field, "2147483647")
    largest = client.request(method, path.format(id=2**31 - 1), headers={"X-API-Key": API_KEY})
    assert_error(largest, 404)


def test_json_nested_too_deeply_is_invalid_json(client: TestClient) -> None:
    response = client.post("/api/v1/conversations", content=b"[" * 100_000 + b"]" * 100_000,
                           headers={"Content-Type": "application/json"})
    assert_error(response, 400, "json")
    assert response.json()["error"]["code"] == "invalid_json"


HOSTILE_JSON = {"nested too deeply": b"[" * 100_000 + b"]" * 100_000,
                "objects nested too deeply": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
                "an integer too long to read": b'{"text": ' + b"9" * 5_000 + b"}"}


@pytest.mark.parametrize("body", HOSTILE_JSON.values(), ids=HOSTILE_JSON.keys())
def test_hostile_json_is_a_client_error_on_every_route(client: TestClient, body: bytes) -> None:
    """JSON that Python's parser refuses with something other than a syntax error (too deep,
    an integer over 4,300 digits) is a 4xx on every route that takes a body, including the
    inbound email route, which parses its JSON itself; it was a 500 there."""
    paths = client.get("/openapi.json").json()["paths"]
    routes = [(method.upper(), path) for path, operations in paths.items()
              for method in operations if method in ("post", "put", "patch")]
    assert ("POST", "/api/v1/email/inbound") in routes and len(routes) >= 15
    headers = {"X-API-Key": API_KEY, "Content-Type": "application/json"}
    for method, path in routes:
        url = path.replace("{", "").replace("}", "")  # every path parameter: its name
        response = client.request(method, url, content=body, headers=headers)
        assert 400 <= response.status_code < 500, (method, path, response.status_code)
        assert "Traceback" not in response.text
    inbound = client.post("/api/v1/email/inbound", content=body, headers=headers)
    assert_error(inbound, 400, "json")


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate, gzip"])
def test_a_compressed_body_is_refused_by_name(client: TestClient, coding: str) -> None:
    convo = start(client)
    response = post(client, convo, content=gzip.compress(b'{"text": "Hallo"}'),
                    headers={"Content-Type": "application/json", "Content-Encoding": coding})
    assert_error(response, 415, "compressed", coding, "uncompressed")
    assert lead_messages(client, convo) == []
    plain = post(client, convo, json={"text": "Hallo"}, headers={"Content-Encoding": "identity"})
    assert plain.status_code == 200
    assert lead_messages(client, convo) == ["Hallo"]


@pytest.mark.parametrize(("kind", "body", "words"), [
    ("text/plain", b'{"text": "Hallo"}', ("json object", "application/json", "text/plain")),
    ("application/x-www-form-urlencoded", b"text=Hallo", ("application/json", "x-www-form")),
    ("application/json", b'["Hallo"]', ("json object",)),
    ("application/json", b'"Hallo"', ("json object",)),
])
def test_a_body_that_is_not_a_json_object_says_what_to_send(client: TestClient, kind: str,
                                                           body: bytes, words: tuple[str]) -> None:
    convo = start(client)
    response = post(client, convo, content=body, headers={"Content-Type": kind})
    assert_error(response, 422, *words)
    assert "dictionary" not in response.text
    assert lead_messages(client, convo) == []


def test_the_longest_message_passes_and_a_larger_body_is_refused_unread(client: TestClient) -> None:
    """Public routes take the largest valid body (10,000 emoji, 120 KB as JSON escapes), no
    more: a large body there is refused by its Content-Length, before anything parses it."""
    convo = start(client)
    longest = json.dumps({"text": "😀" * 10_000}).encode()  # ensure_ascii: \ud83d\ude00 each
    assert len(longest) > 100_000
    response = post(client, convo, content=longest, headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    padded = json.dumps({"text": "Hallo", "padding": "x" * 300_000}).encode()
    assert_error(post(client, convo, content=padded, headers={"Content-Type": "application/json"}),
                 413, "larger than this route takes", "262,144 bytes")
    assert lead_messages(client, convo) == ["😀" * 10_000]
    start_body = json.dumps({"lang": "de", "context": {f"k{i}": "v" for i in range(40_000)}})
    assert_error(client.post("/api/v1/conversations", content=start_body,
                             headers={"Content-Type": "application/json"}), 413, "262,144 bytes")


def test_event_batches_may_be_large(client: TestClient) -> None:
    lead = client.post("/api/v1/conversations", json={"lang": "de"}).json()["lead_id"]
    events = [{"type": "page_view", "occurred_at": "2026-11-30T10:00:00Z",
               "props": {"url": f"/produkte/{i}", "title": "Wärmepumpen im Vergleich " * 4}}
              for i in range(5_000)]
    body = json.dumps({"events": events}).encode()
    assert len(body) > 1_000_000
    response = client.post(f"/api/v1/leads/{lead}/events", content=body,
                           headers={"Content-Type": "application/json", "X-API-Key": API_KEY})
    assert response.status_code in (200, 201), response.text[:300]
