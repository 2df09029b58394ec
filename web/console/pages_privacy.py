"""Data protection from the console, through `bot.privacy`:

- export a lead's data as one JSON document: setters and admins (a setter answering a lead's
  access request needs it, and sees all of it in the console anyway); not closers;
- erase a lead: admins only, after a confirmation page where the word LÖSCHEN (or ERASE) is
  typed; the lead row stays as an anonymous tombstone and the queue says what happened;
- the leads who asked in chat or email to be erased: admins, each with the erase action.

Export and erasure are recorded in the lead's history with who and when (the erasure as the
one entry the tombstone keeps).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session

from bot import privacy
from bot.leads.actions import Actor, record
from bot.privacy.rows import about, conversation_ids, lead_tables
from bot.store.db import session_scope
from bot.store.models import Lead
from web.console.access import lead_for
from web.console.auth import AdminPage, ConsoleError, PostDep, Viewer, services_of
from web.console.render import UI, render

router = APIRouter(prefix="/console", include_in_schema=False)
CONFIRM_WORDS = ("LÖSCHEN", "ERASE")
NOT_YOUR_ROLE = "This action is not open to your role."


def lead_title(lead: Lead) -> str:
    """Name, else company, else email, else the short id."""
    return lead.name or lead.company or lead.email or lead.id[:8]


def is_erased(lead: Lead) -> bool:
    """Only an anonymous tombstone of the lead is left."""
    return privacy.ERASED in (lead.flags or [])


@router.post("/leads/{lead_id}/export")
def export(request: Request, lead_id: str, viewer: PostDep) -> Response:
    """Everything stored about the lead as a JSON download (setters and admins)."""
    if viewer.is_closer:
        raise ConsoleError(403, NOT_YOUR_ROLE, back=f"/console/leads/{lead_id[:32]}")
    with session_scope(services_of(request).db) as session:
        lead = lead_for(session, viewer, lead_id)
        document = privacy.export_lead(session, lead.id)
        record(session, lead, Actor(viewer.id, viewer.email), "export", {})
        name = f"lead-{lead.id}.json"
    body = json.dumps(document, ensure_ascii=False, indent=2, default=str)
    return Response(body, media_type="application/json; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


@dataclass(frozen=True)
class ErasePage:
    """The confirmation step: the lead, what goes, and what went wrong."""

    lead: Lead
    title: str
    rows: list[tuple[str, int]]
    erased: bool
    requested: bool
    error: str = ""


def _row_counts(session: Session, lead_id: str) -> list[tuple[str, int]]:
    """Rows about the lead per table (those the erasure deletes or blanks), non-empty only."""
    conversations = conversation_ids(session, lead_id)
    counts = []
    for table in lead_tables():
        query = sa_select(func.count()).select_from(table).where(about(table, lead_id, conversations))
        counts.append((table.name, int(session.execute(query).scalar_one())))
    return [(name, n) for name, n in counts if n]


def _admin(viewer: Viewer, lead_id: str) -> None:
    if not viewer.is_admin:
        raise ConsoleError(403, NOT_YOUR_ROLE, back=f"/console/leads/{lead_id[:32]}")


def _erase_page(request: Request, viewer: Viewer, lead_id: str, error: str = "",
                status: int = 200) -> HTMLResponse:
    with session_scope(services_of(request).db) as session:
        lead = lead_for(session, viewer, lead_id)
        page = ErasePage(lead, lead_title(lead), _row_counts(session, lead.id), is_erased(lead),
                         privacy.ERASURE_REQUESTED in (lead.flags or []), error)
    return render("erase.html", UI(viewer, viewer.lang, request.url.path), page, status=status)


@router.get("/leads/{lead_id}/erase", response_class=HTMLResponse)
def confirm_erase(request: Request, lead_id: str, viewer: AdminPage) -> HTMLResponse:
    """What erasing the lead deletes, and the typed confirmation (admins)."""
    return _erase_page(request, viewer, lead_id)


def _erase(request: Request, viewer: Viewer, lead_id: str) -> None:
    with session_scope(services_of(request).db) as session:
        lead = lead_for(session, viewer, lead_id, lock=True)
        if is_erased(lead):
            raise ConsoleError(409, "This lead's personal data has already been erased.",
                               back="/console")
        done = privacy.erase_lead(session, lead.id, actor=viewer.email[:64])
        assert done is not None
        record(session, lead, Actor(viewer.id, viewer.email), "erase",
               {"deleted": {name: n for name, n in done.deleted.items() if n}})


@router.post("/leads/{lead_id}/erase", response_model=None)
async def erase(request: Request, lead_id: str, viewer: PostDep) -> Response:
    """Erase the lead once the confirmation word is typed; then back to the queue."""
    _admin(viewer, lead_id)
    typed = (await request.form()).get("confirm")
    if not isinstance(typed, str) or typed.strip().upper() not in CONFIRM_WORDS:
        return await run_in_threadpool(_erase_page, request, viewer, lead_id,
                                       "Type the word exactly as shown to confirm.", 422)
    await run_in_threadpool(_erase, request, viewer, lead_id)
    return RedirectResponse("/console?done=erased", status_code=303)


@dataclass(frozen=True)
class RequestsPage:
    """Leads who asked to be erased, oldest request first."""

    leads: list[tuple[Lead, str, str]]  # lead, title, where they asked (chat, email)


@router.get("/admin/privacy", response_class=HTMLResponse)
def erasure_requests(request: Request, viewer: AdminPage) -> HTMLResponse:
    """The leads who asked for their data to be deleted (admins), each with the erase action."""
    with session_scope(services_of(request).db) as session:
        rows = []
        for lead in privacy.erasure_requests(session):
            via = next((f.removeprefix("erasure_via_") for f in lead.flags or []
                        if f.startswith("erasure_via_")), "")
            rows.append((lead, lead_title(lead), via))
    return render("admin_privacy.html", UI(viewer, viewer.lang, request.url.path),
                  RequestsPage(rows))
