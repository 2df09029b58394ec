"""The console's own Jinja2 environment (HTML, autoescape on; apart from `prompts/`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from bot.clock import as_utc, utcnow
from web.console.auth import Viewer
from web.console.i18n import translate

TEMPLATES = Path(__file__).parent / "templates"
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def ago(value: datetime | None, lang: str) -> str:
    """A relative time such as "5 min ago" / "vor 5 Min."."""
    if value is None:
        return ""
    seconds = max(0, int((utcnow() - as_utc(value)).total_seconds()))
    for size, de, en in ((86400, "T.", "d"), (3600, "Std.", "h"), (60, "Min.", "min")):
        if seconds >= size:
            count = seconds // size
            return f"vor {count} {de}" if lang == "de" else f"{count} {en} ago"
    return "gerade eben" if lang == "de" else "just now"


def when(value: datetime | None) -> str:
    """A timestamp in UTC, minute precision."""
    return as_utc(value).strftime("%Y-%m-%d %H:%M") if value else ""


@dataclass(frozen=True)
class UI:
    """What every page's layout needs: the viewer, the language, the CSRF token."""

    viewer: Viewer | None
    lang: str
    path: str

    @property
    def csrf(self) -> str:
        """The session's CSRF token for forms."""
        return self.viewer.csrf if self.viewer else ""

    def t(self, text: str, **values: Any) -> str:
        """The interface text in the viewer's language."""
        return translate(self.lang, text, **values)

    def ago(self, value: datetime | None) -> str:
        """A relative time in the viewer's language."""
        return ago(value, self.lang)


def render(template: str, ui: UI, page: Any = None, *, status: int = 200,
           headers: dict[str, str] | None = None) -> HTMLResponse:
    """A page: the template with `ui`, `t` and the page's typed context `page`."""
    html = ENV.get_template(template).render(ui=ui, t=ui.t, page=page, when=when)
    return HTMLResponse(html, status_code=status, headers=headers)
