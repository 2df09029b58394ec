"""Inbound email through the API (SQLite and PostgreSQL): storing, matching, facts, drafts,
opt-out, reactivation and bad input. Messages are written for these tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from bot.clock import utcnow
from bot.conversation import turn
from bot.email import drafts
from bot.email.reactivation import draft_due, due_leads
from bot.outbound.email import Outbox
from bot.store.db import session_scope
from bot.store.models import EmailDraft, EmailMessageRow, EventRow, FactRow, Lead, MessageRow
from tests.conftest import API_KEY, make_settings
from tests.email.conftest import smtp_server  # noqa: F401 - fixture

RAW = {"X-API-Key": API_KEY, "Content-Type": "message/rfc822"}


def _mail(body: str, *, sender: str = "Anna Berger <anna@kanzlei-berger.de>", msg_id: str = "m1@lead.de",
          in_reply_to: str | None = None, extra: str = "", ctype: str = "text/plain; charset=utf-8",
          date: str = "Mon, 30 Nov 2026 09:15:00 +0100") -> bytes:
    head = (f"From: {sender}\r\nTo: team@setter.example\r\nSubject: Re: Ihre Anfrage\r\n"
            f"Date: {date}\r\nMessage-ID: <{msg_id}>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: {ctype}\r\n{extra}")
    if in_reply_to:
        head += f"In-Reply-To: <{in_reply_to}>\r\nReferences: <{in_reply_to}>\r\n"
    return (head + "\r\n" + body).encode("utf-8")


GERMAN_REPLY = ("Guten Tag,\r\n\r\nwir sind eine Steuerkanzlei und verlieren Anfragen, weil keiner "
                "zurückruft. Bis Ende März sollte das gelöst sein. Budget: rund 400 Euro im Monat.\r\n"
                "\r\nMit freundlichen Grüßen\r\nAnna Berger\r\nInhaberin\r\n\r\n"
                "Am 27.11.2026 um 10:02 schrieb Team <team@setter.example>:\r\n"
                "> Wie viel Budget haben Sie eingeplant? Wir haben 10.000 Euro im Jahr.\r\n")


def _db(client: TestClient):  # noqa: ANN202
    return client.app.state.services.db  # type: ignore[attr-defined]


def test_reply_is_stored_with_facts_event_and_draft(client: TestClient) -> None:
    response = client.post("/api/v1/email/inbound", content=_mail(GERMAN_REPLY), headers=RAW)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["matched_by"] == "new_lead" and body["intent"] == "interested"
    assert "Steuerkanzlei" in body["reply_text"] and "10.000" not in body["reply_text"]
    with session_scope(_db(client)) as session:
        lead = session.get(Lead, body["lead_id"])
        assert lead is not None and lead.email == "anna@kanzlei-berger.de" and lead.name == "Anna Berger"
        facts = {f.slot: f for f in session.exec(select(FactRow))}
        assert facts["budget"].value["max"] == 400  # the quoted 10.000 is never read
        assert facts["timing"].value["deadline"] == "2027-03-31"  # Date header as reference
        assert facts["authority"].value["level"] == "decision_maker"
        row = session.exec(select(EmailMessageRow)).one()
        assert row.raw.startswith(b"From: Anna Berger") and row.direction == "in"
        transcript = session.exec(select(MessageRow)).all()
        assert [m.role for m in transcript] == ["lead"] and "Steuerkanzlei" in transcript[0].text
        assert [e.type for e in session.exec(select(EventRow))] == ["reply_received"]
        [draft] = drafts.list_drafts(session)
        assert draft.lang == "de" and draft.in_reply_to == "m1@lead.de"
        assert draft.body.startswith("Guten Tag Anna Berger") and draft.subject == "AW: Ihre Anfrage"
    again = client.post("/api/v1/email/inbound", content=_mail(GERMAN_REPLY), headers=RAW)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    with session_scope(_db(client)) as session:
        assert len(session.exec(select(EmailMessageRow)).all()) == 1


def test_thread_matching_in_reply_to_then_sender(client: TestClient, smtp_server) -> None:  # noqa: F811
    inbox, url = smtp_server
    client.app.state.outbox = Outbox.from_settings(make_settings(smtp_url=url))  # type: ignore[attr-defined]
    first = client.post("/api/v1/email/inbound", content=_mail(GERMAN_REPLY), headers=RAW).json()
    with session_scope(_db(client)) as session:
        draft_id = drafts.list_drafts(session)[0].id
    sent = client.post(f"/api/v1/email/drafts/{draft_id}/approve", headers={"X-API-Key": API_KEY})
    our_id = sent.json()["sent_message_id"]
    # a reply from another address to our email still finds the lead through In-Reply-To
    answer = _mail("Ja, gerne. Ich entscheide das allein.", sender="a.berger@privat.de",
                   msg_id="m2@lead.de", in_reply_to=our_id)
    second = client.post("/api/v1/email/inbound", content=answer, headers=RAW).json()
    assert (second["lead_id"], second["matched_by"]) == (first["lead_id"], "in_reply_to")
    question = _mail("Noch eine Frage: gibt es eine Testphase?", msg_id="m3@lead.de")
    by_sender = client.post("/api/v1/email/inbound", headers=RAW, content=question).json()
    assert (by_sender["lead_id"], by_sender["matched_by"]) == (first["lead_id"], "sender")
    assert by_sender["intent"] == "question"
    stranger = client.post("/api/v1/email/inbound", headers=RAW, content=_mail(
        "Hello, what does it cost?", sender="tom@other.example", msg_id="m4@other")).json()
    assert stranger["matched_by"] == "new_lead" and stranger["lead_id"] != first["lead_id"]


def test_json_webhook_shape(client: TestClient) -> None:
    payload = {"from": "Tom Baker <tom@acme.example>", "to": "team@setter.example",
               "subject": "Re: your offer", "text": "Thanks, but we're not interested.\n\n"
               "On Mon, Nov 30, 2026 at 9:00 AM Team <team@setter.example> wrote:\n> Any questions?",
               "message_id": "<j1@acme.example>"}
    response = client.post("/api/v1/email/inbound", json=payload, headers={"X-API-Key": API_KEY})
    assert response.status_code == 201 and response.json()["intent"] == "not_interested"
    assert response.json()["reply_text"] == "Thanks, but we're not interested."
    with session_scope(_db(client)) as session:
        assert drafts.list_drafts(session) == []  # no draft for a no
        row = session.exec(select(EmailMessageRow)).one()
        assert row.raw_format == "json" and b"not interested" in row.raw
    assert client.post("/api/v1/email/inbound", json={"from": "x@y.z"},
                       headers={"X-API-Key": API_KEY}).status_code == 422
    assert client.post("/api/v1/email/inbound", json=payload | {"bogus": 1},
                       headers={"X-API-Key": API_KEY}).status_code == 422


def test_json_headers_that_are_not_ascii_are_kept_not_a_500(client: TestClient) -> None:
    payload = {"from": "Jürgen Müß <jm@bäckerei.example>", "subject": "Grüße",
               "message_id": "<\u00fcber-\u0080@bäckerei.example>", "text": "Wir brauchen neue Fenster."}
    response = client.post("/api/v1/email/inbound", json=payload, headers={"X-API-Key": API_KEY})
    assert response.status_code == 201, response.text
    assert response.json()["reply_text"] == "Wir brauchen neue Fenster."
    forged = payload | {"message_id": "<a@b.example>", "subject": "Hallo\rBcc: x@evil.example",
                        "headers": {"X-Note": "eins\r\nzwei"}}
    response = client.post("/api/v1/email/inbound", json=forged, headers={"X-API-Key": API_KEY})
    assert response.status_code == 201, response.text
    bad_name = payload | {"message_id": "<c@b.example>", "headers": {"Bad Name:": "x"}}
    response = client.post("/api/v1/email/inbound", json=bad_name, headers={"X-API-Key": API_KEY})
    assert response.status_code in (201, 422), response.text


def test_unsubscribe_reply_is_do_not_contact_everywhere(client: TestClient) -> None:
    started = turn.start_conversation(client.app.state.services, channel="web", lang="de",  # type: ignore[attr-defined]
                                      lead_fields={"email": "anna@kanzlei-berger.de"}, context={})
    reply = _mail("Bitte nehmen Sie mich aus Ihrem Verteiler, danke.", msg_id="u1@lead.de")
    body = client.post("/api/v1/email/inbound", content=reply, headers=RAW).json()
    assert body["intent"] == "unsubscribe" and body["lead_id"] == started.lead_id
    with session_scope(_db(client)) as session:
        lead = session.get(Lead, started.lead_id)
        assert lead is not None and "do_not_contact" in lead.flags and lead.stage == "disqualified"
        assert drafts.list_drafts(session) == []
    chat = client.post(f"/api/v1/conversations/{started.conversation_id}/messages",
                       headers={"Authorization": f"Bearer {started.token}"},
                       json={"text": "Wir brauchen eigentlich doch ein neues Telefonsystem."})
    assert "kontaktieren Sie nicht mehr" in chat.json()["reply"]["text"]
    later = _mail("Was kostet das?", msg_id="u2@lead.de")
    assert client.post("/api/v1/email/inbound", content=later, headers=RAW).status_code == 201
    with session_scope(_db(client)) as session:
        assert drafts.list_drafts(session) == []  # never again


ERASURE_MAILS = [
    ("de", "Guten Tag,\r\n\r\nbitte löschen Sie meine Daten. Wir haben kein Interesse.\r\n\r\n"
           "Mit freundlichen Grüßen\r\nAnna Berger\r\n"),
    ("de", "Bitte tragen Sie mich aus und löschen Sie alles, was Sie über mich gespeichert haben.\r\n"),
    ("en", "Hi,\r\n\r\nplease delete my data.\r\n\r\nThanks, Anna\r\n"),
    ("en", "Please unsubscribe me and delete my email address from your database.\r\n"),
]


@pytest.mark.parametrize(("lang", "body"), ERASURE_MAILS)
def test_a_deletion_request_by_email_is_marked_for_erasure_like_in_chat(client: TestClient, lang: str,
                                                                        body: str) -> None:
    """Routed to bot/privacy as a chat request is: flagged erasure_requested (via email),
    do-not-contact, listed for the admin; no draft and no facts from it; erasing clears it."""
    started = turn.start_conversation(client.app.state.services, channel="web", lang=lang,  # type: ignore[attr-defined]
                                      lead_fields={"email": "anna@kanzlei-berger.de"}, context={})
    quoted = "\r\n> Budget: 400 Euro im Monat? Sind Sie die Inhaberin?\r\n"
    response = client.post("/api/v1/email/inbound", content=_mail(body + quoted, msg_id="del@lead.de"),
                           headers=RAW)
    assert response.status_code == 201 and response.json()["lead_id"] == started.lead_id
    record = client.get(f"/api/v1/leads/{started.lead_id}", headers={"X-API-Key": API_KEY}).json()
    assert {"erasure_requested", "erasure_via_email", "do_not_contact"} <= set(record["flags"])
    listed = client.get("/api/v1/privacy/erasure-requests", headers={"X-API-Key": API_KEY}).json()["leads"]
    assert [lead["lead_id"] for lead in listed] == [started.lead_id]
    with session_scope(_db(client)) as session:
        assert drafts.list_drafts(session) == []
        assert session.exec(select(FactRow)).all() == []
    key = {"X-API-Key": API_KEY}
    assert client.delete(f"/api/v1/leads/{started.lead_id}", headers=key).status_code == 200
    assert client.get("/api/v1/privacy/erasure-requests", headers=key).json()["leads"] == []


def test_a_deletion_request_in_the_subject_counts_and_talk_about_data_does_not(client: TestClient) -> None:
    payload = {"from": "Tom Baker <tom@acme.example>", "subject": "Please delete my data",
               "text": "Thanks.", "message_id": "<s1@acme.example>"}
    flagged = client.post("/api/v1/email/inbound", json=payload, headers={"X-API-Key": API_KEY}).json()
    business = {"from": "Eva Roth <eva@praxis.example>", "subject": "Re: Löschen Sie meine Daten?",
                "message_id": "<s2@praxis.example>",
                "text": "Wir löschen Kundendaten bisher von Hand, das kostet Zeit. Budget 300 Euro im Monat."}
    kept = client.post("/api/v1/email/inbound", json=business, headers={"X-API-Key": API_KEY}).json()
    with session_scope(_db(client)) as session:
        tom, eva = session.get(Lead, flagged["lead_id"]), session.get(Lead, kept["lead_id"])
        assert tom is not None and "erasure_requested" in tom.flags
        assert eva is not None and "erasure_requested" not in (eva.flags or [])
        assert [d.lead_id for d in drafts.list_drafts(session)] == [eva.id]


@pytest.mark.parametrize("text", [
    "Does your tool delete data after 30 days (GDPR)? If so we would like a demo.",
    "Ist das Ganze DSGVO-konform? Dann gerne ein Angebot für unsere zwei Praxen.",
])
def test_a_buyer_asking_about_gdpr_is_not_unsubscribed(client: TestClient, text: str) -> None:
    """A question about data protection is a buyer's question: the lead keeps getting a
    draft and is not marked do-not-contact or for erasure."""
    payload = {"from": "Eva Roth <eva@praxis.example>", "subject": "Re: Ihre Anfrage",
               "message_id": "<g1@praxis.example>", "text": text}
    answer = client.post("/api/v1/email/inbound", json=payload, headers={"X-API-Key": API_KEY}).json()
    assert answer["intent"] != "unsubscribe" and answer["draft_id"]
    with session_scope(_db(client)) as session:
        lead = session.get(Lead, answer["lead_id"])
        assert lead is not None
        assert not {"do_not_contact", "erasure_requested"} & set(lead.flags or [])


def test_auto_reply_sets_the_reactivation_day_and_is_not_engagement(client: TestClient) -> None:
    today = utcnow()
    back = (today + timedelta(days=10)).strftime("%d.%m.%Y")
    ooo = _mail(f"Ich bin bis einschließlich {back} nicht im Büro.", msg_id="a1@lead.de",
                extra="Auto-Submitted: auto-replied\r\n",
                date=today.strftime("%a, %d %b %Y %H:%M:%S +0000"))
    body = client.post("/api/v1/email/inbound", content=ooo, headers=RAW).json()
    assert body["intent"] == "auto_reply"
    db = _db(client)
    with session_scope(db) as session:
        assert session.exec(select(EventRow)).all() == []
        assert due_leads(session, today) == []
        # back the day after the last day away, followed up the day after that
        [due] = due_leads(session, today + timedelta(days=13))
        assert due.due.date() == (today + timedelta(days=12)).date()
    assert draft_due(db, today) == []
    made = draft_due(db, today + timedelta(days=13))
    assert len(made) == 1 and made[0].kind == "reactivation" and "Guten Tag" in made[0].body
    assert draft_due(db, today + timedelta(days=14)) == []  # drafted once per due day


def test_reactivation_from_the_next_action_and_answer_leaves_the_track(client: TestClient) -> None:
    body = client.post("/api/v1/email/inbound", headers=RAW, content=_mail(
        "Danke, aber wir haben dafür aktuell kein Budget. Vielleicht nächstes Jahr.",
        msg_id="n1@lead.de")).json()
    assert body["intent"] in ("not_now", "not_interested")
    db = _db(client)
    with session_scope(db) as session:
        lead = session.get(Lead, body["lead_id"])
        assert lead is not None and lead.next_action["kind"] == "reactivate"
        due = lead.next_action["due"]
    weeks = (utcnow() + timedelta(weeks=7))
    assert draft_due(db, utcnow()) == []
    [draft] = draft_due(db, weeks)
    assert "kein Budget" in draft.body and draft.due_at is not None
    assert draft.due_at.isoformat()[:10] == due[:10]
    client.post("/api/v1/email/inbound", headers=RAW, content=_mail("Doch, jetzt passt es!",
                                                                   msg_id="n2@lead.de"))
    with session_scope(db) as session:
        assert session.get(EmailDraft, draft.id).status == "discarded"  # type: ignore[union-attr]


def test_bad_input(client: TestClient) -> None:
    key = {"X-API-Key": API_KEY}
    assert client.post("/api/v1/email/inbound", content=_mail("x"),
                       headers={"Content-Type": "message/rfc822"}).status_code == 401
    assert client.post("/api/v1/email/inbound", content=b"  ", headers=RAW).status_code == 400
    assert client.post("/api/v1/email/inbound", content=b"x", headers=key | {
        "Content-Type": "image/png"}).status_code == 415
    big = _mail("a" * (11 * 1024 * 1024))
    assert client.post("/api/v1/email/inbound", content=big, headers=RAW).status_code == 413
    assert client.post("/api/v1/email/inbound", content=b"{", headers=key | {
        "Content-Type": "application/json"}).status_code == 400
    odd = _mail("Gr\xfc\xdfe".encode("latin-1").decode("latin-1"), ctype="text/plain; charset=x-unknown",
                msg_id="b1@x")
    assert client.post("/api/v1/email/inbound", content=odd, headers=RAW).status_code == 201
    broken = (b"From: =?utf-8?q?broken\r\nSubject: =?bogus?b?????=\r\n"
              b"Content-Type: multipart/mixed\r\n\r\nno boundary")
    assert client.post("/api/v1/email/inbound", content=broken, headers=RAW).status_code == 201
    script = _mail("<html><body><p>Hallo <script>alert(1)</script><b>Team</b></p></body></html>",
                   ctype="text/html; charset=utf-8", msg_id="h1@x")
    shown = client.post("/api/v1/email/inbound", content=script, headers=RAW).json()
    assert shown["reply_text"] == "Hallo Team"
    empty = _mail("", msg_id="e1@x")
    assert client.post("/api/v1/email/inbound", content=empty, headers=RAW).status_code == 201
    with session_scope(_db(client)) as session:
        assert len(session.exec(select(EmailMessageRow)).all()) == 4  # each kept, raw and all


def test_a_placeholder_date_header_is_read_as_now(client: TestClient) -> None:
    """A Date header of 1970 (or 0001) is no time a reply was written: the reply is processed
    as of now (event, facts, draft), not lost to an event refused as implausibly old."""
    reply = _mail(GERMAN_REPLY, msg_id="old@lead.de", date="Thu, 01 Jan 1970 00:00:00 +0000")
    body = client.post("/api/v1/email/inbound", content=reply, headers=RAW).json()
    with session_scope(_db(client)) as session:
        [event] = session.exec(select(EventRow)).all()
        assert event.type == "reply_received" and event.occurred_at.year >= 2026
        assert drafts.list_drafts(session) and session.get(Lead, body["lead_id"]) is not None


def _nested(body: str, depth: int, kind: str) -> str:
    """`body` as a text part inside `depth` multipart (or message/rfc822) wrappers."""
    part = f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    for level in range(depth):
        if kind == "multipart":
            part = (f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n'
                    f"--b{level}\r\n{part}\r\n--b{level}--\r\n")
        else:
            part = f"Content-Type: message/rfc822\r\n\r\n{part}"
    return part


@pytest.mark.parametrize("kind", ["multipart", "message/rfc822"])
def test_parts_nested_thousands_deep_are_refused_not_a_500(client: TestClient, kind: str) -> None:
    """The email package recurses once per level: a crafted message of 2,000 nested parts used
    to answer 500. It is now a 422 that says why; a forward a few levels deep is still read."""
    head = "From: Anna <anna@kanzlei-berger.de>\r\nMessage-ID: <{id}>\r\n"
    deep = (head.format(id=f"deep-{kind}@x") + _nested("Budget 400 Euro", 2000, kind)).encode()
    response = client.post("/api/v1/email/inbound", content=deep, headers=RAW)
    assert response.status_code == 422, response.text
    error = response.json()["error"]  # too deep, or (multipart) too many parts to begin with
    assert error["code"] == "invalid_email"
    assert error["message"] in ("the message's parts are nested too deeply to read",
                                "the message has more than 2,000 lines that may start a part; "
                                "a reply has a few parts")
    forward = (head.format(id=f"fwd-{kind}@x") + _nested("Budget 400 Euro im Monat.", 5, kind)).encode()
    read = client.post("/api/v1/email/inbound", content=forward, headers=RAW)
    assert read.status_code == 201 and "400 Euro" in read.json()["reply_text"]
    with session_scope(_db(client)) as session:
        assert len(session.exec(select(EmailMessageRow)).all()) == 1  # the refused one not stored


def test_nul_characters_in_a_raw_reply_are_dropped_and_the_reply_kept(client: TestClient) -> None:
    """A NUL byte (a broken mailer) cannot be stored as text on PostgreSQL: the reply used to
    be refused there (422) and stored on SQLite. It is read without them on both stores; the
    raw message keeps its bytes."""
    message = _mail("Wir haben ein Budget von 400\x00 Euro im Monat.\x00", msg_id="nul@lead.de",
                    extra="X-Note: a\x00b\r\n").replace(b"Subject: Re:", b"Subject: Re:\x00")
    response = client.post("/api/v1/email/inbound", content=message, headers=RAW)
    assert response.status_code == 201, response.text
    assert response.json()["reply_text"] == "Wir haben ein Budget von 400 Euro im Monat."
    with session_scope(_db(client)) as session:
        row = session.exec(select(EmailMessageRow)).one()
        assert row.raw == message and row.subject == "Re: Ihre Anfrage"
        [budget] = session.exec(select(FactRow).where(FactRow.slot == "budget")).all()
        assert budget.value["max"] == 400 and "\x00" not in budget.quote


def test_setter_email_parse_reports_a_message_it_cannot_read_and_goes_on(tmp_path, capsys) -> None:  # noqa: ANN001
    from io import StringIO

    from bot.cli.email import parse_files

    deep = tmp_path / "deep.eml"
    deep.write_bytes(("From: a@b.de\r\n" + _nested("hi", 2000, "message/rfc822")).encode())
    fine = tmp_path / "fine.eml"
    fine.write_bytes(_mail("Budget 400 Euro im Monat."))
    out = StringIO()
    assert parse_files([deep, fine], out) == 1
    assert "nested too deeply" in capsys.readouterr().err
    assert "400 Euro" in out.getvalue() and len(out.getvalue().splitlines()) == 1


def test_a_large_message_is_read_off_the_event_loop_and_only_its_start(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading is linear in the length: 2 MB of text took 3 s, 5 MB of HTML 12 s, on the event
    loop, so every chat waited. The route now reads in a worker thread, and only the first
    100,000 characters of text (300,000 of HTML, inline images dropped); the raw message is
    stored whole and the cut is noted."""
    import asyncio

    from web.api import email_inbound

    threads: list[bool] = []
    read = email_inbound.ingest_raw

    def in_thread(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        try:
            asyncio.get_running_loop()
            threads.append(False)
        except RuntimeError:  # no loop running here: a worker thread
            threads.append(True)
        return read(*args, **kwargs)

    monkeypatch.setattr(email_inbound, "ingest_raw", in_thread)
    long = "Wir haben ein Budget von 400 Euro im Monat.\r\n" + "Noch eine Zeile ohne Inhalt.\r\n" * 70_000
    message = _mail(long, msg_id="long@lead.de")
    response = client.post("/api/v1/email/inbound", content=message, headers=RAW)
    assert response.status_code == 201, response.text
    assert threads == [True]
    with session_scope(_db(client)) as session:
        row = session.exec(select(EmailMessageRow)).one()
        assert row.raw == message and len(row.reply_text) <= 100_000
        assert "the first 100,000 are read" in " ".join(row.details["problems"])
        [budget] = session.exec(select(FactRow).where(FactRow.slot == "budget")).all()
        assert budget.value["max"] == 400


def test_inline_images_in_html_are_not_read_as_text() -> None:
    from bot.email.mime import parse

    image = "data:image/png;base64," + "iVBORw0KGgo" * 60_000
    html = f'<html><body><p>Budget 400 Euro</p><img src="{image}"><p>Gruß Anna</p></body></html>'
    parsed = parse(("Content-Type: text/html; charset=utf-8\r\n\r\n" + html).encode(), "eml")
    assert "Budget 400 Euro" in parsed.body and "Gruß Anna" in parsed.body
    assert not parsed.problems  # the image is gone before the length is counted


def test_a_long_html_body_is_cut_before_a_tag_not_inside_one() -> None:
    from bot.email.mime import MAX_HTML_CHARS, parse

    html = "<p>Budget 400 Euro</p>" + '<p class="x">Zeile</p>' * (MAX_HTML_CHARS // 20)
    parsed = parse(("Content-Type: text/html; charset=utf-8\r\n\r\n" + html).encode(), "eml")
    assert parsed.body.startswith("Budget 400 Euro") and "<" not in parsed.body
    assert parsed.problems == (f"html body of {len(html):,} characters: the first "
                               f"{MAX_HTML_CHARS:,} are read",)


def test_over_long_header_values_are_kept_within_the_columns_on_both_stores(client: TestClient) -> None:
    """An In-Reply-To of 3,000 characters, or a sender's name of 5,000, did not fit their
    columns: PostgreSQL refused the reply (422) where SQLite stored it. A long Message-ID is
    stored as its hash, and a reply to it is looked up the same way, so it still threads."""
    long_id = "m" * 3000 + "@lead.de"
    first = client.post("/api/v1/email/inbound", content=_mail("Hallo", msg_id=long_id), headers=RAW)
    assert first.status_code == 201, first.text
    answer = _mail("Budget 400 Euro", sender="Other <other@example.com>", msg_id="r2@x",
                   in_reply_to=long_id)
    second = client.post("/api/v1/email/inbound", content=answer, headers=RAW)
    assert second.status_code == 201, second.text
    assert second.json()["matched_by"] == "in_reply_to"
    assert second.json()["lead_id"] == first.json()["lead_id"]
    named = client.post("/api/v1/email/inbound", headers={**RAW, "Content-Type": "application/json"},
                        json={"from": "B" * 5000 + " <b@example.com>", "text": "Hallo"})
    assert named.status_code == 201, named.text
    with session_scope(_db(client)) as session:
        lead = session.get(Lead, named.json()["lead_id"])
        assert lead is not None and lead.email == "b@example.com" and lead.name == "B" * 200


def test_oversized_headers_are_read_in_part_and_the_reply_still_counts(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The standard library reads a header in time growing with the square of its length (a
    Subject of 1.6 MB of encoded words took 48 s, a Cc of 20,000 addresses 6.6 s) and looks
    headers up by name one pass each (8,000 headers took 1 s): each header is read up to
    16 KB, 200 names are kept, and the reply itself is read as usual."""
    from email.policy import EmailPolicy

    read_lengths: list[int] = []
    parse = EmailPolicy.header_fetch_parse

    def measured(policy: EmailPolicy, name: str, value: str) -> Any:
        read_lengths.append(len(value))
        return parse(policy, name, value)

    monkeypatch.setattr(EmailPolicy, "header_fetch_parse", measured)
    cc = ", ".join(f"kollege{i}@kanzlei-berger.de" for i in range(8_000))
    junk = "".join(f"X-Junk-{i}: {i}\r\n" for i in range(3_000))
    raw = _mail("Budget 400 Euro im Monat.", msg_id="big-head@x",
                extra=f"Cc: {cc}\r\nX-Topic: {'=?utf-8?q?Anfrage?= ' * 20_000}\r\n{junk}")
    response = client.post("/api/v1/email/inbound", content=raw, headers=RAW)
    assert response.status_code == 201, response.text
    assert "400 Euro" in response.json()["reply_text"]
    assert max(read_lengths) <= 16_384
    with session_scope(_db(client)) as session:
        row = session.exec(select(EmailMessageRow)).one()
        assert row.raw == raw  # kept whole
        assert row.details["problems"] == [
            "header Cc of 246,888 characters: the first 16,384 are read",
            "header X-Topic of 400,000 characters: the first 16,384 are read",
            "more than 200 header names: the first are kept"]


def test_a_message_of_thousands_of_parts_is_refused_unread(client: TestClient) -> None:
    """Each part cost 0.2 ms of the standard library's reading: 100,000 parts in 4.5 MB took
    21 s. More than 2,000 lines that may start a part are refused before any reading."""
    parts = "".join(f"--X\r\nContent-Type: text/plain\r\n\r\nTeil {i}\r\n" for i in range(3_000))
    raw = _mail(parts + "--X--\r\n", msg_id="parts@x", ctype="multipart/mixed; boundary=X")
    response = client.post("/api/v1/email/inbound", content=raw, headers=RAW)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == {
        "code": "invalid_email",
        "message": "the message has more than 2,000 lines that may start a part; a reply has a "
                   "few parts"}
    with session_scope(_db(client)) as session:
        assert session.exec(select(EmailMessageRow)).all() == []
    few = _mail("--X\r\nContent-Type: text/plain\r\n\r\nBudget 400 Euro im Monat.\r\n--X--\r\n",
                msg_id="few@x", ctype="multipart/mixed; boundary=X")
    assert client.post("/api/v1/email/inbound", content=few, headers=RAW).status_code == 201
