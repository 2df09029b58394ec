"""The queue (`/console`): leads by score with filters, search, paging and CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlmodel import Session

import scoring
from bot.clock import utcnow
from bot.leads import queue
from bot.store.db import session_scope
from bot.store.models import Lead
from bot.types import SLOTS
from web.console.access import holder_name
from web.console.auth import Viewer, ViewerDep, services_of
from web.console.render import UI, render

router = APIRouter(prefix="/console", include_in_schema=False)
PAGE_SIZE = 50
BANDS = ("hot", "warm", "cold")
CHANNELS = ("web", "email", "api", "import")
EXPORT_CHUNK = 1000
FLASH = {"erased": "The lead's personal data was erased; an anonymous entry stays for the statistics."}


@dataclass(frozen=True)
class QueueRow:
    """One lead in the queue."""

    lead: Lead
    badges: dict[str, str]
    live: bool

    @property
    def title(self) -> str:
        """Name, else company, else email, else the id."""
        return self.lead.name or self.lead.company or self.lead.email or self.lead.id[:8]

    @property
    def erased(self) -> bool:
        """Only an anonymous tombstone is left of this lead."""
        return "erased" in (self.lead.flags or [])


@dataclass(frozen=True)
class QueuePage:
    """The queue page: rows, the filters in force, paging."""

    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    filters: dict[str, str]
    stages: tuple[str, ...] = scoring.STAGES
    bands: tuple[str, ...] = BANDS
    channels: tuple[str, ...] = CHANNELS
    slots: tuple[str, ...] = SLOTS
    closer_view: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    flash: str = ""  # what the last action did (e.g. a lead erased)

    def link(self, **changes: Any) -> str:
        """The queue URL with these filter or page changes."""
        params = {**self.filters, **{k: str(v) for k, v in changes.items()}}
        kept = {k: v for k, v in params.items() if v and not (k == "page" and v == "1")}
        return "/console?" + urlencode(kept)

    @property
    def export_link(self) -> str:
        """The CSV export of this view (all pages)."""
        return "/console/export.csv?" + urlencode({k: v for k, v in self.filters.items() if v})


def build_query(viewer: Viewer, filters: dict[str, str]) -> queue.QueueQuery:
    """The queue query for the filters; a closer only ever sees their own leads."""
    now = utcnow()
    return queue.QueueQuery(
        band=filters["band"] if filters["band"] in BANDS else None,
        stage=filters["stage"] if filters["stage"] in scoring.STAGES else None,
        channel=filters["channel"] if filters["channel"] in CHANNELS else None,
        created_since=now - timedelta(days=1) if filters["new"] == "1" else None,
        reactivation_due_by=now if filters["due"] == "1" else None,
        closer_id=viewer.id if viewer.is_closer else None,
        held_by=holder_name(viewer) if filters["mine"] == "1" else None,
        search=filters["q"],
    )


def _filters(band: str, stage: str, channel: str, new: str, due: str, mine: str,
             q: str) -> dict[str, str]:
    return {"band": band, "stage": stage, "channel": channel, "new": new, "due": due,
            "mine": mine, "q": q.strip()[:queue.MAX_SEARCH]}


def _rows(session: Session, leads: list[Lead]) -> list[QueueRow]:
    ids = [lead.id for lead in leads]
    badges = queue.bant_badges(session, ids)
    live = queue.live_leads(session, ids, utcnow())
    return [QueueRow(lead, dict(badges[lead.id]), lead.id in live) for lead in leads]


Text = Annotated[str, Query(max_length=200)]


@router.get("", response_class=HTMLResponse)
def queue_page(request: Request, viewer: ViewerDep, band: Text = "", stage: Text = "",
               channel: Text = "", new: Text = "", due: Text = "", mine: Text = "", q: Text = "",
               page: Annotated[int, Query(ge=1, le=100_000)] = 1,
               done: Annotated[str, Query(max_length=20)] = "") -> HTMLResponse:
    """Leads by score, hot first, with the filters of the query string."""
    filters = _filters(band, stage, channel, new, due, mine, q)
    query = build_query(viewer, filters)
    with session_scope(services_of(request).db) as session:
        total = queue.queue_count(session, query)
        leads = queue.queue_page(session, query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        rows = _rows(session, leads)
    pages = max(1, -(-total // PAGE_SIZE))
    data = QueuePage(rows, total, page, pages, filters, closer_view=viewer.is_closer,
                     flash=FLASH.get(done, ""))
    return render("queue.html", UI(viewer, viewer.lang, request.url.path), data)


EXPORT_COLUMNS = ("id", "name", "email", "company", "score_total", "score_band", "stage",
                  "next_action", "created_at", "updated_at")


def _export_lines(request: Request, query: queue.QueueQuery) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    offset = 0
    while True:
        with session_scope(services_of(request).db) as session:
            leads = queue.queue_page(session, query, limit=EXPORT_CHUNK, offset=offset)
        for lead in leads:
            action = lead.next_action or {}
            writer.writerow([lead.id, _cell(lead.name), _cell(lead.email), _cell(lead.company),
                             lead.score_total, lead.score_band, lead.stage,
                             " ".join(str(action.get(k, "")) for k in ("kind", "slot", "due")
                                      if action.get(k)),
                             lead.created_at.isoformat(), lead.updated_at.isoformat()])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(leads) < EXPORT_CHUNK:
            return
        offset += EXPORT_CHUNK


def _cell(value: str | None) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@router.get("/export.csv")
def export(request: Request, viewer: ViewerDep, band: Text = "", stage: Text = "",
           channel: Text = "", new: Text = "", due: Text = "", mine: Text = "",
           q: Text = "") -> StreamingResponse:
    """The current view of the queue as CSV (every page)."""
    query = build_query(viewer, _filters(band, stage, channel, new, due, mine, q))
    return StreamingResponse(_export_lines(request, query), media_type="text/csv; charset=utf-8",
                             headers={"content-disposition": 'attachment; filename="leads.csv"'})
