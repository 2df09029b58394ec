"""Console test helpers: users, leads through the real engine, logging in, forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.conversation import turn
from bot.conversation.wiring import Services
from bot.store.db import session_scope
from bot.users import accounts

PASSWORD = "correct horse battery"
SCRIPT = "<script>alert('x')</script>"


def soup(html: str) -> BeautifulSoup:
    """Parsed HTML."""
    return BeautifulSoup(html, "html.parser")


def add_user(engine: Engine, email: str, role: str, lang: str = "de") -> int:
    """A user with the shared test password; returns the id."""
    with session_scope(engine) as session:
        user = accounts.create_user(session, email=email, role=role, password=PASSWORD, lang=lang)
        assert user.id is not None
        return user.id


def login(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    """Log in through the form (with its CSRF token); returns the final response."""
    page = client.get("/console/login")
    token = soup(page.text).find("input", {"name": "csrf"})["value"]
    return client.post("/console/login", data={"email": email, "password": password,
                                               "csrf": token, "next": "/console"})


def csrf(client: TestClient, path: str = "/console") -> str:
    """The session's CSRF token as a page's forms carry it."""
    page = client.get(path)
    return str(soup(page.text).find("input", {"name": "csrf"})["value"])


def post(client: TestClient, path: str, data: dict[str, str], *, token: str | None = None) -> Any:
    """A form POST with the session's CSRF token, redirects not followed."""
    payload = {"csrf": token if token is not None else csrf(client), **data}
    return client.post(path, data=payload, follow_redirects=False)


@dataclass(frozen=True)
class SeededLead:
    """A lead created through the engine, with its conversation."""

    lead_id: str
    conversation_id: str
    token: str


def seed(services: Services, lines: list[str], lang: str = "en", **fields: Any) -> SeededLead:
    """A lead that said these lines in a web chat."""
    start = turn.start_conversation(services, channel="web", lang=lang, lead_fields=fields,
                                    context={})
    for line in lines:
        turn.handle_message(services, conversation_id=start.conversation_id, token=start.token,
                            text=line)
    return SeededLead(start.lead_id, start.conversation_id, start.token)


QUALIFIED = ["Our intake is a mess and we miss client enquiries. I'm the managing partner and I decide.",
             "We can spend up to 2,000 EUR a month.", "ASAP, ideally within 3 weeks."]
PARTIAL = ["We lose leads because nobody follows up quickly."]
