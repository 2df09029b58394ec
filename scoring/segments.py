"""Blacklist suggestions: segments with many closed leads and not a single conversion."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scoring.form_quality import email_domain
from scoring.types import Profile

MIN_CLOSED = 20


@dataclass(frozen=True)
class Suggestion:
    """A segment that never converted, as a candidate blacklist rule with its figures."""

    kind: str
    pattern: str
    closed: int
    won: int

    @property
    def reason(self) -> str:
        """The reason to record with the rule."""
        return f"0 of {self.closed} closed leads converted"

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"kind": self.kind, "pattern": self.pattern, "closed": self.closed,
                "won": self.won, "reason": self.reason}


def _segments(profile: Profile) -> list[tuple[str, str]]:
    domain = email_domain(profile.email) if profile.email else None
    pairs = [("email_domain", domain), ("company", profile.company),
             ("industry", profile.industry), ("source", profile.source)]
    return [(kind, value.strip()) for kind, value in pairs if value and value.strip()]


def blacklist_suggestions(profiles: Sequence[Profile], won: Sequence[bool | int],
                          min_closed: int = MIN_CLOSED) -> list[Suggestion]:
    """Segments (email domain, company, industry, source) with ≥ min_closed leads, 0 won."""
    counts: dict[tuple[str, str], list[int]] = {}
    for profile, outcome in zip(profiles, won, strict=True):
        for key in _segments(profile):
            tally = counts.setdefault(key, [0, 0])
            tally[0] += 1
            tally[1] += int(bool(outcome))
    found = [Suggestion(kind, value, n, k) for (kind, value), (n, k) in counts.items()
             if n >= min_closed and k == 0]
    return sorted(found, key=lambda s: (-s.closed, s.kind, s.pattern))
