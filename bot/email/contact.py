"""Do-not-contact and the lead's email conversation (shared by inbound, drafts and sending)."""

from __future__ import annotations

import secrets

from sqlmodel import Session, col, select

from bot.store import repo
from bot.store.models import Conversation, Lead

DO_NOT_CONTACT = frozenset({"opt_out", "do_not_contact"})


def is_do_not_contact(lead: Lead) -> bool:
    """The lead unsubscribed or asked not to be contacted (chat or email)."""
    return bool(DO_NOT_CONTACT & set(lead.flags or []))


def email_conversation(session: Session, lead: Lead) -> Conversation:
    """The lead's email thread as a conversation (channel email), created on first use."""
    query = (select(Conversation).where(col(Conversation.lead_id) == lead.id,
                                        col(Conversation.channel) == "email")
             .order_by(col(Conversation.created_at)).limit(1))
    found = session.exec(query).first()
    if found is not None:
        return found
    # Nobody chats on this conversation, so its token is never handed out.
    return repo.create_conversation(session, lead_id=lead.id, channel="email", lang=lead.lang,
                                    token=secrets.token_urlsafe(32))
