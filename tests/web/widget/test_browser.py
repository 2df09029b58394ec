"""The widget in a real browser: the demo page, a German conversation streamed word by word,
history after a reload, lead text shown as text, the rate limit, a foreign origin refused,
a strict host page, and a setter's take-over across two server processes on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from bot.sites import ensure_demo_site
from bot.sites.registry import create_site
from bot.store.db import make_engine, session_scope
from tests.conftest import API_KEY, _truncate
from tests.web.widget.conftest import ARTIFACTS, MESSAGE_LIMIT, Server
from tests.web.widget.servers import host_page, setter_server

GERMAN = ["Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.",
          "Ich bin der Inhaber.", "So 500 Euro im Monat.", "Bis Ende Juni."]
# records every length the newest bot message had: a streamed reply grows in steps
WATCH = """() => {
  const root = document.querySelector('setter-chat').shadowRoot;
  window.__lengths = [];
  new MutationObserver(() => {
    const bots = root.querySelectorAll('[data-role=bot]');
    if (bots.length) window.__lengths.push([bots.length, bots[bots.length - 1].textContent.length]);
  }).observe(root, {subtree: true, childList: true, characterData: true});
}"""


def messages(page: Any) -> list[tuple[str, str]]:
    items = page.get_by_test_id("setter-message")
    return [(m.get_attribute("data-role"), m.inner_text()) for m in items.all()]


def bots(page: Any) -> int:
    return page.get_by_test_id("setter-message").and_(page.locator("[data-role=bot]")).count()


def send(page: Any, text: str, *, reply: bool = True) -> None:
    """Type and send; with `reply`, wait until the bot's reply has streamed completely."""
    before = bots(page)
    page.get_by_test_id("setter-input").fill(text)
    page.get_by_test_id("setter-send").click()
    if reply:
        page.wait_for_function(
            """n => { const r = document.querySelector('setter-chat').shadowRoot;
                      return r.querySelectorAll('[data-role=bot]').length > n && !r.querySelector('.typing')
                             && r.querySelector('.send') && !r.querySelector('.send').disabled; }""",
            arg=before)


def settled(page: Any) -> None:
    """Wait until the widget's last message got its answer (the send button is back, no typing)."""
    page.wait_for_function(
        """() => { const r = document.querySelector('setter-chat').shadowRoot;
                   return !r.querySelector('.typing') && r.querySelector('.send')
                          && !r.querySelector('.send').disabled; }""")


def open_widget(browser: Any, url: str, width: int = 1280, height: int = 800) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.console = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.console.append(m.text))  # type: ignore[attr-defined]
    page.goto(url)
    page.get_by_test_id("setter-launcher").click()
    page.get_by_test_id("setter-input").wait_for()
    return page


def test_a_german_conversation_streams_and_survives_a_reload(browser: Any, demo_server: Server) -> None:
    page = open_widget(browser, demo_server.base + "/")
    assert "Kranich Digital" in page.title()
    page.get_by_test_id("setter-message").first.wait_for()
    greeting = messages(page)
    assert [role for role, _ in greeting] == ["bot"] and greeting[0][1].endswith("?")
    page.evaluate(WATCH)
    send(page, GERMAN[0])
    lengths = [n for count, n in page.evaluate("window.__lengths") if count == 2]
    final = len(messages(page)[-1][1])
    steps = sorted({n for n in lengths if 0 < n < final})
    assert len(steps) >= 2, f"the reply did not grow in steps: {lengths}"
    for line in GERMAN[1:]:
        send(page, line)
    before = messages(page)
    assert [role for role, _ in before] == ["bot"] + ["lead", "bot"] * 4
    assert [t for role, t in before if role == "lead"] == GERMAN
    page.screenshot(path=str(ARTIFACTS / "widget-conversation.png"))
    # the hand-off asks how to reach the lead; a bad address is refused in the widget
    contact = page.locator("form.contact")
    contact.wait_for()
    contact.locator("input[type=email]").fill("anna@")
    contact.get_by_role("button").click()
    assert "gültige E-Mail" in contact.inner_text()
    contact.locator("input[type=email]").fill("anna@steuer-berger.de")
    contact.get_by_role("button").click()
    page.get_by_text("Wir melden uns per E-Mail").wait_for()
    page.reload()
    page.get_by_test_id("setter-launcher").click()
    page.wait_for_function("() => document.querySelector('setter-chat').shadowRoot"
                           ".querySelectorAll('[data-testid=setter-message]').length >= 9")
    assert messages(page) == before
    assert page.locator("form.contact").count() == 0  # the channel is stored, not asked again
    page.screenshot(path=str(ARTIFACTS / "widget-reloaded.png"))
    page.close()


def test_the_greeting_opens_the_log_even_when_the_lead_writes_before_the_settings_arrive(
        browser: Any, demo_server: Server) -> None:
    page = browser.new_page()
    held: list[Any] = []
    page.route(f"{demo_server.base}/widget/v1/sites/demo?lang=*", lambda route: held.append(route))
    page.goto(demo_server.base + "/")
    page.get_by_test_id("setter-launcher").click()
    send(page, GERMAN[0])  # the first message starts the conversation; the greeting comes with it
    assert len(held) == 1
    held[0].continue_()
    page.locator("setter-chat header strong").filter(has_text="Kranich Digital").wait_for()
    shown = messages(page)
    assert [role for role, _ in shown] == ["bot", "lead", "bot"]
    assert shown[0][1].endswith("?") and shown[1][1] == GERMAN[0]
    page.close()


def test_lead_html_is_shown_as_text_and_runs_nothing(browser: Any, demo_server: Server) -> None:
    page = open_widget(browser, demo_server.base + "/", width=375, height=740)
    evil = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
    send(page, evil)
    assert (("lead", evil)) in messages(page)
    assert page.locator("setter-chat img").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "widget-mobile-375.png"))
    page.close()


def test_the_rate_limit_is_a_friendly_line(browser: Any, demo_server: Server) -> None:
    page = open_widget(browser, demo_server.base + "/")
    for n in range(MESSAGE_LIMIT):
        send(page, f"Nachricht Nummer {n + 1}")
    send(page, "Eine zu viel", reply=False)
    alert = page.get_by_role("alert").filter(has_text="sehr schnell")
    alert.wait_for()
    assert "Sekunden" in alert.inner_text()
    assert page.get_by_test_id("setter-input").input_value() == "Eine zu viel"  # kept to send later
    assert "Eine zu viel" not in [t for _, t in messages(page)]
    page.close()


def test_over_long_messages_are_refused_before_sending(browser: Any, demo_server: Server) -> None:
    page = open_widget(browser, demo_server.base + "/")
    page.get_by_test_id("setter-input").fill("x" * 2001)
    page.get_by_test_id("setter-send").click()
    assert "höchstens 2000 Zeichen" in page.get_by_role("alert").inner_text()
    assert [role for role, _ in messages(page)] == ["bot"]
    page.close()


def test_a_foreign_origin_is_refused(browser: Any, demo_server: Server) -> None:
    with host_page(demo_server.base, "demo") as foreign:
        page = open_widget(browser, foreign + "/")
        page.get_by_role("alert").filter(has_text="nicht freigeschaltet").wait_for()
        assert page.get_by_test_id("setter-input").is_disabled()
        page.close()


def test_a_strict_host_page_with_its_own_reset_still_gets_a_working_widget(
        browser: Any, demo_server: Server, tmp_path: Path) -> None:
    key: list[str] = []  # the site is made once the page's port is known; the page reads its key then
    with host_page(demo_server.base, lambda: key[0]) as host:
        engine = make_engine(demo_server.database_url)
        with session_scope(engine) as session:
            key.append(create_site(session, name="Fremde Seite", origins=[host],
                                   color="#7c3aed", position="left").id)
        engine.dispose()
        page = open_widget(browser, host + "/", width=375, height=740)
        send(page, "Wir verlieren Anfragen, weil keiner zurückruft.")
        assert [role for role, _ in messages(page)] == ["bot", "lead", "bot"]
        launcher = page.get_by_test_id("setter-launcher").bounding_box()
        assert launcher and launcher["x"] < 100  # position "left" from the site's settings
        page.screenshot(path=str(ARTIFACTS / "widget-strict-host.png"))
        assert [m for m in page.console if "Content Security Policy" in m] == []  # type: ignore[attr-defined]
        page.close()


@pytest.mark.postgres
def test_a_setter_takes_over_through_another_worker_on_postgres(
        browser: Any, pg_database: str, tmp_path: Path) -> None:
    engine = make_engine(pg_database)
    _truncate(engine)
    ensure_demo_site(engine)
    with setter_server(pg_database, tmp_path) as widget_worker, \
            setter_server(pg_database, tmp_path) as api_worker:
        page = open_widget(browser, widget_worker + "/")
        send(page, GERMAN[0])
        conversation = page.evaluate("JSON.parse(localStorage.getItem('setter:demo')).id")
        api = httpx.Client(base_url=f"{api_worker}/api/v1/conversations/{conversation}",
                           headers={"X-API-Key": API_KEY}, timeout=10)
        assert api.post("/takeover", json={"who": "Anna"}).status_code == 200
        page.get_by_text("Eine Person aus unserem Team ist jetzt im Chat.").wait_for()
        sent = api.post("/human-messages", json={"text": "Hallo, hier ist Anna. Ich übernehme gern."})
        assert sent.status_code == 201, sent.text
        human = page.locator("[data-testid=setter-message][data-role=human]")
        human.wait_for()
        assert "Hallo, hier ist Anna. Ich übernehme gern." in human.inner_text()
        assert "Anna" in human.inner_text()
        # the bot stays silent while Anna holds the conversation; the lead's message is stored
        send(page, "Super, danke Anna!", reply=False)
        settled(page)  # the server has answered the message: a bot reply would have streamed by now
        assert [role for role, _ in messages(page)] == ["bot", "lead", "bot", "human", "lead"]
        page.screenshot(path=str(ARTIFACTS / "widget-takeover.png"))
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT role FROM messages WHERE conversation_id = :c ORDER BY seq"),
                                  {"c": conversation}).scalars().all()
        assert stored == ["bot", "lead", "bot", "human", "lead"]
        # handed back, the bot answers again
        assert api.post("/handback", json={"who": "Anna"}).status_code == 200
        send(page, "Ich bin der Inhaber.")
        assert [role for role, _ in messages(page)][-2:] == ["lead", "bot"]
        page.close()
    engine.dispose()


def test_keyboard_only_and_a_new_conversation(browser: Any, demo_server: Server) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(demo_server.base + "/")
    launcher = page.get_by_test_id("setter-launcher")
    launcher.focus()
    page.keyboard.press("Enter")
    assert launcher.get_attribute("aria-expanded") == "true"
    page.keyboard.type("Wir verlieren Anfragen.")  # focus moved into the message field
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('setter-chat').shadowRoot"
                           ".querySelectorAll('[data-role=bot]').length >= 2")
    assert page.locator("setter-chat [role=log][aria-live=polite]").count() == 1
    assert page.evaluate("localStorage.getItem('setter:demo')") is not None
    page.get_by_role("button", name="Neues Gespräch").click()
    assert [role for role, _ in messages(page)] == ["bot"]
    assert page.evaluate("localStorage.getItem('setter:demo')") is None
    page.keyboard.press("Escape")
    assert launcher.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.tagName") == "SETTER-CHAT"  # focus back on the launcher
    assert page.evaluate("document.querySelector('setter-chat').shadowRoot.activeElement"
                         ".dataset.testid") == "setter-launcher"
    page.close()


def test_an_unknown_site_key_and_a_stale_conversation_say_so(browser: Any, demo_server: Server) -> None:
    with host_page(demo_server.base, "no-such-site") as host:
        page = open_widget(browser, host + "/")
        page.get_by_role("alert").filter(has_text="unbekannter Site-Schlüssel").wait_for()
        page.close()
    page = browser.new_page()
    page.goto(demo_server.base + "/")
    page.evaluate("localStorage.setItem('setter:demo', JSON.stringify({id: 'gone', token: 'old'}))")
    page.reload()
    page.get_by_test_id("setter-launcher").click()
    page.get_by_role("alert").filter(has_text="nicht mehr verfügbar").wait_for()
    assert page.evaluate("localStorage.getItem('setter:demo')") is None
    send(page, "Hallo, ich habe eine Frage zu Ihren Preisen.")  # a new conversation starts
    assert [role for role, _ in messages(page)] == ["bot", "lead", "bot"]
    page.close()


CSP_REFUSAL = "Content Security Policy"


def test_the_demo_page_and_the_unsubscribe_page_are_styled_under_the_strict_csp(
        browser: Any, demo_server: Server) -> None:
    for width, height in ((375, 740), (1280, 800)):
        page = open_widget(browser, demo_server.base + "/", width, height)
        assert "Kranich Digital" in page.title()
        assert page.get_by_role("heading", level=1).inner_text().startswith("Websites, die Anfragen bringen")
        body = page.get_by_text("0341 000 00 00").first
        assert body.is_visible()
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "Times" not in font and "system-ui" in font, font
        hero = page.evaluate("getComputedStyle(document.querySelector('.hero')).backgroundImage")
        assert "gradient" in hero, hero
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out
        site = page.locator("setter-chat header strong").inner_text()
        assert site == "Kranich Digital"
        page.screenshot(path=str(ARTIFACTS / f"demo-page-{width}.png"), full_page=width < 400)
        assert not [m for m in page.console if CSP_REFUSAL in m], page.console  # type: ignore[attr-defined]
        page.close()
    page = browser.new_page(viewport={"width": 375, "height": 740})
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text))
    response = page.goto(demo_server.base + "/email/unsubscribe/no-such-token")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Abmelden"
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "48px"  # 3rem: page.css applied
    assert "Times" not in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert not [m for m in console if CSP_REFUSAL in m], console
    page.screenshot(path=str(ARTIFACTS / "unsubscribe-375.png"))
    page.close()


def alert(page: Any) -> str:
    """The widget's alert line (empty, hence hidden, when there is nothing to say)."""
    return str(page.locator("setter-chat p.alert").text_content())


ENGLISH = ("Hello, we are a small family business and keep losing enquiries because nobody calls back. "
           "Can I talk to a human please?")


def test_the_widget_follows_the_conversation_into_english_and_keeps_focus(
        browser: Any, demo_server: Server) -> None:
    page = open_widget(browser, demo_server.base + "/")  # <html lang="de">: German UI at first
    assert page.get_by_test_id("setter-input").get_attribute("placeholder") == "Ihre Nachricht …"
    send(page, ENGLISH)
    reply = messages(page)[-1][1]
    assert "you" in reply.lower(), reply  # the bot answers in English
    contact = page.locator("form.contact")
    contact.wait_for()
    assert "How may we reach you?" in contact.inner_text()
    assert contact.get_by_role("button").inner_text() == "Save"
    assert page.get_by_test_id("setter-input").get_attribute("placeholder") == "Your message …"
    assert page.get_by_test_id("setter-send").inner_text() == "Send"
    assert page.get_by_role("button", name="New conversation").is_visible()
    page.screenshot(path=str(ARTIFACTS / "widget-english.png"))
    # keyboard only: type the address, Enter; focus stays in the panel, so Escape closes it
    contact.locator("input[type=email]").click()
    page.keyboard.type("anna@example.com")
    page.keyboard.press("Enter")
    page.get_by_text("We will get in touch by email").wait_for()
    assert page.evaluate("document.activeElement.tagName") == "SETTER-CHAT"
    assert page.evaluate("document.querySelector('setter-chat').shadowRoot.activeElement"
                         ".dataset.testid") == "setter-input"
    page.keyboard.press("Escape")
    assert page.get_by_test_id("setter-launcher").get_attribute("aria-expanded") == "false"
    page.close()


def test_enter_while_a_reply_streams_queues_the_message(browser: Any, demo_server: Server) -> None:
    page = open_widget(browser, demo_server.base + "/")
    field = page.get_by_test_id("setter-input")
    field.fill(GERMAN[0])
    page.keyboard.press("Enter")
    field.fill(GERMAN[1])
    page.keyboard.press("Enter")  # the first reply is still on its way
    assert "sobald die Antwort da ist" in alert(page)
    assert field.input_value() == ""
    page.wait_for_function("() => document.querySelector('setter-chat').shadowRoot"
                           ".querySelectorAll('[data-role=bot]').length >= 3")
    page.wait_for_function("() => !document.querySelector('setter-chat').shadowRoot.querySelector('.typing')")
    shown = messages(page)
    assert [role for role, _ in shown] == ["bot", "lead", "bot", "lead", "bot"]
    assert [t for role, t in shown if role == "lead"] == GERMAN[:2]
    assert alert(page) == ""
    page.close()


def test_length_is_counted_in_characters_as_the_server_counts_them(browser: Any, demo_server: Server) -> None:
    page = open_widget(browser, demo_server.base + "/")
    emoji = "\U0001F6BF" * 1100  # 1,100 characters, 2,200 UTF-16 units: the server accepts it
    send(page, emoji)
    assert "höchstens" not in alert(page)
    assert [role for role, _ in messages(page)] == ["bot", "lead", "bot"]
    page.get_by_test_id("setter-input").fill("\U0001F6BF" * 2001)
    assert "höchstens 2000 Zeichen (2001 jetzt)" in alert(page)
    page.close()


def test_over_the_stream_cap_the_widget_shows_the_chat_and_a_setter_later(
        browser: Any, sqlite_template: Path, tmp_path: Path) -> None:
    """This address already holds its live streams (SETTER_WIDGET_STREAMS_PER_IP=1, held by
    the first tab): a second tab of the conversation still shows it whole, says nothing of a
    lost connection, and a setter's message reaches it when it asks again (15 s)."""
    database = tmp_path / "setter.db"
    database.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{database}")
    ensure_demo_site(engine)
    engine.dispose()
    with setter_server(f"sqlite:///{database}", tmp_path, SETTER_WIDGET_STREAMS_PER_IP="1") as base:
        visitor = browser.new_context()
        first, second = visitor.new_page(), visitor.new_page()
        first.goto(base + "/")
        first.get_by_test_id("setter-launcher").click()
        send(first, GERMAN[0])  # the first tab holds the address's one live stream
        streams: list[str] = []
        second.on("request", lambda r: streams.append(r.url) if "/stream" in r.url else None)
        second.goto(base + "/")
        second.get_by_test_id("setter-launcher").click()
        second.get_by_text(GERMAN[0]).wait_for()  # the transcript, from the "busy" answer
        assert messages(second) == messages(first)
        second.wait_for_timeout(4000)  # past two retries of a failing stream (1 s, then 2 s)
        assert len(streams) == 1, streams  # it waits the 15 s it was told, not polling
        alert = second.evaluate("document.querySelector('setter-chat').shadowRoot"
                                ".querySelector('[role=alert]').textContent")
        assert alert == "", alert
        conversation = second.evaluate("JSON.parse(localStorage.getItem('setter:demo')).id")
        api = httpx.Client(base_url=f"{base}/api/v1/conversations/{conversation}",
                           headers={"X-API-Key": API_KEY}, timeout=10)
        assert api.post("/takeover", json={"who": "Anna"}).status_code == 200
        assert api.post("/human-messages", json={"text": "Hallo, hier ist Anna."}).status_code == 201
        second.locator("[data-testid=setter-message][data-role=human]").wait_for(timeout=30_000)
        second.screenshot(path=str(ARTIFACTS / "widget-busy-stream.png"))
        visitor.close()
