"""Event history in O(1): decayed sums per event type, counts, and re-engagement detection.

`summarize(events, ...)` computes the summary from the full history; `ScoreState` keeps the
same summary up to date one event at a time without rescanning, and serialises to a dict.
Both agree (up to float noise that the rounding to whole points removes) when events are
applied in time order; decayed sums and counts also agree for late events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from scoring.events import ENGAGEMENT_TYPES, check_event_type
from scoring.model import Model
from scoring.types import Event

# An open, a click or a reply shows the lead reads the emails: it resets the unopened streak.
EMAIL_READ_TYPES = frozenset({"email_opened", "email_clicked", "reply_received"})
MAX_STREAK = 10  # unopened emails kept; configs may ask for at most this many in a row
DAY = 86400.0


def decay(age_seconds: float, half_life_days: float) -> float:
    """Weight of an event `age_seconds` old: 1 now, 1/2 after one half-life."""
    return float(0.5 ** (age_seconds / (half_life_days * DAY)))


def units(event: Event, model: Model) -> float:
    """How many units an event carries (1, or its quantity such as seconds on site)."""
    rule = model.engagement.get(event.type)
    if rule is None or rule.quantity is None:
        return 1.0
    amount = event.props.get(rule.quantity)
    if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
        return 0.0
    return float(amount)


@dataclass
class TypeSummary:
    """One event type: decayed units (at `anchor`), plain count and latest time."""

    decayed: float = 0.0
    anchor: datetime | None = None
    count: int = 0
    last: datetime | None = None

    def add(self, amount: float, at: datetime, half_life_days: float) -> None:
        """Add `amount` units at time `at` in O(1), keeping the sum decayed to the anchor."""
        if self.anchor is None or at >= self.anchor:
            age = (at - self.anchor).total_seconds() if self.anchor else 0.0
            self.decayed = self.decayed * decay(age, half_life_days) + amount
            self.anchor = at
        else:
            self.decayed += amount * decay((self.anchor - at).total_seconds(), half_life_days)
        self.count += 1
        self.last = at if self.last is None else max(self.last, at)

    def value_at(self, now: datetime, half_life_days: float) -> float:
        """Decayed units as of `now` (never later than the anchor)."""
        if self.anchor is None:
            return 0.0
        return self.decayed * decay(max(0.0, (now - self.anchor).total_seconds()),
                                    half_life_days)


@dataclass
class Summary:
    """Everything the points model needs from a lead's events."""

    types: dict[str, TypeSummary] = field(default_factory=dict)
    latest: datetime | None = None  # latest event of any type
    last_activity: datetime | None = None  # latest lead-initiated event
    last_read: datetime | None = None  # latest open/click/reply
    unopened: list[datetime] = field(default_factory=list)  # unopened since the last read
    asked_fields: set[str] = field(default_factory=set)
    reengagements: int = 0

    def of(self, event_type: str) -> TypeSummary:
        """The summary of one event type (empty if none seen)."""
        return self.types.get(event_type) or TypeSummary()


DEFAULT_FORM_FIELDS = "*"  # a form whose fields are not listed asks for the model's defaults


def _fields(event: Event) -> set[str]:
    fields = event.props.get("fields")
    if isinstance(fields, list | tuple | set | frozenset) and fields:
        return {str(f) for f in fields}
    return {DEFAULT_FORM_FIELDS}


class ScoreState(Summary):
    """Per-lead state updated in O(1) per event; JSON-serialisable via to_dict/from_dict."""

    def __init__(self, half_life_days: float | None = None,
                 reengagement_after_days: float | None = None) -> None:
        # None: adopt the model's settings with the first event
        super().__init__()
        self.half_life_days = half_life_days
        self.reengagement_after_days = reengagement_after_days

    @classmethod
    def for_model(cls, model: Model) -> ScoreState:
        """An empty state using the model's half-life and re-engagement gap."""
        return cls(model.half_life_days, model.reengagement_after_days)

    def compatible(self, model: Model) -> bool:
        """False if the model's half-life or gap differ: then rebuild from the events."""
        if self.half_life_days is None or self.reengagement_after_days is None:
            return True
        return (self.half_life_days == model.half_life_days
                and self.reengagement_after_days == model.reengagement_after_days)

    def apply(self, event: Event, model: Model) -> None:
        """Fold one event into the state in O(1)."""
        check_event_type(event.type)
        if self.half_life_days is None or self.reengagement_after_days is None:
            self.half_life_days = model.half_life_days
            self.reengagement_after_days = model.reengagement_after_days
        if not self.compatible(model):
            raise ValueError("the state was built with another half-life or re-engagement "
                             "gap; rebuild it from the lead's events")
        at, hl = event.occurred_at, model.half_life_days
        self.types.setdefault(event.type, TypeSummary()).add(units(event, model), at, hl)
        self.latest = at if self.latest is None else max(self.latest, at)
        if event.type in ENGAGEMENT_TYPES:
            self._activity(at, model)
        if event.type in EMAIL_READ_TYPES:
            self.last_read = at if self.last_read is None else max(self.last_read, at)
            self.unopened = [t for t in self.unopened if t > self.last_read]
        elif event.type == "email_unopened" and (self.last_read is None or at > self.last_read):
            self.unopened = sorted([*self.unopened, at])[-MAX_STREAK:]
        if event.type == "form_submitted":
            self.asked_fields |= _fields(event)

    def _activity(self, at: datetime, model: Model) -> None:
        previous = self.last_activity
        gap = timedelta(days=model.reengagement_after_days)
        if previous is not None and at - previous >= gap:
            self.types.setdefault("re_engagement", TypeSummary()).add(1.0, at,
                                                                       model.half_life_days)
            self.reengagements += 1
        if previous is None or at > previous:
            self.last_activity = at

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able snapshot of the state."""
        return {
            "half_life_days": self.half_life_days,
            "reengagement_after_days": self.reengagement_after_days,
            "types": {name: {"decayed": t.decayed, "anchor": _iso(t.anchor), "count": t.count,
                             "last": _iso(t.last)} for name, t in self.types.items()},
            "latest": _iso(self.latest),
            "last_activity": _iso(self.last_activity),
            "last_read": _iso(self.last_read),
            "unopened": [t.isoformat() for t in self.unopened],
            "asked_fields": sorted(self.asked_fields),
            "reengagements": self.reengagements,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoreState:
        """Rebuild a state from `to_dict()` output."""
        half_life, gap = data.get("half_life_days"), data.get("reengagement_after_days")
        state = cls(None if half_life is None else float(half_life),
                    None if gap is None else float(gap))
        for name, t in data["types"].items():
            state.types[name] = TypeSummary(float(t["decayed"]), _dt(t["anchor"]),
                                            int(t["count"]), _dt(t["last"]))
        state.latest = _dt(data["latest"])
        state.last_activity = _dt(data["last_activity"])
        state.last_read = _dt(data["last_read"])
        state.unopened = [datetime.fromisoformat(t) for t in data["unopened"]]
        state.asked_fields = set(data["asked_fields"])
        state.reengagements = int(data["reengagements"])
        return state


def summarize(events: Iterable[Event], model: Model) -> Summary:
    """Compute the summary from the full history (the reference for `ScoreState`)."""
    ordered = sorted(events, key=lambda e: e.occurred_at)
    summary = Summary()
    if not ordered:
        return summary
    summary.latest = ordered[-1].occurred_at
    hl, gap = model.half_life_days, timedelta(days=model.reengagement_after_days)
    activity = [e.occurred_at for e in ordered if e.type in ENGAGEMENT_TYPES]
    detected = [b for a, b in zip(activity, activity[1:], strict=False) if b - a >= gap]
    by_type: dict[str, list[tuple[datetime, float]]] = {}
    for event in ordered:
        check_event_type(event.type)
        by_type.setdefault(event.type, []).append((event.occurred_at, units(event, model)))
        if event.type == "form_submitted":
            summary.asked_fields |= _fields(event)
    if detected:
        by_type.setdefault("re_engagement", []).extend((at, 1.0) for at in detected)
    for name, items in by_type.items():
        anchor = max(at for at, _ in items)
        decayed = sum(u * decay((anchor - at).total_seconds(), hl) for at, u in items)
        summary.types[name] = TypeSummary(decayed, anchor, len(items), anchor)
    summary.reengagements = len(detected)
    summary.last_activity = activity[-1] if activity else None
    reads = [e.occurred_at for e in ordered if e.type in EMAIL_READ_TYPES]
    summary.last_read = reads[-1] if reads else None
    summary.unopened = [e.occurred_at for e in ordered if e.type == "email_unopened"
                        and (summary.last_read is None or e.occurred_at > summary.last_read)
                        ][-MAX_STREAK:]
    return summary


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
