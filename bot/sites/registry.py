"""Sites: who may embed the widget (origins) and how it looks there.

    create_site(session, *, name, origins, color=None, position=None, privacy_url=None) -> SiteRow
    get_site(session, key) -> SiteRow | None
    origin_allowed(site, origin, host) -> bool    # the browser's Origin against the site's list
    ensure_demo_site(db) -> SiteRow               # `setter serve --demo`: key "demo", served here
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.store.db import session_scope
from bot.store.models import SiteRow

DEMO_KEY = "demo"
SELF_ORIGIN = "self"  # the origin Setter itself is served from (the demo page at /)
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
POSITIONS = ("right", "left")
DEFAULT_COLOR = "#0f766e"
DEMO_NAME = "Kranich Digital"  # the business of bot/knowledge/demo.toml
DEMO_COLOR = "#0f766e"


class SiteError(ValueError):
    """An origin, colour, position or link that cannot be used; the message says why."""


def normalise_origin(value: str) -> str:
    """`https://example.com/path` -> `https://example.com`; refuses anything but http(s) hosts."""
    if value.strip() == SELF_ORIGIN:
        return SELF_ORIGIN
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SiteError(f"not an origin: {value!r} (expected e.g. https://www.example.com)")
    if parts.username or parts.password:
        raise SiteError(f"an origin has no user name or password: {value!r}")
    try:
        port = parts.port
    except ValueError:
        raise SiteError(f"bad port in origin {value!r}") from None
    default = {"http": 80, "https": 443}[parts.scheme]
    suffix = f":{port}" if port and port != default else ""
    return f"{parts.scheme}://{parts.hostname.lower()}{suffix}"


def _options(color: str | None, position: str | None, privacy_url: str | None) -> dict[str, Any]:
    if color is not None and not COLOR.match(color):
        raise SiteError(f"colour must be #rgb or #rrggbb, not {color!r}")
    if position is not None and position not in POSITIONS:
        raise SiteError(f"position must be one of {', '.join(POSITIONS)}, not {position!r}")
    if privacy_url is not None and urlsplit(privacy_url).scheme not in ("http", "https", ""):
        raise SiteError(f"the privacy link must be an http(s) URL or a path, not {privacy_url!r}")
    return {"color": color or DEFAULT_COLOR, "position": position or "right",
            "privacy_url": privacy_url}


def create_site(session: Session, *, name: str, origins: Sequence[str], color: str | None = None,
                position: str | None = None, privacy_url: str | None = None,
                key: str | None = None) -> SiteRow:
    """A new site with its own key (random unless given)."""
    if not name.strip() or len(name) > 200:
        raise SiteError("a site needs a name of 1 to 200 characters")
    allowed = sorted({normalise_origin(o) for o in origins})
    if not allowed:
        raise SiteError("a site needs at least one --origin")
    site = SiteRow(id=key or f"st_{secrets.token_urlsafe(18)}", name=name.strip(), origins=allowed,
                   options=_options(color, position, privacy_url))
    session.add(site)
    session.flush()
    return site


def get_site(session: Session, key: str) -> SiteRow | None:
    """The site with this key."""
    return session.get(SiteRow, key) if key and len(key) <= 40 else None


def list_sites(session: Session) -> list[SiteRow]:
    """Every site, oldest first."""
    return list(session.exec(select(SiteRow).order_by(col(SiteRow.created_at))))


def origin_allowed(site: SiteRow, origin: str | None, host: str | None) -> bool:
    """May a page at `origin` use the site's widget? No Origin header means no cross-site
    browser call (same-origin GET, curl); "self" allows the host Setter is served on."""
    if origin is None:
        return True
    try:
        normal = normalise_origin(origin)
    except SiteError:
        return False
    if SELF_ORIGIN in site.origins and host and urlsplit(normal).netloc == host.lower():
        return True
    return normal in site.origins


def public_options(site: SiteRow) -> dict[str, Any]:
    """What the widget may know about its site."""
    options = site.options or {}
    return {"name": site.name, "color": options.get("color", DEFAULT_COLOR),
            "position": options.get("position", "right"), "privacy_url": options.get("privacy_url")}


def ensure_demo_site(db: Engine) -> SiteRow:
    """The demo site (key "demo") for the landing page Setter serves at /."""
    with session_scope(db) as session:
        site = get_site(session, DEMO_KEY)
        if site is None:
            site = create_site(session, name=DEMO_NAME, origins=[SELF_ORIGIN],
                               color=DEMO_COLOR, privacy_url="/#datenschutz", key=DEMO_KEY)
        return site
