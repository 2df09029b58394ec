"""Test helpers for the LLM engine: langchain's fake chat model, scripted, and settings."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import openai
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from bot.conversation.responder import Decision, TurnInput
from bot.settings import Settings
from bot.types import Message

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class ScriptedChatModel(GenericFakeChatModel):
    """langchain's generic fake chat model that can also raise scripted errors and counts calls."""

    calls: int = 0
    seen: list[list[BaseMessage]] = []

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.calls += 1
        self.seen.append(list(messages))
        item = next(self.messages)
        if isinstance(item, Exception):
            raise item
        message = AIMessage(content=item) if isinstance(item, str) else item
        return ChatResult(generations=[ChatGeneration(message=message)])


def scripted(*items: Any) -> ScriptedChatModel:
    """A fake model answering with these items in order (str, AIMessage or an exception)."""
    return ScriptedChatModel(messages=iter(items))


def settings(**overrides: Any) -> Settings:
    """Settings that ignore the environment's .env, with an LLM model name for the logs."""
    values: dict[str, Any] = {"llm_model": "fake-model", "llm_max_retries": 2}
    values.update(overrides)
    return Settings(_env_file=None, **values)


def reply_json(reply: str, facts: list[dict[str, Any]] | None = None, **flags: bool) -> str:
    """The JSON a well-behaved model returns."""
    return json.dumps({
        "reply": reply, "facts": facts or [],
        "wants_human": flags.get("wants_human", False), "opt_out": flags.get("opt_out", False),
        "off_topic": flags.get("off_topic", False),
    }, ensure_ascii=False)


def fact(slot: str, quote: str, **fields: Any) -> dict[str, Any]:
    """A fact proposal with the given fields (others null)."""
    return {"slot": slot, "quote": quote, **fields}


def turn(*lead_texts: str, kind: str = "ask", slot: str | None = "budget", lang: str = "de",
         facts: dict[str, Any] | None = None, flags: frozenset[str] = frozenset(),
         channel: str = "web") -> TurnInput:
    """A turn after a greeting and these lead messages, with bot questions in between."""
    messages: list[Message] = []
    at = T0
    for index, text in enumerate(lead_texts):
        messages.append(Message("bot", f"Frage {index + 1}?", at, id=f"b{index}"))
        at += timedelta(minutes=1)
        messages.append(Message("lead", text, at, id=f"l{index}"))
        at += timedelta(minutes=1)
    return TurnInput(
        conversation_id="c1", lang=lang, messages=messages,
        facts=facts or {"budget": None, "authority": None, "need": None, "timing": None},
        decision=Decision(kind, slot, "test"), channel=channel, flags=flags,  # type: ignore[arg-type]
    )


def status_error(cls: type[openai.APIStatusError], status: int,
                 headers: dict[str, str] | None = None) -> openai.APIStatusError:
    """An openai status error as the client raises it."""
    request = httpx.Request("POST", "http://127.0.0.1:1/v1/chat/completions")
    response = httpx.Response(status, request=request, headers=headers or {})
    return cls(f"status {status}", response=response, body=None)


def timeout_error() -> openai.APITimeoutError:
    """An openai timeout as the client raises it."""
    return openai.APITimeoutError(request=httpx.Request("POST", "http://127.0.0.1:1/v1"))

