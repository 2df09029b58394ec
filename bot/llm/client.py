"""The LLM conversation engine: provider set-up and the one structured call per turn.

This is the only module that imports openai or langchain. The policy (what to do this
turn) is decided in code and passed in; the model phrases the reply and proposes facts
with quotes, in one structured call. Transport errors are retried with backoff; output
that cannot be read gets one local repair attempt; after that the turn falls back to the
deterministic responder. Every call, failed ones included, is returned for the database.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import openai
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import Runnable
from pydantic import SecretStr

from bot.conversation.responder import LLMCall, Responder, TurnInput, TurnOutput
from bot.conversation.templates import (
    TRIES,
    render_reply,
    said_before,
    sentences,
    tidy,
    unsaid,
    variant_for,
)
from bot.llm.breaker import CircuitBreaker, breaker_for
from bot.llm.guard import QUESTION, ReplyRejected, check_reply
from bot.llm.prompt import Prompt, build_prompt
from bot.llm.proposals import review
from bot.llm.repair import UnreadableJSON, decode
from bot.llm.schema import MalformedOutput, TurnReply, parse_reply
from bot.llm.tokens import count_chat, count_text
from bot.settings import Settings, SettingsError
from bot.types import Candidate

ENGINE = "llm"
FINAL_KINDS = frozenset({"handoff", "close", "stop", "note"})
BACKOFF_BASE = 0.5
BACKOFF_CAP = 8.0
RETRYABLE_STATUS = frozenset({408, 409, 429})
Sleep = Callable[[float], None]


class OutputError(ValueError):
    """The model answered, but the answer cannot be used for this turn."""


def resolve_provider(settings: Settings) -> str | None:
    """The provider to use, or None when no LLM is configured."""
    provider = settings.llm_provider
    if provider == "auto":
        if settings.azure_endpoint:
            return "azure"
        if settings.llm_base_url:
            return "openai_compatible"
        return "openai" if settings.llm_api_key else None
    missing = {
        "azure": None if settings.azure_endpoint else "AZURE_OPENAI_ENDPOINT",
        "openai_compatible": None if settings.llm_base_url else "SETTER_LLM_BASE_URL",
        "openai": None if settings.llm_api_key or settings.llm_base_url else "OPENAI_API_KEY",
    }[provider]
    if missing:
        raise SettingsError(f"SETTER_LLM_PROVIDER={provider} needs {missing}: set it, "
                            "or unset SETTER_LLM_PROVIDER to run the deterministic engine.")
    return provider


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model (no network access yet), or None without an LLM."""
    provider = resolve_provider(settings)
    if provider is None:
        return None
    # Retries are ours (logged one by one), so the client must not retry on its own.
    common: dict[str, Any] = {
        "temperature": settings.llm_temperature, "timeout": settings.llm_timeout,
        "max_tokens": settings.llm_max_tokens, "max_retries": 0,
    }
    if provider == "azure":
        from langchain_openai import AzureChatOpenAI

        return AzureChatOpenAI(azure_endpoint=settings.azure_endpoint,
                               api_key=settings.azure_api_key or settings.llm_api_key,
                               api_version=settings.llm_api_version,
                               azure_deployment=settings.llm_model, **common)
    from langchain_openai import ChatOpenAI

    if provider == "openai_compatible":
        # langchain sends OpenAI's newer `max_completion_tokens`; llama.cpp, Ollama and older
        # vLLM only read `max_tokens`, and without it generate until the context is full.
        common["extra_body"] = {"max_tokens": settings.llm_max_tokens}
    # Local servers (llama.cpp, Ollama, vLLM, LM Studio) accept any key.
    key = settings.llm_api_key or SecretStr("not-needed")
    return ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url, api_key=key,
                      **common)


def describe_engine(settings: Settings) -> str:
    """One line saying which engine answers leads, for `setter serve` and `setter chat`."""
    provider = resolve_provider(settings)
    if provider is None:
        return ("deterministic engine (no LLM configured; set SETTER_LLM_BASE_URL or "
                "OPENAI_API_KEY to converse with a model)")
    where = {"azure": settings.azure_endpoint, "openai_compatible": settings.llm_base_url,
             "openai": settings.llm_base_url or "api.openai.com"}[provider]
    return (f"LLM engine: {provider}, model {settings.llm_model} at {where} "
            "(falls back to the deterministic engine per turn)")


def make_responder(
    settings: Settings,
    fallback: Responder,
    chat_model: BaseChatModel | None = None,
    *,
    sleep: Sleep = time.sleep,
) -> Responder:
    """The LLM responder when a model is configured or given, else `fallback` unchanged."""
    if chat_model is None:
        chat_model = build_chat_model(settings)
        if chat_model is None:
            return fallback
        provider = resolve_provider(settings) or "openai"
        key: Hashable = (provider, settings.llm_base_url, settings.azure_endpoint,
                         settings.llm_model)
    else:
        provider = "injected"
        key = (provider, type(chat_model).__name__, id(chat_model))
    return LLMResponder(
        chat_model, fallback, model_name=_model_name(chat_model, settings),
        structured=_structured(chat_model, strict=provider in ("openai", "azure")),
        max_retries=settings.llm_max_retries, log_prompts=settings.llm_log_prompts,
        breaker=breaker_for(key, threshold=settings.llm_breaker_failures,
                            cooldown=settings.llm_breaker_cooldown),
        sleep=sleep,
    )


def _model_name(model: BaseChatModel, settings: Settings) -> str:
    for attribute in ("model_name", "deployment_name", "model"):
        value = getattr(model, attribute, None)
        if isinstance(value, str) and value:
            return value
    return settings.llm_model


def _structured(model: BaseChatModel, *, strict: bool) -> Runnable[Any, BaseMessage]:
    """The model bound to the TurnReply schema as a forced tool call, where it supports tools.

    A forced tool call is what OpenAI (strict schema), llama.cpp (a grammar built from the
    schema) and vLLM (guided decoding) enforce. Models without tool support get the same
    schema in the system prompt and answer with JSON text, which is parsed the same way.
    """
    try:
        return model.bind_tools([TurnReply], tool_choice=TurnReply.__name__,
                                strict=True if strict else None)
    except NotImplementedError:
        return model


class LLMResponder:
    """Phrases the policy's decision with one structured model call per turn."""

    name = ENGINE

    def __init__(
        self, model: BaseChatModel, fallback: Responder, *, model_name: str,
        structured: Runnable[Any, BaseMessage], max_retries: int, log_prompts: bool,
        breaker: CircuitBreaker, sleep: Sleep = time.sleep,
    ) -> None:
        self.model = model
        self.fallback = fallback
        self.model_name = model_name
        self.structured = structured
        self.max_retries = max_retries
        self.log_prompts = log_prompts
        self.breaker = breaker
        self.sleep = sleep

    def respond(self, turn: TurnInput) -> TurnOutput:
        """The model's reply for this turn, or the fallback's with the failed calls logged."""
        if not self.breaker.allow():
            skipped = LLMCall(self.model_name, 0, 0, 0.0, "fallback",
                              error="circuit open after repeated failures; model not called")
            return self._fall_back(turn, [skipped], failed=False)
        prompt = build_prompt(turn)
        chat: list[BaseMessage] = [SystemMessage(prompt.system), HumanMessage(prompt.user)]
        calls: list[LLMCall] = []
        for attempt in range(self.max_retries + 1):
            started = time.perf_counter()
            try:
                answer = self.structured.invoke(chat)
            except Exception as exc:  # any provider failure must end in a reply, not a crash
                latency = _ms(started)
                if _retryable(exc) and attempt < self.max_retries:
                    calls.append(self._call(prompt, None, latency, "failed", _describe(exc)))
                    self.sleep(_backoff(attempt, exc))
                    continue
                calls.append(self._call(prompt, None, latency, "fallback", _describe(exc)))
                return self._fall_back(turn, calls)
            return self._use(turn, prompt, answer, _ms(started), calls, retried=attempt > 0)
        raise AssertionError("unreachable: the last attempt always returns")

    def _use(self, turn: TurnInput, prompt: Prompt, answer: BaseMessage, latency: float,
             calls: list[LLMCall], *, retried: bool) -> TurnOutput:
        ai = answer if isinstance(answer, AIMessage) else AIMessage(content=str(answer.content))
        try:
            reply, repaired, notes = self._read(turn, prompt, ai)
        except OutputError as exc:
            calls.append(self._call(prompt, ai, latency, "fallback", f"unusable output: {exc}"))
            return self._fall_back(turn, calls)
        outcome = "repaired" if repaired else "retried" if retried else "ok"
        calls.append(self._call(prompt, ai, latency, outcome, "; ".join(notes) or None))
        self.breaker.record_success()
        return TurnOutput(text=reply.text, proposals=reply.proposals, flags=reply.flags,
                          calls=calls, engine=ENGINE, rejected=reply.dropped)

    def _read(self, turn: TurnInput, prompt: Prompt,
              ai: AIMessage) -> tuple[_Reply, bool, list[str]]:
        """Parse, repair once if needed, and check the answer; OutputError if unusable."""
        try:
            data, repaired = _payload(ai)
            parsed, malformed_facts = parse_reply(data)
            quiet = turn.decision.kind in FINAL_KINDS or parsed.opt_out
            checked = check_reply(parsed.reply, questions_allowed=0 if quiet else 1,
                                  instructions=prompt.system, truncated=_truncated(ai))
        except (UnreadableJSON, MalformedOutput, ReplyRejected) as exc:
            raise OutputError(str(exc)) from exc
        found = review(parsed.facts, turn.messages, datetime.now(UTC))
        notes = [f"dropped proposal {reason}" for reason in [*malformed_facts, *found.dropped]]
        # A sentence the bot said before in this conversation is not said again.
        said = said_before(turn.messages)
        text = tidy(checked.text)
        if set(sentences(text)) & said:
            text = unsaid(text, said)
            if not text:
                raise OutputError("the reply only repeats sentences said earlier in the conversation")
            notes.append("sentences said earlier in the conversation were left out")
        if not quiet and not QUESTION.search(text):
            # The policy decided to ask; a reply that asks nothing gets the policy's question.
            text = f"{text} {policy_question(turn)}"
            notes.append("the reply asked nothing: the policy's question was appended")
        flags = {name for name in ("wants_human", "opt_out", "off_topic")
                 if getattr(parsed, name)}
        reply = _Reply(text, found.candidates, frozenset(flags),
                       len(malformed_facts) + len(found.dropped))
        return reply, repaired or checked.repaired, notes

    def _call(self, prompt: Prompt, ai: AIMessage | None, latency: float, outcome: str,
              error: str | None) -> LLMCall:
        completion = _completion_text(ai) if ai is not None else None
        prompt_tokens, completion_tokens = _usage(ai, prompt, completion)
        return LLMCall(
            model=self.model_name, prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens, latency_ms=round(latency, 1),
            outcome=outcome, error=error,
            prompt=prompt.as_text() if self.log_prompts else None,
            completion=completion if self.log_prompts else None,
        )

    def _fall_back(
        self, turn: TurnInput, calls: list[LLMCall], *, failed: bool = True
    ) -> TurnOutput:
        if failed:  # a turn skipped while the circuit is open is not a new failure
            self.breaker.record_failure()
        output = self.fallback.respond(turn)
        return TurnOutput(text=output.text, proposals=output.proposals, flags=output.flags,
                          calls=[*output.calls, *calls], engine=output.engine)


@dataclass(frozen=True)
class _Reply:
    """The checked reply text, the proposals for the engine and the model's flags."""

    text: str
    proposals: list[Candidate]
    flags: frozenset[str]
    dropped: int = 0


def policy_question(turn: TurnInput) -> str:
    """The templated question for the slot the policy chose (need when greeting), in the
    deployment's German address, in a phrasing not asked before in this conversation."""
    kind = "clarify" if turn.decision.kind == "clarify" else "ask"
    lead_turns = sum(1 for m in turn.messages if m.role == "lead")
    first = variant_for(turn.conversation_id, lead_turns)
    said = said_before(turn.messages)
    options = [render_reply(turn.lang, kind, slot=turn.decision.slot or "need", variant=first + n,
                            address=turn.address) for n in range(TRIES)]
    return next((q for q in options if not set(sentences(q)) & said), options[0])


def _payload(ai: AIMessage) -> tuple[Any, bool]:
    """The structured answer: forced tool-call arguments, else JSON in the text."""
    if ai.tool_calls:
        return ai.tool_calls[0]["args"], False
    if ai.invalid_tool_calls:
        return decode(ai.invalid_tool_calls[0].get("args") or "")[0], True
    return decode(_text(ai))


def _text(ai: AIMessage) -> str:
    if isinstance(ai.content, str):
        return ai.content
    return "".join(part.get("text", "") if isinstance(part, dict) else str(part)
                   for part in ai.content)


def _completion_text(ai: AIMessage) -> str:
    if ai.tool_calls:
        return json.dumps(ai.tool_calls[0]["args"], ensure_ascii=False)
    if ai.invalid_tool_calls:
        return str(ai.invalid_tool_calls[0].get("args") or "")
    return _text(ai)


def _truncated(ai: AIMessage) -> bool:
    return ai.response_metadata.get("finish_reason") == "length"


def _usage(ai: AIMessage | None, prompt: Prompt, completion: str | None) -> tuple[int, int]:
    """Token counts as the provider reports them; counted locally when it reports none."""
    usage = ai.usage_metadata if ai is not None else None
    if usage and usage.get("input_tokens"):
        return int(usage["input_tokens"]), int(usage.get("output_tokens", 0))
    return count_chat([prompt.system, prompt.user]), count_text(completion or "")


def _retryable(exc: BaseException) -> bool:
    """Timeouts, connection drops, 429 and 5xx are worth another try; other errors are not."""
    if isinstance(exc, openai.APIConnectionError | httpx.TimeoutException | TimeoutError):
        return True  # APITimeoutError is an APIConnectionError
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRYABLE_STATUS or exc.status_code >= 500
    return False


def _backoff(attempt: int, exc: BaseException) -> float:
    """Exponential backoff with jitter; a server's Retry-After wins when it is sane."""
    if isinstance(exc, openai.APIStatusError):
        after = exc.response.headers.get("retry-after")
        if after and after.replace(".", "", 1).isdigit():
            return min(float(after), BACKOFF_CAP)
    delay: float = min(BACKOFF_CAP, BACKOFF_BASE * 2.0**attempt)
    return delay * random.uniform(0.5, 1.0)  # jitter spreads retries of parallel workers


def _describe(exc: BaseException) -> str:
    status = getattr(exc, "status_code", None)
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}{f' {status}' if status else ''}: {text}"


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0
