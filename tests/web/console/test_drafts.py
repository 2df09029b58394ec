"""The email-draft approval list: what waits, edit, approve (sent to a local SMTP server),
discard, each recorded with who and when; the errors a setter can meet; closers see only the
drafts of leads handed to them."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bot import privacy
from bot.email import drafts
from bot.store.db import session_scope
from bot.store.models import EmailDraft, EmailMessageRow, Lead
from tests.email.conftest import Inbox, smtp_server  # noqa: F401  (the aiosmtpd fixture)
from tests.web.console.conftest import Console, console_on
from tests.web.console.helpers import PARTIAL, SCRIPT, login, post, seed, soup


@pytest.fixture
def mailing(sqlite_engine: Engine, smtp_server: tuple[Inbox, str]) -> Iterator[tuple[Console, Inbox]]:  # noqa: F811
    """The console sending through a local aiosmtpd server."""
    inbox, url = smtp_server
    for console in console_on(sqlite_engine, smtp_url=url):
        yield console, inbox


def _lead(console: Console, name: str = "Anna Berger", email: str = "anna@kanzlei-berger.de") -> str:
    return seed(console.services, PARTIAL, name=name, email=email).lead_id


def _draft(console: Console, lead_id: str, *, kind: str = "reply", subject: str = "Re: Ihre Anfrage",
           body: str = "Guten Tag Frau Berger,\n\ndanke für Ihre Antwort!",
           reason: str = "the lead asked about prices", said: str = "") -> str:
    with session_scope(console.engine) as session:
        lead = session.get(Lead, lead_id)
        source = None
        if said:
            row = EmailMessageRow(message_id=f"{lead_id}@mail.example", direction="in",
                                  lead_id=lead_id, raw=b"", reply_text=said)
            session.add(row)
            session.flush()
            source = row.id
        draft = drafts.create_draft(session, lead=lead, kind=kind, subject=subject, body=body,
                                    reason=reason, lang="de", source_email_id=source)
        assert draft is not None
        return draft.id


def _stored(console: Console, draft_id: str) -> EmailDraft:
    with session_scope(console.engine) as session:
        return drafts.get_draft(session, draft_id)


def _nav_count(html: str) -> str | None:
    badge = soup(html).select_one("header nav a.nav-drafts .nav-count")
    return badge.get_text(strip=True) if badge else None


def _history(console: Console, lead_id: str) -> list[str]:
    page = soup(console.client.get(f"/console/leads/{lead_id}").text)
    return [row.get_text(" ", strip=True) for row in page.select("#history tr.action-row")]


def test_the_list_shows_each_waiting_draft_with_lead_text_and_reason(console_both: Console) -> None:
    console = console_both
    anna = _lead(console)
    reply = _draft(console, anna, said="Was kostet das im Monat?")
    bob = _lead(console, name="Bob Brandt", email="bob@brandt.example")
    _draft(console, bob, kind="reactivation", subject="Kurz nachgefragt",
           reason="in nurture; contact again in 4 weeks")
    gone = _draft(console, bob, subject="Alt")
    with session_scope(console.engine) as session:
        drafts.discard_draft(session, gone, actor="x")
    login(console.client, "setter@example.com")
    response = console.client.get("/console/drafts")
    assert response.status_code == 200
    page = soup(response.text)
    assert page.find("h1").get_text(" ", strip=True) == "E-Mail-Entwürfe 2"
    assert _nav_count(response.text) == "2"
    cards = page.select("article.draft")
    assert [c.select_one("a.lead-link").get_text(strip=True) for c in cards] == [
        "Anna Berger", "Bob Brandt"]
    first = cards[0]
    assert first["id"] == f"d-{reply}"
    assert first.select_one("a.lead-link")["href"] == f"/console/leads/{anna}"
    assert first.select_one("input[name=subject]")["value"] == "Re: Ihre Anfrage"
    assert first.select_one("textarea[name=body]").get_text() == \
        "Guten Tag Frau Berger,\n\ndanke für Ihre Antwort!"
    assert first.select_one(".why").get_text(" ", strip=True) == \
        "Warum: the lead asked about prices"
    assert first.select_one("blockquote").get_text() == "Was kostet das im Monat?"
    assert "An: anna@kanzlei-berger.de · Antwort auf eine E-Mail" in first.get_text(" ", strip=True)
    assert "Reaktivierung" in cards[1].select_one("p.small").get_text()
    for form in page.select("article.draft form"):
        assert form["method"] == "post"
        assert form.select_one("input[name=csrf]")["value"]
    # no SMTP configured here: said up front, and the send button is off
    assert "SETTER_SMTP_URL" in page.select_one("#smtp-missing").get_text()
    assert first.select_one("button[formaction$='/approve']").has_attr("disabled")


def test_lead_text_in_drafts_is_escaped(console: Console) -> None:
    lead = _lead(console, name=SCRIPT)
    _draft(console, lead, subject=SCRIPT, body=SCRIPT, reason=SCRIPT, said=SCRIPT)
    login(console.client, "setter@example.com")
    response = console.client.get("/console/drafts")
    assert SCRIPT not in response.text
    card = soup(response.text).select_one("article.draft")
    assert card.select_one("a.lead-link").get_text() == SCRIPT
    assert card.select_one("textarea").get_text() == SCRIPT
    assert card.select_one("blockquote").get_text() == SCRIPT


def test_edit_saves_the_setters_words_and_records_who(console_both: Console) -> None:
    console = console_both
    lead = _lead(console)
    draft = _draft(console, lead)
    login(console.client, "setter@example.com")
    response = post(console.client, f"/console/drafts/{draft}/edit",
                    {"subject": "Ihre Frage zum Preis", "body": "Hallo Frau Berger,\r\nanbei."})
    assert (response.status_code, response.headers["location"]) == (303, "/console/drafts?done=saved")
    page = soup(console.client.get(response.headers["location"]).text)
    assert page.select_one("p.done").get_text(strip=True) == "Entwurf gespeichert."
    assert page.select_one("input[name=subject]")["value"] == "Ihre Frage zum Preis"
    stored = _stored(console, draft)
    assert (stored.subject, stored.body, stored.edited_by, stored.status) == (
        "Ihre Frage zum Preis", "Hallo Frau Berger,\nanbei.", "setter@example.com", "draft")
    assert _history(console, lead)[-1].endswith(
        "E-Mail-Entwurf bearbeitet Ihre Frage zum Preis setter@example.com")
    empty = post(console.client, f"/console/drafts/{draft}/edit", {"subject": " ", "body": "x"})
    assert empty.status_code == 422
    assert "Betreff und Text dürfen nicht leer sein" in \
        soup(empty.text).select_one("[role=alert]").get_text()


def test_approve_sends_the_edited_email_and_records_it(mailing: tuple[Console, Inbox]) -> None:
    console, inbox = mailing
    lead = _lead(console)
    draft = _draft(console, lead)
    login(console.client, "setter@example.com")
    page = soup(console.client.get("/console/drafts").text)
    assert page.select_one("#smtp-missing") is None
    assert not page.select_one("button[formaction$='/approve']").has_attr("disabled")
    response = post(console.client, f"/console/drafts/{draft}/approve",
                    {"subject": "Re: Ihre Anfrage", "body": "Guten Tag Frau Berger,\r\nhier die Preise."})
    assert (response.status_code, response.headers["location"]) == (303, "/console/drafts?done=sent")
    after = console.client.get(response.headers["location"]).text
    assert soup(after).select_one("p.done").get_text(strip=True) == "E-Mail gesendet."
    assert soup(after).select("article.draft") == [] and _nav_count(after) is None
    [message] = inbox.messages
    assert message["To"] == "anna@kanzlei-berger.de" and message["Subject"] == "Re: Ihre Anfrage"
    assert "hier die Preise." in message.get_body(("plain",)).get_content()
    stored = _stored(console, draft)
    assert (stored.status, stored.decided_by) == ("sent", "setter@example.com")
    assert stored.sent_at is not None and stored.sent_message_id
    history = _history(console, lead)
    assert history[-2].endswith("E-Mail-Entwurf bearbeitet Re: Ihre Anfrage setter@example.com")
    assert history[-1].endswith("E-Mail gesendet Re: Ihre Anfrage setter@example.com")
    transcript = soup(console.client.get(f"/console/leads/{lead}").text).select("#transcript .msg-text")
    assert transcript[-1].get_text() == "Guten Tag Frau Berger,\nhier die Preise."
    again = post(console.client, f"/console/drafts/{draft}/approve", {})
    assert again.status_code == 409
    assert "schon gesendet oder verworfen" in soup(again.text).select_one("[role=alert]").get_text()
    assert len(inbox.messages) == 1


def test_without_smtp_approving_says_so_and_keeps_the_draft(console: Console) -> None:
    draft = _draft(console, _lead(console))
    login(console.client, "setter@example.com")
    response = post(console.client, f"/console/drafts/{draft}/approve", {})
    assert response.status_code == 503
    assert soup(response.text).select_one("[role=alert] .error-message").get_text(strip=True) == (
        "Der E-Mail-Versand ist nicht eingerichtet: SETTER_SMTP_URL setzen und neu starten. "
        "Der Entwurf bleibt erhalten.")
    assert _stored(console, draft).status == "draft"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_failed_send_says_so_and_the_draft_waits_to_be_tried_again(sqlite_engine: Engine) -> None:
    for console in console_on(sqlite_engine, smtp_url=f"smtp://127.0.0.1:{_closed_port()}"):
        draft = _draft(console, _lead(console))
        login(console.client, "setter@example.com")
        response = post(console.client, f"/console/drafts/{draft}/approve", {})
        assert response.status_code == 502
        alert = soup(response.text).select_one("[role=alert]")
        assert alert.select_one(".error-message").get_text(strip=True).startswith(
            "Der Mailserver hat die E-Mail nicht angenommen.")
        assert "did not take the message" in alert.select_one(".small").get_text()
        assert _stored(console, draft).status == "failed"
        card = soup(console.client.get("/console/drafts").text).select_one("article.draft")
        assert "nicht gesendet" in card.get_text() and "Letzter Versuch" in card.get_text()


def test_a_lead_who_asked_not_to_be_contacted_gets_nothing(mailing: tuple[Console, Inbox]) -> None:
    console, inbox = mailing
    lead = _lead(console)
    draft = _draft(console, lead)
    with session_scope(console.engine) as session:
        privacy.mark_for_erasure(session.get(Lead, lead), "chat")
    login(console.client, "setter@example.com")
    response = post(console.client, f"/console/drafts/{draft}/approve", {})
    assert response.status_code == 409
    assert "möchte nicht kontaktiert werden" in soup(response.text).select_one("[role=alert]").get_text()
    assert inbox.messages == [] and _stored(console, draft).status == "draft"
    discarded = post(console.client, f"/console/drafts/{draft}/discard", {"reason": "Löschwunsch"})
    assert discarded.headers["location"] == "/console/drafts?done=discarded"
    stored = _stored(console, draft)
    assert (stored.status, stored.decided_by, stored.error) == (
        "discarded", "setter@example.com", "Löschwunsch")
    assert _history(console, lead)[-1].endswith(
        "E-Mail-Entwurf verworfen Löschwunsch setter@example.com")


def test_unknown_drafts_and_actions_and_forged_forms(console: Console) -> None:
    draft = _draft(console, _lead(console))
    login(console.client, "setter@example.com")
    missing = post(console.client, "/console/drafts/nope/approve", {})
    assert missing.status_code == 404
    assert soup(missing.text).find("h1").get_text(strip=True) == "Nicht gefunden"
    assert post(console.client, f"/console/drafts/{draft}/explode", {}).status_code == 404
    forged = post(console.client, f"/console/drafts/{draft}/discard", {}, token="forged")
    assert forged.status_code == 403
    assert _stored(console, draft).status == "draft"
    assert console.client.get("/console/drafts?page=0").status_code == 422


def test_closers_see_and_act_on_drafts_of_their_own_leads_only(console: Console) -> None:
    mine = _lead(console, name="Mine Person", email="mine@firm-a.com")
    other = _lead(console, name="Other Person", email="other@firm-b.com")
    my_draft, other_draft = _draft(console, mine), _draft(console, other)
    login(console.client, "setter@example.com")
    assert post(console.client, f"/console/leads/{mine}/handoff",
                {"closer_id": str(console.closer), "summary": "s"}).status_code == 303
    console.client.cookies.clear()
    login(console.client, "closer@example.com")
    response = console.client.get("/console/drafts")
    assert [a.get_text(strip=True) for a in soup(response.text).select("article.draft a.lead-link")] \
        == ["Mine Person"]
    assert _nav_count(response.text) == "1"
    for step in ("edit", "approve", "discard"):
        refused = post(console.client, f"/console/drafts/{other_draft}/{step}",
                       {"subject": "x", "body": "y"})
        assert refused.status_code == 404, step
    assert _stored(console, other_draft).status == "draft"
    assert _stored(console, other_draft).subject == "Re: Ihre Anfrage"
    assert post(console.client, f"/console/drafts/{my_draft}/discard", {}).status_code == 303
    console.client.cookies.clear()
    login(console.client, "other_closer@example.com")
    assert soup(console.client.get("/console/drafts").text).select("article.draft") == []


def test_the_list_in_english(console: Console) -> None:
    _draft(console, _lead(console), kind="reactivation")
    login(console.client, "setter@example.com")
    post(console.client, "/console/settings/lang", {"lang": "en", "next": "/console/drafts"})
    page = soup(console.client.get("/console/drafts").text)
    assert page.find("h1").get_text(" ", strip=True) == "Email drafts 1"
    assert page.select_one("header nav a.nav-drafts").get_text(" ", strip=True) == "Drafts 1"
    assert "reactivation" in page.select_one("article.draft p.small").get_text()
    assert page.select_one("button[formaction$='/approve']").get_text(strip=True) == "Approve and send"
