"""The structured output of one LLM turn, and the checks its scalar values must pass.

The schema has named scalar fields only (no open-ended dicts), so that providers with
structured output (OpenAI strict tools, llama.cpp grammars, vLLM guided decoding) can
enforce it, and so that a value the rules cannot normalise can still be checked field by
field: enums against their allowed values, numbers against sane bounds.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.types import Slot

Period = Literal["one_off", "month", "year"]
Level = Literal["decision_maker", "influencer", "no_authority"]
Horizon = Literal["now", "soon", "later", "none"]

MAX_AMOUNT = 1_000_000_000.0
MAX_TEXT = 300
CURRENCY = re.compile(r"^[A-Z]{3}$")


class FactProposal(BaseModel):
    """One fact the model read in the lead's words; fields of other slots stay null."""

    model_config = ConfigDict(extra="ignore")

    slot: Slot = Field(description="budget, authority, need or timing")
    quote: str = Field(description="the lead's exact words, copied character for character")
    has_budget: bool | None = Field(description="budget: false if there is no money")
    budget_min: float | None = Field(description="budget: lower amount")
    budget_max: float | None = Field(description="budget: upper amount")
    currency: str | None = Field(description="budget: ISO code such as EUR")
    period: Period | None = Field(description="budget: one_off, month or year")
    authority_level: Level | None = Field(description="authority")
    role: str | None = Field(description="authority: job title in the lead's words")
    has_need: bool | None = Field(description="need: false if satisfied or just curious")
    need_summary: str | None = Field(description="need: a few words")
    horizon: Horizon | None = Field(description="timing: now, soon, later or none")
    deadline: str | None = Field(description="timing: ISO date YYYY-MM-DD")


class TurnReply(BaseModel):
    """The reply to send plus what the model noticed in the lead's last messages."""

    model_config = ConfigDict(extra="ignore")

    reply: str = Field(description="the message to the lead")
    facts: list[FactProposal] = Field(description="facts stated by the lead, with exact quotes")
    wants_human: bool = Field(description="the lead asks for a person")
    opt_out: bool = Field(description="the lead asks to stop or not be contacted")
    off_topic: bool = Field(description="the message is unrelated to the enquiry")


class _Envelope(BaseModel):
    """TurnReply with facts left raw, so one bad fact does not discard the reply."""

    model_config = ConfigDict(extra="ignore")

    reply: str
    facts: list[Any] = []
    wants_human: bool = False
    opt_out: bool = False
    off_topic: bool = False


class MalformedOutput(ValueError):
    """The model's output could not be read as a TurnReply."""


def parse_reply(data: Any) -> tuple[TurnReply, list[str]]:
    """A TurnReply from decoded JSON, and why each malformed fact was dropped."""
    try:
        envelope = _Envelope.model_validate(data)
    except ValidationError as exc:
        raise MalformedOutput(_short_error(exc)) from exc
    facts: list[FactProposal] = []
    dropped: list[str] = []
    for raw in envelope.facts:
        try:
            facts.append(FactProposal.model_validate(_with_nulls(raw)))
        except ValidationError as exc:
            slot = raw.get("slot") if isinstance(raw, dict) else None
            dropped.append(f"{slot or 'fact'}: malformed ({_short_error(exc)})")
    reply = TurnReply(
        reply=envelope.reply,
        facts=facts,
        wants_human=envelope.wants_human,
        opt_out=envelope.opt_out,
        off_topic=envelope.off_topic,
    )
    return reply, dropped


def _with_nulls(raw: Any) -> Any:
    """Missing optional fields read as null; models often omit the other slots' fields."""
    if not isinstance(raw, dict):
        return raw
    optional = set(FactProposal.model_fields) - {"slot", "quote"}
    return {**{name: None for name in optional}, **raw}


def _short_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    return f"{where}: {first.get('msg', 'invalid')}"


def slot_value(fact: FactProposal) -> dict[str, Any] | None:
    """The fact's value in the benchmark format, or None when its fields fail the checks."""
    builders = {
        "budget": _budget_value,
        "authority": _authority_value,
        "need": _need_value,
        "timing": _timing_value,
    }
    return builders[fact.slot](fact)


def _amount(value: float | None) -> float | None:
    if value is None:
        return None
    if not 0 < value <= MAX_AMOUNT:
        raise ValueError("amount out of range")
    return float(value)


def _budget_value(fact: FactProposal) -> dict[str, Any] | None:
    if fact.has_budget is None:
        return None
    try:
        low, high = _amount(fact.budget_min), _amount(fact.budget_max)
    except ValueError:
        return None
    if low is not None and high is not None and low > high:
        return None
    if fact.has_budget and low is None and high is None:
        return None  # "we have a budget" without a figure is not a budget value
    currency = (fact.currency or "").strip().upper() or None
    if currency is not None and not CURRENCY.match(currency):
        return None
    return {"has_budget": fact.has_budget, "min": low, "max": high,
            "currency": currency, "period": fact.period}


def _clean_text(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text[:MAX_TEXT] or None


def _authority_value(fact: FactProposal) -> dict[str, Any] | None:
    if fact.authority_level is None:
        return None
    return {"level": fact.authority_level, "role": _clean_text(fact.role)}


def _need_value(fact: FactProposal) -> dict[str, Any] | None:
    if fact.has_need is None:
        return None
    return {"has_need": fact.has_need, "summary": _clean_text(fact.need_summary)}


def _timing_value(fact: FactProposal) -> dict[str, Any] | None:
    if fact.horizon is None:
        return None
    deadline = None
    if fact.deadline:
        try:
            deadline = date.fromisoformat(fact.deadline.strip()).isoformat()
        except ValueError:
            return None
    return {"horizon": fact.horizon, "deadline": deadline}


def output_contract() -> str:
    """A compact description of the expected JSON, for prompts of providers without tools."""
    example = {
        "reply": "...",
        "facts": [{"slot": "budget", "quote": "...", "has_budget": True, "budget_min": 3000,
                   "budget_max": 3000, "currency": "EUR", "period": "month"}],
        "wants_human": False,
        "opt_out": False,
        "off_topic": False,
    }
    return json.dumps(example, ensure_ascii=False)
