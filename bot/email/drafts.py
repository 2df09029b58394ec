"""Email drafts: follow-ups waiting for a setter to edit, approve (send) or discard.

Drafts are written by the inbound pipeline (a reply to a lead's email) and by reactivation
(a quiet lead is due). A setter lists them (`list_drafts`), may edit subject and body
(`edit_draft`), and either approves (`approve_draft`: sent over SMTP, Message-ID recorded,
the text added to the lead's email transcript) or discards (`discard_draft`). A lead marked
do-not-contact never gets a draft, and a pending draft of such a lead cannot be sent.

Statuses: draft -> sending -> sent; a failed send leaves `failed` (with the error) and can
be approved again; draft/failed -> discarded. Two setters approving at once: one sends, the
other gets `DraftConflict`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

import prompts
from bot.clock import utcnow
from bot.email.contact import DO_NOT_CONTACT, email_conversation, is_do_not_contact
from bot.outbound.email import Outbox, Outgoing
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import EmailDraft, EmailMessageRow, Lead

log = logging.getLogger(__name__)
KINDS = ("reply", "reactivation")
STATUSES = ("draft", "sending", "sent", "failed", "discarded")
OPEN = ("draft", "failed")  # statuses a setter can still act on
MAX_SUBJECT = 300
MAX_BODY = 20_000


class DraftError(ValueError):
    """A draft operation that cannot be done; the message says why."""


class DraftNotFound(DraftError, LookupError):
    """No draft with that id."""


class DraftConflict(DraftError):
    """The draft is not in a state that allows this (already sent, discarded, being sent)."""


class DoNotContact(DraftConflict):
    """The lead asked not to be contacted; nothing is sent."""


class NotConfigured(DraftError):
    """Sending needs SETTER_SMTP_URL."""


class SendFailed(DraftError):
    """The mail server refused or could not be reached; the draft is `failed`, retry later."""


def create_draft(session: Session, *, lead: Lead, kind: str, subject: str, body: str,
                 reason: str, lang: str, in_reply_to: str | None = None,
                 references: Sequence[str] = (), source_email_id: str | None = None,
                 dedupe_key: str | None = None, due_at: datetime | None = None) -> EmailDraft | None:
    """Store a draft for the setter; None when the lead is do-not-contact or a draft with
    the same `dedupe_key` exists already (another worker drafted it)."""
    if kind not in KINDS:
        raise DraftError(f"unknown draft kind {kind!r}; one of {', '.join(KINDS)}")
    if is_do_not_contact(lead):
        return None
    draft = EmailDraft(lead_id=lead.id, kind=kind, lang=lang, to_addr=lead.email,
                       subject=subject[:MAX_SUBJECT], body=body[:MAX_BODY], reason=reason,
                       in_reply_to=in_reply_to, references=list(references)[-20:],
                       source_email_id=source_email_id, dedupe_key=dedupe_key, due_at=due_at)
    try:
        with session.begin_nested():  # a savepoint: a duplicate key leaves the outer work intact
            session.add(draft)
    except IntegrityError:
        return None
    return draft


def _where(query: Any, status: str | Sequence[str] | None, closer_id: int | None) -> Any:
    if isinstance(status, str):
        query = query.where(col(EmailDraft.status) == status)
    elif status:
        query = query.where(col(EmailDraft.status).in_(list(status)))
    if closer_id is not None:  # a closer's view: drafts of the leads handed to them
        mine = select(Lead.id).where(col(Lead.closer_id) == closer_id)
        query = query.where(col(EmailDraft.lead_id).in_(mine))
    return query


def list_drafts(session: Session, *, status: str | Sequence[str] | None = "draft",
                lead_id: str | None = None, kind: str | None = None,
                closer_id: int | None = None, limit: int = 50,
                offset: int = 0) -> list[EmailDraft]:
    """Drafts, oldest first (the order a setter works through them); `status=None` for all,
    several statuses as a sequence (e.g. `OPEN`), `closer_id` for a closer's leads only."""
    query = _where(select(EmailDraft), status, closer_id)
    if lead_id:
        query = query.where(col(EmailDraft.lead_id) == lead_id)
    if kind:
        query = query.where(col(EmailDraft.kind) == kind)
    query = query.order_by(col(EmailDraft.created_at), col(EmailDraft.id)).offset(offset).limit(limit)
    return list(session.exec(query))


def count_drafts(session: Session, *, status: str | Sequence[str] = "draft",
                 closer_id: int | None = None) -> int:
    """How many drafts have this status (or these statuses), for a badge in the console."""
    query = _where(select(func.count()).select_from(EmailDraft), status, closer_id)
    return int(session.exec(query).one())


def get_draft(session: Session, draft_id: str) -> EmailDraft:
    """The draft, or DraftNotFound."""
    draft = session.get(EmailDraft, draft_id)
    if draft is None:
        raise DraftNotFound(f"no draft {draft_id}")
    return draft


def _open(session: Session, draft_id: str, doing: str) -> EmailDraft:
    draft = get_draft(session, draft_id)
    if draft.status not in OPEN:
        raise DraftConflict(f"the draft is {draft.status}; only a draft can be {doing}")
    return draft


def edit_draft(session: Session, draft_id: str, *, actor: str, subject: str | None = None,
               body: str | None = None) -> EmailDraft:
    """Change subject and/or body of an open draft (the setter's words are sent as they are)."""
    draft = _open(session, draft_id, "edited")
    if subject is not None:
        if not subject.strip() or len(subject) > MAX_SUBJECT:
            raise DraftError(f"the subject must have 1 to {MAX_SUBJECT} characters")
        draft.subject = subject.strip()
    if body is not None:
        if not body.strip() or len(body) > MAX_BODY:
            raise DraftError(f"the body must have 1 to {MAX_BODY:,} characters")
        draft.body = body
    draft.edited_by, draft.updated_at = actor, utcnow()
    session.add(draft)
    return draft


def discard_draft(session: Session, draft_id: str, *, actor: str,
                  reason: str | None = None) -> EmailDraft:
    """Throw an open draft away; it stays listed under `discarded` with who and why."""
    draft = _open(session, draft_id, "discarded")
    draft.status, draft.decided_by, draft.updated_at = "discarded", actor, utcnow()
    draft.error = reason
    session.add(draft)
    return draft


def discard_pending(session: Session, *, lead_id: str, reason: str,
                    kinds: Sequence[str] = KINDS) -> int:
    """Discard a lead's open drafts of these kinds (opt-out, or an answer ends reactivation)."""
    result = session.execute(
        update(EmailDraft)
        .where(col(EmailDraft.lead_id) == lead_id, col(EmailDraft.status).in_(OPEN),
               col(EmailDraft.kind).in_(list(kinds)))
        .values(status="discarded", decided_by="system", error=reason, updated_at=utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def approve_draft(engine: Engine, draft_id: str, *, actor: str, outbox: Outbox | None) -> EmailDraft:
    """Send the draft now: claimed once, sent over SMTP, recorded with its Message-ID.

    Raises DraftNotFound, DraftConflict (not open, or someone else is sending it),
    DoNotContact, NotConfigured (no SETTER_SMTP_URL) or SendFailed (draft left `failed`).
    """
    with session_scope(engine) as session:
        draft = _open(session, draft_id, "approved")
        lead = session.get(Lead, draft.lead_id)
        if lead is None or is_do_not_contact(lead):
            raise DoNotContact("the lead asked not to be contacted; the draft cannot be sent")
        to_addr = draft.to_addr or lead.email
        if not to_addr:
            raise DraftConflict("the lead has no email address to send to")
        if outbox is None:
            raise NotConfigured("sending email needs SETTER_SMTP_URL (e.g. smtp+starttls://"
                                "user:password@mail.example.com:587)")
        claimed = session.execute(update(EmailDraft).where(col(EmailDraft.id) == draft_id,
                                                           col(EmailDraft.status).in_(OPEN))
                                  .values(status="sending", decided_by=actor, updated_at=utcnow()))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise DraftConflict("the draft is being sent by someone else")
        footer = prompts.render(f"email/footer_{_lang(draft.lang)}.j2")
        outgoing = outbox.compose(to=to_addr, subject=draft.subject, body=draft.body,
                                  footer=footer, in_reply_to=draft.in_reply_to,
                                  references=draft.references)
    try:
        outbox.mailer.send(outgoing.message)
    except Exception as exc:  # smtplib, socket and TLS errors alike: keep the draft, say why
        error = f"{type(exc).__name__}: {exc}"[:500]
        with session_scope(engine) as session:
            session.execute(update(EmailDraft).where(col(EmailDraft.id) == draft_id)
                            .values(status="failed", error=error, updated_at=utcnow()))
        log.warning("draft %s not sent: %s", draft_id, error)
        raise SendFailed(f"the mail server did not take the message: {error}") from None
    with session_scope(engine) as session:
        return _record_sent(session, draft_id, outgoing, to_addr)


def _record_sent(session: Session, draft_id: str, outgoing: Outgoing, to_addr: str) -> EmailDraft:
    draft = get_draft(session, draft_id)
    lead = session.get(Lead, draft.lead_id)
    assert lead is not None
    conversation = email_conversation(session, lead)
    stored = repo.add_message(session, conversation_id=conversation.id, role="bot", text=draft.body)
    session.add(EmailMessageRow(
        message_id=outgoing.message_id, direction="out", lead_id=lead.id,
        conversation_id=conversation.id, transcript_message_id=stored.id, draft_id=draft.id,
        in_reply_to=draft.in_reply_to, references=list(draft.references),
        from_addr=str(outgoing.message["From"]), to_addr=to_addr, subject=draft.subject,
        sent_at=utcnow(), raw=outgoing.message.as_bytes(), reply_text=draft.body,
        lang=draft.lang, unsubscribe_hash=outgoing.unsubscribe_hash))
    draft.status, draft.sent_at, draft.sent_message_id = "sent", utcnow(), outgoing.message_id
    draft.error, draft.updated_at = None, utcnow()
    session.add(draft)
    return draft


def _lang(lang: str) -> str:
    return lang if lang in ("de", "en") else "de"


__all__ = ["DO_NOT_CONTACT", "DoNotContact", "DraftConflict", "DraftError", "DraftNotFound",
           "EmailDraft", "NotConfigured", "SendFailed", "approve_draft", "count_drafts",
           "create_draft", "discard_draft", "discard_pending", "edit_draft", "get_draft",
           "list_drafts"]
