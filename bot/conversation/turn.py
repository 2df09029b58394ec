"""One conversation turn, end to end: store, extract, ground, score, decide, reply, store.

With the templates, the lead's message and its answer are one transaction; with a model, the
message is committed before the model is asked. If a step raises, the message is still stored
(once), the error is logged and the lead still gets a sensible reply.
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
from bot import extract, privacy
from bot.clock import as_utc, utcnow
from bot.conversation import policy, reading, recall
from bot.conversation.grounding import ground_all
from bot.conversation.responder import Decision, TurnInput, TurnOutput
from bot.conversation.templates import TemplateResponder, render_reply
from bot.conversation.wiring import Extractor, Services
from bot.leads import blacklist, contact
from bot.leads.scorekeeper import Scorekeeper, action_of, apply_events, fact_values
from bot.llm.proposals import reconcile
from bot.store import held_writes, repo, turn_sql
from bot.store.db import session_scope
from bot.store.models import Conversation, Lead, MessageRow, ordered_id
from bot.store.turn_sql import StoredFact
from bot.types import Candidate, Message
from scoring import Facts

log = logging.getLogger(__name__)
CONTEXT_MESSAGES = 40  # how much of the conversation extraction reads each turn
SWITCH_MIN_WORDS = 5  # words a message needs before the reply language follows it
WORD = re.compile(r"[^\W\d_]{2,}")
MAX_NAMED_PRICES = 50  # figures the bot named from the knowledge file, remembered per conversation
FINAL_KINDS = frozenset({"handoff", "close", "stop"})
MODEL_TRIES = 3  # rounds a model's answer may come too late before the templates reply


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


def as_messages(rows: Sequence[Any]) -> list[Message]:
    """Stored rows (`MessageRow`s or `turn_sql.messages_and_facts`) as extraction sees them."""
    return [Message(role=r.role, text=r.text, at=as_utc(r.created_at), id=r.id)  # type: ignore[arg-type]
            for r in rows]


def greeting_text(svc: Services, lang: str) -> str:
    """The fixed opening line a channel can show before anything is stored (the widget): the
    same text start_conversation(greeting=...) then stores, so the lead never sees it change."""
    return render_reply(lang, "greet", slot="need",
                        business=svc.knowledge.business if svc.knowledge else {}, address=svc.address)


def start_conversation(svc: Services, *, channel: str, lang: str | None, lead_fields: dict[str, Any],
                       context: dict[str, Any], default_lang: str = "de",
                       greeting: str | None = None) -> TurnResult:
    """Create the lead and the conversation and greet with the first question (or with
    `greeting`, the text the lead already sees)."""
    token = secrets.token_urlsafe(32)
    lang = lang or default_lang
    with svc.slots, session_scope(svc.db) as session, held_writes.holding(session):
        source = (lead_fields.get("source") or context.get("utm_source") or context.get("referrer")
                  or channel)
        lead = repo.create_lead(session, lang=lang, fields={**lead_fields, "source": source},
                                context=context)
        conversation = repo.create_conversation(session, lead_id=lead.id, channel=channel,
                                                lang=lang, token=token)
        loaded = turn_sql.hold_changes(conversation), turn_sql.hold_changes(lead)
        now = utcnow()
        facts = fact_values({})  # a new lead has no facts yet: nothing to read
        _record_event(session, lead, svc.model, scoring.Event("chat_started", now, {"channel": channel}))
        Scorekeeper(svc.model, at_once=True).refresh(session, lead, now=now, facts=facts)
        blacklist.screen(session, lead)
        action = action_of(lead)
        decision = Decision("greet", action.slot or "need", "open the conversation", (), action)  # type: ignore[arg-type]
        conversation.asked = {"asks": {decision.slot: 1} if decision.slot else {}, "last": decision.slot}
        slow = greeting is None and not isinstance(svc.responder, TemplateResponder)
        text = None
        if not slow:  # the templates (or the text shown already) greet in this transaction
            text = greeting if greeting is not None else _respond(
                svc, conversation, lead, decision, facts, frozenset()).text
            _reply(session, conversation, text)
        turn_sql.save_changes(session, conversation, loaded[0])  # plain UPDATEs, no ORM flush
        turn_sql.save_changes(session, lead, loaded[1])
        if text is not None:
            return TurnResult(conversation.id, lead.id, text, lang, token, decision)
    # A model greets with no transaction open (on SQLite nobody could write meanwhile); nobody
    # can post before the token is returned, so the greeting is still the first message.
    output = _respond(svc, conversation, lead, decision, facts, frozenset())
    with session_scope(svc.db) as session:
        repo.add_llm_calls(session, conversation_id=conversation.id, message_id=None,
                           calls=output.calls)
        repo.add_message(session, conversation_id=conversation.id, role="bot", text=output.text)
    return TurnResult(conversation.id, lead.id, output.text, lang, token, decision)


def _record_event(session: Session, lead: Lead, model: scoring.Model, event: scoring.Event) -> None:
    """Store a conversation event and fold it into the lead's state."""
    turn_sql.insert_row(session, turn_sql.EVENTS, {
        "lead_id": lead.id, "type": event.type, "external_id": None,
        "occurred_at": event.occurred_at, "props": dict(event.props), "created_at": utcnow()})
    apply_events(lead, [event], model)


def _reply(session: Session, conversation: Conversation, text: str,
           reply_to: str | None = None) -> None:
    """Store the bot's message after everything said so far; the conversation is locked (or
    new), so its order number is counted on the row, written with the turn's other changes."""
    conversation.last_seq = seq = (conversation.last_seq or 0) + 1
    turn_sql.insert_message(session, conversation_id=conversation.id, seq=seq, role="bot",
                            text=text, reply_to=reply_to)


def load_conversation(session: Session, conversation_id: str, token: str | None) -> Conversation:
    """The conversation if it exists (else NotFound) and the token fits (else WrongToken)."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise NotFound(conversation_id)
    if not repo.token_matches(conversation, token):
        raise WrongToken(conversation_id)
    return conversation


def handle_message(svc: Services, *, conversation_id: str, token: str | None, text: str) -> TurnResult:
    """Store the lead's message and answer it; never loses the message.

    With the templates, the message and its answer are written in one transaction: a lead is
    told the message arrived only with the reply, so nothing is gained by committing it alone
    first, and one commit costs less than two. If that turn raises, everything in it is rolled
    back and the message is stored and answered as with a model, where a failing turn gets the
    apology. A model takes seconds and must not hold the conversation's lock, so with a model
    the message is committed first and answered after (`answer`)."""
    if isinstance(svc.responder, TemplateResponder):
        try:
            return _templates_turn(svc, conversation_id, token, text)
        except (NotFound, WrongToken):
            raise
        except Exception:
            log.exception("turn failed for conversation %s; the message is stored and answered "
                          "again on its own", conversation_id)
    # a Core transaction (nothing here needs an ORM session); a wrong token or id rolls it
    with svc.db.begin() as connection:  # back: nothing stored
        turn_sql.unsynced_commit(connection)  # one disk sync per turn: the reply's
        message_id = _store_message(connection, conversation_id, token, text)
    return answer(svc, conversation_id=conversation_id, message_id=message_id)


def _templates_turn(svc: Services, conversation_id: str, token: str | None,
                    text: str) -> TurnResult:
    """`_store_and_answer` in one transaction. On SQLite the turn reads without the database's
    write lock and takes it only to write (`repo.confirm_unchanged`), so that other processes'
    turns (`setter serve --workers N`) and this process's other writers go on meanwhile; if
    the conversation or its lead changed in between, the turn runs again, locked throughout."""
    first_unlocked = svc.db.dialect.name == "sqlite"
    try:
        with svc.slots, session_scope(svc.db) as session:
            return _store_and_answer(svc, session, conversation_id, token, text,
                                     lock=not first_unlocked)
    except repo.ChangedMeanwhile:
        log.debug("conversation %s changed during an unlocked turn; again, locked", conversation_id)
    with svc.slots, session_scope(svc.db) as session:
        return _store_and_answer(svc, session, conversation_id, token, text, lock=True)


def _store_and_answer(svc: Services, session: Session, conversation_id: str, token: str | None,
                      text: str, *, lock: bool = True) -> TurnResult:
    """The templates' turn: the conversation and its lead locked (or, with `lock=False` on
    SQLite, read and confirmed unchanged before the writes) and read once, the token
    checked, the message stored with the next order number (counted on the row and
    written with the turn's other changes to it), then answered in order."""
    conversation, lead = _locked(session, conversation_id, lock=lock, held=True)
    if not repo.token_matches(conversation, token):
        raise WrongToken(conversation_id)
    loaded = turn_sql.hold_changes(conversation), turn_sql.hold_changes(lead)
    # read before the message is written (on PostgreSQL it goes with the turn's other writes)
    rows, facts = turn_sql.messages_and_facts(session, conversation_id=conversation_id,
                                              lead_id=lead.id)
    conversation.last_seq = seq = (conversation.last_seq or 0) + 1
    with held_writes.holding(session):
        message = turn_sql.inserted_message(session, conversation_id=conversation_id, seq=seq,
                                            role="lead", text=text)
        return _answer_in_order(svc, session, conversation_id, message.id,
                                locked=(conversation, lead, loaded), rows=[*rows, message],
                                facts=facts, confirm=not lock)[0]


def _store_message(session: turn_sql.InTransaction, conversation_id: str, token: str | None,
                   text: str) -> str:
    """The lead's message with the conversation's next order number, if the conversation
    exists (else NotFound) and the token fits (else WrongToken); returns its id."""
    found = turn_sql.seq_and_token(session, conversation_id=conversation_id)
    if found is None:
        raise NotFound(conversation_id)
    seq, token_hash = found
    if not repo.hash_matches(token_hash, token):
        raise WrongToken(conversation_id)
    return turn_sql.insert_message(session, conversation_id=conversation_id, seq=seq,
                                   role="lead", text=text)


def answer(svc: Services, *, conversation_id: str, message_id: str) -> TurnResult:
    """Answer a stored lead message exactly once, after any earlier message of the conversation
    that a crash left unanswered. Turns of one conversation run one at a time (the
    conversation is locked), so a message another request or worker already answered gets
    that reply back instead of a second one."""
    try:
        if not isinstance(svc.responder, TemplateResponder):  # a model: not under the lock
            return _answer_with_model(svc, conversation_id, message_id)
        with svc.slots, session_scope(svc.db) as session:
            return _answer_in_order(svc, session, conversation_id, message_id)[0]
    except NotFound:
        raise
    except Exception:
        log.exception("turn failed for conversation %s; the message %s is stored",
                      conversation_id, message_id)
        with session_scope(svc.db) as session:
            return _answer_with_error(session, conversation_id, message_id)


def recover_unanswered(svc: Services, *, limit: int = 1000) -> int:
    """Answer the lead messages a crash left without a reply (run at start-up; safe with
    several workers doing it at once). Returns how many this process answered."""
    with session_scope(svc.db) as session:
        pending = [(m.conversation_id, m.id) for m in repo.unhandled(session, limit=limit)]
    answered = 0
    for conversation_id, message_id in pending:
        result = answer(svc, conversation_id=conversation_id, message_id=message_id)
        answered += result.move is not None
    if pending:
        log.info("recovery: %d of %d unanswered lead messages answered here", answered, len(pending))
    return answered


def _locked(session: Session, conversation_id: str, *, lock: bool = True, held: bool = False,
            ) -> tuple[Conversation, Lead]:
    """The conversation and its lead, locked; `held`: for `turn_sql.hold_changes` (written by
    `save_changes`, so the session need not track them)."""
    conversation, lead = repo.lock_conversation_and_lead(session, conversation_id=conversation_id,
                                                         lock=lock, attach=not held)
    if conversation is None or lead is None:
        raise NotFound(conversation_id)
    return conversation, lead


class _ModelRound(Exception):  # noqa: N818 - control flow of `_answer_with_model`, no error
    """Ends a transaction of a model round early (rolled back)."""


class _Prepared(_ModelRound):
    """The dry run reached the responder: here is what to ask the model."""

    def __init__(self, turn: TurnInput) -> None:
        super().__init__()
        self.turn = turn


class _Stale(_ModelRound):
    """The record changed while the model answered: its answer fits another input."""


class _AskLater:
    """The dry run's responder: stops the turn where the reply is needed."""

    name = "prepare"

    def respond(self, turn: TurnInput) -> TurnOutput:
        raise _Prepared(turn)


@dataclass(frozen=True)
class _Answered:
    """The write run's responder: the model's answer, for exactly the input it was given."""

    turn: TurnInput
    output: TurnOutput
    name: str = "answered"

    def respond(self, turn: TurnInput) -> TurnOutput:
        if _undated(turn) != _undated(self.turn):
            raise _Stale()
        return self.output


def _undated(turn: TurnInput) -> TurnInput:
    """The input without the next action's due time, which moves with the clock between the
    dry run and the write (a reactivation "in two weeks" from now)."""
    action = turn.decision.action
    if action is None or action.due is None:
        return turn
    return replace(turn, decision=replace(turn.decision, action=replace(action, due=None)))


def _answer_with_model(svc: Services, conversation_id: str, message_id: str) -> TurnResult:
    """The turn with a responder that takes seconds (a model), which must not hold the lock
    (on SQLite the whole database) meanwhile. Each round answers the conversation's oldest
    unanswered message: a dry run under the lock, rolled back, yields what to ask; the model
    answers with no transaction open; the turn then runs again under the lock and keeps the
    model's answer only if it asked the same (else another turn changed the record meanwhile,
    and the round starts over). Order, one reply per message and recovery stay as without
    a model: every write happens in a locked turn."""
    stale = 0
    while stale < MODEL_TRIES:
        try:
            with svc.slots, session_scope(svc.db) as session:  # needs no reply: committed as it is
                result, done = _answer_in_order(replace(svc, responder=_AskLater()), session,
                                                conversation_id, message_id, first_only=True)
        except _Prepared as prepared:  # rolled back
            output = _respond_to(svc, prepared.turn)  # the model answers outside the slots
            try:
                with svc.slots, session_scope(svc.db) as session:
                    answered = replace(svc, responder=_Answered(prepared.turn, output))
                    result, done = _answer_in_order(answered, session, conversation_id, message_id,
                                                    first_only=True)
            except _Stale:
                stale += 1
                continue
        if done:
            return result
    log.warning("conversation %s kept changing while the model answered; templates reply",
                conversation_id)
    with svc.slots, session_scope(svc.db) as session:
        fallback = replace(svc, responder=TemplateResponder())
        return _answer_in_order(fallback, session, conversation_id, message_id)[0]


_Loaded = tuple[Conversation, Lead, tuple[dict[str, Any], dict[str, Any]]]


def _answer_in_order(svc: Services, session: Session, conversation_id: str, message_id: str,
                     first_only: bool = False, locked: _Loaded | None = None,
                     rows: Sequence[Any] | None = None, facts: dict[str, StoredFact] | None = None,
                     confirm: bool = False) -> tuple[TurnResult, bool]:
    """Answer the unanswered lead messages up to `message_id` (only the oldest with
    `first_only`); True once `message_id` is answered. `locked`: the conversation and lead
    the caller locked in this transaction, with their column values as read; `rows` and
    `facts`: the conversation's messages and the lead's facts in force, if the caller read
    them (`turn_sql.messages_and_facts`). `confirm`: `locked` was read without the lock,
    so `repo.confirm_unchanged` takes it before the conversation and lead are written."""
    if locked is None:
        conversation, lead = _locked(session, conversation_id, held=True)
        loaded = turn_sql.hold_changes(conversation), turn_sql.hold_changes(lead)
    else:
        conversation, lead, loaded = locked
    if rows is None:  # one read for the turn
        rows, facts = turn_sql.messages_and_facts(session, conversation_id=conversation_id,
                                                  lead_id=lead.id)
    pending, target = _pending(rows, message_id)
    if target is None and len(rows) >= turn_sql.RECENT_MESSAGES:  # maybe before the recent ones
        rows, facts = turn_sql.messages_and_facts(session, conversation_id=conversation_id,
                                                  lead_id=lead.id, recent=False)
        pending, target = _pending(rows, message_id)
    if target is None:  # answered meanwhile by another request or worker
        done = repo.reply_of(session, message_id=message_id)
        text = done.text if done else None
        return TurnResult(conversation_id, lead.id, text, conversation.lang), True
    move: Decision | None = None
    reply: str | None = None
    earlier = [m for m in pending if m.seq <= target.seq]
    with held_writes.holding(session):  # on PostgreSQL the turn's writes go as one statement
        for message in earlier[:1] if first_only else earlier:
            reply, move = _run_turn(svc, session, conversation, lead, message, rows, facts)
            facts = None  # read again for a later message
        turn_sql.save_changes(session, conversation, loaded[0])  # plain UPDATEs, no ORM flush
        turn_sql.save_changes(session, lead, loaded[1])
        if confirm:  # the writes made ready first: the lock is then held only to run them
            held_writes.prepare(session)
            repo.confirm_unchanged(session)
    finished = not first_only or len(earlier) == 1
    return TurnResult(conversation_id, lead.id, reply, conversation.lang, move=move), finished


def _pending(rows: Sequence[Any], message_id: str) -> tuple[list[Any], Any | None]:
    """The unanswered lead messages among `rows`, and the one with `message_id` if it is."""
    pending = [m for m in rows if m.role == "lead" and m.handled_at is None]
    return pending, next((m for m in pending if m.id == message_id), None)


def _answer_with_error(session: Session, conversation_id: str, message_id: str) -> TurnResult:
    """The apology for a failed turn, stored once; earlier unanswered messages are let go so
    that one message that always fails cannot block the conversation."""
    conversation, lead = _locked(session, conversation_id)
    target = session.get(MessageRow, message_id, populate_existing=True)
    if target is None:
        raise NotFound(message_id)
    if target.handled_at is not None:
        done = repo.reply_of(session, message_id=message_id)
        return TurnResult(conversation_id, lead.id, done.text if done else None, conversation.lang)
    now = utcnow()
    for pending in repo.unhandled(session, conversation_id=conversation_id):
        if pending.seq <= target.seq:
            pending.handled_at = now
            session.add(pending)
    reply = render_reply(conversation.lang, "error")
    repo.add_message(session, conversation_id=conversation_id, role="bot", text=reply,
                     reply_to=message_id, locked=conversation)
    return TurnResult(conversation_id, lead.id, reply, conversation.lang)


def _run_turn(svc: Services, session: Session, conversation: Conversation, lead: Lead,
              message: Any, rows: Sequence[Any], current: dict[str, StoredFact] | None = None,
              ) -> tuple[str | None, Decision | None]:
    """One turn for a stored lead message, in the caller's transaction with the conversation
    locked; returns the reply and the move (None and None while a setter holds the
    conversation). The reply follows the message it answers."""
    message_id = message.id
    stored = as_messages(rows)
    # Read the conversation up to this turn's message, even if others arrived meanwhile.
    messages = stored[: next(i for i, m in enumerate(stored) if m.id == message_id) + 1]
    text = messages[-1].text
    if current is None:  # the one read of the facts, before any change (no early flush)
        current = turn_sql.facts_in_force(session, lead_id=lead.id)
    conversation.lang = _reply_lang(text, conversation.lang)
    lead.lang = conversation.lang
    candidates, extracted = _extract_new(svc.extractor, messages, rows)
    read = reading.read(text, candidates)
    answered = reading.answer_questions(svc.knowledge, read, conversation.lang, svc.address)
    candidates = reading.without_business_hours(candidates, answered)
    candidates = _guard(conversation, lead, read, candidates, len(messages) - 1)
    learned, ruled = _store_facts(session, lead, conversation, messages, candidates, current)
    signals = extract.detect_signals(text)
    if read.urgent is not None and "urgent" not in (lead.flags or []):
        signals |= {"urgent_now"}  # urgent from this message on (told so even after a hand-off)
    _apply_signals(lead, signals)
    if privacy.wants_erasure(text):  # shown to the admin, who erases
        privacy.mark_for_erasure(lead, "chat")
    contact.pick_up_phone(lead, text, message_id=message_id, via="chat")  # the lead's own number
    lead.flags = sorted(set(lead.flags or []) | read.flags)
    _store_questions(session, lead, conversation, messages[-1], answered)
    signals |= {"lead_why"} if read.asks_why else frozenset()
    signals |= {"question_open"} if any(a.answer is None for a in answered) else frozenset()
    asks = dict((conversation.asked or {}).get("asks") or {})
    lead_turns = sum(1 for m in messages if m.role == "lead")
    lead.flags = sorted(set(lead.flags or [])
                        | policy.conversation_flags(asks, lead_turns, svc.max_questions,
                                                  conversation.status))
    keeper = Scorekeeper(svc.model, at_once=True)
    _record_event(session, lead, svc.model, scoring.Event("chat_message", messages[-1].at))
    facts = fact_values(current)  # after this turn's facts; unchanged until the reply
    keeper.refresh(session, lead, facts=facts)
    if conversation.held_by:  # a setter answers; the record learned, the bot stays silent
        turn_sql.mark_handled(session, message_id=message_id, at=utcnow(), extracted=extracted)
        return None, None
    decision = policy.decide(policy.PolicyState(
        action=action_of(lead), signals=signals, asked=asks, learned=tuple(learned),
        status=conversation.status, lead_flags=frozenset(lead.flags or [])))
    answers = [a.answer for a in answered if a.answer is not None]
    output = _respond(svc, conversation, lead, decision, facts, signals, messages,
                      tuple(a.text for a in answers))
    _store_proposals(session, lead, conversation, messages, output, learned, ruled, current)
    _note_model_flags(lead, output.flags)
    if output.proposals:  # rescored; the next action stays the one this reply acted on
        keeper.refresh(session, lead, keep_action=True)
    repo.add_llm_calls(session, conversation_id=conversation.id, message_id=message_id,
                       calls=output.calls)
    _advance_conversation(conversation, decision, [a for answer in answers for a in answer.amounts])
    turn_sql.mark_handled(session, message_id=message_id, at=utcnow(), extracted=extracted)
    _reply(session, conversation, output.text, reply_to=message_id)
    return output.text, decision


def _reply_lang(text: str, current: str) -> str:
    """Follow the lead into the other language only on a real sentence: "ja", "Hi" or
    "Kommt drauf an." say too little to switch on."""
    if len(WORD.findall(text)) < SWITCH_MIN_WORDS:
        return current
    return extract.detect_lang(text) or current


def _guard(conversation: Conversation, lead: Lead, read: reading.Reading,
           candidates: list[Candidate], index: int) -> list[Candidate]:
    """An urgent request adds timing `now`; a vendor's prices and figures the bot named itself
    are dropped from the budget (counted as rejected)."""
    candidates = reading.urgent_timing(read, candidates, index)
    named = (conversation.asked or {}).get("named_prices") or []
    foreign = reading.foreign_prices(candidates, set(lead.flags or []) | read.flags, named)
    conversation.rejected_proposals += len(foreign)
    return [c for c in candidates if not any(c is f for f in foreign)]


def _store_questions(session: Session, lead: Lead, conversation: Conversation, message: Message,
                     answered: Sequence[reading.Answered]) -> None:
    """The lead's questions go on the record: answered from the knowledge file, or open."""
    for item in answered:
        answer = item.answer
        turn_sql.insert_row(session, turn_sql.QUESTIONS, {
            "id": ordered_id(), "lead_id": lead.id, "conversation_id": conversation.id,
            "message_id": message.id, "quote": item.question.quote,
            "span_start": item.question.span[0], "span_end": item.question.span[1],
            "lang": conversation.lang, "status": "answered" if answer else "open",
            "answer_id": answer.entry_id if answer else None,
            "answer": answer.text if answer else None, "created_at": utcnow()})


def _extract_new(extractor: Extractor, messages: list[Message],
                 rows: Sequence[Any]) -> tuple[list[Candidate], dict[str, Any] | None]:
    """Rule facts the newest lead message contributes, read against the recent conversation:
    the bot's question before it gives context, and earlier statements let a correction
    ("Korrektur: eher 8k") keep the period and currency said before. Also what extraction
    found in the newest message, to keep with it (None when it cannot be reused)."""
    window = messages[-CONTEXT_MESSAGES:]
    offset = len(messages) - len(window)
    newest = len(window) - 1
    kept: dict[str, Any] | None = None
    if extractor is extract.extract:  # the shipped extractor: earlier messages are read once
        stored = {i: getattr(row, "extracted", None) for i, row in enumerate(rows[:newest])}
        found = recall.MEMORY.extract(window, stored if offset == 0 else None)
        if offset == 0:  # kept only for windows that start at the conversation's start
            kept = recall.encode([c for c in found if c.message_index == newest])
    else:
        found = extractor(window, window[-1].at)
    current = extract.resolve(found)
    return [replace(c, message_index=c.message_index + offset)
            for c in current.values() if c is not None and c.message_index == newest], kept


def _fact_row(lead: Lead, conversation: Conversation, messages: list[Message],
              candidate: Candidate) -> dict[str, Any]:
    message = messages[candidate.message_index]
    return {"lead_id": lead.id, "conversation_id": conversation.id, "slot": candidate.slot,
            "value": dict(candidate.value), "quote": candidate.quote, "message_id": message.id,
            "span_start": candidate.span[0], "span_end": candidate.span[1],
            "confidence": candidate.confidence, "source": candidate.source}


def _store_facts(session: Session, lead: Lead, conversation: Conversation,
                 messages: list[Message], candidates: Sequence[Candidate],
                 current: dict[str, StoredFact]) -> tuple[list[Candidate], dict[str, StoredFact]]:
    """Ground and store candidates; each new fact supersedes the slot's previous one."""
    accepted, rejected = ground_all(candidates, messages)
    conversation.rejected_proposals += rejected
    stored: dict[str, StoredFact] = {}
    for candidate in accepted:
        row = turn_sql.insert_fact(session, fact=_fact_row(lead, conversation, messages, candidate),
                               current=current)
        stored[candidate.slot] = row
    return accepted, stored


def _store_proposals(session: Session, lead: Lead, conversation: Conversation,
                     messages: list[Message], output: TurnOutput,
                     learned: Sequence[Candidate], ruled: dict[str, StoredFact],
                     current: dict[str, StoredFact]) -> None:
    """LLM proposals are grounded like rules, then reconciled with this turn's rule facts:
    the better-grounded, more recent one stays current, the other is kept in history."""
    accepted, rejected = ground_all(output.proposals, messages)
    conversation.rejected_proposals += rejected + output.rejected
    outcome = reconcile(learned, accepted)
    for candidate in outcome.current:
        turn_sql.insert_fact(session, fact=_fact_row(lead, conversation, messages, candidate),
                         current=current)
    for candidate in outcome.history:
        row = _fact_row(lead, conversation, messages, candidate)
        row.update(id=ordered_id(), superseded_by=ruled[candidate.slot].id, created_at=utcnow())
        turn_sql.insert_row(session, turn_sql.FACTS, row)


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
             facts: Facts, signals: frozenset[str], messages: list[Message] | None = None,
             answers: tuple[str, ...] = ()) -> TurnOutput:
    turn = TurnInput(
        conversation_id=conversation.id, lang=conversation.lang, messages=messages or [],
        facts=facts, decision=decision, lead_name=lead.name,
        channel=conversation.channel, flags=signals | frozenset(lead.flags or []),
        answers=answers, business=svc.knowledge.business if svc.knowledge else {},
        address=svc.address,
    )
    return _respond_to(svc, turn)


def _respond_to(svc: Services, turn: TurnInput) -> TurnOutput:
    try:
        return svc.responder.respond(turn)
    except _ModelRound:  # a model round's own control flow
        raise
    except Exception:
        log.exception("responder %s failed; using templates", getattr(svc.responder, "name", "?"))
        return TemplateResponder().respond(turn)


def _advance_conversation(conversation: Conversation, decision: Decision,
                          named_prices: Sequence[float] = ()) -> None:
    """Count the question asked (no slot is asked more than twice) and remember the figures
    the bot named, which are never the lead's budget."""
    asked = dict(conversation.asked or {})
    asking = decision.kind in ("ask", "clarify") and decision.slot is not None
    asked["last"] = decision.slot if asking else None
    if asking:
        asks = dict(asked.get("asks") or {})
        asks[str(decision.slot)] = asks.get(str(decision.slot), 0) + 1
        asked["asks"] = asks
    if named_prices:
        named = [*(asked.get("named_prices") or []), *named_prices]
        asked["named_prices"] = sorted(set(named))[-MAX_NAMED_PRICES:]
    conversation.asked = asked
    if decision.kind in FINAL_KINDS:
        conversation.status = decision.kind
    conversation.updated_at = utcnow()
