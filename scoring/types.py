"""Value types of the scoring model: inputs (profile, events, facts) and outputs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

# BANT facts in the benchmark's prediction format, keyed by slot; None = not stated.
Facts = Mapping[str, Mapping[str, Any] | None]

Band = Literal["hot", "warm", "cold"]
ActionKind = Literal["ask", "handoff", "nurture", "reactivate", "disqualify", "close"]
RuleKind = Literal["email_domain", "company", "industry", "source"]

STAGES: tuple[str, ...] = (
    "new",
    "engaged",
    "mql",
    "sql",
    "handed_off",
    "won",
    "lost",
    "nurture",
    "disqualified",
)


@dataclass(frozen=True)
class Profile:
    """What is known about a lead from forms, imports and the CRM (all optional)."""

    email: str | None = None
    name: str | None = None
    company: str | None = None
    phone: str | None = None
    job_title: str | None = None
    industry: str | None = None
    company_size: int | str | None = None
    source: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Event:
    """One behavioural event (see `scoring.EVENT_TYPES`) with its time and details."""

    type: str
    occurred_at: datetime
    props: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reason:
    """One line of the score's explanation: which rule gave how many points and why."""

    rule: str
    points: int
    why: str
    source: str


@dataclass(frozen=True)
class Score:
    """A lead's score 0–100, its band, the points per part and every reason."""

    total: int
    band: str
    parts: dict[str, int]
    reasons: list[Reason]


@dataclass(frozen=True)
class NextAction:
    """What the setter (or the bot) should do next with a lead."""

    kind: ActionKind
    slot: str | None
    due: datetime | None
    why: str


@dataclass(frozen=True)
class Transition:
    """A stage change with the reason it happened (the store records it)."""

    from_stage: str
    to_stage: str
    reason: str


@dataclass(frozen=True)
class BlacklistRule:
    """A pattern of leads that never convert, with the reason it was blacklisted."""

    kind: RuleKind
    pattern: str
    reason: str
