"""The console in Debian's Chromium: a setter corrects the top lead's budget and sees the score
change, takes over its live chat and answers, hands it to a closer; the closer sees it; a setter
cannot open an admin page. Then a setter edits and sends an email draft (to a local aiosmtpd
server) and exports a lead's data; an admin erases a lead who asked for it. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import httpx

from bot.email import drafts
from bot.store.db import make_engine, session_scope
from bot.store.models import EmailMessageRow, Lead
from tests.conftest import make_services
from tests.email.conftest import Inbox, LocalSMTP
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
        # at 1280 px the whole filter row, "Zurücksetzen" included, stays on one line
        middle = "e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)"
        rows = page.eval_on_selector_all("form.filters > *", f"els => els.map({middle})")
        assert max(rows) - min(rows) <= 4, rows
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


ASKS_ERASURE = "Bitte löschen Sie alle meine Daten."


def _reply_draft(engine: Any, lead_id: str) -> None:
    with session_scope(engine) as session:
        lead = session.get(Lead, lead_id)
        said = EmailMessageRow(message_id="anna-1@kanzlei-berger.example", direction="in",
                               lead_id=lead_id, raw=b"", reply_text="Was kostet das im Monat?")
        session.add(said)
        session.flush()
        drafts.create_draft(session, lead=lead, kind="reply", subject="Re: Ihre Anfrage",
                            body="Guten Tag Frau Berger,\n\ndanke für Ihre Frage.",
                            reason="the lead asked about prices", lang="de",
                            source_email_id=said.id)


def test_drafts_export_and_erase_in_the_browser(browser: Any, sqlite_template: Path,  # noqa: F811
                                                tmp_path: Path) -> None:
    database = tmp_path / "setter.db"
    shutil.copy(sqlite_template, database)
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    services = make_services(engine)
    anna = seed(services, PARTIAL, name="Anna Berger", email="anna@kanzlei-berger.example")
    erin = seed(services, ["Wir sind eine Kanzlei in Köln.", ASKS_ERASURE], name="Erin Weiss",
                email="erin@weiss.example")
    _reply_draft(engine, anna.lead_id)
    add_user(engine, "setter@example.com", "setter")
    add_user(engine, "admin@example.com", "admin")
    engine.dispose()
    inbox = Inbox()
    smtp = LocalSMTP(inbox, hostname="127.0.0.1", port=0, ready_timeout=60)
    smtp.start()
    try:
        with setter_server(url, tmp_path, SETTER_SESSION_SECRET="browser-test-secret-0123456789",
                           SETTER_SMTP_URL=f"smtp://127.0.0.1:{smtp.port}") as base:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            log_in(page, base, "setter@example.com")
            nav = page.locator("header nav a.nav-drafts")
            assert nav.inner_text().split() == ["Entwürfe", "1"]
            nav.click()
            page.wait_for_url(base + "/console/drafts")
            card = page.locator("article.draft").first
            assert card.locator("a.lead-link").inner_text() == "Anna Berger"
            assert "Was kostet das im Monat?" in card.locator("details.replying").inner_text()
            card.locator("textarea[name=body]").fill(
                "Guten Tag Frau Berger,\n\ndas Paket kostet 490 EUR im Monat.")
            page.screenshot(path=str(ARTIFACTS / "console-drafts.png"), full_page=True)
            card.locator("button", has_text="Freigeben und senden").click()
            page.wait_for_url(base + "/console/drafts?done=sent")
            assert page.locator("p.done").inner_text() == "E-Mail gesendet."
            assert page.locator("article.draft").count() == 0
            assert page.locator("header nav a.nav-drafts").inner_text().strip() == "Entwürfe"
            [sent] = inbox.messages
            assert sent["To"] == "anna@kanzlei-berger.example"
            assert "490 EUR im Monat" in sent.get_body(("plain",)).get_content()

            page.goto(f"{base}/console/leads/{erin.lead_id}")
            assert page.locator("#privacy a[href$='/erase']").count() == 0  # setters do not erase
            with page.expect_download() as download:
                page.locator("#privacy button.export").click()
            assert download.value.suggested_filename == f"lead-{erin.lead_id}.json"
            document = json.loads(Path(download.value.path()).read_text("utf-8"))
            assert document["lead"]["email"] == "erin@weiss.example"
            assert ASKS_ERASURE in [m["text"] for m in document["messages"]]
            page.locator("header form[action='/console/logout'] button").click()
            page.wait_for_url(re.compile(r".*/console/login$"))

            log_in(page, base, "admin@example.com")
            page.locator("header nav a", has_text="Verwaltung").click()
            page.locator(".subnav a", has_text="Datenschutz").click()
            row = page.locator("table.erasure-requests tr[data-lead-id]")
            assert row.locator("a.lead-link").all_inner_texts() == ["Erin Weiss"]
            row.locator("a", has_text="Löschen").click()
            page.wait_for_url(f"{base}/console/leads/{erin.lead_id}/erase")
            page.fill("input[name=confirm]", "LÖSCHEN")
            page.screenshot(path=str(ARTIFACTS / "console-erase.png"), full_page=True)
            page.locator("button", has_text="Endgültig löschen").click()
            page.wait_for_url(base + "/console?done=erased")
            assert page.locator("p.done").inner_text().startswith(
                "Die personenbezogenen Daten des Leads wurden gelöscht")
            tombstone = page.locator(f"tr.lead-row[data-lead-id='{erin.lead_id}']")
            assert tombstone.locator(".erased").inner_text().lower() == "gelöscht"
            assert "Erin" not in page.content()
            page.screenshot(path=str(ARTIFACTS / "console-erased.png"), full_page=True)
            page.goto(base + "/console/dashboard")
            assert page.locator("h1").inner_text() == "Dashboard"
            page.close()
    finally:
        smtp.stop()
