"""Request bodies of API v1, validated with messages that say what is wrong."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from email_validator import EmailNotValidError, validate_email
from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

MAX_TEXT = 10_000
MAX_OFFSET = 10_000_000  # paging further than this is a mistake, not a request
# Row ids and order numbers are 32-bit integer columns on PostgreSQL: a larger number is refused
# by name (422), never sent to the store.
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a row id")]
INVISIBLE = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff"


def storable(value: str) -> str:
    """Text that can be stored as UTF-8: JSON escapes may smuggle in unpaired surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"contains an unpaired surrogate (\\u{ord(value[exc.start]):04x}); "
                         "send valid Unicode text") from None
    return value


Text = Annotated[str, AfterValidator(storable)]


class LeadIn(BaseModel):
    """What the website or CRM already knows about the lead."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    email: Text | None = Field(default=None, max_length=320)
    name: Text | None = Field(default=None, max_length=200)
    company: Text | None = Field(default=None, max_length=200)
    phone: Text | None = Field(default=None, max_length=64)
    job_title: Text | None = Field(default=None, max_length=200)
    industry: Text | None = Field(default=None, max_length=200)
    company_size: (Annotated[StrictInt, Field(ge=0, le=10_000_000)]
                   | Annotated[Text, Field(max_length=64)] | None) = None
    source: Text | None = Field(default=None, max_length=200)
    country: Text | None = Field(default=None, max_length=64)

    @field_validator("email")
    @classmethod
    def _real_address(cls, value: str | None) -> str | None:
        """An address mail can reach (syntax only: no DNS lookup); "" counts as none."""
        if not value:
            return None
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ValueError(f"is not a valid email address: {exc}") from None


class ConversationIn(BaseModel):
    """Start a conversation."""

    model_config = ConfigDict(extra="forbid")
    channel: Literal["web", "api"] = "web"
    lang: Literal["de", "en"] | None = None
    lead: LeadIn | None = None
    context: dict[Text, Text | int | float | bool | None] | None = None

    @field_validator("context")
    @classmethod
    def _small_context(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is None:
            return None
        if len(value) > 50 or any(len(str(v)) > 2000 or len(k) > 200 for k, v in value.items()):
            raise ValueError("context takes at most 50 keys of up to 200 characters with values "
                             "up to 2,000 characters")
        if any(isinstance(v, float) and not math.isfinite(v) for v in value.values()):
            raise ValueError("context numbers must be finite")
        return value


class MessageIn(BaseModel):
    """One message from the lead."""

    model_config = ConfigDict(extra="forbid")
    text: StrictStr

    @field_validator("text")
    @classmethod
    def _real_text(cls, value: str) -> str:
        if not value.strip(INVISIBLE):
            raise ValueError("text must not be empty or only whitespace")
        if len(value) > MAX_TEXT:
            raise ValueError(f"text is {len(value):,} characters long; the limit is {MAX_TEXT:,}")
        if "\x00" in value:
            raise ValueError("text must not contain NUL characters")
        return storable(value)
