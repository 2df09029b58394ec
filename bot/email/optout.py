"""Opt-out: an unsubscribe (link, reply or chat) marks the lead do-not-contact for good."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

import scoring
from bot.clock import utcnow
from bot.email.contact import DO_NOT_CONTACT
from bot.email.drafts import discard_pending
from bot.leads import events
from bot.outbound.email import hash_token
from bot.store import repo
from bot.store.models import EmailMessageRow, Lead


def mark_do_not_contact(session: Session, lead: Lead, model: scoring.Model, *, how: str,
                        at: datetime | None = None) -> None:
    """Flag the lead, drop its open drafts, record `email_opt_out` and rescore (which takes
    it out of the pipeline). Doing it twice changes nothing."""
    if set(lead.flags or []) >= DO_NOT_CONTACT:
        return
    lead.flags = sorted(set(lead.flags or []) | DO_NOT_CONTACT)
    discard_pending(session, lead_id=lead.id, reason=f"lead opted out ({how})")
    when = min(at or utcnow(), utcnow())
    events.add_events(session, lead, [events.EventIn("email_opt_out", when, {"how": how})], model)


def lead_for_unsubscribe(session: Session, token: str) -> Lead | None:
    """The lead an unsubscribe token was sent to, or None for an unknown token."""
    if not token or len(token) > 200:
        return None
    query = select(EmailMessageRow.lead_id).where(
        col(EmailMessageRow.unsubscribe_hash) == hash_token(token)).limit(1)
    lead_id = session.exec(query).first()
    return repo.lock_lead(session, lead_id) if lead_id else None


def unsubscribe(session: Session, token: str, model: scoring.Model) -> Lead | None:
    """Honour an unsubscribe link; None when the token is unknown."""
    lead = lead_for_unsubscribe(session, token)
    if lead is not None:
        mark_do_not_contact(session, lead, model, how="unsubscribe link")
    return lead
