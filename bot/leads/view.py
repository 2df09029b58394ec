"""The lead record as the API and console show it: facts with evidence, score, next action."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from bot.store import repo
from bot.store.models import FactRow, Lead, LeadQuestion
from bot.types import SLOTS


def fact_view(row: FactRow) -> dict[str, Any]:
    """A fact in the prediction format plus its evidence."""
    view = dict(row.value)
    view.update({
        "quote": row.quote,
        "message_id": row.message_id,
        "span": [row.span_start, row.span_end] if row.span_start is not None else None,
        "confidence": round(row.confidence, 3),
        "source": row.source,
        "stated_at": row.created_at.isoformat(),
    })
    return view


def question_view(row: LeadQuestion) -> dict[str, Any]:
    """A lead's question with its evidence, and the answer the bot gave from the knowledge file."""
    view: dict[str, Any] = {
        "id": row.id, "quote": row.quote, "message_id": row.message_id,
        "span": [row.span_start, row.span_end] if row.span_start is not None else None,
        "lang": row.lang, "asked_at": row.created_at.isoformat(),
    }
    if row.status == "answered":
        view.update({"answer_id": row.answer_id, "answer": row.answer})
    return view


def lead_records(session: Session, leads: Sequence[Lead]) -> list[dict[str, Any]]:
    """The RECORDs of many leads, with facts and token totals read in batches (the queue)."""
    ids = [lead.id for lead in leads]
    facts = repo.current_facts_of_leads(session, lead_ids=ids)
    tokens = repo.token_totals(session, lead_ids=ids)
    questions = repo.questions_of_leads(session, lead_ids=ids)
    return [_record(lead, facts[lead.id], tokens[lead.id], questions[lead.id]) for lead in leads]


def _record(lead: Lead, current: dict[str, FactRow], tokens: int,
            questions: Sequence[LeadQuestion] = ()) -> dict[str, Any]:
    return {
        "lead_id": lead.id,
        "stage": lead.stage,
        "facts": {slot: (fact_view(current[slot]) if slot in current else None) for slot in SLOTS},
        "score": lead.score or {"total": 0, "band": "cold", "parts": {}, "reasons": []},
        "next_action": lead.next_action or {"kind": "ask", "slot": "need", "why": "nothing known yet"},
        # contact_channel: how the lead asked to be reached (the widget's hand-off form)
        "profile": {**{field: getattr(lead, field) for field in repo.LEAD_FIELDS},
                    "contact_channel": lead.contact_channel},
        "flags": list(lead.flags or []),
        # The lead's own questions no knowledge entry answered: a setter answers them.
        "open_questions": [question_view(q) for q in questions if q.status == "open"],
        "answered_questions": [question_view(q) for q in questions if q.status == "answered"],
        "llm_tokens": tokens,
        "updated_at": lead.updated_at.isoformat(),
    }


def lead_record(session: Session, lead: Lead, *, with_history: bool = False) -> dict[str, Any]:
    """The RECORD of one lead, optionally with its fact and stage history."""
    [record] = lead_records(session, [lead])
    if with_history:
        record["fact_history"] = [
            {"id": row.id, "slot": row.slot, **fact_view(row), "superseded_by": row.superseded_by}
            for row in repo.fact_history(session, lead_id=lead.id)
        ]
        record["stage_history"] = [
            {"from": t.from_stage, "to": t.to_stage, "reason": t.reason, "actor": t.actor,
             "at": t.created_at.isoformat()}
            for t in repo.transitions_of(session, lead_id=lead.id)
        ]
    return record
