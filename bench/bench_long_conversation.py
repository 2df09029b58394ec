"""One very long conversation: what reading it costs the server, per request.

A lead may write for as long as the limits let them: a day at the per-conversation limit (20 a
minute) is about 29,000 lead messages. Seeds a conversation of MESSAGES messages (default
30,000, lead and bot in turn) into a temporary SQLite database, then times through the real
app (in process) the transcript route (`GET /api/v1/conversations/{id}`, first page), the
console's lead page and the widget's catch-up from the store (`web.widget.sse.catch_up` with
`after=0`, as a widget that reconnects without any message shown), and prints the median
time, the CPU time and the size of each answer over several runs.

With --before DIR (a checkout of older code) the same runs first for that code, each in a
process of its own:

    .venv/bin/python bench/bench_long_conversation.py --before /tmp/before
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password-123"
EMAIL = "bench@example.com"


def _timed(runs: int, call: Callable[[], int]) -> dict[str, float]:
    """Median wall and CPU milliseconds of `call` over `runs`, and the size it returns."""
    walls, cpus, size = [], [], 0
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        size = call()
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    return {"ms": statistics.median(walls), "cpu_ms": statistics.median(cpus), "bytes": size}


def _seed(engine: Any, services: Any, count: int) -> tuple[str, str, str]:
    """A conversation with `count` more messages; its id, token and lead id."""
    from sqlalchemy import insert

    from bot.clock import utcnow
    from bot.conversation import turn
    from bot.store.db import session_scope
    from bot.store.models import Conversation, MessageRow, new_id

    started = turn.start_conversation(services, channel="web", lang="de", lead_fields={},
                                      context={})
    now = utcnow()
    rows = [{"id": new_id(), "conversation_id": started.conversation_id, "seq": 2 + i,
             "role": "lead" if i % 2 == 0 else "bot", "created_at": now, "handled_at": now,
             "text": f"Nachricht {i}: wir verlieren Anfragen, weil keiner zurückruft."}
            for i in range(count)]
    with session_scope(engine) as session:
        session.connection().execute(insert(MessageRow), rows)
        conversation = session.get(Conversation, started.conversation_id)
        conversation.last_seq = count + 1
        session.add(conversation)
    return started.conversation_id, started.token or "", started.lead_id


def measure(messages: int, runs: int) -> dict[str, dict[str, float]]:
    """The three reads of one conversation of `messages` messages (this process's code)."""
    from fastapi.testclient import TestClient

    import scoring
    from bot.conversation.templates import TemplateResponder
    from bot.conversation.wiring import Services
    from bot.settings import Settings
    from bot.store.db import make_engine, migrate, session_scope
    from bot.users import accounts
    from web.app import create_app
    from web.widget import sse

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/long.db")
        migrate(engine)
        services = Services(db=engine, model=scoring.load_model(), responder=TemplateResponder())
        conversation_id, token, lead_id = _seed(engine, services, messages)
        with session_scope(engine) as session:
            accounts.create_user(session, email=EMAIL, role="setter", password=PASSWORD, lang="de")
        settings = Settings(_env_file=None, rate_limits="off", llm_base_url=None,  # type: ignore[call-arg]
                            llm_api_key=None, azure_endpoint=None,
                            session_secret="bench-session-secret-0123456789")
        with TestClient(create_app(settings, services)) as client:
            _login(client)
            auth = {"Authorization": f"Bearer {token}"}

            def transcript() -> int:
                response = client.get(f"/api/v1/conversations/{conversation_id}", headers=auth)
                assert response.status_code == 200, response.text
                return len(response.content)

            def lead_page() -> int:
                response = client.get(f"/console/leads/{lead_id}")
                assert response.status_code == 200, response.status_code
                return len(response.content)

            def catch_up() -> int:
                async def frames() -> int:
                    return sum([len(f) async for f in sse.catch_up(engine, conversation_id, 0, 15)])
                return asyncio.run(frames())

            return {"transcript": _timed(runs, transcript), "lead page": _timed(runs, lead_page),
                    "widget catch-up": _timed(runs, catch_up)}


def _login(client: Any) -> None:
    import re

    page = client.get("/console/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None, "no login form"
    client.post("/console/login", data={"email": EMAIL, "password": PASSWORD,
                                        "csrf": csrf.group(1), "next": "/console"})


def _in_process(source: Path, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """`measure` for the code in `source`, in a process of its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--messages", str(args.messages), "--runs", str(args.runs),
         "--json"], cwd=source, env={**os.environ, "PYTHONPATH": str(source)},
        capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a checkout of older code to measure first")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.messages, args.runs)))
        return
    versions = ([("before", args.before)] if args.before else []) + [("after", ROOT)]
    print(f"one conversation of {args.messages:,} messages; medians of {args.runs} runs")
    print(f"{'code':8} {'read':16} {'ms':>9} {'CPU ms':>9} {'bytes':>11}")
    for label, source in versions:
        for read, figures in _in_process(source, args).items():
            print(f"{label:8} {read:16} {figures['ms']:9.1f} {figures['cpu_ms']:9.1f} "
                  f"{figures['bytes']:11,.0f}")


if __name__ == "__main__":
    main()
