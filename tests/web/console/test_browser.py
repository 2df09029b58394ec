"""The console in Debian's Chromium: a setter corrects the top lead's budget and sees the score
change, takes over its live chat and answers, hands it to a closer; the closer sees it; a setter
cannot open an admin page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import httpx

from bot.store.db import make_engine
from tests.conftest import make_services
from tests.web.console.helpers import PARTIAL, PASSWORD, add_user, seed
from tests.web.widget.conftest import ARTIFACTS, browser  # noqa: F401  (the Chromium fixture)
from tests.web.widget.servers import setter_server

STRONG = ["Our intake is a mess and we miss client enquiries. I'm the managing partner and I decide.",
          "Right now we have no budget for this.", "ASAP, ideally within 3 weeks."]


def log_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/console/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/console")


def score(page: Any) -> int:
    return int(page.locator("#score .score").inner_text())


def test_setter_and_closer_work_a_lead_in_the_browser(browser: Any, sqlite_template: Path,  # noqa: F811
                                                      tmp_path: Path) -> None:
    database = tmp_path / "setter.db"
    shutil.copy(sqlite_template, database)
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    services = make_services(engine)
    top = seed(services, STRONG, name="Priya Shah", company="Shah Legal", email="p@shah.example")
    seed(services, PARTIAL, name="Tom Rivers", company="Rivers Roofing")
    add_user(engine, "setter@example.com", "setter")
    add_user(engine, "closer@example.com", "closer")
    engine.dispose()
    with setter_server(url, tmp_path, SETTER_SESSION_SECRET="browser-test-secret-0123456789") as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        log_in(page, base, "setter@example.com")
        assert page.locator("h1").first.inner_text().startswith("Warteschlange")
        page.screenshot(path=str(ARTIFACTS / "console-queue.png"), full_page=True)
        page.locator("a.lead-link").first.click()
        assert page.locator("h1").inner_text() == "Priya Shah"
        before = score(page)

        card = page.locator("#bant .slot-budget")
        card.locator("details.correct summary").click()
        card.locator("input[name=has_budget]").uncheck()
        card.locator("input[name=min]").fill("5000")
        card.locator("input[name=max]").fill("5000")
        card.locator("select[name=period]").select_option("month")
        card.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("#bant .slot-budget .fact-value").inner_text() == "5,000 EUR/Monat"
        assert score(page) > before
        page.screenshot(path=str(ARTIFACTS / "console-lead.png"), full_page=True)

        page.locator("#live button", has_text="Übernehmen").click()
        page.wait_for_load_state()
        assert "Sie führen dieses Gespräch" in page.locator("#live").inner_text()
        page.fill("#live textarea[name=text]", "Hallo Priya, hier ist ein Mensch. Passt Ihnen Montag?")
        page.locator("#live button", has_text="Senden").click()
        page.wait_for_load_state()
        human = page.locator("#transcript .msg-human .msg-text").last
        assert human.inner_text() == "Hallo Priya, hier ist ein Mensch. Passt Ihnen Montag?"
        transcript = httpx.get(f"{base}/api/v1/conversations/{top.conversation_id}",
                               headers={"Authorization": f"Bearer {top.token}"}).json()
        assert "human" in [m["role"] for m in transcript["messages"]]

        page.select_option("select[name=closer_id]", label="closer@example.com")
        page.locator("#actions button", has_text="Übergeben").click()
        page.wait_for_load_state()
        assert page.locator(".lead-head .stage").inner_text() == "übergeben"

        page.goto(base + "/console/admin/users")
        assert page.locator("h1").inner_text() == "Nicht erlaubt"
        page.locator("header form[action='/console/logout'] button").click()
        page.wait_for_url(re.compile(r".*/console/login$"))

        log_in(page, base, "closer@example.com")
        assert page.locator("a.lead-link").all_inner_texts() == ["Priya Shah"]
        page.screenshot(path=str(ARTIFACTS / "console-closer.png"), full_page=True)
        page.close()
