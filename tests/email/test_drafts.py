"""Drafts: list, edit, discard, approve (sent to a local SMTP server), do-not-contact."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import select

import scoring
from bot.email import drafts
from bot.email.optout import mark_do_not_contact, unsubscribe
from bot.outbound.email import Outbox
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import EmailMessageRow, Lead, MessageRow
from tests.conftest import make_settings


def _lead(engine: Engine, email: str | None = "anna@kanzlei-berger.de") -> str:
    with session_scope(engine) as session:
        lead = repo.create_lead(session, lang="de", fields={"email": email, "name": "Anna"},
                                context={})
        return lead.id


def _draft(engine: Engine, lead_id: str, **extra: object) -> str:
    with session_scope(engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        draft = drafts.create_draft(session, lead=lead, kind=str(extra.pop("kind", "reply")),
                                    subject="Re: Ihre Anfrage", body="Guten Tag Frau Berger,\n\ndanke!",
                                    reason="test", lang="de", **extra)  # type: ignore[arg-type]
        assert draft is not None
        return draft.id


def test_list_edit_discard(db_engine: Engine) -> None:
    lead_id = _lead(db_engine)
    first, second = _draft(db_engine, lead_id), _draft(db_engine, lead_id)
    with session_scope(db_engine) as session:
        assert [d.id for d in drafts.list_drafts(session)] == [first, second]
        assert drafts.count_drafts(session) == 2
        drafts.edit_draft(session, first, actor="sabine", body="Neuer Text", subject="Hallo")
    with session_scope(db_engine) as session:
        edited = drafts.get_draft(session, first)
        assert (edited.body, edited.subject, edited.edited_by) == ("Neuer Text", "Hallo", "sabine")
        drafts.discard_draft(session, second, actor="sabine", reason="doppelt")
    with session_scope(db_engine) as session:
        assert [d.id for d in drafts.list_drafts(session)] == [first]
        assert [d.id for d in drafts.list_drafts(session, status="discarded")] == [second]
        with pytest.raises(drafts.DraftConflict):
            drafts.edit_draft(session, second, actor="x", body="zu spät")
        with pytest.raises(drafts.DraftError):
            drafts.edit_draft(session, first, actor="x", body="   ")
        with pytest.raises(drafts.DraftNotFound):
            drafts.get_draft(session, "nope")


def test_dedupe_key_drafts_once(db_engine: Engine) -> None:
    lead_id = _lead(db_engine)
    _draft(db_engine, lead_id, kind="reactivation", dedupe_key=f"reactivation:{lead_id}:2027-01-04")
    with session_scope(db_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        again = drafts.create_draft(session, lead=lead, kind="reactivation", subject="s", body="b",
                                    reason="r", lang="de",
                                    dedupe_key=f"reactivation:{lead_id}:2027-01-04")
        assert again is None
        assert len(drafts.list_drafts(session, lead_id=lead_id)) == 1


def test_approve_sends_over_smtp_and_records_message_id(db_engine: Engine, smtp_server) -> None:
    inbox, url = smtp_server
    outbox = Outbox.from_settings(make_settings(smtp_url=url, email_from="Team <team@setter.example>",
                                                public_url="https://setter.example"))
    lead_id = _lead(db_engine)
    draft_id = _draft(db_engine, lead_id, in_reply_to="abc@mail.lead.example",
                      references=["root@setter.example"])
    sent = drafts.approve_draft(db_engine, draft_id, actor="sabine", outbox=outbox)
    assert sent.status == "sent" and sent.sent_message_id
    [message] = inbox.messages
    assert inbox.recipients == [["anna@kanzlei-berger.de"]]
    assert message["Message-ID"].strip("<>") == sent.sent_message_id
    assert message["In-Reply-To"] == "<abc@mail.lead.example>"
    assert message["References"] == "<root@setter.example> <abc@mail.lead.example>"
    assert message["List-Unsubscribe"].strip().startswith("<https://setter.example/email/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = message.get_content()
    assert "Guten Tag Frau Berger" in body and "https://setter.example/email/unsubscribe/" in body
    with session_scope(db_engine) as session:
        row = session.exec(select(EmailMessageRow)).one()
        assert (row.direction, row.message_id, row.lead_id) == ("out", sent.sent_message_id, lead_id)
        transcript = session.exec(select(MessageRow)).all()
        assert [(m.role, m.text) for m in transcript] == [("bot", "Guten Tag Frau Berger,\n\ndanke!")]
    with pytest.raises(drafts.DraftConflict):
        drafts.approve_draft(db_engine, draft_id, actor="sabine", outbox=outbox)
    assert len(inbox.messages) == 1
    # the link in the email works: the lead is do-not-contact afterwards
    token = message["List-Unsubscribe"].strip().strip("<>").rsplit("/", 1)[1]
    with session_scope(db_engine) as session:
        lead = unsubscribe(session, token, scoring.load_model())
        assert lead is not None and lead.id == lead_id
    with session_scope(db_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None and {"opt_out", "do_not_contact"} <= set(lead.flags)
        assert lead.stage == "disqualified"
        assert drafts.create_draft(session, lead=lead, kind="reply", subject="s", body="b",
                                   reason="r", lang="de") is None


def test_approve_refused_without_smtp_or_for_opted_out_lead(db_engine: Engine, smtp_server) -> None:
    inbox, url = smtp_server
    lead_id = _lead(db_engine)
    draft_id = _draft(db_engine, lead_id)
    with pytest.raises(drafts.NotConfigured):
        drafts.approve_draft(db_engine, draft_id, actor="s", outbox=None)
    with session_scope(db_engine) as session:
        lead = session.get(Lead, lead_id)
        assert lead is not None
        other = drafts.create_draft(session, lead=lead, kind="reply", subject="s", body="b",
                                    reason="r", lang="de")
        assert other is not None
        other_id = other.id
        mark_do_not_contact(session, lead, scoring.load_model(), how="test")
    outbox = Outbox.from_settings(make_settings(smtp_url=url))
    with pytest.raises(drafts.DraftConflict):  # discarded when the lead opted out
        drafts.approve_draft(db_engine, other_id, actor="s", outbox=outbox)
    assert inbox.messages == []


def test_send_failure_leaves_the_draft_failed_and_retryable(db_engine: Engine, smtp_server) -> None:
    inbox, url = smtp_server
    lead_id = _lead(db_engine)
    draft_id = _draft(db_engine, lead_id)
    dead = Outbox.from_settings(make_settings(smtp_url="smtp://127.0.0.1:9"))  # nothing listens
    with pytest.raises(drafts.SendFailed):
        drafts.approve_draft(db_engine, draft_id, actor="s", outbox=dead)
    with session_scope(db_engine) as session:
        failed = drafts.get_draft(session, draft_id)
        assert failed.status == "failed" and failed.error
    sent = drafts.approve_draft(db_engine, draft_id, actor="s",
                                outbox=Outbox.from_settings(make_settings(smtp_url=url)))
    assert sent.status == "sent" and len(inbox.messages) == 1


def test_no_email_address_is_a_conflict(db_engine: Engine, smtp_server) -> None:
    _, url = smtp_server
    draft_id = _draft(db_engine, _lead(db_engine, email=None))
    with pytest.raises(drafts.DraftConflict, match="no email address"):
        drafts.approve_draft(db_engine, draft_id, actor="s",
                             outbox=Outbox.from_settings(make_settings(smtp_url=url)))
