"""The queue: hot first, BANT badges, filters, search, paging, CSV export, escaping."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlmodel import select

from bot.clock import utcnow
from bot.leads import queue, stages
from bot.store.db import session_scope
from bot.store.models import Lead
from tests.web.console.conftest import Console
from tests.web.console.helpers import PARTIAL, QUALIFIED, SCRIPT, login, post, seed, soup


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


def _nurture(console: Console, lead_id: str, *, weeks_ago: int = 0) -> None:
    """Park the lead in nurture as if it happened `weeks_ago` weeks ago: the scoring's
    reactivation (2, 4 or 6 weeks later) is then due or not."""
    with session_scope(console.engine) as session:
        lead = session.get(Lead, lead_id)
        stages.set_stage(session, lead, "nurture", "not now", console.services.model)
        stages.refresh_action(session, lead, console.services.model,
                              now=utcnow() - timedelta(weeks=weeks_ago))


def test_reactivation_due_covers_the_dates_the_scoring_computes(console_both: Console) -> None:
    console = console_both
    due = seed(console.services, PARTIAL, name="Due Dora")
    later = seed(console.services, PARTIAL, name="Later Larry")
    back = seed(console.services, PARTIAL, name="Back Bea")
    seed(console.services, PARTIAL, name="Open Otto")
    _nurture(console, due.lead_id, weeks_ago=8)
    _nurture(console, later.lead_id)
    with session_scope(console.engine) as session:  # an auto reply named the day she is back
        lead = session.get(Lead, back.lead_id)
        lead.context = {**lead.context, "reactivate_on": (utcnow() - timedelta(days=1)).isoformat()}
    login(console.client, "setter@example.com")
    assert sorted(_names(console.client.get("/console?due=1").text)) == ["Back Bea", "Due Dora"]
    row = soup(console.client.get("/console?due=1&q=dora").text).select_one("tr.lead-row")
    assert row.select_one(".action").get_text(strip=True).startswith("reaktivieren")
    csv_rows = list(csv.DictReader(io.StringIO(console.client.get("/console/export.csv?due=1").text)))
    assert sorted(r["name"] for r in csv_rows) == ["Back Bea", "Due Dora"]
    with session_scope(console.engine) as session:
        planned = session.get(Lead, later.lead_id)
        assert planned.next_action["kind"] == "reactivate" and planned.reactivate_on > utcnow()
        in_seven_weeks = queue.QueueQuery(reactivation_due_by=utcnow() + timedelta(weeks=7))
        assert "Later Larry" in [lead.name for lead in
                                 queue.queue_page(session, in_seven_weeks, limit=10, offset=0)]


def test_a_scheduled_reactivation_leaves_the_due_list_when_the_plan_changes(console: Console) -> None:
    lead = seed(console.services, PARTIAL, name="Sched Sam")
    login(console.client, "setter@example.com")
    on = (utcnow() + timedelta(days=3)).date().isoformat()
    assert post(console.client, f"/console/leads/{lead.lead_id}/reactivate", {"on": on}).status_code == 303
    lead_page = soup(console.client.get(f"/console/leads/{lead.lead_id}").text)
    assert f"Reaktivieren am {on}" in lead_page.select_one(".lead-head .status").get_text(" ", strip=True)
    in_a_week = queue.QueueQuery(reactivation_due_by=utcnow() + timedelta(days=7))
    with session_scope(console.engine) as session:
        assert [x.name for x in queue.queue_page(session, in_a_week, limit=10, offset=0)] == ["Sched Sam"]
    # a hand-off ends the plan: the lead is no longer waiting for a reactivation
    assert post(console.client, f"/console/leads/{lead.lead_id}/handoff",
                {"closer_id": str(console.closer), "summary": "s"}).status_code == 303
    with session_scope(console.engine) as session:
        assert queue.queue_page(session, in_a_week, limit=10, offset=0) == []


def test_taken_over_by_me(console_both: Console) -> None:
    console = console_both
    mine = seed(console.services, PARTIAL, name="Mine Mia")
    theirs = seed(console.services, PARTIAL, name="Theirs Theo")
    seed(console.services, PARTIAL, name="Nobody Nora")
    login(console.client, "admin@example.com")
    assert post(console.client, f"/console/conversations/{theirs.conversation_id}/takeover",
                {}).status_code == 303
    console.client.cookies.clear()
    login(console.client, "setter@example.com")
    assert post(console.client, f"/console/conversations/{mine.conversation_id}/takeover",
                {}).status_code == 303
    page = soup(console.client.get("/console?mine=1").text)
    assert [a.get_text(strip=True) for a in page.select("a.lead-link")] == ["Mine Mia"]
    assert page.select_one("input[name=mine]").has_attr("checked")
    assert page.select_one("label.check:has(input[name=mine])").get_text(strip=True) == \
        "Von mir übernommen"
    exported = console.client.get("/console/export.csv?mine=1").text
    assert "Mine Mia" in exported and "Theirs Theo" not in exported
    assert post(console.client, f"/console/conversations/{mine.conversation_id}/handback",
                {}).status_code == 303
    assert _names(console.client.get("/console?mine=1").text) == []
    console.client.cookies.clear()
    login(console.client, "closer@example.com")
    assert soup(console.client.get("/console").text).select_one("input[name=mine]") is None
