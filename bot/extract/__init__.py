"""Rule-based, grounded BANT extraction for German and English lead messages.

Every candidate carries the exact quote and character span it rests on, so a setter
(or the grounding check) can verify it against the transcript.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache, partial

from bot.extract.authority import find_authority
from bot.extract.budget import NO_CONTEXT, PriceContext, asks_current_cost, find_budget, quoted_prices
from bot.extract.context import QuestionForm, answer_hits, asked_slot, question_form, takes_offer
from bot.extract.hits import Hit
from bot.extract.lang import detect_lang
from bot.extract.lead_kind import NON_BUYER_KINDS, LeadSignal, asks_why, detect_urgency, lead_questions
from bot.extract.learned.blend import blend
from bot.extract.learned.model import Model, shipped
from bot.extract.need import find_need
from bot.extract.nonbuyer import apply as as_non_buyer
from bot.extract.nonbuyer import decide, detect_non_buyer, kind_of, without_theirs
from bot.extract.resolve import VAGUE, resolve
from bot.extract.scan import LazyText, Scan, lower, prepare, prepare_windows, read_windows, trim
from bot.extract.signals import detect_signals
from bot.extract.state import currency_named, in_context, period_asked
from bot.extract.timing import find_timing, in_month_of, offered
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
    out = [c for _, found in _per_message(messages, reference_time, model, known) for c in found]
    return _later_currency(out, messages)


def extract_each(messages: Sequence[Message], reference_time: datetime | None,
                 model: Model | None) -> list[list[Candidate]]:
    """For each lead message, what `extract_with` gives for the conversation up to it (one
    pass: each message is read in the light of the ones before it only)."""
    results: list[list[Candidate]] = []
    out: list[Candidate] = []
    for index, found in _per_message(messages, reference_time, model):
        out.extend(found)
        results.append(_later_currency(list(out), messages[: index + 1]))
    return results


def _per_message(messages: Sequence[Message], reference_time: datetime | None,
                 model: Model | None, known: Mapping[int, Sequence[Candidate]] | None = None,
                 ) -> Iterator[tuple[int, list[Candidate]]]:
    """The candidates of each lead message, with its index, in order."""
    asked: Slot | None = None
    form: QuestionForm = "yes_no"
    said: list[str] = []
    seen: list[str] = []  # every message so far, the bot's too
    currency: str | None = None  # the last currency anyone named in the conversation
    period: str | None = None  # the period the bot's last question named
    prices = NO_CONTEXT  # what the bot's last message said about money
    magnitude: float | None = None  # the last large figure anyone named
    bot_text = ""  # the bot's last message, unless a lead message answered it already
    kind: str | None = None  # who is writing, once a message showed a non-buyer: they stay one
    deadline: date | None = None  # the last date the lead gave
    for index, message in enumerate(messages):
        currency = _currency(message.text[:HISTORY_CHARS]) or currency
        seen.append(message.text)
        if message.role == "bot":
            asked, form, period, quoted, current = _bot_reading(message.text)
            magnitude = max((q for q in quoted if q >= 1000), default=magnitude)
            prices = PriceContext(quoted, current, magnitude)
            bot_text = message.text
            continue
        said.append(_as_read(message.text))
        if known is not None and index in known:  # what this message said is read already
            found = list(known[index])
            yield index, found
        else:
            at = message.at if message.at is not None else reference_time or datetime.now()
            # The histories are made only if read (see `_candidates`).
            found = _candidates(message.text, at, asked, index, form, model, partial(_history, said),
                                partial(_history, seen), prices, bot_text)
            found.extend(_taken_offer(bot_text, message.text, at, index, found, deadline))
            if kind is not None:
                # A vendor's later figure or an applicant's "I need 30 hours" is still not theirs.
                found = without_theirs(found, kind)
            found = [in_context(in_month_of(c, deadline, at), currency, period) for c in found]
            yield index, found
        kind = kind or kind_of(found)
        deadline = _last_deadline(found, deadline)
        magnitude = _magnitude(found, magnitude)
        # Only the first answer after a question is read in its light.
        asked, period, prices, bot_text = None, None, PriceContext(magnitude=magnitude), ""


def _bot_reading(text: str) -> tuple[Slot | None, QuestionForm, str | None, tuple[float, ...], bool]:
    """What a bot message tells about the answer after it: the slot and form of its question,
    the period it names, the prices it quotes, whether it asks what the lead pays now."""
    if len(text) > _REMEMBERED_CHARS:
        return _read_bot(text)
    return _remembered_bot(text)


def _read_bot(text: str) -> tuple[Slot | None, QuestionForm, str | None, tuple[float, ...], bool]:
    return (asked_slot(text), question_form(text), period_asked(text), quoted_prices(text),
            asks_current_cost(text))


# Bot messages are templated and every turn reads the conversation's again: what they say is
# read once per process (each a pure function of the text). Longer texts are read every time.
_REMEMBERED_CHARS = 2000
_remembered_bot = lru_cache(maxsize=4096)(_read_bot)
_currency = lru_cache(maxsize=8192)(currency_named)


def _taken_offer(bot_text: str, text: str, at: datetime, index: int,
                 found: list[Candidate], own: date | None = None) -> list[Candidate]:
    """A lead who takes the date the bot offered ("Morgen 17 Uhr wäre frei." - "perfekt, nehm
    ich") wants it then: timing from the bot's date, quoting the lead's yes. A date the bot
    only repeated back (`own`: the last one the lead gave, "Ich notiere mir Ende Juni" -
    "passt") was no offer: the yes says nothing new, and the lead's own words stay the quote."""
    if not bot_text or any(c.slot == "timing" for c in found):
        return []
    m = takes_offer(bot_text, lower(prepare(text[:400])))
    if m is None:
        return []
    date_hit = offered(bot_text, at)
    if date_hit is None or (own is not None and date_hit.value.get("deadline") == own.isoformat()):
        return []
    start, end = trim(text, m.start(), m.end())
    if end <= start:
        return []
    hit = Hit("timing", dict(date_hit.value), start, end, 0.6, flags=frozenset({"from_context"}))
    return [_candidate(text, hit, index)]


def extract_text(text: str, at: datetime, asked_slot: Slot | None = None) -> list[Candidate]:
    """Candidates from one lead text, optionally as the answer to a question on a slot."""
    return _candidates(text, at, asked_slot, 0, model=shipped(), history=_history([_as_read(text)]))


def _last_deadline(found: list[Candidate], last: date | None) -> date | None:
    """The last deadline a message gave, else the one known before."""
    dated = [c.value["deadline"] for c in found if c.slot == "timing" and c.value.get("deadline")]
    return date.fromisoformat(dated[-1]) if dated else last


def _magnitude(found: list[Candidate], last: float | None) -> float | None:
    """The size of the largest budget figure a message gave, else the last one known."""
    figures = [v for c in found if c.slot == "budget"
               for v in (c.value.get("min"), c.value.get("max")) if isinstance(v, int | float)]
    large = [v for v in figures if v >= 1000]
    return max(large) if large else last


def _later_currency(out: list[Candidate], messages: Sequence[Message]) -> list[Candidate]:
    """A figure given without a currency takes one the lead names later ("yes euros")."""
    if not any(c.slot == "budget" and c.value.get("currency") is None and c.value.get("has_budget")
               and (c.value.get("min") is not None or c.value.get("max") is not None) for c in out):
        return out
    named = [(i, code) for i, m in enumerate(messages) if m.role == "lead"
             if (code := _currency(m.text[:HISTORY_CHARS])) is not None]
    if not named:
        return out
    result = []
    for c in out:
        later = [code for i, code in named if i > c.message_index]
        if later and c.slot == "budget" and c.value.get("currency") is None and (
                c.value.get("min") is not None or c.value.get("max") is not None):
            c = replace(c, value={**c.value, "currency": later[0]}, flags=c.flags | {"from_context"})
        result.append(c)
    return result


def _as_read(text: str) -> str:
    """What extraction reads of a message: all of it, or the windows of a long paste."""
    windows = read_windows(text)
    return text if windows == [(0, len(text))] else "\n".join(text[a:b] for a, b in windows)


def _history(said: list[str]) -> str:
    """What the lead has said so far, newest last, as the model reads it (bounded)."""
    return prepare("\n".join(said)[-HISTORY_CHARS:])


def _candidates(text: str, at: datetime, asked: Slot | None, index: int,
                form: QuestionForm = "yes_no", model: Model | None = None,
                history: LazyText = "", context: LazyText = "",
                prices: PriceContext = NO_CONTEXT, bot: str = "") -> list[Candidate]:
    out: list[Candidate] = []
    windows = read_windows(text)  # a long paste: its head and tail only
    scans = [(start, Scan(text[start:end], at, prepared=prepared))
             for (start, end), prepared in zip(windows, prepare_windows(text, windows), strict=True)]
    # Who is writing: one decision per window (the rules, then the model on the head).
    decisions = [decide(scan, model if start == 0 else None, history) for start, scan in scans]
    for (start, scan), found in zip(scans, decisions, strict=True):
        hits = _hits(scan, asked if start == 0 else None, form, prices if start == 0 else NO_CONTEXT)
        if model is not None and start == 0:
            hits = blend(model, scan, asked, hits, history, context, bot)
        hits = _not_a_buyers_need(as_non_buyer(scan, hits, found), any(decisions))
        out.extend(_candidate(text, replace(hit, start=hit.start + start, end=hit.end + start),
                              index) for hit in hits if hit.end > hit.start)
    return out


def _hits(scan: Scan, asked: Slot | None, form: QuestionForm = "yes_no",
          prices: PriceContext = NO_CONTEXT) -> list[Hit]:
    lang = detect_lang(scan.text)
    hits = [
        *find_budget(scan, asked == "budget", prices),
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
