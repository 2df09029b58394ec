"""One conversation turn, end to end: store, extract, ground, score, decide, reply, store.

The lead's message is committed before anything else runs; if a later step raises, the
message stays stored, the error is logged and the lead still gets a sensible reply.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session

import scoring
from bot import extract
from bot.clock import as_utc, utcnow
from bot.conversation import policy
from bot.conversation.grounding import ground_all
from bot.conversation.responder import Decision, TurnInput, TurnOutput
from bot.conversation.templates import TemplateResponder, render_reply
from bot.conversation.wiring import Extractor, Services
from bot.leads import blacklist
from bot.leads.scorekeeper import Scorekeeper, action_of, apply_events, facts_of
from bot.llm.proposals import reconcile
from bot.store import repo
from bot.store.db import session_scope
from bot.store.models import Conversation, EventRow, FactRow, Lead, MessageRow
from bot.types import Candidate, Message
from scoring import Facts

log = logging.getLogger(__name__)
CONTEXT_MESSAGES = 40  # how much of the conversation extraction reads each turn
SWITCH_MIN_WORDS = 5  # words a message needs before the reply language follows it
WORD = re.compile(r"[^\W\d_]{2,}")
LEAD_QUESTION = re.compile(r"\?[\W_]*$")
WHY = re.compile(r"\b(?:warum|wieso|weshalb|wozu|why)\b", re.IGNORECASE)
DEFLECTIONS = {"lead_question": ("Gute Frage", "Good question"),
               "lead_why": ("Damit ich Sie", "So that I can")}
FINAL_KINDS = frozenset({"handoff", "close", "stop"})


class NotFound(LookupError):
    """No conversation with that id."""


class WrongToken(PermissionError):
    """The token presented does not belong to the conversation."""



@dataclass(frozen=True)
class TurnResult:
    """The bot's reply and the lead record after the turn."""

    conversation_id: str
    lead_id: str
    reply: str | None  # None while a setter holds the conversation (the bot stays silent)
    lang: str
    token: str | None = None
    move: Decision | None = None  # what the bot did this turn (None when the turn failed)


def as_messages(rows: Sequence[MessageRow]) -> list[Message]:
    """Stored rows as extraction sees them."""
    return [Message(role=r.role, text=r.text, at=as_utc(r.created_at), id=r.id)  # type: ignore[arg-type]
            for r in rows]


def start_conversation(svc: Services, *, channel: str, lang: str | None, lead_fields: dict[str, Any],
                       context: dict[str, Any], default_lang: str = "de") -> TurnResult:
    """Create the lead and the conversation and greet with the first question."""
    token = secrets.token_urlsafe(32)
    lang = lang or default_lang
    with session_scope(svc.db) as session:
        lead = repo.create_lead(session, lang=lang, fields=lead_fields, context=context)
        if not lead.source:
            lead.source = context.get("utm_source") or context.get("referrer") or channel
        conversation = repo.create_conversation(session, lead_id=lead.id, channel=channel,
                                                lang=lang, token=token)
        now = utcnow()
        _record_event(session, lead, svc.model, scoring.Event("chat_started", now, {"channel": channel}))
        Scorekeeper(svc.model).refresh(session, lead, now=now)
        blacklist.screen(session, lead)
        action = action_of(lead)
        decision = Decision("greet", action.slot or "need", "open the conversation", (), action)  # type: ignore[arg-type]
        output = _respond(svc, conversation, lead, decision, facts_of(session, lead), frozenset())
        conversation.asked = {"ignored": {}, "last": decision.slot}
        repo.add_llm_calls(session, conversation_id=conversation.id, message_id=None,
                           calls=output.calls)
        text = output.text
        repo.add_message(session, conversation_id=conversation.id, role="bot", text=text)
        return TurnResult(conversation.id, lead.id, text, lang, token, decision)


def _record_event(session: Session, lead: Lead, model: scoring.Model, event: scoring.Event) -> None:
    """Store a conversation event and fold it into the lead's state."""
    session.add(EventRow(lead_id=lead.id, type=event.type, occurred_at=event.occurred_at,
                         props=dict(event.props)))
    apply_events(lead, [event], model)


def load_conversation(session: Session, conversation_id: str, token: str | None) -> Conversation:
    """The conversation if it exists (else NotFound) and the token fits (else WrongToken)."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound(conversation_id)
    if not repo.token_matches(conversation, token):
        raise WrongToken(conversation_id)
    return conversation


def handle_message(svc: Services, *, conversation_id: str, token: str | None, text: str) -> TurnResult:
    """Store the lead's message first, then run the turn; never loses the message."""
    with session_scope(svc.db) as session:
        conversation = load_conversation(session, conversation_id, token)
        stored = repo.add_message(session, conversation_id=conversation.id, role="lead", text=text)
        lead_id, lang = conversation.lead_id, conversation.lang
    move: Decision | None = None
    try:
        with session_scope(svc.db) as session:
            reply, lang, move = _run_turn(svc, session, conversation_id, stored.id)
    except Exception:
        log.exception("turn failed for conversation %s; the message %s is stored",
                      conversation_id, stored.id)
        reply = render_reply(lang, "error")
        with session_scope(svc.db) as session:
            repo.add_message(session, conversation_id=conversation_id, role="bot", text=reply)
    return TurnResult(conversation_id, lead_id, reply, lang, move=move)


def _run_turn(svc: Services, session: Session, conversation_id: str,
              message_id: str) -> tuple[str | None, str, Decision | None]:
    """One turn after the message is stored; returns the reply, its language and the move
    (None and None while a setter holds the conversation: the record learns, the bot is silent)."""
    # Lock the conversation (PostgreSQL) so concurrent messages are handled one at a time.
    conversation = session.get(Conversation, conversation_id, with_for_update=True)
    lead = session.get(Lead, conversation.lead_id) if conversation else None
    if conversation is None or lead is None:
        raise NotFound(conversation_id)
    stored = as_messages(repo.messages_of(session, conversation_id=conversation.id))
    # Read the conversation up to this turn's message, even if others arrived meanwhile.
    messages = stored[: next(i for i, m in enumerate(stored) if m.id == message_id) + 1]
    text = messages[-1].text
    conversation.lang = _reply_lang(text, conversation.lang)
    lead.lang = conversation.lang
    candidates = _extract_new(svc.extractor, messages)
    learned, ruled = _store_facts(session, lead, conversation, messages, candidates)
    signals = extract.detect_signals(text)
    _apply_signals(lead, signals)
    _count_ignored(conversation, learned, signals | _lead_question(text, messages))
    if not learned:  # a tentative answer ending in "?" is an answer, not a question
        signals |= _lead_question(text, messages)
    ignored = dict((conversation.asked or {}).get("ignored") or {})
    lead_turns = sum(1 for m in messages if m.role == "lead")
    lead.flags = sorted(set(lead.flags or [])
                        | policy.conversation_flags(ignored, lead_turns, svc.max_questions))
    keeper = Scorekeeper(svc.model)
    _record_event(session, lead, svc.model, scoring.Event("chat_message", messages[-1].at))
    facts = facts_of(session, lead)  # after this turn's facts; unchanged until the reply
    keeper.refresh(session, lead, facts=facts)
    if conversation.held_by:
        return None, conversation.lang, None
    decision = policy.decide(policy.PolicyState(
        action=action_of(lead), signals=signals, asked=ignored, learned=tuple(learned),
        status=conversation.status, lead_flags=frozenset(lead.flags or [])))
    output = _respond(svc, conversation, lead, decision, facts, signals, messages)
    _store_proposals(session, lead, conversation, messages, output, learned, ruled)
    _note_model_flags(lead, output.flags)
    if output.proposals:  # rescored; the next action stays the one this reply acted on
        keeper.refresh(session, lead, keep_action=True)
    repo.add_llm_calls(session, conversation_id=conversation.id, message_id=message_id,
                       calls=output.calls)
    _advance_conversation(conversation, decision)
    repo.add_message(session, conversation_id=conversation.id, role="bot", text=output.text)
    return output.text, conversation.lang, decision


def _reply_lang(text: str, current: str) -> str:
    """Follow the lead into the other language only on a real sentence: "ja", "Hi" or
    "Kommt drauf an." say too little to switch on."""
    if len(WORD.findall(text)) < SWITCH_MIN_WORDS:
        return current
    return extract.detect_lang(text) or current


def _lead_question(text: str, messages: Sequence[Message]) -> frozenset[str]:
    """The lead asked something of their own (the reply says a colleague will answer it).

    Only a message that ends in a question of a few words: "Budget? Max 8k." answers,
    "Hallo?" or "?" checks whether anyone is there, and the bot says it once, not each turn.
    """
    if not LEAD_QUESTION.search(text) or len(WORD.findall(text)) < 3:
        return frozenset()
    kind = "lead_why" if WHY.search(text) else "lead_question"
    previous = next((m.text for m in reversed(messages[:-1]) if m.role == "bot"), "")
    if any(phrase in previous for phrase in DEFLECTIONS[kind]):
        return frozenset()  # said last turn already
    return frozenset({kind})


def _count_ignored(conversation: Conversation, learned: Sequence[Candidate],
                   signals: frozenset[str]) -> None:
    """A question the lead let pass without saying anything new counts against its slot
    (a lead who asks something back has not ignored it)."""
    asked = dict(conversation.asked or {})
    last = asked.get("last")
    if last and not learned and not signals:
        ignored = dict(asked.get("ignored") or {})
        ignored[last] = ignored.get(last, 0) + 1
        asked["ignored"] = ignored
        conversation.asked = asked


def _extract_new(extractor: Extractor, messages: list[Message]) -> list[Candidate]:
    """Rule facts the newest lead message contributes, read against the recent conversation:
    the bot's question before it gives context, and earlier statements let a correction
    ("Korrektur: eher 8k") keep the period and currency said before."""
    window = messages[-CONTEXT_MESSAGES:]
    offset = len(messages) - len(window)
    current = extract.resolve(extractor(window, window[-1].at))
    newest = len(window) - 1
    return [replace(c, message_index=c.message_index + offset)
            for c in current.values() if c is not None and c.message_index == newest]


def _fact_row(lead: Lead, conversation: Conversation, messages: list[Message],
              candidate: Candidate) -> FactRow:
    message = messages[candidate.message_index]
    return FactRow(
        lead_id=lead.id, conversation_id=conversation.id, slot=candidate.slot,
        value=dict(candidate.value), quote=candidate.quote, message_id=message.id,
        span_start=candidate.span[0], span_end=candidate.span[1],
        confidence=candidate.confidence, source=candidate.source,
    )


def _store_facts(session: Session, lead: Lead, conversation: Conversation,
                 messages: list[Message], candidates: Sequence[Candidate]
                 ) -> tuple[list[Candidate], dict[str, FactRow]]:
    """Ground and store candidates; each new fact supersedes the slot's previous one."""
    accepted, rejected = ground_all(candidates, messages)
    conversation.rejected_proposals += rejected
    stored: dict[str, FactRow] = {}
    for candidate in accepted:
        row = repo.add_fact(session, fact=_fact_row(lead, conversation, messages, candidate))
        stored[candidate.slot] = row
    return accepted, stored


def _store_proposals(session: Session, lead: Lead, conversation: Conversation,
                     messages: list[Message], output: TurnOutput,
                     learned: Sequence[Candidate], ruled: dict[str, FactRow]) -> None:
    """LLM proposals are grounded like rules, then reconciled with this turn's rule facts:
    the better-grounded, more recent one stays current, the other is kept in history."""
    accepted, rejected = ground_all(output.proposals, messages)
    conversation.rejected_proposals += rejected + output.rejected
    outcome = reconcile(learned, accepted)
    for candidate in outcome.current:
        repo.add_fact(session, fact=_fact_row(lead, conversation, messages, candidate))
    for candidate in outcome.history:
        row = _fact_row(lead, conversation, messages, candidate)
        row.superseded_by = ruled[candidate.slot].id
        session.add(row)


def _apply_signals(lead: Lead, signals: frozenset[str]) -> None:
    flags = set(lead.flags or [])
    if "opt_out" in signals:
        flags |= {"opt_out", "do_not_contact"}
    if "stop" in signals:
        flags.add("chat_stopped")
    flags |= signals & {"email_only", "no_phone", "wants_human"}
    lead.flags = sorted(flags)


def _note_model_flags(lead: Lead, flags: frozenset[str]) -> None:
    """The model's own reading (opt-out, wants a human, off-topic) is shown to setters as a
    suggestion; acting on it is the policy's job, which reads the lead's words by rule."""
    suggested = {f"llm_suggests_{flag}" for flag in flags
                 if flag in ("opt_out", "wants_human", "off_topic")}
    if suggested:
        lead.flags = sorted(set(lead.flags or []) | suggested)


def _respond(svc: Services, conversation: Conversation, lead: Lead, decision: Decision,
             facts: Facts, signals: frozenset[str],
             messages: list[Message] | None = None) -> TurnOutput:
    turn = TurnInput(
        conversation_id=conversation.id, lang=conversation.lang, messages=messages or [],
        facts=facts, decision=decision, lead_name=lead.name,
        channel=conversation.channel, flags=signals | frozenset(lead.flags or []),
    )
    try:
        return svc.responder.respond(turn)
    except Exception:
        log.exception("responder %s failed; using templates", getattr(svc.responder, "name", "?"))
        return TemplateResponder().respond(turn)


def _advance_conversation(conversation: Conversation, decision: Decision) -> None:
    asked = dict(conversation.asked or {})
    asked["last"] = decision.slot if decision.kind in ("ask", "clarify") else None
    conversation.asked = asked
    if decision.kind in FINAL_KINDS:
        conversation.status = decision.kind
    conversation.updated_at = utcnow()
