"""The unsubscribe link of sent emails: GET shows a confirmation, POST (the button, or a mail
client's RFC 8058 one-click request) marks the lead do-not-contact."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from bot.email.optout import lead_for_unsubscribe, unsubscribe
from bot.store.db import session_scope
from web.deps import ServicesDep

router = APIRouter(prefix="/email/unsubscribe", tags=["email"], include_in_schema=False)

TEXTS = {
    "de": {"title": "Abmelden", "ask": "Möchten Sie keine E-Mails mehr von uns erhalten?",
           "button": "Ja, abmelden", "done": "Sie sind abgemeldet. Wir schreiben Ihnen nicht mehr.",
           "unknown": "Dieser Abmeldelink ist ungültig oder abgelaufen."},
    "en": {"title": "Unsubscribe", "ask": "Would you like to stop receiving emails from us?",
           "button": "Yes, unsubscribe", "done": "You are unsubscribed. We will not email you again.",
           "unknown": "This unsubscribe link is invalid or has expired."},
}


def _page(lang: str, key: str, form: bool = False, status: int = 200) -> HTMLResponse:
    # Only our own fixed texts are shown: nothing from the request reaches the page.
    text = TEXTS.get(lang, TEXTS["de"])
    button = (f'<form method="post"><button type="submit">{text["button"]}</button></form>'
              if form else "")
    html = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{text["title"]}</title><link rel="stylesheet" href="/assets/page.css"></head>'
            f'<body><h1>{text["title"]}</h1>'
            f'<p>{text[key]}</p>{button}</body></html>')
    return HTMLResponse(html, status_code=status)


@router.get("/{token}")
def confirm(token: str, services: ServicesDep) -> HTMLResponse:
    """Ask for confirmation (link scanners that prefetch GET change nothing)."""
    with session_scope(services.db) as session:
        lead = lead_for_unsubscribe(session, token)
        if lead is None:
            return _page("de", "unknown", status=404)
        done = "do_not_contact" in (lead.flags or [])
        return _page(lead.lang, "done" if done else "ask", form=not done)


@router.post("/{token}")
def confirm_post(token: str, services: ServicesDep) -> HTMLResponse:
    """Unsubscribe: the lead is do-not-contact from now on."""
    with session_scope(services.db) as session:
        lead = unsubscribe(session, token, services.model)
        if lead is None:
            return _page("de", "unknown", status=404)
        return _page(lead.lang, "done")
