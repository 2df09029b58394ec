"""`setter import`: leads (and events) from CSV through a mapping file into the database.

Rows are imported in chunks, one transaction each, through the same bulk path as
`POST /api/v1/events`: leads inserted, events inserted with one executemany and folded into
each lead's state, one refresh per lead; every new lead is checked against the blacklist.
A row's outcome column (won/lost) becomes the lead's final stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session

import scoring
from bot.cli.csv_mapping import MappedLead, MappingError, count_rows, load_mapping, read_events, read_leads
from bot.clock import utcnow
from bot.leads import blacklist
from bot.leads.events import BatchError, EventIn, ingest, load_leads
from bot.leads.scorekeeper import Scorekeeper
from bot.outbound import webhooks
from bot.settings import Settings
from bot.store.db import session_scope
from bot.store.models import BlacklistRuleRow, FactRow, Lead, new_id
from bot.store.repo import LEAD_FIELDS

CHUNK = 500
SLOTS = ("budget", "authority", "need", "timing")


class ImportFailed(ValueError):
    """An import stopped; the message says which row and how much was already stored."""


@dataclass
class ImportReport:
    """What an import stored."""

    leads: int = 0
    events: int = 0
    disqualified: int = 0
    won: int = 0
    lost: int = 0
    orphan_events: int = 0  # events whose lead key is not in the leads file

    def add(self, other: ImportReport) -> None:
        """Add another chunk's counts."""
        for name in ("leads", "events", "disqualified", "won", "lost"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _lead_values(item: MappedLead, lang: str, origin: str, now: datetime) -> dict[str, Any]:
    fields = {name: getattr(item.profile, name) for name in LEAD_FIELDS}
    values = {k: (str(v) if v is not None else None) for k, v in fields.items()}
    flags = [item.outcome] if item.outcome in ("won", "lost") else []
    return {"id": new_id(), "lang": lang, "flags": flags, "created_at": now, "updated_at": now,
            "stage": "new", "score_total": 0, "score_band": "cold", "score": {},
            "score_state": {}, "next_action": {}, "context": {"import": {"file": origin,
                                                                       "key": item.key}},
            **values}


def _facts(lead: Lead, item: MappedLead, origin: str) -> list[FactRow]:
    return [FactRow(lead_id=lead.id, slot=slot, value=dict(value), source="import",
                    quote=f"imported from {origin}", confidence=1.0)
            for slot, value in item.facts.items() if slot in SLOTS and value]


def import_chunk(session: Session, items: Sequence[MappedLead], model: scoring.Model, *,
                 rules: Sequence[BlacklistRuleRow] = (), lang: str = "de", origin: str = "import",
                 now: datetime | None = None) -> ImportReport:
    """Store one chunk of mapped leads with their facts and events, scored and screened."""
    now = now or utcnow()
    rows = [_lead_values(item, lang, origin, now) for item in items]
    session.execute(insert(Lead), rows)  # one executemany; ORM objects are loaded below
    loaded = load_leads(session, [row["id"] for row in rows])
    leads = [loaded[row["id"]] for row in rows]
    session.add_all([fact for lead, item in zip(leads, items, strict=True)
                     for fact in _facts(lead, item, origin)])
    pairs = [(lead.id, EventIn(e.type, e.occurred_at, dict(e.props)))
             for lead, item in zip(leads, items, strict=True) for e in item.events]
    try:
        ingest(session, pairs, model, now=now, leads={lead.id: lead for lead in leads})
    except BatchError as exc:
        first = exc.problems[0]
        key = items[[lead.id for lead in leads].index(pairs[first.index][0])].key
        raise ImportFailed(f"lead {key}: {first.message}") from exc
    keeper, with_events = Scorekeeper(model), {lead_id for lead_id, _ in pairs}
    report = ImportReport(leads=len(leads), events=len(pairs))
    for lead in leads:
        if lead.id not in with_events:
            keeper.refresh(session, lead, now=now)
        if blacklist.screen(session, lead, rules):
            report.disqualified += 1
        report.won += lead.stage == "won"
        report.lost += lead.stage == "lost"
    return report


def _chunks(items: Iterable[MappedLead], size: int) -> Iterator[list[MappedLead]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def import_leads(engine: Engine, model: scoring.Model, leads_csv: str | Path,
                 mapping_path: str | Path, *, events_csv: str | Path | None = None,
                 lang: str = "de", progress: Callable[[int], None] | None = None,
                 chunk: int = CHUNK) -> ImportReport:
    """Import every row, one transaction per chunk; `progress` gets the rows done so far."""
    mapping = load_mapping(mapping_path)
    extra = read_events(events_csv, mapping) if events_csv else {}
    seen: set[str] = set()
    report = ImportReport()
    origin = Path(leads_csv).name
    with session_scope(engine) as session:
        rules = blacklist.rules(session)
    for items in _chunks(read_leads(leads_csv, mapping, extra), chunk):
        seen.update(item.key for item in items)
        try:
            with session_scope(engine) as session:
                report.add(import_chunk(session, items, model, rules=rules, lang=lang,
                                        origin=origin))
        except ImportFailed as exc:
            raise ImportFailed(f"{exc}; nothing of that chunk was stored, the {report.leads:,} "
                               "leads before it were") from exc
        if progress:
            progress(report.leads)
    report.orphan_events = sum(len(v) for k, v in extra.items() if k not in seen)
    return report


def run_import(settings: Settings, leads_csv: Path, mapping_path: Path, *,
               events_csv: Path | None = None, webhooks_on: bool = True) -> int:
    """The CLI: import with a progress bar, print the summary; returns the exit code."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from bot.conversation.wiring import build_services

    console = Console(stderr=True)
    services = build_services(settings)
    webhooks.configure(services.db, webhooks.WebhookConfig.from_settings(settings)
                       if webhooks_on else webhooks.WebhookConfig())
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    try:
        with Progress(*columns, console=console) as bar:
            task = bar.add_task(f"importing {leads_csv.name}", total=count_rows(leads_csv))
            report = import_leads(services.db, services.model, leads_csv, mapping_path,
                                  events_csv=events_csv, lang=settings.default_lang,
                                  progress=lambda done: bar.update(task, completed=done))
    except (MappingError, ImportFailed, OSError) as exc:
        console.print(f"[red]setter import: {escape(str(exc))}[/red]")  # ([csv] is no markup)
        return 1
    Console(soft_wrap=True).print(
        f"imported {report.leads:,} leads and {report.events:,} events; "
        f"{report.disqualified:,} disqualified by the blacklist, {report.won:,} won, "
        f"{report.lost:,} lost" + (f"; {report.orphan_events:,} events skipped (no such lead "
                                   "in the leads file)" if report.orphan_events else ""))
    return 0
