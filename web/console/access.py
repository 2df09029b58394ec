"""Which leads a viewer may open and act on: closers only those handed to them."""

from __future__ import annotations

from sqlmodel import Session

from bot.live.takeover import MAX_WHO
from bot.store import repo
from bot.store.models import Lead
from web.console.auth import ConsoleError, Viewer

CLOSER_ACTIONS = frozenset({"note", "close"})


def lead_for(session: Session, viewer: Viewer, lead_id: str, *, lock: bool = False) -> Lead:
    """The lead if the viewer may see it; otherwise a 404 page (existence is not revealed)."""
    lead = repo.lock_lead(session, lead_id[:32]) if lock else session.get(Lead, lead_id[:32])
    if lead is None or (viewer.is_closer and lead.closer_id != viewer.id):
        raise ConsoleError(404, "There is no such lead, or it is not yours to see.")
    return lead


def check_action(viewer: Viewer, action: str) -> None:
    """Closers note and close their deals; everything else is for setters and admins."""
    if viewer.is_closer and action not in CLOSER_ACTIONS:
        raise ConsoleError(403, "This action is not open to your role.")


def holder_name(viewer: Viewer) -> str:
    """How a conversation the viewer took over names its holder (`Conversation.held_by`)."""
    return viewer.email[:MAX_WHO]
