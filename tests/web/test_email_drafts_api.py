"""The drafts API and the unsubscribe link, through the app (SQLite and PostgreSQL)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from bot.email import drafts
from bot.outbound.email import Outbox
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Lead
from tests.conftest import API_KEY, make_settings
from tests.email.conftest import smtp_server  # noqa: F401 - fixture

HEADERS = {"X-API-Key": API_KEY}


def _draft(client: TestClient, lang: str = "en") -> tuple[str, str]:
    with session_scope(client.app.state.services.db) as session:  # type: ignore[attr-defined]
        lead = repo.create_lead(session, lang=lang, fields={"email": "tom@acme.example"}, context={})
        draft = drafts.create_draft(session, lead=lead, kind="reply", subject="Re: pricing",
                                    body="Hi Tom,\n\nthanks for your reply.", reason="test", lang=lang)
        assert draft is not None
        return lead.id, draft.id


def test_list_edit_discard(client: TestClient) -> None:
    _, draft_id = _draft(client)
    assert client.get("/api/v1/email/drafts").status_code == 401
    listed = client.get("/api/v1/email/drafts", headers=HEADERS).json()["drafts"]
    assert [d["id"] for d in listed] == [draft_id] and listed[0]["to"] == "tom@acme.example"
    edited = client.patch(f"/api/v1/email/drafts/{draft_id}", headers=HEADERS,
                          json={"body": "Hi Tom, short and sweet."})
    assert edited.status_code == 200 and edited.json()["body"] == "Hi Tom, short and sweet."
    assert client.patch(f"/api/v1/email/drafts/{draft_id}", headers=HEADERS,
                        json={"body": ""}).status_code == 422
    gone = client.post(f"/api/v1/email/drafts/{draft_id}/discard", headers=HEADERS,
                       json={"reason": "not needed"})
    assert gone.json()["status"] == "discarded"
    again = client.post(f"/api/v1/email/drafts/{draft_id}/discard", headers=HEADERS)
    assert again.status_code == 409 and again.json()["error"]["code"] == "draft_conflict"
    assert client.post("/api/v1/email/drafts/nope/approve", headers=HEADERS).status_code == 404


def test_approve_without_smtp_is_503(client: TestClient) -> None:
    _, draft_id = _draft(client)
    response = client.post(f"/api/v1/email/drafts/{draft_id}/approve", headers=HEADERS)
    assert response.status_code == 503
    assert "SETTER_SMTP_URL" in response.json()["error"]["message"]


def test_approve_sends_and_the_unsubscribe_link_works(client: TestClient, smtp_server) -> None:  # noqa: F811
    inbox, url = smtp_server
    client.app.state.outbox = Outbox.from_settings(make_settings(smtp_url=url))  # type: ignore[attr-defined]
    lead_id, draft_id = _draft(client)
    sent = client.post(f"/api/v1/email/drafts/{draft_id}/approve", headers=HEADERS)
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    link = inbox.messages[0]["List-Unsubscribe"].strip().strip("<>")
    path = "/" + link.split("/", 3)[3]
    page = BeautifulSoup(client.get(path).text, "html.parser")
    assert "stop receiving" in page.get_text() and page.find("button")
    with session_scope(client.app.state.services.db) as session:  # type: ignore[attr-defined]
        lead = session.get(Lead, lead_id)
        assert lead is not None and "do_not_contact" not in lead.flags  # GET changes nothing
    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "unsubscribed" in BeautifulSoup(done.text, "html.parser").get_text()
    with session_scope(client.app.state.services.db) as session:  # type: ignore[attr-defined]
        lead = session.get(Lead, lead_id)
        assert lead is not None and "do_not_contact" in lead.flags
    assert client.get("/email/unsubscribe/not-a-token").status_code == 404
