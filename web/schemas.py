"""Request bodies of API v1, validated with messages that say what is wrong."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

MAX_TEXT = 10_000


class LeadIn(BaseModel):
    """What the website or CRM already knows about the lead."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)
    company: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=64)
    job_title: str | None = Field(default=None, max_length=200)
    industry: str | None = Field(default=None, max_length=200)
    company_size: str | int | None = None
    source: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=64)


class ConversationIn(BaseModel):
    """Start a conversation."""

    model_config = ConfigDict(extra="forbid")
    channel: Literal["web", "api"] = "web"
    lang: Literal["de", "en"] | None = None
    lead: LeadIn | None = None
    context: dict[str, str | int | float | bool | None] | None = None

    @field_validator("context")
    @classmethod
    def _small_context(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is not None and (len(value) > 50 or any(len(str(v)) > 2000 for v in value.values())):
            raise ValueError("context takes at most 50 keys with values up to 2,000 characters")
        return value


class MessageIn(BaseModel):
    """One message from the lead."""

    model_config = ConfigDict(extra="forbid")
    text: StrictStr

    @field_validator("text")
    @classmethod
    def _real_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be empty or only whitespace")
        if len(value) > MAX_TEXT:
            raise ValueError(f"text is {len(value):,} characters long; the limit is {MAX_TEXT:,}")
        if "\x00" in value:
            raise ValueError("text must not contain NUL characters")
        return value
