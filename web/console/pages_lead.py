"""The lead page: transcript with evidence, BANT card, score and its reasons, history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from bot.leads import corrections
from bot.store.db import session_scope
from bot.users import accounts
from web.console import lead_data
from web.console.access import lead_for
from web.console.auth import ViewerDep, services_of
from web.console.render import UI, render

router = APIRouter(prefix="/console", include_in_schema=False)
DISQUALIFY_REASONS = ("no budget", "no need", "not the decision maker", "wrong industry",
                      "competitor", "fake or spam", "student or job seeker")


class Choices:
    """The fixed choices of the action forms."""

    periods = corrections.PERIODS
    levels = corrections.LEVELS
    horizons = corrections.HORIZONS
    disqualify = DISQUALIFY_REASONS


@router.get("/leads/{lead_id}", response_class=HTMLResponse)
def lead_page(request: Request, lead_id: str, viewer: ViewerDep,
              done: Annotated[str, Query(max_length=40)] = "") -> HTMLResponse:
    """One lead with the proof behind every fact and the actions a viewer may take."""
    with session_scope(services_of(request).db) as session:
        lead = lead_for(session, viewer, lead_id)
        data = lead_data.load(session, lead, viewer.lang)
        if not viewer.is_closer:
            data.closers = accounts.closers(session)
            data.summary = lead_data.handoff_text(
                data, str(request.url_for("lead_page", lead_id=lead.id)), viewer.lang)
    ui = UI(viewer, viewer.lang, request.url.path)
    return render("lead.html", ui, {"data": data, "choices": Choices, "done": done})


@router.get("/leads/{lead_id}/transcript", response_class=HTMLResponse)
def transcript(request: Request, lead_id: str, viewer: ViewerDep) -> HTMLResponse:
    """The transcript alone, for the page to refresh while a conversation is live."""
    with session_scope(services_of(request).db) as session:
        lead = lead_for(session, viewer, lead_id)
        data = lead_data.load(session, lead, viewer.lang)
    return render("_transcript.html", UI(viewer, viewer.lang, request.url.path), {"data": data})
