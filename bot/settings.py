"""Service configuration from the environment (`SETTER_` prefix) and an optional `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = "sqlite:///./var/setter.db"
UNSAFE_SECRETS = frozenset({"", "changethis", "change-me", "secret", "dev"})


class SettingsError(ValueError):
    """A configuration that must not start; the message says what to set."""


class Settings(BaseSettings):
    """Everything the service reads from its environment."""

    model_config = SettingsConfigDict(
        env_prefix="SETTER_", env_file=".env", extra="ignore", populate_by_name=True
    )

    env: Literal["development", "production"] = "development"
    database_url: str = DEFAULT_DB
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    default_lang: Literal["de", "en"] = "de"
    session_secret: SecretStr | None = None
    api_keys: str = ""
    scoring_model: Path | None = None
    max_questions: int = Field(default=6, ge=1, le=20)
    # turns a worker process computes at once; more wait their turn in arrival order (the
    # work is CPU-bound: with many at once, Python threads only slow each other down)
    turn_slots: int = Field(default=2, ge=1, le=64)
    # where the server computes a chat turn (web/turns.py): "auto" on its event loop when
    # nothing can make the turn wait (SQLite), else in a worker thread; "always" also when
    # the turn waits for round trips (PostgreSQL, Redis limits: worth it when they are on the
    # same host); "never" always in a worker thread
    turns_on_loop: Literal["auto", "always", "never"] = "auto"
    knowledge_file: Path | None = None  # the business's questions and answers (TOML)
    german_address: Literal["sie", "du"] = "sie"  # how German replies address the lead
    webhook_urls: str = ""
    webhook_secret: SecretStr | None = None
    redis_url: str | None = None  # shared rate limits and live messages between workers
    rate_limits: Literal["on", "off"] = "on"
    # seconds a client has to send a whole request (`setter serve`; web/http_protocol.py)
    request_timeout: float = Field(default=60, gt=0, le=3600)
    widget_message_limit: str = "20/minute"  # lead messages per conversation (widget)
    widget_ip_limit: str = "120/minute"  # widget calls per client IP
    # live streams (SSE) one client IP holds open in one server process (0: no cap)
    widget_streams_per_ip: int = Field(default=20, ge=0, le=100_000)
    start_limit: str = "30/minute"  # conversation starts per client IP (API)
    message_limit: str = "20/minute"  # lead messages per conversation (API)
    message_ip_limit: str = "120/minute"  # lead messages per client IP (API)
    api_key_limit: str = "1200/minute"  # requests per API key on the lead, event and admin routes
    api_key_fail_limit: str = "60/minute"  # missing or wrong API keys per client IP (then 429)
    login_ip_limit: str = "30/15 minutes"  # failed console logins per client IP
    login_account_limit: str = "10/15 minutes"  # failed console logins per account (email)

    llm_provider: Literal["auto", "openai", "azure", "openai_compatible"] = "auto"
    llm_model: str = "gpt-4o-mini"
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SETTER_LLM_API_KEY", "OPENAI_API_KEY")
    )
    azure_endpoint: str | None = Field(
        default=None, validation_alias=AliasChoices("SETTER_AZURE_ENDPOINT", "AZURE_OPENAI_ENDPOINT")
    )
    azure_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SETTER_AZURE_API_KEY", "AZURE_OPENAI_API_KEY")
    )
    llm_api_version: str = Field(
        default="2024-10-21",
        validation_alias=AliasChoices("SETTER_LLM_API_VERSION", "OPENAI_API_VERSION"),
    )
    llm_temperature: float = Field(default=0.3, ge=0.0, le=2.0)
    llm_timeout: float = Field(default=30.0, gt=0)
    llm_max_tokens: int = Field(default=400, ge=16)
    llm_max_retries: int = Field(default=2, ge=0, le=5)
    llm_log_prompts: bool = True
    llm_breaker_failures: int = Field(default=3, ge=1)  # failed turns in a row that open it
    llm_breaker_cooldown: float = Field(default=60.0, ge=0)  # seconds before one trial turn

    # email (bot/email, bot/outbound/email.py)
    smtp_url: SecretStr | None = None  # smtp://user:pass@host:587 (STARTTLS), smtps://...:465
    email_from: str = "Setter <setter@localhost>"
    public_url: str = "http://127.0.0.1:8000"  # base of the unsubscribe link in sent emails
    email_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)  # inbound: larger is 413
    email_attachments: Literal["ignore", "list"] = "ignore"  # "list": names and sizes recorded
    reactivation_interval: float = Field(default=3600.0, ge=0)  # seconds; 0 turns the schedule off

    # hardening (web/security.py, bot/privacy)
    docs: Literal["on", "off"] = "on"  # /docs, /redoc and /openapi.json; "off" in production if wanted
    retention_days: int | None = Field(default=None, ge=1, le=36_500)  # erase leads inactive longer
    retention_interval: float = Field(default=6 * 3600.0, ge=60)  # seconds between retention sweeps

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        if self.env == "production":
            secret = self.session_secret.get_secret_value() if self.session_secret else ""
            if secret.strip().lower() in UNSAFE_SECRETS or len(secret) < 16:
                raise SettingsError(
                    "SETTER_SESSION_SECRET is unset or too weak for production: set it to a random "
                    "string of at least 16 characters, e.g. `python -c 'import secrets; "
                    "print(secrets.token_urlsafe(32))'`."
                )
            if not self.api_key_set:
                raise SettingsError(
                    "SETTER_API_KEYS is empty in production: set one or more comma-separated keys "
                    "so that the lead endpoints are not open."
                )
        return self

    @property
    def api_key_set(self) -> frozenset[str]:
        """The accepted API keys."""
        return frozenset(k.strip() for k in self.api_keys.split(",") if k.strip())

    @property
    def webhook_url_list(self) -> list[str]:
        """Configured outbound webhook URLs."""
        return [u.strip() for u in self.webhook_urls.split(",") if u.strip()]

    @property
    def llm_enabled(self) -> bool:
        """An LLM is configured: a base URL, an Azure endpoint or an API key."""
        return bool(self.llm_base_url or self.azure_endpoint or self.llm_api_key)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own `Settings`)."""
    return Settings()
