"""An inbound reply end to end: stored first (raw source, once per Message-ID), matched to its
lead, then the `reply_received` event, grounded facts, intent effects and a draft.

Step one commits the raw message and the transcript message before anything else runs, so
a failure later loses nothing; step two does the rest in its own transaction, the lead locked,
and drafts the answer in the templates' words. With an LLM configured, step three asks the
model for the draft's paragraph after that commit, holding no lock, and puts it into the draft
unless a setter has changed or decided it meanwhile.
"""

from __future__ import annotations

import email.policy
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, parseaddr
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from bot import extract, privacy
from bot.clock import utcnow
from bot.conversation.grounding import ground_all
from bot.conversation.wiring import Services
from bot.email import drafts
from bot.email.compose import llm_paragraph, reply_draft, words_with_llm
from bot.email.contact import email_conversation, is_do_not_contact
from bot.email.intent import follow_up_on
from bot.email.mime import Format, ParsedEmail, UnreadableEmail
from bot.email.optout import mark_do_not_contact
from bot.email.read import ReadEmail, read_email
from bot.leads import contact, events
from bot.leads.scorekeeper import Scorekeeper, facts_of
from bot.settings import Settings
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import EmailDraft, EmailMessageRow, FactRow, Lead
from bot.types import Candidate, Message

log = logging.getLogger(__name__)
NO_DRAFT = frozenset({"unsubscribe", "auto_reply", "not_interested"})
REPLY_PREFIX = re.compile(r"^\s*(?:re|aw|antw|fwd?|wg)\s*:", re.IGNORECASE)  # a reply quotes our subject
MAX_HEADER = 2000  # characters of a header value from the JSON shape
MAX_NAME = 200  # the lead's name column
MAX_ADDRESS = 320  # the address columns (an address has at most 254 characters)
JSON_FIELDS = ("from", "to", "subject", "text", "html", "headers", "message_id", "in_reply_to",
               "references", "date")


class IngestError(ValueError):
    """A message that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class IngestResult:
    """What happened to one inbound message."""

    email_id: str
    lead_id: str | None
    duplicate: bool
    intent: str | None
    matched_by: str | None
    reply_text: str
    draft_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The result as the API and CLI print it."""
        return {"email_id": self.email_id, "lead_id": self.lead_id, "duplicate": self.duplicate,
                "intent": self.intent, "matched_by": self.matched_by,
                "reply_text": self.reply_text, "draft_id": self.draft_id}


def message_id_of(read: ReadEmail, raw: bytes) -> str:
    """The Message-ID, or one derived from the content (the same bytes twice: stored once)."""
    found = (read.parsed.message_id or "").strip()
    if found:
        return _stored_id(found)
    return f"sha256-{hashlib.sha256(raw).hexdigest()}@setter.invalid"


def _stored_id(message_id: str) -> str:
    """A Message-ID as it is stored and looked up: as sent, or its hash when it is too long
    for the column (a reply's In-Reply-To then still finds it)."""
    if len(message_id) <= 900:
        return message_id
    return "sha256-" + hashlib.sha256(message_id.encode()).hexdigest()


def ingest_raw(svc: Services, raw: bytes, *, settings: Settings) -> IngestResult:
    """Accept an RFC 822 message (or a bare body)."""
    if not raw.strip():
        raise IngestError("the message is empty")
    return _ingest(svc, raw, _read(raw, None, settings), "rfc822", settings)


def ingest_json(svc: Services, payload: dict[str, Any], *, settings: Settings) -> IngestResult:
    """Accept the JSON shape inbound-mail webhooks send (from, to, subject, text, html, ...)."""
    unknown = sorted(set(payload) - set(JSON_FIELDS))
    if unknown:
        raise IngestError(f"unknown fields: {', '.join(unknown)}; known: {', '.join(JSON_FIELDS)}")
    if not any(isinstance(payload.get(k), str) and payload[k].strip() for k in ("text", "html")):
        raise IngestError("the message has no 'text' or 'html' body")
    rebuilt = _as_rfc822(payload)
    raw = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return _ingest(svc, raw, _read(rebuilt, "eml", settings), "json", settings)


def _read(raw: bytes, fmt: Format | None, settings: Settings) -> ReadEmail:
    try:
        return read_email(raw, fmt, default_lang=settings.default_lang)
    except UnreadableEmail as exc:
        raise IngestError(str(exc)) from None


def _header_value(value: str) -> str:
    """One line of at most 2,000 characters: line breaks and other control characters,
    which would end or forge a header, become spaces."""
    return "".join(" " if ord(c) < 32 or ord(c) == 127 else c for c in value)[:MAX_HEADER]


def _as_rfc822(payload: dict[str, Any]) -> bytes:
    try:
        return _rebuild(payload)
    except IngestError:
        raise
    except (ValueError, TypeError, UnicodeError) as exc:  # a header the email package refuses
        raise IngestError(f"the message's headers cannot be read: {exc}") from None


def _sender(value: str) -> str:
    """A From value whose display name is shortened when the value is too long for a header
    line, so that the address at its end is not cut off with it."""
    if len(value) <= MAX_HEADER:
        return value
    name, address = parseaddr(value)
    return formataddr((name[:MAX_NAME], address)) if address else value


def _rebuild(payload: dict[str, Any]) -> bytes:
    message = EmailMessage()
    headers = payload.get("headers") or {}
    if not isinstance(headers, dict):
        raise IngestError("'headers' must be an object of header names to values")
    for name, value in headers.items():
        if isinstance(value, str) and name.lower() not in ("content-type", "content-transfer-encoding",
                                                           "mime-version"):
            message[name] = _header_value(value)
    for field, header in (("from", "From"), ("to", "To"), ("subject", "Subject"), ("date", "Date"),
                          ("message_id", "Message-ID"), ("in_reply_to", "In-Reply-To")):
        value = payload.get(field)
        if value is not None and not isinstance(value, str):
            raise IngestError(f"'{field}' must be a string")
        if value:
            del message[header]
            message[header] = _header_value(_sender(value) if field == "from" else value)
    refs = payload.get("references")
    if refs:
        del message["References"]
        message["References"] = " ".join(refs) if isinstance(refs, list) else str(refs)
    text, html = payload.get("text"), payload.get("html")
    if isinstance(text, str) and text.strip():
        message.set_content(text)
        if isinstance(html, str) and html.strip():
            message.add_alternative(html, subtype="html")
    elif isinstance(html, str):
        message.set_content(html, subtype="html")
    try:
        return message.as_bytes()
    except UnicodeEncodeError:  # a header that cannot be folded to ASCII (a non-ASCII Message-ID)
        return message.as_bytes(policy=email.policy.SMTPUTF8)


def _ingest(svc: Services, raw: bytes, read: ReadEmail, raw_format: str,
            settings: Settings) -> IngestResult:
    message_id = message_id_of(read, raw)
    try:
        with session_scope(svc.db) as session:
            existing = _stored(session, message_id)
            if existing is not None:
                return _duplicate(existing)
            row, lead = _store(session, read, raw, raw_format, message_id, settings)
            email_id, lead_id, matched_by = row.id, lead.id, row.matched_by
    except IntegrityError:  # the same message arrived concurrently: the other one stored it
        with session_scope(svc.db) as session:
            existing = _stored(session, message_id)
            if existing is None:
                raise
            return _duplicate(existing)
    draft_id = None
    try:
        with session_scope(svc.db) as session:
            draft_id, wording = _process(svc, session, email_id, read)
        if wording is not None:
            _reword(svc, wording)
    except Exception:
        log.exception("processing email %s failed; the message is stored", email_id)
    return IngestResult(email_id, lead_id, False, read.intent.kind, matched_by, read.reply_text,
                        draft_id)


def _stored(session: Session, message_id: str) -> EmailMessageRow | None:
    query = select(EmailMessageRow).where(col(EmailMessageRow.message_id) == message_id)
    return session.exec(query).first()


def _duplicate(row: EmailMessageRow) -> IngestResult:
    return IngestResult(row.id, row.lead_id, True, row.intent, row.matched_by, row.reply_text)


def find_lead(session: Session, read: ReadEmail) -> tuple[Lead | None, str]:
    """The lead of a reply: by In-Reply-To, then References (emails we sent or received),
    then the sender's address; (None, "new_lead") when nothing matches."""
    parsed = read.parsed
    for how, ids in (("in_reply_to", [_stored_id(parsed.in_reply_to)] if parsed.in_reply_to else []),
                     ("references", [_stored_id(r) for r in parsed.references])):
        if not ids:
            continue
        query = select(EmailMessageRow.lead_id).where(col(EmailMessageRow.message_id).in_(ids),
                                                      col(EmailMessageRow.lead_id).is_not(None))
        lead_id = session.exec(query.order_by(col(EmailMessageRow.created_at).desc())).first()
        if lead_id:
            return session.get(Lead, lead_id), how
    if _address(parsed):
        query = (select(Lead).where(func.lower(Lead.email) == parsed.from_addr)
                 .order_by(col(Lead.updated_at).desc()))
        lead = session.exec(query).first()
        if lead is not None:
            return lead, "sender"
    return None, "new_lead"


def _address(parsed: ParsedEmail) -> str | None:
    """The sender's address, unless it is longer than any address can be (RFC 5321: 254)."""
    return parsed.from_addr if parsed.from_addr and len(parsed.from_addr) <= MAX_ADDRESS else None


def _store(session: Session, read: ReadEmail, raw: bytes, raw_format: str, message_id: str,
           settings: Settings) -> tuple[EmailMessageRow, Lead]:
    parsed = read.parsed
    lead, how = find_lead(session, read)
    if lead is None:
        lead = repo.create_lead(session, lang=read.lang or settings.default_lang,
                                fields={"email": _address(parsed),
                                        "name": (parsed.from_name or "")[:MAX_NAME] or None,
                                        "source": "email"}, context={})
    conversation = email_conversation(session, lead)
    stored = repo.add_message(session, conversation_id=conversation.id, role="lead",
                              text=read.lead_text, at=read.reference_time)
    details: dict[str, Any] = {"intent_why": read.intent.why, "problems": list(parsed.problems),
                               "body_format": parsed.body_format}
    if settings.email_attachments == "list":
        details["attachments"] = [{"filename": a.filename, "content_type": a.content_type,
                                   "size": a.size} for a in parsed.attachments]
    elif parsed.attachments:
        details["attachments_ignored"] = len(parsed.attachments)
    if read.intent.return_date:
        details["return_date"] = read.intent.return_date.isoformat()
    if read.intent.referral:
        details["referral"] = dict(read.intent.referral)
    row = EmailMessageRow(
        message_id=message_id, direction="in", lead_id=lead.id, conversation_id=conversation.id,
        transcript_message_id=stored.id,
        in_reply_to=_stored_id(parsed.in_reply_to) if parsed.in_reply_to else None,
        references=[_stored_id(r) for r in parsed.references][-50:], from_addr=_address(parsed),
        to_addr=", ".join(parsed.to)[:2000] or None, subject=parsed.subject[:2000],
        sent_at=parsed.date, raw=raw, raw_format=raw_format, reply_text=read.reply_text,
        lang=read.lang, intent=read.intent.kind, matched_by=how, details=details)
    session.add(row)
    session.flush()
    return row, lead


@dataclass(frozen=True)
class Wording:
    """What the LLM needs to word a reply draft, taken from the transaction that stored the
    draft in the templates' words: the model is asked after that commit, holding no lock."""

    draft_id: str
    template_body: str
    conversation_id: str
    lead: Lead  # detached, as it was at the commit
    read: ReadEmail
    message: Message
    facts: dict[str, Any]
    learned: list[Candidate]


def _process(svc: Services, session: Session, email_id: str,
             read: ReadEmail) -> tuple[str | None, Wording | None]:
    """The reply's effects on its lead and the draft in the templates' words: (draft id, what
    the LLM needs to word it, if a model words replies of this intent)."""
    row = session.get(EmailMessageRow, email_id)
    lead = repo.lock_lead(session, row.lead_id) if row and row.lead_id else None
    if row is None or lead is None:
        return None, None
    kind, at = read.intent.kind, read.reference_time
    context = dict(lead.context or {})
    if kind != "auto_reply" and asks_erasure(read):  # as in chat: flagged, shown to the admin
        privacy.mark_for_erasure(lead, "email")
        mark_do_not_contact(session, lead, svc.model, how="erasure request by email", at=at)
        return None, None  # no facts learned, no draft: the lead wants to be forgotten
    if kind == "unsubscribe":
        mark_do_not_contact(session, lead, svc.model, how="email reply", at=at)
        return None, None
    if kind == "auto_reply":  # not engagement; follow up when the lead is back
        back = follow_up_on(read.intent.return_date)
        if back:
            lead.context = context | {"reactivate_on": back.isoformat()}
        return None, None
    events.add_events(session, lead, [events.EventIn("reply_received", at, {"intent": kind,
                                                                             "email_id": row.id})],
                      svc.model)
    drafts.discard_pending(session, lead_id=lead.id, reason="the lead answered",
                           kinds=("reactivation",))
    context.pop("reactivate_on", None)
    if read.intent.referral:
        context["referrals"] = [*context.get("referrals", []), dict(read.intent.referral)][-10:]
    lead.context = context | {"last_email_intent": kind}
    accepted, message = _store_facts(session, lead, row, read)
    Scorekeeper(svc.model).refresh(session, lead)
    if kind in NO_DRAFT or is_do_not_contact(lead):
        return None, None
    subject, body, reason = reply_draft(lead, read, _learned(accepted))
    refs = [*read.parsed.references, row.message_id][-20:]
    draft = drafts.create_draft(session, lead=lead, kind="reply", subject=subject, body=body,
                                reason=reason, lang=read.lang or lead.lang,
                                in_reply_to=row.message_id, references=refs,
                                source_email_id=row.id)
    if draft is None:
        return None, None
    if message is None or row.conversation_id is None or not words_with_llm(svc.responder, kind):
        return draft.id, None
    return draft.id, Wording(draft.id, draft.body, row.conversation_id, lead, read, message,
                             facts_of(session, lead), accepted)


def _learned(accepted: list[Candidate]) -> list[dict[str, Any]]:
    """The facts a reply taught, as the draft templates acknowledge them."""
    return [{"slot": c.slot, "value": dict(c.value)} for c in accepted]


def _reword(svc: Services, wording: Wording) -> None:
    """Ask the LLM for the draft's paragraph (no transaction is open, no lock held: a chat
    turn of the lead or any other writer goes on meanwhile), log its calls, and put its words
    into the draft unless a setter has changed or decided the draft in the meantime."""
    lead, read = wording.lead, wording.read
    llm_text, calls = llm_paragraph(
        svc.responder, conversation_id=wording.conversation_id, lead=lead,
        lang=read.lang or lead.lang, intent=read.intent.kind, messages=[wording.message],
        facts=wording.facts, learned=wording.learned)
    with session_scope(svc.db) as session:
        repo.add_llm_calls(session, conversation_id=wording.conversation_id,
                           message_id=wording.message.id, calls=calls)
        if llm_text is None:
            return
        _, body, reason = reply_draft(lead, read, _learned(wording.learned), llm_text)
        # one conditional UPDATE: a setter's edit or decision committed a moment before wins
        session.execute(update(EmailDraft).where(
            col(EmailDraft.id) == wording.draft_id, col(EmailDraft.status) == "draft",
            col(EmailDraft.body) == wording.template_body,
        ).values(body=body[:drafts.MAX_BODY], reason=reason, updated_at=utcnow()))


def asks_erasure(read: ReadEmail) -> bool:
    """The reply (without what it quotes) or its own subject asks for the lead's data to be
    deleted."""
    subject = read.parsed.subject or ""
    own_subject = "" if REPLY_PREFIX.match(subject) else subject
    return privacy.wants_erasure(f"{own_subject}\n{read.reply_text}")


def _store_facts(session: Session, lead: Lead, row: EmailMessageRow,
                 read: ReadEmail) -> tuple[list[Candidate], Message | None]:
    """Facts from the reply text only (never the quotes), Date header as reference time."""
    if not read.lead_text or row.transcript_message_id is None:
        return [], None
    message = Message("lead", read.lead_text, read.reference_time, id=row.transcript_message_id)
    candidates = [c for c in extract.resolve(extract.extract([message], read.reference_time)).values()
                  if c is not None]
    accepted, _ = ground_all(candidates, [message])
    for c in accepted:
        repo.add_fact(session, fact=FactRow(
            lead_id=lead.id, conversation_id=row.conversation_id, slot=c.slot, value=dict(c.value),
            quote=c.quote, message_id=row.transcript_message_id, span_start=c.span[0],
            span_end=c.span[1], confidence=c.confidence, source=c.source))
    contact.pick_up_phone(lead, read.lead_text, message_id=row.transcript_message_id, via="email")
    lead.updated_at = utcnow()
    return accepted, message
