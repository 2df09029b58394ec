"""The one list of behavioural event types the scorer (and the events API) accepts."""

from __future__ import annotations

# Lead-initiated activity: counts as engagement and ends a period of silence.
ENGAGEMENT_TYPES: frozenset[str] = frozenset(
    {
        "page_view",  # props: url, duration_s (a short visit is still a visit)
        "time_on_site",  # props: seconds (total time, when only an aggregate is known)
        "email_opened",
        "email_clicked",
        "download",
        "whitepaper_download",
        "webinar_attended",
        "form_submitted",  # props: fields (profile fields the form asked for)
        "quote_requested",
        "meeting_booked",
        "reply_received",
        "chat_started",
        "chat_message",
        "re_engagement",  # explicit "came back after a long pause" from a CRM
    }
)

# Signals that are not the lead's activity: they never end a silence.
NEGATIVE_TYPES: frozenset[str] = frozenset(
    {
        "email_unopened",  # a campaign email that was not opened
        "email_bounced",  # the address does not exist
        "email_opt_out",  # unsubscribed from email / "do not email"
        "sales_call_no_close",  # an earlier sales call ended without a deal
    }
)

EVENT_TYPES: frozenset[str] = ENGAGEMENT_TYPES | NEGATIVE_TYPES


def check_event_type(name: str) -> str:
    """Return `name` if it is a known event type, else raise ValueError listing the known ones."""
    if name not in EVENT_TYPES:
        known = ", ".join(sorted(EVENT_TYPES))
        raise ValueError(f"unknown event type {name!r}; known types: {known}")
    return name
