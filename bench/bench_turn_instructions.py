"""CPU instructions per conversation (a start and five turns) of the serving process, counted
by valgrind's callgrind: a figure that does not move with the machine's load, where timings
on the shared two-core machines swing by 20-30 % from one run to the next.

The app is driven in process through its ASGI interface (middlewares, routing, the turn, the
store; no sockets): WARM conversations, then N more. It runs twice, with N = SMALL and
N = LARGE, and the difference divided by LARGE - SMALL is the cost of one conversation, start-up
and imports cancelled out. With --before DIR the code in DIR is counted as well, side by side.
On SQLite by default; --store pg on fresh PostgreSQL databases (the PostgreSQL server's own
instructions are not counted, only the worker's). Needs Debian's valgrind.

    .venv/bin/python bench/bench_turn_instructions.py --before /tmp/before [--store pg]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_turns import TEXTS, pg_database  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DRIVER = r"""
import asyncio, json, os, sys
sys.path.insert(0, os.environ["SOURCE"])
from web.app import create_app
app = create_app()
TEXTS = json.loads(os.environ["TEXTS"])

async def call(path, body, token=None):
    data = json.dumps(body).encode()
    headers = [(b"host", b"bench"), (b"content-type", b"application/json"),
               (b"content-length", str(len(data)).encode())]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": headers, "client": ("127.0.0.1", 5000),
             "server": ("127.0.0.1", 80), "state": {}}
    messages = [{"type": "http.request", "body": data, "more_body": False}]
    out = {"body": b""}

    async def receive():
        return messages.pop() if messages else {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        else:
            out["body"] += message.get("body", b"")

    await app(scope, receive, send)
    if out["status"] not in (200, 201):
        raise SystemExit(f"{path}: {out['status']} {out['body'][:200]!r}")
    return json.loads(out["body"])

async def main():
    async with app.router.lifespan_context(app):
        for _ in range(int(os.environ["CONVERSATIONS"])):
            started = await call("/api/v1/conversations", {"lang": "de"})
            for text in TEXTS:
                await call(f"/api/v1/conversations/{started['conversation_id']}/messages",
                           {"text": text}, started["token"])

asyncio.run(main())
"""


def driver_env(source: Path, conversations: int, url: str, **extra: str) -> dict[str, str]:
    """The driver's environment: the code in `source`, `conversations` conversations of TEXTS
    on `url`, no rate limits, no model, no reactivation sweep; `extra` variables besides."""
    return {**os.environ, "SOURCE": str(source), "PYTHONPATH": str(source),
            "CONVERSATIONS": str(conversations), "TEXTS": json.dumps(TEXTS),
            "SETTER_DATABASE_URL": url, "SETTER_RATE_LIMITS": "off",
            "SETTER_LLM_BASE_URL": "", "OPENAI_API_KEY": "", "SETTER_LLM_API_KEY": "",
            "AZURE_OPENAI_ENDPOINT": "", "SETTER_REACTIVATION_INTERVAL": "0", **extra}


_IMPORT = "from web.app import create_app\n"


def with_prelude(prelude: str, driver: str = DRIVER) -> str:
    """`driver` with `prelude` run before it imports the app (to patch what the app uses)."""
    assert _IMPORT in driver, "the driver no longer imports create_app so"
    return driver.replace(_IMPORT, prelude + _IMPORT)


def last_line_json(code: str, source: Path, env: dict[str, str]) -> Any:
    """Run `code` in a fresh Python in `source` with `env`: the JSON of its last output line."""
    done = subprocess.run([sys.executable, "-c", code], cwd=source, env=env, text=True,
                          capture_output=True, timeout=3600, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the driver failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def instructions(source: Path, conversations: int, store: str) -> int:
    """Instructions callgrind counts for the driver with `conversations` conversations."""
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        url = f"sqlite:///{tmp}/bench.db" if store == "sqlite" else stack.enter_context(pg_database())
        if url is None:
            raise SystemExit("PostgreSQL is not reachable")
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                               sys.executable, "-c", DRIVER], cwd=source,
                              env=driver_env(source, conversations, url), text=True,
                              capture_output=True, timeout=3600, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"the driver failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_conversation(source: Path, small: int, large: int, store: str) -> float:
    """Instructions of one conversation (a start and five turns), start-up cancelled out."""
    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores: both runs at once
        low, high = pool.map(lambda n: instructions(source, n, store), (small, large))
    return (high - low) / (large - small)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="a checkout of older code to count too")
    parser.add_argument("--store", choices=("sqlite", "pg"), default="sqlite")
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=40)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    counted = {}
    for label, source in (("before", args.before), ("after", ROOT)):
        if source is not None:
            counted[label] = per_conversation(source.resolve(), args.small, args.large, args.store)
            print(f"{label:6} {source}: {counted[label] / 1e6:.1f} M instructions per "
                  f"conversation (a start and {len(TEXTS)} turns), {args.store}", flush=True)
    if len(counted) == 2:
        print(f"after / before: {counted['after'] / counted['before']:.3f}")


if __name__ == "__main__":
    main()
