"""The actions on a lead: each a POST with a CSRF token, done through `bot.leads.actions`,
recorded with who and when, then back to the lead page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse
from sqlmodel import Session
from starlette.datastructures import FormData

from bot.leads import actions, corrections
from bot.leads.actions import ActionError, Actor
from bot.store.db import session_scope
from bot.store.models import Lead, UserRow
from web.console.access import check_action, lead_for
from web.console.auth import ConsoleError, PostDep, Viewer, services_of

router = APIRouter(prefix="/console", include_in_schema=False)
Handler = Callable[[Session, Lead, Actor, FormData, Request], None]


def _field(form: FormData, name: str, limit: int = 2000) -> str:
    value = form.get(name)
    return value[:limit] if isinstance(value, str) else ""


def _correct(session: Session, lead: Lead, actor: Actor, form: FormData, request: Request) -> None:
    slot = _field(form, "slot", 16)
    fields = {key: _field(form, key, 500) for key in form}
    value = corrections.parse_value(slot, fields)
    actions.correct_fact(session, lead, actor, slot, value, _field(form, "note"),
                         services_of(request).model)


def _handoff(session: Session, lead: Lead, actor: Actor, form: FormData, request: Request) -> None:
    raw = _field(form, "closer_id", 12)
    closer = session.get(UserRow, int(raw)) if raw.isdigit() else None
    if closer is None:
        raise ActionError("choose the closer to hand the lead to")
    summary = _field(form, "summary", 5000).strip()
    actions.hand_off(session, lead, actor, closer, summary, services_of(request).model)


def _disqualify(session: Session, lead: Lead, actor: Actor, form: FormData,
                request: Request) -> None:
    reason = " – ".join(p for p in (_field(form, "reason", 200).strip(),
                                    _field(form, "detail").strip()) if p)
    actions.disqualify(session, lead, actor, reason, services_of(request).model)


def _blacklist(session: Session, lead: Lead, actor: Actor, form: FormData,
               request: Request) -> None:
    actions.blacklist_from_lead(session, lead, actor, _field(form, "kind", 32),
                                _field(form, "reason"))


def _reactivate(session: Session, lead: Lead, actor: Actor, form: FormData,
                request: Request) -> None:
    raw = _field(form, "on", 10)
    try:
        when = date.fromisoformat(raw)
    except ValueError:
        raise ActionError("choose a date for the reactivation") from None
    actions.schedule_reactivation(session, lead, actor, when, services_of(request).model)


def _note(session: Session, lead: Lead, actor: Actor, form: FormData, request: Request) -> None:
    actions.add_note(session, lead, actor, _field(form, "text"))


def _close(session: Session, lead: Lead, actor: Actor, form: FormData, request: Request) -> None:
    actions.close(session, lead, actor, _field(form, "outcome", 8), _field(form, "reason"),
                  services_of(request).model)


HANDLERS: dict[str, Handler] = {"correct": _correct, "handoff": _handoff,
                                "disqualify": _disqualify, "blacklist": _blacklist,
                                "reactivate": _reactivate, "note": _note, "close": _close}


def _run(request: Request, viewer: Viewer, lead_id: str, name: str, form: FormData) -> None:
    check_action(viewer, name)
    with session_scope(services_of(request).db) as session:
        lead = lead_for(session, viewer, lead_id, lock=True)
        try:
            HANDLERS[name](session, lead, Actor(viewer.id, viewer.email), form, request)
        except ActionError as exc:
            raise ConsoleError(422, str(exc), back=f"/console/leads/{lead_id}") from None


@router.post("/leads/{lead_id}/{name}")
async def act(request: Request, lead_id: str, name: str, viewer: PostDep) -> RedirectResponse:
    """Run one action on the lead and show the lead again."""
    if name not in HANDLERS:
        raise ConsoleError(404, "There is no such action.")
    form = await request.form()
    await run_in_threadpool(_run, request, viewer, lead_id, name, form)
    return RedirectResponse(f"/console/leads/{lead_id}?done={name}#actions", status_code=303)
