"""One email read end to end without a database: parsed, stripped, classified, facts found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot import extract
from bot.clock import utcnow
from bot.email.intent import Intent, classify
from bot.email.mime import Format, ParsedEmail, parse
from bot.email.reply import split_reply
from bot.leads.events import MAX_AGE
from bot.types import SLOTS, Candidate, Message


@dataclass(frozen=True)
class ReadEmail:
    """A reply as Setter understands it."""

    parsed: ParsedEmail
    reply_text: str  # what the lead wrote, without quotes and signature
    lead_text: str  # reply_text plus its signature block: what facts are read from
    lang: str | None
    intent: Intent
    facts: dict[str, Candidate | None]

    @property
    def reference_time(self) -> datetime:
        """The Date header, or now when it is missing, in the future or implausibly old."""
        return sent_at(self.parsed)


def sent_at(parsed: ParsedEmail) -> datetime:
    """The Date header, or now when it is missing, in the future or older than any event can
    be (a placeholder such as 0001-01-01 would read as a lead back after centuries)."""
    sent, now = parsed.date, utcnow()
    return sent if sent is not None and now - MAX_AGE < sent <= now else now


def read_email(raw: bytes, fmt: Format | None = None, *, default_lang: str | None = None,
               context: str | None = None) -> ReadEmail:
    """Parse and understand one message; `context` is the last email we sent (for the
    question the reply answers)."""
    parsed = parse(raw, fmt)
    reply_text, signature = split_reply(parsed.body)
    lead_text = f"{reply_text}\n\n{signature}".strip() if signature else reply_text
    lang = extract.detect_lang(reply_text) or default_lang
    sent = sent_at(parsed)
    intent = classify(reply_text, headers=parsed.headers, subject=parsed.subject, sent_at=sent)
    facts: dict[str, Candidate | None] = dict.fromkeys(SLOTS)
    if lead_text and intent.kind != "auto_reply":
        messages = ([Message("bot", context, sent)] if context else []) + \
            [Message("lead", lead_text, sent)]
        facts = dict(extract.resolve(extract.extract(messages, sent)))
    return ReadEmail(parsed, reply_text, lead_text, lang, intent, facts)


def fact_json(candidate: Candidate | None) -> dict[str, Any] | None:
    """A fact in the prediction format of `../shared/eval/README.md`, with its quote."""
    if candidate is None:
        return None
    return {**candidate.value, "quote": candidate.quote, "span": list(candidate.span),
            "confidence": round(candidate.confidence, 2)}


def as_json(read: ReadEmail, file: str | None = None) -> dict[str, Any]:
    """The `setter email parse --jsonl` line."""
    out: dict[str, Any] = {"file": file} if file is not None else {}
    out |= {"reply_text": read.reply_text, "lang": read.lang, "intent": read.intent.kind,
            "facts": {slot: fact_json(read.facts.get(slot)) for slot in SLOTS}}
    if read.intent.return_date:
        out["return_date"] = read.intent.return_date.isoformat()
    if read.intent.referral:
        out["referral"] = dict(read.intent.referral)
    return out
