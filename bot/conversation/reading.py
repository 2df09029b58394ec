"""What a lead's message says beyond BANT facts, and what the turn does with it.

Who is writing (a vendor, an applicant, a support matter ...) is the extractor's decision
(`bot.extract.nonbuyer`), read from the message's need fact, so the record and the flag agree;
whether it is urgent and the lead's own questions are read from `bot.extract.lead_kind`. They
reach the next action only
as lead flags (`non_buyer:<kind>`, `urgent`); questions are answered from the business's
knowledge file or put on the record for a setter. Two guards keep prices that are not the
lead's out of the budget: a vendor's own prices, and figures the bot itself named.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from bot import extract
from bot.extract.lead_kind import LeadSignal
from bot.knowledge import Answer, Knowledge
from bot.types import Candidate

# Whose figures are never the lead's budget: a vendor quoting their packages, spam.
PRICE_SENDERS = frozenset({"vendor", "spam"})
URGENT_CONFIDENCE = 0.8
# Facts a lead may state as a question while answering ours: "so 500?", "nächste Woche?".
TENTATIVE = frozenset({"budget", "timing"})
# Signals that make a question a request the policy acts on (hand-off, stop), not one to answer.
REQUESTS = frozenset({"wants_human", "opt_out", "stop"})
HOURS = "hours"  # the knowledge topic of when the business is open or reachable
# What a job seeker or a student may be told from the knowledge file: the jobs entry only
# ("Any openings at the moment?" is no question about opening hours).
JOBS = "jobs"
ASKS_FOR_WORK = frozenset({"non_buyer:applicant", "non_buyer:student"})


@dataclass(frozen=True)
class Reading:
    """The conversation-level signals of one lead message, each with the lead's words."""

    non_buyer: LeadSignal | None = None
    urgent: LeadSignal | None = None
    questions: tuple[LeadSignal, ...] = ()
    asks_why: bool = False

    @property
    def flags(self) -> set[str]:
        """The lead flags through which the next action learns of them."""
        flags = {self.non_buyer.kind} if self.non_buyer else set()
        return flags | ({"urgent"} if self.urgent else set())


@dataclass(frozen=True)
class Answered:
    """A lead's question and the knowledge entry answering it (None: open for a setter)."""

    question: LeadSignal
    answer: Answer | None


def read(text: str, facts: Sequence[Candidate]) -> Reading:
    """The signals of a message; `facts` are the candidates read from it (a sentence holding
    a figure or a date and merely ending in "?" is a tentative answer, "so 500?", not a
    question). A need or a role read from a question leaves it a question: "... ein neues Bad,
    was würde das kosten?" asks. A request ("can someone call me?", "stop writing to me?") is
    acted on, not answered. Who is writing answers no question of the bot's: "are you guys
    hiring??" stays a question."""
    spans = [c.span for c in facts if c.slot in TENTATIVE and "non_buyer" not in c.flags]
    questions = [q for q in extract.lead_questions(text, spans)
                 if not extract.detect_signals(q.quote) & REQUESTS]
    return Reading(
        non_buyer=_non_buyer(facts),
        urgent=extract.detect_urgency(text),
        questions=tuple(questions),
        asks_why=extract.asks_why(text),
    )


def _non_buyer(facts: Sequence[Candidate]) -> LeadSignal | None:
    """The extractor's answer to who is writing: the kind on the message's need fact."""
    for c in facts:
        kind = c.value.get("kind") if c.slot == "need" else None
        if kind in extract.NON_BUYER_KINDS:
            return LeadSignal(f"non_buyer:{kind}", c.quote, c.span, c.source)
    return None


def urgent_timing(reading: Reading, candidates: Sequence[Candidate], index: int) -> list[Candidate]:
    """An urgent request is timing `now`, quoted from the lead, unless the message states
    a timing of its own."""
    if reading.urgent is None or any(c.slot == "timing" for c in candidates):
        return list(candidates)
    signal = reading.urgent
    timing = Candidate(slot="timing", value={"horizon": "now", "deadline": None}, quote=signal.quote,
                       message_index=index, span=signal.span, confidence=URGENT_CONFIDENCE)
    return [*candidates, timing]


def _amounts(candidate: Candidate) -> set[float]:
    return {float(v) for v in (candidate.value.get("min"), candidate.value.get("max"))
            if isinstance(v, int | float)}


def foreign_prices(candidates: Iterable[Candidate], flags: Collection[str],
                   named: Collection[float]) -> list[Candidate]:
    """Budget candidates that are not the lead's budget: any figure of a vendor or spam, and
    figures the bot named itself from the knowledge file ("89 € Anfahrt" echoed back)."""
    sender = {f.split(":", 1)[1] for f in flags if f.startswith("non_buyer:")} & PRICE_SENDERS
    out = []
    for candidate in candidates:
        if candidate.slot != "budget":
            continue
        amounts = _amounts(candidate)
        if sender or (amounts and amounts <= set(named)):
            out.append(candidate)
    return out


def without_business_hours(candidates: Sequence[Candidate], answered: Sequence[Answered]) -> list[Candidate]:
    """Candidates less the timing read from a question about when the business is open ("seid
    ihr auch am samstag erreichbar?"): that day is the business's, not the lead's start."""
    spans = [a.question.span for a in answered if a.answer is not None and a.answer.topic == HOURS]
    return [c for c in candidates
            if not (c.slot == "timing" and any(a <= c.span[0] and c.span[1] <= b for a, b in spans))]


def answer_questions(knowledge: Knowledge | None, reading: Reading, lang: str,
                     address: str = "sie") -> list[Answered]:
    """Each question with the entry that answers it (in the deployment's German address), or
    None when the knowledge file has none (or the deployment has no knowledge file): then a
    colleague answers. An applicant's or a student's question is answered only from the jobs
    entry; anything else stays open for a setter."""
    answered = [Answered(q, knowledge.answer(q.quote, lang, address) if knowledge else None)
                for q in reading.questions]
    if reading.flags & ASKS_FOR_WORK:
        answered = [a if a.answer is None or a.answer.topic == JOBS else Answered(a.question, None)
                    for a in answered]
    return answered
