"""Behavioural events: validated as a batch, stored with one executemany, folded per lead.

The bulk path is all-or-nothing: every item is checked first (type, time, lead), and any
problem rejects the whole batch with the index of each bad item. Accepted events are inserted
with one Core insert of many rows, grouped by lead, folded into each lead's `ScoreState` in
O(1) each, and every touched lead is refreshed once, all in the caller's transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

import scoring
from bot.clock import as_utc, utcnow
from bot.leads.scorekeeper import Scorekeeper, apply_events, fact_values, rebuild_state, state_of
from bot.store import repo
from bot.store.models import EventRow, Lead

CLOCK_SKEW = timedelta(minutes=5)
# The oldest plausible event: older is a placeholder (0001-01-01) or a typo, and would read as
# a lead coming back after centuries (a re-engagement bonus), not as history.
MAX_AGE_YEARS = 20
MAX_AGE = timedelta(days=365 * MAX_AGE_YEARS + 5)
MAX_BATCH = 10_000  # per API request; the library path takes any size (imports)
MAX_REPORTED = 50  # problems listed in one error; the count says how many there were
ID_CHUNK = 5_000  # ids per IN (...) query, well under SQLite's parameter limit
# Plausible bounds of one event's quantity (e.g. seconds on site): larger is a bug upstream.
QUANTITY_MAX = {"seconds": 86_400.0}
DEFAULT_QUANTITY_MAX = 10_000.0


class EventError(ValueError):
    """An event that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class Problem:
    """Why the item at `index` of a batch was rejected."""

    index: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        """The problem as the API reports it."""
        return {"index": self.index, "field": self.field, "message": self.message}


class BatchError(EventError):
    """A batch with bad items; nothing of it was stored."""

    def __init__(self, problems: Sequence[Problem], total: int) -> None:
        self.problems, self.count, self.total = list(problems[:MAX_REPORTED]), len(problems), total
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{len(problems)} of {total} events rejected, nothing was stored: "
                         f"item {first.index}: {first.message}{more}")


@dataclass(frozen=True)
class EventIn:
    """An event as a channel reports it."""

    type: str
    occurred_at: datetime
    props: dict[str, Any] = field(default_factory=dict)
    id: str | None = None  # the sender's own id: a known one is skipped, not counted twice


@dataclass(frozen=True)
class LeadScore:
    """A lead's score and stage after its events were applied."""

    lead_id: str
    total: int
    band: str
    stage: str


def validate(event: EventIn, now: datetime, model: scoring.Model | None = None) -> scoring.Event:
    """The scoring event, or EventError for an unknown type or a time in the future."""
    if event.type not in scoring.EVENT_TYPES:
        known = ", ".join(sorted(scoring.EVENT_TYPES))
        raise EventError(f"unknown event type {event.type!r}; known types: {known}")
    occurred = occurred_utc(event.occurred_at, now)
    if occurred > now + CLOCK_SKEW:
        raise EventError(f"occurred_at {occurred.isoformat()} is in the future "
                         f"(server time {now.isoformat(timespec='seconds')})")
    _check_quantity(event, model)
    return scoring.Event(event.type, occurred, event.props)


def occurred_utc(at: datetime, now: datetime) -> datetime:
    """The time in UTC, or EventError for one before MAX_AGE_YEARS ago (a time UTC cannot
    hold, 0001-01-01 east of UTC or 9999-12-31 west of it, counts as the earliest or latest)."""
    try:
        occurred = as_utc(at)
    except OverflowError:
        occurred = (datetime.min if at.year < 2 else datetime.max).replace(tzinfo=UTC)
    oldest = now - MAX_AGE
    if occurred < oldest:
        raise EventError(f"occurred_at {at.isoformat()} is more than {MAX_AGE_YEARS} years ago; "
                         f"events must be after {oldest.date().isoformat()} (a placeholder date?)")
    return occurred


def _check_quantity(event: EventIn, model: scoring.Model | None) -> None:
    """The event's quantity (seconds on site, ...) is a number in a plausible range."""
    rule = model.engagement.get(event.type) if model is not None else None
    name = rule.quantity if rule is not None else None
    if name is None or name not in event.props:
        return
    value, top = event.props[name], QUANTITY_MAX.get(name, DEFAULT_QUANTITY_MAX)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= top:
        shown = repr(value) if len(repr(value)) <= 40 else f"{repr(value)[:40]}…"
        raise EventError(f"props.{name} must be a number from 0 to {top:,.0f} (got {shown})")


def _problem(index: int, message: str) -> Problem:
    where = ("type" if message.startswith("unknown event type") else
             message.split(" ", 1)[0] if message.startswith("props.") else "occurred_at")
    return Problem(index, where, message)


def validate_batch(items: Sequence[tuple[str, EventIn]], now: datetime,
                   model: scoring.Model | None = None) -> list[scoring.Event]:
    """Every item checked; BatchError listing each bad one by index, else the events."""
    checked: list[scoring.Event] = []
    problems: list[Problem] = []
    for index, (_, event) in enumerate(items):
        try:
            checked.append(validate(event, now, model))
        except EventError as exc:
            problems.append(_problem(index, str(exc)))
    if problems:
        raise BatchError(problems, len(items))
    return checked


def _chunks(values: Sequence[str], size: int = ID_CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def load_leads(session: Session, lead_ids: Iterable[str], *, lock: bool = False) -> dict[str, Lead]:
    """The stored leads among `lead_ids`, by id, a few thousand per query. With `lock`, they
    are read as stored now and stay locked for the transaction: on PostgreSQL row locks in id
    order, so that concurrent batches cannot deadlock; on SQLite the database's write lock."""
    wanted = sorted(set(lead_ids))
    locking = lock and session.get_bind().dialect.name != "sqlite"
    if lock:
        repo.take_write_lock(session)
    found: dict[str, Lead] = {}
    for chunk in _chunks(wanted):
        query = (select(Lead).where(col(Lead.id).in_(chunk)).order_by(col(Lead.id))
                 .execution_options(populate_existing=True))  # fresh, even if loaded before
        for lead in session.exec(query.with_for_update() if locking else query):
            found[lead.id] = lead
    return found


def _check_leads(items: Sequence[tuple[str, EventIn]], known: Mapping[str, Lead]) -> None:
    """BatchError naming every item whose lead is not among the stored `known` ones."""
    problems = [Problem(i, "lead_id", f"no lead {lead_id!r}")
                for i, (lead_id, _) in enumerate(items) if lead_id not in known]
    if problems:
        raise BatchError(problems, len(items))


def _insert(session: Session, lead_ids: Sequence[str], events: Sequence[scoring.Event],
            now: datetime, external_ids: Sequence[str | None]) -> None:
    rows = [{"lead_id": lead_id, "type": e.type, "occurred_at": e.occurred_at,
             "props": dict(e.props), "created_at": now, "external_id": external_id}
            for lead_id, e, external_id in zip(lead_ids, events, external_ids, strict=True)]
    if rows:
        session.execute(insert(EventRow), rows)  # one executemany, no ORM objects


def _fold(session: Session, lead: Lead, new: list[scoring.Event], model: scoring.Model) -> None:
    """O(1) per event when the events continue the lead's history in time order; an event
    older than the lead's latest one (or a changed half-life) rebuilds the state from the
    stored history, because re-engagement and unopened streaks depend on the order."""
    new.sort(key=lambda e: e.occurred_at)
    state = state_of(lead, model)
    if state is not None and (state.latest is None or new[0].occurred_at >= state.latest):
        apply_events(lead, new, model)
    else:
        rebuild_state(session, lead, model)  # the new rows are already stored


@dataclass(frozen=True)
class Batch:
    """What a batch did: each touched lead's score, and the items skipped as already known."""

    scores: list[LeadScore]
    skipped: list[dict[str, Any]]


def ingest(session: Session, items: Sequence[tuple[str, EventIn]], model: scoring.Model, *,
           now: datetime | None = None, leads: Mapping[str, Lead] | None = None,
           actor: str = "system") -> list[LeadScore]:
    """Store a batch of (lead id, event) and rescore each touched lead once; all or nothing."""
    return ingest_batch(session, items, model, now=now, leads=leads, actor=actor).scores


def _known(session: Session, items: Sequence[tuple[str, EventIn]]) -> list[dict[str, Any]]:
    """Items whose own id was stored before or came earlier in the same batch."""
    ids = sorted({e.id for _, e in items if e.id})
    stored: set[str] = set()
    for chunk in _chunks(ids):
        stored.update(i for i in session.exec(select(EventRow.external_id)
                                              .where(col(EventRow.external_id).in_(chunk))) if i)
    seen: set[str] = set()
    skipped = []
    for index, (_, event) in enumerate(items):
        if event.id and (event.id in stored or event.id in seen):
            skipped.append({"index": index, "id": event.id,
                            "reason": "already stored" if event.id in stored else "repeated in this batch"})
        elif event.id:
            seen.add(event.id)
    return skipped


def ingest_batch(session: Session, items: Sequence[tuple[str, EventIn]], model: scoring.Model, *,
                 now: datetime | None = None, leads: Mapping[str, Lead] | None = None,
                 actor: str = "system") -> Batch:
    """`ingest`, also saying which items were skipped because their own `id` is known."""
    now = now or utcnow()
    checked = validate_batch(items, now, model)
    # The leads are locked (in id order) before anything is looked up or inserted. An event
    # row takes a key-share lock on its lead, in the batch's order: two batches of the same
    # leads that inserted first deadlocked on PostgreSQL when they then locked the leads. And
    # the ids are looked up under the lock, so that a batch sent again before the first try
    # answered finds the first try's events (before, its insert failed on the unique id).
    known = dict(leads) if leads is not None else load_leads(
        session, {lead_id for lead_id, _ in items}, lock=True)
    _check_leads(items, known)
    skipped = _known(session, items)
    if skipped:
        drop = {s["index"] for s in skipped}
        checked = [e for i, e in enumerate(checked) if i not in drop]
        items = [item for i, item in enumerate(items) if i not in drop]
        if not items:
            return Batch([], skipped)
    lead_ids = [lead_id for lead_id, _ in items]
    grouped: dict[str, list[scoring.Event]] = defaultdict(list)
    for lead_id, event in zip(lead_ids, checked, strict=True):
        grouped[lead_id].append(event)
    _insert(session, lead_ids, checked, now, [e.id for _, e in items])
    keeper = Scorekeeper(model)
    results = []
    session.flush()
    facts = repo.current_facts_of_leads(session, lead_ids=list(grouped))
    # Each refresh only reads what was flushed above, so its writes (scores, snapshots,
    # transitions) can wait and go out together: one flush instead of one per lead.
    with session.no_autoflush:
        for lead_id, events in grouped.items():
            lead = known[lead_id]
            _fold(session, lead, events, model)
            score = keeper.refresh(session, lead, now=now, actor=actor,
                                   facts=fact_values(facts[lead_id]))
            results.append(LeadScore(lead_id, score.total, score.band, lead.stage))
    session.flush()
    return Batch(results, skipped)


def add_events(session: Session, lead: Lead, events: Sequence[EventIn], model: scoring.Model,
               *, now: datetime | None = None) -> int:
    """Store one lead's events, update its state and score; all or nothing."""
    ingest(session, [(lead.id, e) for e in events], model, now=now, leads={lead.id: lead})
    return len(events)
