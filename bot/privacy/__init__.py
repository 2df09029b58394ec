"""Data protection: export everything stored about a lead, erase it, and erasure requests.

- `export_lead(session, lead_id) -> dict`: one JSON-ready document with every row about the
  lead (profile, conversations, messages, facts, events, scores, stage history, model calls,
  emails with their raw source, drafts, webhook deliveries). Conversation token hashes are
  left out.
- `erase_lead(session, lead_id, *, actor) -> Erasure`: deletes the lead's personal data,
  messages, facts, events, emails and webhook rows; the lead row stays as an anonymous
  tombstone (stage and score total kept, so stage counts stay right; flag `erased`).
- `erase_inactive(session, *, days, now) -> list[str]`: the retention rule (SETTER_RETENTION_DAYS).
- `wants_erasure(text) -> bool` and `mark_for_erasure(lead, source)`: a lead who asks in chat
  or email for deletion gets the flag `erasure_requested` (and do-not-contact); an admin sees
  them with `erasure_requests(session)` (API: GET /api/v1/privacy/erasure-requests) and
  erases with the functions above.
"""

from bot.privacy.asks import wants_erasure
from bot.privacy.erase import (
    ERASED,
    ERASURE_REQUESTED,
    Erasure,
    erase_inactive,
    erase_lead,
    erasure_requests,
    mark_for_erasure,
)
from bot.privacy.export import export_lead

__all__ = ["ERASED", "ERASURE_REQUESTED", "Erasure", "erase_inactive", "erase_lead",
           "erasure_requests", "export_lead", "mark_for_erasure", "wants_erasure"]
