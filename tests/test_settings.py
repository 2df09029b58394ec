"""Settings refuse unsafe production defaults with a message that says what to set."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from bot.cli.main import app
from bot.settings import Settings


def test_development_defaults_start_without_configuration() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url.startswith("sqlite:///")
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert not settings.llm_enabled


@pytest.mark.parametrize("secret", [None, "changethis", "short"])
def test_production_refuses_a_weak_session_secret(secret: str | None) -> None:
    with pytest.raises(ValidationError, match="SETTER_SESSION_SECRET"):
        Settings(_env_file=None, env="production", session_secret=secret, api_keys="k")  # type: ignore[call-arg]


def test_production_refuses_open_lead_endpoints() -> None:
    with pytest.raises(ValidationError, match="SETTER_API_KEYS"):
        Settings(_env_file=None, env="production", session_secret="x" * 32)  # type: ignore[call-arg]


def test_serve_refuses_to_start_with_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SETTER_ENV", "production")
    monkeypatch.delenv("SETTER_SESSION_SECRET", raising=False)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "SETTER_SESSION_SECRET" in result.output
    assert "Traceback" not in result.output


def test_llm_is_enabled_by_a_base_url_or_key() -> None:
    assert Settings(_env_file=None, llm_base_url="http://127.0.0.1:1/v1").llm_enabled  # type: ignore[call-arg]
    assert Settings(_env_file=None, llm_api_key="sk-test").llm_enabled  # type: ignore[call-arg]
