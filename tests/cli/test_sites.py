"""`setter sites add` prints a key that the widget then accepts from exactly those origins."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from bot.sites import get_site, origin_allowed
from bot.store.db import make_engine, session_scope


def test_sites_add_prints_a_key_for_the_given_origins(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'setter.db'}"
    monkeypatch.setenv("SETTER_DATABASE_URL", url)
    result = CliRunner().invoke(app, ["sites", "add", "--name", "Bäckerei Sonne", "--origin",
                                      "https://www.baeckerei-sonne.de/", "--origin", "http://localhost:3000"])
    assert result.exit_code == 0, result.output
    key = result.output.strip()
    engine = make_engine(url)
    with session_scope(engine) as session:
        site = get_site(session, key)
        assert site is not None and site.name == "Bäckerei Sonne"
        assert origin_allowed(site, "https://www.baeckerei-sonne.de", None)
        assert origin_allowed(site, "http://localhost:3000", None)
        assert not origin_allowed(site, "https://baeckerei-sonne.de.evil.example", None)
        assert not origin_allowed(site, "http://www.baeckerei-sonne.de", None)  # scheme counts
    listed = CliRunner().invoke(app, ["sites", "list"])
    assert key in listed.output
    engine.dispose()


def test_sites_add_refuses_what_is_not_an_origin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SETTER_DATABASE_URL", f"sqlite:///{tmp_path / 'setter.db'}")
    result = CliRunner().invoke(app, ["sites", "add", "--name", "X", "--origin", "ftp://x.example"])
    assert result.exit_code == 2
    assert "not an origin" in result.output
