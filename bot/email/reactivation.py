"""Reactivation: quiet leads get a personal follow-up drafted when it is due.

Due means: the scoring model's next action is `reactivate` with a due date that has passed
(2, 4 or 6 weeks from the lead's behaviour), or an auto reply named the day the lead is back.
Leads who are do-not-contact, closed or without an address are left out. Each (lead, due
day) is drafted once: the draft's unique `dedupe_key` is the claim, so several workers (or
`setter reactivate --due` next to the server) never draft the same follow-up twice. A lead
who answers leaves the track (its open reactivation drafts are discarded on the reply).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.clock import utcnow
from bot.email import drafts
from bot.email.compose import reactivation_draft
from bot.email.contact import is_do_not_contact
from bot.store.db import session_scope
from bot.store.models import Conversation, EmailDraft, Lead, MessageRow, parse_instant

log = logging.getLogger(__name__)
CLOSED = ("won", "lost", "disqualified", "handed_off")


@dataclass(frozen=True)
class Due:
    """A lead whose follow-up is due, since when, and why."""

    lead_id: str
    due: datetime
    why: str


def due_of(lead: Lead) -> Due | None:
    """When the lead's follow-up is due, from an auto reply's return day or the next action."""
    back = parse_instant((lead.context or {}).get("reactivate_on"))
    if back is not None:
        return Due(lead.id, back, "the lead's auto reply said when they are back")
    action = lead.next_action or {}
    due = parse_instant(action.get("due")) if action.get("kind") == "reactivate" else None
    return Due(lead.id, due, str(action.get("why") or "reactivation due")) if due else None


def due_leads(session: Session, now: datetime | None = None, limit: int = 500) -> list[Due]:
    """Leads whose follow-up is due now, oldest due first."""
    now = now or utcnow()
    query = select(Lead).where(col(Lead.stage).not_in(CLOSED), col(Lead.email).is_not(None))
    kind = Lead.next_action["kind"].as_string()  # type: ignore[index]
    back = Lead.context["reactivate_on"].as_string()  # type: ignore[index]
    query = query.where((kind == "reactivate") | back.is_not(None))
    found = []
    for lead in session.exec(query):
        due = due_of(lead)
        if due is not None and due.due <= now and not is_do_not_contact(lead):
            found.append(due)
    return sorted(found, key=lambda d: d.due)[:limit]


def _last_said(session: Session, lead: Lead) -> str | None:
    """The lead's last words in any conversation (chat or email)."""
    query = (select(MessageRow.text)
             .join(Conversation, Conversation.id == MessageRow.conversation_id)  # type: ignore[arg-type]
             .where(col(Conversation.lead_id) == lead.id, col(MessageRow.role) == "lead")
             .order_by(col(MessageRow.created_at).desc()).limit(1))
    text = session.exec(query).first()
    return text if text and text.strip() else None


def draft_due(engine: Engine, now: datetime | None = None) -> list[EmailDraft]:
    """Draft a follow-up for every due lead not drafted for this due day yet."""
    now = now or utcnow()
    with session_scope(engine) as session:
        due = due_leads(session, now)
    created = []
    for item in due:
        with session_scope(engine) as session:
            lead = session.get(Lead, item.lead_id)
            if lead is None:
                continue
            subject, body, _ = reactivation_draft(lead, _last_said(session, lead), None, item.due)
            draft = drafts.create_draft(
                session, lead=lead, kind="reactivation", subject=subject, body=body,
                reason=item.why, lang=lead.lang, due_at=item.due,
                dedupe_key=f"reactivation:{lead.id}:{item.due.date().isoformat()}")
            if draft is not None:
                created.append(draft)
    if created:
        log.info("drafted %d reactivation emails", len(created))
    return created


class ReactivationWorker:
    """A daemon thread drafting due reactivations every `interval` seconds."""

    def __init__(self, engine: Engine, interval: float) -> None:
        self.engine, self.interval = engine, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="setter-reactivation", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):  # first pass after one interval
            try:
                draft_due(self.engine)
            except Exception:  # keep the schedule alive through a database hiccup
                log.exception("reactivation pass failed; retrying later")

    def start(self) -> None:
        """Start the schedule."""
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop after the current pass."""
        self._stop.set()
        self._thread.join(timeout)


@contextmanager
def running_schedule(engine: Engine, interval: float) -> Iterator[ReactivationWorker | None]:
    """Run the schedule while the block runs (none when the interval is 0)."""
    if interval <= 0:
        yield None
        return
    worker = ReactivationWorker(engine, interval)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


