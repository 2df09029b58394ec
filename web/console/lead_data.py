"""The lead page's data: transcript with evidence spans, BANT card, score, history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.leads import actions, summary
from bot.leads.queue import bant_badges
from bot.store import repo
from bot.store.models import (
    Conversation,
    EventRow,
    FactRow,
    Lead,
    LeadAction,
    LLMCallRow,
    MessageRow,
    ScoreSnapshot,
    StageTransition,
    UserRow,
)
from bot.types import SLOTS
from web.console.charts import LineChart, score_line

MAX_EVENTS = 200
SHOWN = 500  # messages of the transcript on the page: the last ones
MAX_SNAPSHOTS = 1000  # score snapshots in the chart: the last ones (one per turn and event)


@dataclass(frozen=True)
class Segment:
    """A piece of a message; `fact` is set where the piece is a fact's quote."""

    text: str
    fact: FactRow | None = None


@dataclass(frozen=True)
class Line:
    """One message of the transcript with its channel and highlighted evidence."""

    message: MessageRow
    channel: str
    segments: list[Segment]


@dataclass(frozen=True)
class FactEntry:
    """A fact (current or superseded) as the BANT card shows it."""

    row: FactRow
    text: str


@dataclass(frozen=True)
class SlotCard:
    """One BANT slot: the fact in force, the superseded ones, the badge."""

    slot: str
    current: FactEntry | None
    superseded: list[FactEntry]
    badge: str


@dataclass
class LeadData:
    """Everything the lead page shows."""

    lead: Lead
    lines: list[Line]
    cards: list[SlotCard]
    chart: LineChart
    events: list[EventRow]
    questions: list[MessageRow]
    llm_calls: list[LLMCallRow]
    trail: list[LeadAction]
    transitions: list[StageTransition]
    closer: UserRow | None
    conversations: list[Conversation]
    summary: str = ""
    closers: list[UserRow] = field(default_factory=list)
    earlier: int = 0  # messages before the ones in `lines`, not shown

    @property
    def tokens(self) -> int:
        """Prompt plus completion tokens of every logged model call."""
        return sum(c.prompt_tokens + c.completion_tokens for c in self.llm_calls)

    @property
    def reasons(self) -> list[dict[str, Any]]:
        """Every reason of the current score, largest effect first."""
        return sorted((self.lead.score or {}).get("reasons", []),
                      key=lambda r: -abs(int(r.get("points", 0))))


def segments(message: MessageRow, facts: list[FactRow]) -> list[Segment]:
    """The message cut into plain text and fact quotes (first fact wins where spans overlap)."""
    spans = sorted((f for f in facts if f.message_id == message.id and f.span_start is not None
                    and f.span_end is not None and 0 <= f.span_start < f.span_end
                    <= len(message.text)), key=lambda f: (f.span_start or 0, f.created_at))
    pieces, cursor = [], 0
    for fact in spans:
        start, end = int(fact.span_start or 0), int(fact.span_end or 0)
        if start < cursor:
            continue
        if start > cursor:
            pieces.append(Segment(message.text[cursor:start]))
        pieces.append(Segment(message.text[start:end], fact))
        cursor = end
    if cursor < len(message.text):
        pieces.append(Segment(message.text[cursor:]))
    return pieces


def _cards(session: Session, lead: Lead, history: list[FactRow], lang: str) -> list[SlotCard]:
    badges = bant_badges(session, [lead.id])[lead.id]
    cards = []
    for slot in SLOTS:
        rows = [row for row in history if row.slot == slot]
        current = next((row for row in reversed(rows) if row.superseded_by is None), None)
        entry = FactEntry(current, summary.value_text(slot, current.value, lang)) if current else None
        old = [FactEntry(row, summary.value_text(slot, row.value, lang))
               for row in reversed(rows) if row.superseded_by is not None]
        cards.append(SlotCard(slot, entry, old, badges[slot]))
    return cards


def _transcript(session: Session, conversations: list[Conversation],
                history: list[FactRow]) -> tuple[list[Line], int]:
    """The last SHOWN messages of the lead's conversations in order, and how many earlier
    ones there are (a lead may write for as long as the limits let them)."""
    channel = {c.id: c.channel for c in conversations}
    if not channel:
        return [], 0
    of_lead = col(MessageRow.conversation_id).in_(list(channel))
    newest = (select(MessageRow).where(of_lead)
              .order_by(col(MessageRow.created_at).desc(), col(MessageRow.seq).desc())
              .limit(SHOWN))
    rows = sorted(session.exec(newest), key=lambda m: (m.created_at, m.seq))
    earlier = 0
    if len(rows) == SHOWN:
        earlier = session.exec(select(func.count()).select_from(MessageRow).where(of_lead)).one() - SHOWN
    return [Line(m, channel[m.conversation_id], segments(m, history)) for m in rows], earlier


def load(session: Session, lead: Lead, lang: str) -> LeadData:
    """Read the lead page's data in a handful of queries."""
    conversations = list(session.exec(select(Conversation).where(Conversation.lead_id == lead.id)
                                      .order_by(col(Conversation.created_at))))
    history = repo.fact_history(session, lead_id=lead.id)
    lines, earlier = _transcript(session, conversations, history)
    snapshots = reversed(list(session.exec(
        select(ScoreSnapshot).where(ScoreSnapshot.lead_id == lead.id)
        .order_by(col(ScoreSnapshot.id).desc()).limit(MAX_SNAPSHOTS))))
    events = session.exec(select(EventRow).where(EventRow.lead_id == lead.id)
                          .order_by(col(EventRow.occurred_at).desc()).limit(MAX_EVENTS))
    calls = [call for c in conversations for call in repo.llm_calls_of(session, conversation_id=c.id)]
    return LeadData(
        lead=lead, lines=lines, cards=_cards(session, lead, history, lang),
        chart=score_line([(s.created_at, s.total) for s in snapshots]),
        events=list(events), questions=summary.open_questions([line.message for line in lines]),
        llm_calls=calls, trail=actions.actions_of(session, lead.id),
        transitions=repo.transitions_of(session, lead_id=lead.id),
        closer=session.get(UserRow, lead.closer_id) if lead.closer_id else None,
        conversations=conversations, earlier=earlier,
    )


def handoff_text(data: LeadData, link: str, lang: str) -> str:
    """The generated hand-off summary for this lead."""
    facts = {card.slot: (card.current.row.value if card.current else None) for card in data.cards}
    quotes = {card.slot: card.current.row.quote for card in data.cards
              if card.current and card.current.row.source != "setter"}
    return summary.handoff_summary(data.lead, facts, quotes,
                                   [q.text for q in data.questions], link, lang)
