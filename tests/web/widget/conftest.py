"""Browser fixtures: Debian's Chromium driven by Playwright, and a Setter server with the demo site."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.sites import ensure_demo_site
from bot.store.db import make_engine
from tests.web.widget.servers import ROOT, setter_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
MESSAGE_LIMIT = 5  # per conversation on the test server, to hit it quickly (an hour: however slow
# the machine, the messages of one test fall into one window)
# every wait in a browser test is for a condition; this only bounds how long a broken one hangs
# (generous: CI shares two cores with the servers, PostgreSQL and Chromium)
WAIT_MS = 60_000


class Chromium:
    """The launched browser; its pages wait up to WAIT_MS for what a test waits for."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_page(self, **options: Any) -> Any:
        page = self._browser.new_page(**options)
        page.set_default_timeout(WAIT_MS)
        return page

    def new_context(self, **options: Any) -> Any:
        """A context of its own (its pages share storage: tabs of one visitor)."""
        context = self._browser.new_context(**options)
        context.set_default_timeout(WAIT_MS)
        return context


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    """Chromium, headless (`apt-get install -y chromium`; `playwright install` is never used)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {CHROMIUM} is missing (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield Chromium(chromium)
        chromium.close()


@dataclass(frozen=True)
class Server:
    """A running Setter: its base URL and database."""

    base: str
    database_url: str


@pytest.fixture(scope="module")
def demo_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Setter on SQLite with the demo site."""
    workdir = tmp_path_factory.mktemp("demo-server")
    database = workdir / "setter.db"
    shutil.copy(sqlite_template, database)
    url = f"sqlite:///{database}"
    engine = make_engine(url)
    ensure_demo_site(engine)
    engine.dispose()
    with setter_server(url, workdir, SETTER_WIDGET_MESSAGE_LIMIT=f"{MESSAGE_LIMIT}/hour") as base:
        yield Server(base, url)
