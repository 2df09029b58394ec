"""The widget's API without a browser: sites and origins, nothing stored before the lead
writes, the reply as server-sent events, page views, the contact channel, limits."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot.cli.demo import DEMO_KNOWLEDGE
from bot.conversation import turn
from bot.sites import ensure_demo_site
from bot.store.models import Conversation, EventRow, Lead, MessageRow
from tests.conftest import API_KEY, make_services, make_settings
from tests.interleave import turn_inside
from web.widget import api as widget_api

SITE = "/widget/v1/sites/demo"
SELF = {"Origin": "http://testserver"}


@pytest.fixture
def widget(db_engine: Engine) -> Iterator[TestClient]:
    from web.app import create_app

    ensure_demo_site(db_engine)
    app = create_app(make_settings(widget_message_limit="3/hour"), make_services(db_engine))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def count(client: TestClient, model: Any) -> int:
    with Session(client.app.state.services.db) as session:  # type: ignore[attr-defined]
        return int(session.exec(select(func.count()).select_from(model)).one())


def events_of(body: str) -> list[tuple[str, dict[str, Any]]]:
    frames = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if not line.startswith(":"))
        frames.append((lines["event"], json.loads(lines["data"])))
    return frames


def start(client: TestClient, **page: str) -> dict[str, Any]:
    response = client.post(f"{SITE}/conversations", json={"lang": "de", "page": page}, headers=SELF)
    assert response.status_code == 201, response.text
    return response.json()


def auth(convo: dict[str, Any]) -> dict[str, str]:
    return {**SELF, "Authorization": f"Bearer {convo['token']}"}


def say(client: TestClient, convo: dict[str, Any], text: str) -> Any:
    return client.post(f"{SITE}/conversations/{convo['conversation_id']}/messages", json={"text": text},
                       headers=auth(convo))


def test_settings_store_nothing_and_greet(widget: TestClient) -> None:
    response = widget.get(f"{SITE}?lang=en", headers=SELF)
    assert response.status_code == 200
    body = response.json()
    assert body["site"]["name"] == "Kranich Digital" and body["greeting"].endswith("?")
    assert body["greeting"].startswith("H")  # English: "Hello! ..."
    assert count(widget, Conversation) == 0 and count(widget, Lead) == 0


def test_unknown_sites_and_foreign_origins_are_refused_readably(widget: TestClient) -> None:
    unknown = widget.get("/widget/v1/sites/nope", headers=SELF)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown_site"
    foreign = widget.get(SITE, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and foreign.json()["error"]["code"] == "origin_not_allowed"
    assert foreign.headers["access-control-allow-origin"] == "https://evil.example"  # readable
    refused = widget.post(f"{SITE}/conversations", json={}, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and count(widget, Conversation) == 0
    preflight = widget.options(f"{SITE}/conversations", headers={
        "Origin": "https://www.example.com", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert "Authorization" in preflight.headers["access-control-allow-headers"]


def test_the_first_message_starts_the_conversation_with_the_page_view(widget: TestClient) -> None:
    convo = start(widget, url="http://testserver/preise?utm_source=newsletter", title="Preise",
                  referrer="https://www.google.com/", utm_source="newsletter")
    assert [m["role"] for m in convo["messages"]] == ["bot"]
    with Session(widget.app.state.services.db) as session:  # type: ignore[attr-defined]
        conversation = session.get(Conversation, convo["conversation_id"])
        assert conversation is not None and conversation.site_id == "demo"
        views = session.exec(select(EventRow).where(EventRow.type == "page_view")).all()
        lead = session.get(Lead, conversation.lead_id)
        assert lead is not None and lead.source == "newsletter"
    assert [v.props["title"] for v in views] == ["Preise"]
    assert views[0].props["utm_source"] == "newsletter"
    again = widget.post(f"{SITE}/conversations/{convo['conversation_id']}/page-views",
                        json={"url": "http://testserver/kontakt", "title": "Kontakt"}, headers=auth(convo))
    assert again.status_code == 204
    assert count(widget, EventRow) >= 3  # chat_started and two page views


def test_a_page_view_during_a_turn_and_the_turn_both_count(widget: TestClient,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The lead's message is answered just after a page view has loaded the lead and before
    it records the view: the turn waits for the view (or the view waited 1 s for the turn);
    the lead's state then counts the view, the start's view and the message. Before, the view
    saved the lead as it had read it, without the message (both stores)."""
    convo = start(widget, url="http://testserver/", title="Start")
    services = widget.app.state.services  # type: ignore[attr-defined]

    def message() -> None:
        turn.handle_message(services, conversation_id=convo["conversation_id"],
                            token=convo["token"], text="Wir sind ein Steuerbüro mit 5 Leuten.")

    with turn_inside(monkeypatch, widget_api, "add_events", run_turn=message):
        viewed = widget.post(f"{SITE}/conversations/{convo['conversation_id']}/page-views",
                             json={"url": "http://testserver/preise", "title": "Preise"},
                             headers=auth(convo))
    assert viewed.status_code == 204
    with Session(services.db) as session:
        conversation = session.get(Conversation, convo["conversation_id"])
        assert conversation is not None
        lead = session.get(Lead, conversation.lead_id)
        assert lead is not None
        kept = {name: summary["count"] for name, summary in lead.score_state["types"].items()}
    assert kept == {"chat_started": 1, "page_view": 2, "chat_message": 1}


def test_the_reply_streams_word_by_word_after_the_message_is_stored(widget: TestClient) -> None:
    convo = start(widget)
    response = say(widget, convo, "Wir verlieren Anfragen, weil keiner zurückruft.")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    frames = events_of(response.text)
    names = [name for name, _ in frames]
    assert names[:2] == ["stored", "reply"] and names[-1] == "done" and names.count("delta") >= 3
    streamed = "".join(data["text"] for name, data in frames if name == "delta")
    with Session(widget.app.state.services.db) as session:  # type: ignore[attr-defined]
        rows = session.exec(select(MessageRow).order_by(MessageRow.seq)).all()
    assert [r.role for r in rows] == ["bot", "lead", "bot"]
    assert streamed == rows[-1].text
    assert frames[0][1]["id"] == rows[1].id and frames[1][1]["seq"] == rows[2].seq
    assert frames[-1][1] == {"held": False, "status": "open", "contact": None, "lang": "de"}


def test_bad_messages_tokens_and_conversations(widget: TestClient) -> None:
    convo = start(widget)
    assert say(widget, convo, "x" * 2001).status_code == 422
    assert say(widget, convo, "   ").status_code == 422
    wrong = widget.post(f"{SITE}/conversations/{convo['conversation_id']}/messages", json={"text": "hi"},
                        headers={**SELF, "Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "token_invalid"
    gone = widget.post(f"{SITE}/conversations/unknown/messages", json={"text": "hi"}, headers=auth(convo))
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "conversation_gone"
    assert count(widget, MessageRow) == 1  # only the greeting


def test_messages_per_conversation_are_limited_with_retry_after(widget: TestClient) -> None:
    convo = start(widget)
    assert [say(widget, convo, f"Nachricht {n}").status_code for n in range(3)] == [200, 200, 200]
    refused = say(widget, convo, "eine zu viel")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in refused.headers["access-control-expose-headers"]
    assert say(widget, start(widget), "ein anderes Gespräch").status_code == 200


def test_the_contact_channel_is_validated_and_stored_on_the_lead(widget: TestClient) -> None:
    convo = start(widget)
    url = f"{SITE}/conversations/{convo['conversation_id']}/contact"
    bad = widget.post(url, json={"channel": "email", "value": "anna@"}, headers=auth(convo))
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_contact"
    assert widget.post(url, json={"channel": "phone", "value": "12"}, headers=auth(convo)).status_code == 422
    assert widget.post(url, json={"channel": "fax", "value": "1"}, headers=auth(convo)).status_code == 422
    ok = widget.post(url, json={"channel": "phone", "value": "030 1234567"}, headers=auth(convo))
    assert ok.status_code == 200 and ok.json() == {"channel": "phone", "value": "+49301234567"}
    with Session(widget.app.state.services.db) as session:  # type: ignore[attr-defined]
        lead = session.exec(select(Lead)).one()
    assert (lead.contact_channel, lead.phone) == ("phone", "+49301234567")
    record = widget.get(f"/api/v1/leads/{lead.id}", headers={"Authorization": f"Bearer {API_KEY}"})
    assert record.status_code == 200, record.text
    assert record.json()["profile"]["contact_channel"] == "phone"
    assert record.json()["profile"]["phone"] == "+49301234567"


def test_the_greeting_shown_before_the_first_message_is_the_one_stored(db_engine: Engine) -> None:
    from bot.knowledge import load_knowledge
    from web.app import create_app

    ensure_demo_site(db_engine)
    services = make_services(db_engine)
    services.knowledge = load_knowledge(DEMO_KNOWLEDGE)
    for address in ("sie", "du"):
        services.address = address
        with TestClient(create_app(make_settings(), services)) as client:
            for lang in ("de", "en"):
                shown = client.get(f"{SITE}?lang={lang}", headers=SELF).json()["greeting"]
                assert "Kranich Digital" in shown
                convo = client.post(f"{SITE}/conversations", json={"lang": lang}, headers=SELF).json()
                assert [m["text"] for m in convo["messages"]] == [shown]


def test_widget_js_is_small_and_served(widget: TestClient) -> None:
    import gzip

    response = widget.get("/widget.js")
    assert response.status_code == 200 and "javascript" in response.headers["content-type"]
    assert len(gzip.compress(response.content)) <= 15 * 1024
    for hook in ("setter-launcher", "setter-input", "setter-send", "setter-message"):
        assert hook in response.text
    page = widget.get("/")
    assert page.status_code == 200 and 'data-site="demo"' in page.text


def test_the_widget_start_and_messages_take_an_idempotency_key(widget: TestClient) -> None:
    keyed_start = {**SELF, "Idempotency-Key": "s-1"}
    first = widget.post(f"{SITE}/conversations", json={"lang": "de"}, headers=keyed_start)
    again = widget.post(f"{SITE}/conversations", json={"lang": "de"}, headers=keyed_start)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert count(widget, Conversation) == 1
    other = widget.post(f"{SITE}/conversations", json={"lang": "en"}, headers=keyed_start)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    convo = first.json()
    url = f"{SITE}/conversations/{convo['conversation_id']}/messages"
    keyed = {**auth(convo), "Idempotency-Key": "m-1"}
    one = widget.post(url, json={"text": "Wir sind eine Zahnarztpraxis."}, headers=keyed)
    two = widget.post(url, json={"text": "Wir sind eine Zahnarztpraxis."}, headers=keyed)
    assert one.status_code == two.status_code == 200
    assert two.text == one.text and [n for n, _ in events_of(two.text)][-1] == "done"
    assert two.headers["idempotent-replayed"] == "true" and "access-control-allow-origin" in two.headers
    assert "Idempotent-Replayed" in one.headers["access-control-expose-headers"]
    clash = widget.post(url, json={"text": "Etwas anderes."}, headers=keyed)
    assert clash.status_code == 409 and clash.json()["error"]["code"] == "idempotency_key_reused"
    with Session(widget.app.state.services.db) as session:  # type: ignore[attr-defined]
        roles = [m.role for m in session.exec(select(MessageRow).order_by(MessageRow.seq)).all()]
    assert roles == ["bot", "lead", "bot"]  # stored and answered once
    views = f"{SITE}/conversations/{convo['conversation_id']}/page-views"
    page = {"url": "https://example.com/preise", "title": "Preise"}
    keyed_view = {**auth(convo), "Idempotency-Key": "v-1"}
    assert [widget.post(views, json=page, headers=keyed_view).status_code for _ in range(2)] == [204, 204]
    with Session(widget.app.state.services.db) as session:  # type: ignore[attr-defined]
        kinds = [e.type for e in session.exec(select(EventRow)).all()]
    assert kinds.count("page_view") == 1


def test_a_start_key_is_the_visitors_own(widget: TestClient) -> None:
    """The same key from another origin or client address starts its own conversation: a
    guessed key never hands out someone else's token."""
    mine = widget.post(f"{SITE}/conversations", json={"lang": "de"}, headers={**SELF, "Idempotency-Key": "k"})
    assert mine.status_code == 201
    # the same app and database, another client address
    with TestClient(widget.app, raise_server_exceptions=False, client=("203.0.113.9", 5000)) as stranger:
        theirs = stranger.post(f"{SITE}/conversations", json={"lang": "de"},
                               headers={**SELF, "Idempotency-Key": "k"})
    assert theirs.status_code == 201 and "idempotent-replayed" not in theirs.headers
    assert theirs.json()["token"] != mine.json()["token"]


def test_the_widget_preflight_allows_the_idempotency_key(widget: TestClient) -> None:
    preflight = widget.options(f"{SITE}/conversations", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, idempotency-key"})
    assert preflight.status_code == 204
    assert "Idempotency-Key" in preflight.headers["access-control-allow-headers"]
