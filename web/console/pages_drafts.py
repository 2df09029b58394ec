"""Email drafts waiting for approval: follow-ups drafted from the leads' email replies and due
reactivation emails. Setters and admins see every draft, a closer those of the leads handed to
them. Edit, approve (= send) and discard are POSTs with the CSRF token, done through
`bot.email.drafts` and recorded on the draft and in the lead's history with who and when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from starlette.datastructures import FormData

from bot.email import drafts
from bot.leads.actions import Actor, record
from bot.outbound.email import Outbox
from bot.store.db import session_scope
from bot.store.models import EmailDraft, EmailMessageRow, Lead
from web.console.auth import ConsoleError, PostDep, Viewer, ViewerDep, services_of
from web.console.render import UI, render

router = APIRouter(prefix="/console", include_in_schema=False)
PAGE_SIZE = 20
QUOTE_LIMIT = 1500
NOT_YOURS = "There is no such draft, or it is not yours to see."
DONE = {"saved": "Draft saved.", "sent": "Email sent.", "discarded": "Draft discarded."}


@dataclass(frozen=True)
class DraftCard:
    """One draft with its lead and, for a reply, the lead's words it answers."""

    draft: EmailDraft
    lead: Lead | None
    replying_to: str

    @property
    def title(self) -> str:
        """The lead's name, else company, else email, else the id."""
        lead = self.lead
        if lead is None:
            return self.draft.lead_id[:8]
        return lead.name or lead.company or lead.email or lead.id[:8]


@dataclass(frozen=True)
class DraftsPage:
    """The approval list: cards, paging, whether sending is set up, and what just happened."""

    cards: list[DraftCard]
    total: int
    page: int
    pages: int
    can_send: bool
    done: str = ""
    error: str = ""
    detail: str = ""


class DraftFailed(Exception):
    """An action on a draft that did not work: shown on the list with this status."""

    def __init__(self, status: int, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.detail = status, message, detail


def _outbox(request: Request) -> Outbox | None:
    outbox: Outbox | None = request.app.state.outbox
    return outbox


def _actor(viewer: Viewer) -> Actor:
    return Actor(viewer.id, viewer.email)


def _closer_filter(viewer: Viewer) -> int | None:
    return viewer.id if viewer.is_closer else None


def _cards(session: Session, rows: list[EmailDraft]) -> list[DraftCard]:
    lead_ids = list({d.lead_id for d in rows})
    leads = {lead.id: lead for lead in session.exec(select(Lead).where(col(Lead.id).in_(lead_ids)))}
    sources = [d.source_email_id for d in rows if d.source_email_id]
    said: dict[str, str] = {}
    if sources:
        query = (sa_select(EmailMessageRow.id, EmailMessageRow.reply_text)  # type: ignore[call-overload]
                 .where(col(EmailMessageRow.id).in_(sources)))
        said = {message_id: text for message_id, text in session.execute(query)}
    return [DraftCard(d, leads.get(d.lead_id), (said.get(d.source_email_id or "") or "")[:QUOTE_LIMIT])
            for d in rows]


def _list(request: Request, viewer: Viewer, page: int = 1, *, done: str = "",
          failure: DraftFailed | None = None) -> HTMLResponse:
    closer_id = _closer_filter(viewer)
    with session_scope(services_of(request).db) as session:
        total = drafts.count_drafts(session, status=drafts.OPEN, closer_id=closer_id)
        pages = max(1, -(-total // PAGE_SIZE))
        rows = drafts.list_drafts(session, status=drafts.OPEN, closer_id=closer_id,
                                  limit=PAGE_SIZE, offset=(min(page, pages) - 1) * PAGE_SIZE)
        cards = _cards(session, rows)
    data = DraftsPage(cards, total, min(page, pages), pages, _outbox(request) is not None,
                      DONE.get(done, ""), failure.message if failure else "",
                      failure.detail if failure else "")
    ui = UI(viewer, viewer.lang, "/console/drafts")
    return render("drafts.html", ui, data, status=failure.status if failure else 200)


@router.get("/drafts", response_class=HTMLResponse)
def drafts_page(request: Request, viewer: ViewerDep,
                page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                done: Annotated[str, Query(max_length=20)] = "") -> HTMLResponse:
    """Drafts waiting for approval, oldest first."""
    return _list(request, viewer, page, done=done)


def _draft_for(session: Session, viewer: Viewer, draft_id: str) -> tuple[EmailDraft, Lead]:
    """The draft and its lead if the viewer may act on it; otherwise a 404 page."""
    draft = session.get(EmailDraft, draft_id[:32])
    lead = session.get(Lead, draft.lead_id) if draft else None
    if draft is None or lead is None or (viewer.is_closer and lead.closer_id != viewer.id):
        raise ConsoleError(404, NOT_YOURS, back="/console/drafts")
    return draft, lead


def _text(form: FormData, name: str, limit: int) -> str | None:
    value = form.get(name)
    return value[:limit + 1] if isinstance(value, str) else None


def _failure(exc: drafts.DraftError) -> DraftFailed:
    """What the setter reads when a draft action does not work."""
    if isinstance(exc, drafts.DoNotContact):
        return DraftFailed(409, "The lead asked not to be contacted: this email cannot be sent. "
                                "Discard the draft.")
    if isinstance(exc, drafts.DraftConflict):
        if "no email address" in str(exc):
            return DraftFailed(409, "The lead has no email address to send to.")
        return DraftFailed(409, "This draft has already been sent or discarded, or someone else "
                                "is sending it right now.")
    if isinstance(exc, drafts.NotConfigured):
        return DraftFailed(503, "Sending email is not set up: set SETTER_SMTP_URL and restart. "
                                "The draft is kept.")
    if isinstance(exc, drafts.SendFailed):
        return DraftFailed(502, "The mail server did not take the email. The draft is kept; "
                                "try again later.", str(exc))
    return DraftFailed(422, "Subject and text must not be empty (subject up to 300 characters, "
                            "text up to 20,000).")


def _edit(session: Session, viewer: Viewer, draft_id: str, form: FormData) -> bool:
    """Apply the form's subject and body if they differ; True when the draft changed."""
    draft, lead = _draft_for(session, viewer, draft_id)
    subject = _text(form, "subject", drafts.MAX_SUBJECT)
    body = _text(form, "body", drafts.MAX_BODY)
    body = body.replace("\r\n", "\n") if body is not None else None
    subject = None if subject is None or subject.strip() == draft.subject else subject
    body = None if body is None or body == draft.body else body
    if subject is None and body is None:
        return False
    drafts.edit_draft(session, draft.id, actor=viewer.email[:64], subject=subject, body=body)
    record(session, lead, _actor(viewer), "draft_edit", {"draft_id": draft.id,
                                                         "subject": draft.subject})
    return True


def _save(request: Request, viewer: Viewer, draft_id: str, form: FormData) -> None:
    with session_scope(services_of(request).db) as session:
        _edit(session, viewer, draft_id, form)


def _approve(request: Request, viewer: Viewer, draft_id: str, form: FormData) -> None:
    """Save what the setter changed, then send; the lead's history records who sent what."""
    engine = services_of(request).db
    with session_scope(engine) as session:
        _edit(session, viewer, draft_id, form)  # also the access check (404 if not theirs)
    sent = drafts.approve_draft(engine, draft_id, actor=viewer.email[:64], outbox=_outbox(request))
    with session_scope(engine) as session:
        lead = session.get(Lead, sent.lead_id)
        if lead is not None:
            record(session, lead, _actor(viewer), "draft_sent",
                   {"draft_id": sent.id, "subject": sent.subject, "to": sent.to_addr,
                    "message_id": sent.sent_message_id})


def _discard(request: Request, viewer: Viewer, draft_id: str, form: FormData) -> None:
    reason = (_text(form, "reason", 1000) or "").strip()[:1000] or None
    with session_scope(services_of(request).db) as session:
        draft, lead = _draft_for(session, viewer, draft_id)
        drafts.discard_draft(session, draft.id, actor=viewer.email[:64], reason=reason)
        record(session, lead, _actor(viewer), "draft_discard",
               {"draft_id": draft.id, "subject": draft.subject, "reason": reason or ""})


STEPS = {"edit": (_save, "saved"), "approve": (_approve, "sent"), "discard": (_discard, "discarded")}


@router.post("/drafts/{draft_id}/{step}", response_model=None)
async def act(request: Request, draft_id: str, step: str, viewer: PostDep) -> Response:
    """Edit, approve (send) or discard one draft, then back to the list with what happened."""
    if step not in STEPS:
        raise ConsoleError(404, "There is no such action.", back="/console/drafts")
    run, done = STEPS[step]
    form = await request.form()
    try:
        await run_in_threadpool(run, request, viewer, draft_id, form)
    except drafts.DraftNotFound:
        raise ConsoleError(404, NOT_YOURS, back="/console/drafts") from None
    except drafts.DraftError as exc:
        failure = _failure(exc)
        return await run_in_threadpool(_list, request, viewer, 1, failure=failure)
    return RedirectResponse(f"/console/drafts?done={done}", status_code=303)
