"""The widget's streams against one real uvicorn worker (deterministic engine, SQLite).

1. Time to first streamed word: POST a lead message, time until the first `delta` event of
   the reply arrives (the message is stored and the turn has run by then). Median and p90.
2. Idle streams: open N live streams (one per conversation, as N open widgets), wait until
   each has caught up, hold them idle, and read the worker's resident memory; then deliver
   one setter message through the live bus to check the streams still listen.

    .venv/bin/python bench/bench_widget.py --messages 50 --streams 1000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.sites import ensure_demo_site  # noqa: E402
from bot.store import repo  # noqa: E402
from bot.store.db import make_engine, migrate, session_scope  # noqa: E402
from tests.web.widget.servers import setter_server  # noqa: E402

KEY = "test-api-key-0123456789"  # the key setter_server configures
SITE = "/widget/v1/sites/demo"


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def server_pid() -> int:
    """The server process (setter_server starts it as this process's only child)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == os.getpid():
                return int(entry.name)
    raise RuntimeError("server process not found")


def first_word_times(base: str, count: int) -> list[float]:
    """Seconds from sending a message to the first streamed word of the reply."""
    times = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(count):
            convo = client.post(f"{SITE}/conversations", json={"lang": "de"}).json()
            headers = {"Authorization": f"Bearer {convo['token']}"}
            start = time.perf_counter()
            with client.stream("POST", f"{SITE}/conversations/{convo['conversation_id']}/messages",
                               json={"text": "Wir verlieren Anfragen, weil keiner zurückruft."},
                               headers=headers) as response:
                for line in response.iter_lines():
                    if line == "event: delta":
                        times.append(time.perf_counter() - start)
                        break
    return times


def seed_conversations(database_url: str, count: int) -> list[tuple[str, str]]:
    """N conversations of the demo site, written directly (ids and tokens)."""
    engine = make_engine(database_url)
    made = []
    with session_scope(engine) as session:
        for _ in range(count):
            token = secrets.token_urlsafe(32)
            lead = repo.create_lead(session, lang="de", fields={}, context={})
            conversation = repo.create_conversation(session, lead_id=lead.id, channel="web", lang="de",
                                                    token=token)
            conversation.site_id = "demo"
            repo.add_message(session, conversation_id=conversation.id, role="bot", text="Hallo!")
            made.append((conversation.id, token))
    engine.dispose()
    return made


async def hold_streams(base: str, conversations: list[tuple[str, str]], pid: int, idle: float) -> None:
    """Open a stream per conversation, wait for each to catch up, hold them, measure."""
    limits = httpx.Limits(max_connections=len(conversations) + 10, max_keepalive_connections=0)
    caught_up = 0
    ready = asyncio.Event()
    human = asyncio.Event()

    async def one(client: httpx.AsyncClient, conversation_id: str, token: str, watch: bool) -> None:
        nonlocal caught_up
        url = f"{SITE}/conversations/{conversation_id}/stream"
        async with client.stream("GET", url, headers={"Authorization": f"Bearer {token}"}) as response:
            response.raise_for_status()
            async for line in response.aiter_lines():
                if line == "event: state":
                    caught_up += 1
                    if caught_up == len(conversations):
                        ready.set()
                if watch and '"role": "human"' in line:
                    human.set()
                    return

    before = rss_mb(pid)
    async with httpx.AsyncClient(base_url=base, timeout=None, limits=limits) as client:
        tasks = [asyncio.create_task(one(client, cid, token, i == 0))
                 for i, (cid, token) in enumerate(conversations)]
        started = time.perf_counter()
        await asyncio.wait_for(ready.wait(), 300)
        opened = time.perf_counter() - started
        await asyncio.sleep(idle)
        held = rss_mb(pid)
        alive = sum(1 for t in tasks if not t.done())
        cid = conversations[0][0]
        api = f"/api/v1/conversations/{cid}"
        await client.post(f"{api}/takeover", json={"who": "bench"}, headers={"X-API-Key": KEY})
        sent = time.perf_counter()
        await client.post(f"{api}/human-messages", json={"text": "Hallo"}, headers={"X-API-Key": KEY})
        await asyncio.wait_for(human.wait(), 30)
        delivered = time.perf_counter() - sent
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    print(f"idle streams: {alive} of {len(conversations)} open after {idle:.0f} s idle "
          f"(all caught up in {opened:.1f} s)")
    print(f"worker memory: {before:.0f} MB before, {held:.0f} MB holding them "
          f"({(held - before) * 1024 / len(conversations):.1f} KB per stream)")
    print(f"a setter's message reached its stream among them in {delivered * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--idle", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'setter.db'}"
        engine = make_engine(url)
        migrate(engine)
        ensure_demo_site(engine)
        engine.dispose()
        conversations = seed_conversations(url, args.streams)
        with setter_server(url, Path(tmp), SETTER_RATE_LIMITS="off") as base:
            pid = server_pid()
            times = first_word_times(base, args.messages)
            print(f"time to first streamed word ({len(times)} messages, deterministic engine): "
                  f"median {statistics.median(times) * 1000:.1f} ms, "
                  f"p90 {statistics.quantiles(times, n=10)[-1] * 1000:.1f} ms")
            asyncio.run(hold_streams(base, conversations, pid, args.idle))


if __name__ == "__main__":
    main()
