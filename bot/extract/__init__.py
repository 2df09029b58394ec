"""Rule-based, grounded BANT extraction for German and English lead messages.

Every candidate carries the exact quote and character span it rests on, so a setter
(or the grounding check) can verify it against the transcript.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from bot.extract.authority import find_authority
from bot.extract.budget import find_budget
from bot.extract.context import QuestionForm, answer_hits, asked_slot, question_form
from bot.extract.hits import Hit
from bot.extract.lang import detect_lang
from bot.extract.lead_kind import NON_BUYER_KINDS, LeadSignal, asks_why, detect_urgency, lead_questions
from bot.extract.learned.blend import blend
from bot.extract.learned.model import Model, shipped
from bot.extract.need import find_need
from bot.extract.nonbuyer import apply as as_non_buyer
from bot.extract.nonbuyer import decide, detect_non_buyer
from bot.extract.resolve import VAGUE, resolve
from bot.extract.scan import Scan, prepare, read_windows
from bot.extract.signals import detect_signals
from bot.extract.state import currency_named, in_context, period_asked
from bot.extract.timing import find_timing
from bot.types import Candidate, Message, Slot

# How much of what the lead said so far the model reads to tell the kind of lead.
HISTORY_CHARS = 1500

__all__ = ["NON_BUYER_KINDS", "LeadSignal", "asked_slot", "asks_why", "detect_lang", "detect_non_buyer",
           "detect_signals", "detect_urgency", "extract", "extract_text", "lead_questions", "lead_signals",
           "resolve"]


def extract(messages: Sequence[Message], reference_time: datetime | None = None, *,
            known: Mapping[int, Sequence[Candidate]] | None = None) -> list[Candidate]:
    """Candidates from all lead messages, in order; bot questions give context.

    `known`: the candidates an earlier call returned for some lead messages (by index), when
    the messages before each were the same: reused instead of read again, so a caller that
    remembers them reads only the newest message of a growing conversation."""
    return extract_with(messages, reference_time, shipped(), known=known)


def extract_with(messages: Sequence[Message], reference_time: datetime | None,
                 model: Model | None, *,
                 known: Mapping[int, Sequence[Candidate]] | None = None) -> list[Candidate]:
    """`extract` with a given learned model (None: the rules alone)."""
    out: list[Candidate] = []
    asked: Slot | None = None
    form: QuestionForm = "yes_no"
    said: list[str] = []
    seen: list[str] = []  # every message so far, the bot's too
    currency: str | None = None  # the last currency anyone named in the conversation
    period: str | None = None  # the period the bot's last question named
    for index, message in enumerate(messages):
        currency = currency_named(message.text[:HISTORY_CHARS]) or currency
        seen.append(message.text)
        if message.role == "bot":
            asked, form = asked_slot(message.text), question_form(message.text)
            period = period_asked(message.text)
            continue
        said.append(message.text)
        if known is not None and index in known:  # what this message said is read already
            out.extend(known[index])
        else:
            at = message.at if message.at is not None else reference_time or datetime.now()
            found = _candidates(message.text, at, asked, index, form, model, _history(said),
                                _history(seen))
            out.extend(in_context(c, currency, period) for c in found)
        asked, period = None, None  # only the first answer after a question is read in its light
    return out


def extract_text(text: str, at: datetime, asked_slot: Slot | None = None) -> list[Candidate]:
    """Candidates from one lead text, optionally as the answer to a question on a slot."""
    return _candidates(text, at, asked_slot, 0, model=shipped(), history=text)


def _history(said: list[str]) -> str:
    """What the lead has said so far, newest last, as the model reads it (bounded)."""
    return prepare("\n".join(said)[-HISTORY_CHARS:])


def _candidates(text: str, at: datetime, asked: Slot | None, index: int,
                form: QuestionForm = "yes_no", model: Model | None = None,
                history: str = "", context: str = "") -> list[Candidate]:
    out: list[Candidate] = []
    windows = read_windows(text)  # a long paste: its head and tail only
    prepared = prepare(text) if len(windows) > 1 else None
    scans = [(start, Scan(text[start:end], at, prepared=None if prepared is None else prepared[start:end]))
             for start, end in windows]
    # Who is writing: one decision per window (the rules, then the model on the head).
    decisions = [decide(scan, model if start == 0 else None, history) for start, scan in scans]
    for (start, scan), found in zip(scans, decisions, strict=True):
        hits = _hits(scan, asked if start == 0 else None, form)
        if model is not None and start == 0:
            hits = blend(model, scan, asked, hits, history, context)
        hits = _not_a_buyers_need(as_non_buyer(scan, hits, found), any(decisions))
        out.extend(_candidate(text, replace(hit, start=hit.start + start, end=hit.end + start),
                              index) for hit in hits if hit.end > hit.start)
    return out


def _hits(scan: Scan, asked: Slot | None, form: QuestionForm = "yes_no") -> list[Hit]:
    lang = detect_lang(scan.text)
    hits = [
        *find_budget(scan, asked == "budget"),
        *find_authority(scan, asked == "authority"),
        *find_need(scan),
        *find_timing(scan, lang, asked == "timing"),
    ]
    if asked is not None and not any(h.slot == asked for h in hits):
        hits.extend(answer_hits(scan, asked, form, [(h.start, h.end) for h in hits]))
    return hits


def _not_a_buyers_need(hits: list[Hit], non_buyer: bool) -> list[Hit]:
    """A non-buyer (wrong number, spam, vendor, ...) anywhere in the message, or a stop request,
    states no need of its own: "wrong number, I wanted the bakery" is no need."""
    if not non_buyer and not any("opt_out" in h.flags for h in hits):
        return hits
    return [h for h in hits if h.slot != "need" or not h.value["has_need"]]


def _candidate(text: str, hit: Hit, index: int) -> Candidate:
    flags = hit.flags | ({VAGUE} if not hit.specific else frozenset())
    return Candidate(
        slot=hit.slot, value=dict(hit.value), quote=text[hit.start:hit.end], message_index=index,
        span=(hit.start, hit.end), confidence=hit.confidence, source=hit.source,
        flags=frozenset(flags),
    )


def lead_signals(text: str) -> list[LeadSignal]:
    """Every conversation-level signal of a message: non-buyer kind, urgency, questions."""
    found = [detect_non_buyer(text), detect_urgency(text)]
    return [s for s in found if s is not None] + lead_questions(text)
