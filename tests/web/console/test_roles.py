"""Every route checks the role: setters are kept out of admin pages, closers see only their
own leads and can act only on them."""

from __future__ import annotations

import pytest

from tests.web.console.conftest import Console
from tests.web.console.helpers import PARTIAL, QUALIFIED, login, post, seed, soup

ADMIN_PAGES = ["/console/admin/users", "/console/admin/blacklist", "/console/admin/webhooks",
               "/console/admin/model", "/console/admin/privacy"]


@pytest.mark.parametrize("role", ["setter", "closer"])
def test_only_admins_open_admin_pages(console: Console, role: str) -> None:
    login(console.client, f"{role}@example.com")
    for path in ADMIN_PAGES:
        response = console.client.get(path)
        assert response.status_code == 403, path
        assert soup(response.text).find("h1").get_text(strip=True) == "Nicht erlaubt"
    response = post(console.client, "/console/admin/users",
                    {"email": "new@example.com", "role": "admin", "password": ""})
    assert response.status_code == 403
    assert "Admin" not in [a.get_text(strip=True) for a in
                           soup(console.client.get("/console").text).select("header nav a")]


def test_admin_sees_admin_pages(console: Console) -> None:
    login(console.client, "admin@example.com")
    for path in ADMIN_PAGES:
        assert console.client.get(path).status_code == 200, path
    users = soup(console.client.get("/console/admin/users").text)
    assert {td.get_text(strip=True) for td in users.select("table.list td:first-child")} == {
        "setter@example.com", "closer@example.com", "admin@example.com",
        "other_closer@example.com"}


def test_closer_sees_only_leads_handed_to_them(console: Console) -> None:
    mine = seed(console.services, QUALIFIED, name="Mine Person", email="mine@firm-a.com")
    other = seed(console.services, PARTIAL, name="Other Person", email="other@firm-b.com")
    theirs = seed(console.services, QUALIFIED, name="Theirs Person", email="t@firm-c.com")
    login(console.client, "setter@example.com")
    assert post(console.client, f"/console/leads/{mine.lead_id}/handoff",
                {"closer_id": str(console.closer), "summary": "s"}).status_code == 303
    assert post(console.client, f"/console/leads/{theirs.lead_id}/handoff",
                {"closer_id": str(console.other_closer), "summary": "s"}).status_code == 303
    console.client.cookies.clear()
    login(console.client, "closer@example.com")
    page = soup(console.client.get("/console").text)
    assert [a.get_text(strip=True) for a in page.select("a.lead-link")] == ["Mine Person"]
    assert page.find("h1").contents[0].strip() == "Meine Leads"
    csv = console.client.get("/console/export.csv?q=person").text
    assert "Mine Person" in csv and "Other Person" not in csv and "Theirs Person" not in csv
    for lead in (other, theirs):
        assert console.client.get(f"/console/leads/{lead.lead_id}").status_code == 404
        assert post(console.client, f"/console/leads/{lead.lead_id}/note",
                    {"text": "hi"}).status_code == 404
    assert console.client.get(f"/console/leads/{mine.lead_id}").status_code == 200
    assert post(console.client, f"/console/leads/{mine.lead_id}/note",
                {"text": "called, demo next week"}).status_code == 303
    refused = post(console.client, f"/console/leads/{mine.lead_id}/disqualify",
                   {"reason": "no budget"})
    assert refused.status_code == 403
    assert console.client.get("/console/dashboard").status_code == 403
