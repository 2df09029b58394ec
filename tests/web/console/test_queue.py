"""The queue: hot first, BANT badges, filters, search, paging, CSV export, escaping."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlmodel import select

from bot.clock import utcnow
from bot.store.db import session_scope
from bot.store.models import Lead
from tests.web.console.conftest import Console
from tests.web.console.helpers import PARTIAL, QUALIFIED, SCRIPT, login, seed, soup


def _names(html: str) -> list[str]:
    return [a.get_text(strip=True) for a in soup(html).select("a.lead-link")]


def test_queue_lists_leads_by_score_with_badges_and_next_action(console_both: Console) -> None:
    console = console_both
    seed(console.services, PARTIAL, name="Partial Lead", company="Rivers Roofing")
    seed(console.services, QUALIFIED, name="Qualified Lead", company="Shah Legal")
    login(console.client, "setter@example.com")
    page = soup(console.client.get("/console").text)
    rows = page.select("tr.lead-row")
    assert [r.select_one("a.lead-link").get_text(strip=True) for r in rows] == [
        "Qualified Lead", "Partial Lead"]
    scores = [int(r.select_one(".score").get_text()) for r in rows]
    assert scores == sorted(scores, reverse=True)
    top, low = rows
    assert "badge-missing" not in [b["class"][1] for b in top.select(".badges .badge")]
    assert [b["class"][1] for b in low.select(".badges .badge")] == [
        "badge-missing", "badge-missing", "badge-known", "badge-missing"]
    assert top.select_one(".action").get_text(strip=True) == "übergeben"
    assert low.select_one(".action").get_text(strip=True).startswith("fragen")
    # an open web chat with a message just now is live; the qualified one was closed by the bot
    assert low.select_one(".live") is not None and top.select_one(".live") is None
    assert page.select_one("h1 .count").get_text() == "2"


def test_filters_search_and_paging(console: Console) -> None:
    seed(console.services, QUALIFIED, name="Hot Harriet", email="h@acme.io")
    for n in range(55):
        seed(console.services, [], name=f"Cold {n:02d}", email=f"c{n}@cold.example")
    login(console.client, "setter@example.com")
    assert _names(console.client.get("/console?band=warm").text) == ["Hot Harriet"]
    assert _names(console.client.get("/console?q=ACME").text) == ["Hot Harriet"]
    assert _names(console.client.get("/console?q=%25").text) == []  # % is text, not a wildcard
    first = soup(console.client.get("/console").text)
    assert len(first.select("tr.lead-row")) == 50
    assert first.select_one(".pager span").get_text() == "Seite 1 von 2"
    second = console.client.get(first.select_one("a[rel=next]")["href"]).text
    assert len(soup(second).select("tr.lead-row")) == 6
    with session_scope(console.engine) as session:
        old = session.exec(select(Lead).where(Lead.name == "Cold 00")).one()
        old.created_at = utcnow() - timedelta(days=3)
    fresh = _names(console.client.get("/console?new=1&q=Cold+0").text)
    assert "Cold 00" not in fresh and "Cold 01" in fresh and len(fresh) == 9


def test_csv_export_is_the_current_view(console: Console) -> None:
    seed(console.services, QUALIFIED, name="=HYPERLINK(1)", email="x@acme.io")
    seed(console.services, PARTIAL, name="Bob", email="bob@other.io")
    login(console.client, "setter@example.com")
    response = console.client.get("/console/export.csv?q=acme")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["email"] for r in rows] == ["x@acme.io"]
    assert rows[0]["name"] == "'=HYPERLINK(1)"  # no formula for spreadsheets
    assert rows[0]["stage"] == "sql" and rows[0]["next_action"] == "handoff"


def test_lead_text_is_escaped_in_the_queue(console: Console) -> None:
    seed(console.services, [SCRIPT], name=SCRIPT, company=SCRIPT)
    login(console.client, "setter@example.com")
    response = console.client.get("/console")
    assert SCRIPT not in response.text
    page = soup(response.text)
    assert all(tag.get("src") == "/console/static/htmx.min.js" for tag in page.find_all("script"))
    assert page.select_one("a.lead-link").get_text() == SCRIPT
