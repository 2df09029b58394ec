"""Draft texts from the templates in `prompts/templates/email/`, in the lead's language."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import prompts
from bot.conversation.responder import Decision, LLMCall, Responder, TurnInput
from bot.conversation.templates import complete
from bot.email.read import ReadEmail
from bot.store.models import Lead
from bot.types import Candidate, Message

LLM_INTENTS = frozenset({"interested", "question", "objection", "not_now"})

LANGS = ("de", "en")
REPLY_PREFIX = re.compile(r"^(?:re|aw|antw|sv|vs)\s*:\s*", re.IGNORECASE)


def _lang(lang: str | None) -> str:
    return lang if lang in LANGS else "de"


def snippet(text: str, limit: int = 140) -> str:
    """The first sentence of what the lead wrote, to refer to it."""
    first = re.split(r"(?<=[.!?])\s+|\n", text.strip(), maxsplit=1)[0].strip()
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + " …"


def reply_subject(subject: str, lang: str) -> str:
    """`Re: <their subject>` (or a neutral one)."""
    bare = REPLY_PREFIX.sub("", subject.strip())
    if not bare:
        return "Ihre Nachricht" if lang == "de" else "Your message"
    return f"{'AW' if lang == 'de' else 'Re'}: {bare}"[:300]


def next_slot(lead: Lead) -> str | None:
    """The slot the scoring model's next action asks for, if it asks."""
    action = lead.next_action or {}
    slot = action.get("slot") if action.get("kind") == "ask" else None
    return str(slot) if slot else None


def words_with_llm(responder: Responder, intent: str) -> bool:
    """Whether a reply of this intent gets a paragraph from the configured LLM."""
    return getattr(responder, "name", "deterministic") != "deterministic" and intent in LLM_INTENTS


def llm_paragraph(responder: Responder, *, conversation_id: str, lead: Lead, lang: str,
                  intent: str, messages: list[Message], facts: dict[str, Any],
                  learned: list[Candidate]) -> tuple[str | None, list[LLMCall]]:
    """The configured LLM's wording of the follow-up (acknowledge, then ask one question),
    or None when no model is configured, the intent needs a fixed text, or the model failed
    (the templates then write the draft)."""
    if not words_with_llm(responder, intent):
        return None, []
    slot = next_slot(lead)
    decision = (Decision("ask", slot, "email follow-up", acknowledged=tuple(learned))  # type: ignore[arg-type]
                if slot else Decision("note", None, "email follow-up", acknowledged=tuple(learned)))
    output = responder.respond(TurnInput(conversation_id=conversation_id, lang=lang,
                                         messages=messages, facts=facts, decision=decision,
                                         lead_name=lead.name, channel="email"))
    text = output.text.strip() if output.engine != "deterministic" else ""
    return text or None, list(output.calls)


def reply_draft(lead: Lead, read: ReadEmail, learned: list[dict[str, Any]],
                llm_text: str | None = None) -> tuple[str, str, str]:
    """(subject, body, why): acknowledge the reply and ask for the most valuable missing slot
    (the LLM's paragraph between greeting and sign-off when one was written)."""
    lang = _lang(read.lang or lead.lang)
    slot = next_slot(lead)
    acks = [{"slot": a["slot"], "value": complete(a["slot"], a["value"])} for a in learned]
    body = prompts.render(f"email/reply_{lang}.j2", name=lead.name, intent=read.intent.kind,
                          slot=slot, acks=acks, referral=dict(read.intent.referral),
                          said=snippet(read.reply_text), llm_text=llm_text)
    why = f"reply ({read.intent.kind})" + (f"; asks for {slot}" if slot else "") + \
        ("; worded by the LLM" if llm_text else "")
    return reply_subject(read.parsed.subject, lang), body, why


def reactivation_draft(lead: Lead, said: str | None, weeks: int | None,
                       due: datetime) -> tuple[str, str, str]:
    """(subject, body, why) of a personal, no-pressure follow-up that refers to what the
    lead said last."""
    lang = _lang(lead.lang)
    body = prompts.render(f"email/reactivation_{lang}.j2", name=lead.name,
                          said=snippet(said) if said else None, weeks=weeks)
    subject = "Kurze Nachfrage" if lang == "de" else "Quick follow-up"
    why = (lead.next_action or {}).get("why") or f"reactivation due {due.date().isoformat()}"
    return subject, body, why
