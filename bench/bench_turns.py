"""Chat turns through real uvicorn servers, side by side with a bare FastAPI echo, in one run.

Load: SESSIONS conversations x MESSAGES lead messages, CONCURRENCY conversations at a time
(each conversation sends its messages one after another), from one asyncio client on this
machine (aiohttp: about 0.5 ms of CPU per request, where httpx took 2-6 ms of the same two
cores and stretched the tail); only 127.0.0.1 is contacted and every loop is bounded. Rate
limits are switched off (SETTER_RATE_LIMITS=off). Prints p50/p95 turn latency and turns per
second for

  - Setter on SQLite, `setter serve` (one worker), and `setter serve --workers 2` with Redis
    for live messages, as several workers on SQLite are deployed;
  - Setter on PostgreSQL, `setter serve --workers 2` (when PostgreSQL is reachable), with the
    default settings; on request (`--stores pg2threads,pg2loop`, code that has web/turns.py)
    with turns in worker threads (SETTER_TURNS_ON_LOOP=never) and on the event loop
    (SETTER_TURNS_ON_LOOP=always);
  - the echo app (bench/echo_app.py), one worker: requests per second from the same client
    and, where Debian's `wrk` is installed, from wrk, for its plain `def` route (the issue's
    probe) and for its `async def` route (no thread hand-off), and the ratio of turns to each;
  - CPU per request (conversation starts included) of the server's processes (uvicorn and its
    workers, from /proc) and of the load client itself, which shares the same cores;
  - on each Setter server, where wrk is installed, turns per second with wrk as the load
    generator too (`wrk_turns`: SESSIONS more conversations, started first, then their
    messages), and their ratio to the echo under wrk: like for like, as the issue's probe
    measured both (the ratios above divide the aiohttp client's turns by wrk's echo);

and, after each run, the echo under wrk again for 5 s: the ratio of wrk's turns to that
paired figure, and of the servers' CPU per request (echo ÷ turn, the ratio each server would
reach on a core of its own), since the machine's speed drifts between figures taken minutes
apart;

and, with --before DIR (a checkout of an older commit, e.g. `git worktree add /tmp/before
dd32de9`), the same for that code, so before and after are measured in one run (each first in
every other round).

    .venv/bin/python bench/bench_turns.py --before /tmp/before --before-python /tmp/old/bin/python
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("SETTER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TEXTS = ["Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.",
         "Ich bin der Inhaber.", "So 500 Euro im Monat.", "Bis Ende Juni.", "Danke, das passt."]


def tree_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of a process and its descendants (Linux /proc), so that
    the server's CPU per turn is measured apart from the load client's."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent, cpu seconds)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    tree, total = {pid}, 0.0
    for _ in range(4):  # uvicorn: the main process, its workers (and their helpers)
        tree |= {child for child, (parent, _) in stats.items() if parent in tree}
    for member in tree:
        total += stats.get(member, (0, 0.0))[1]
    return total


def client_cpu_seconds() -> float:
    """This process's CPU seconds (the load client)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(source: Path, target: str, env: dict[str, str], workers: int = 1,  # type: ignore[no-untyped-def]
           python: str = sys.executable):
    """A uvicorn server for `target` run from `source` with `python`, on a free 127.0.0.1 port."""
    port = free_port()
    if "SETTER_DATABASE_URL" in env:  # migrate once, as `setter serve` does before its workers
        subprocess.run([python, "-c", "import os; from bot.store.db import engine_for; "
                        "engine_for(os.environ['SETTER_DATABASE_URL'])"], cwd=source, check=True,
                       env={**os.environ, **env, "PYTHONPATH": str(source)})
    if target.endswith("create_app"):  # Setter as users run it: `setter serve` (access log on)
        args = [python, "-c", "from bot.cli.main import main; main()", "serve",
                "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    else:
        args = [python, "-m", "uvicorn", target, "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(args, cwd=source, env={**os.environ, **env, "PYTHONPATH": str(source)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to 30 s to start (migrations included)
            try:
                probe = base + ("/healthz" if "create_app" in target else "/docs")
                if httpx.get(probe, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"{target} did not start")
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def _connector(concurrency: int) -> aiohttp.TCPConnector:
    return aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)


async def chat_load(base: str, sessions: int, messages: int, concurrency: int) -> dict[str, float]:
    """Turn latencies and throughput for SESSIONS x MESSAGES at CONCURRENCY sessions at once."""
    latencies: list[float] = []
    errors = dropped = 0  # error statuses; requests without a response (dropped, timed out)
    gate = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base, connector=_connector(concurrency),
                                     timeout=timeout) as client:

        async def one_session(n: int) -> None:
            nonlocal errors, dropped
            async with gate:
                try:
                    async with client.post("/api/v1/conversations", json={"lang": "de"}) as started:
                        body = await started.json() if started.status == 201 else None
                except (aiohttp.ClientError, TimeoutError):  # dropped or timed out: counted
                    dropped += 1
                    return
                if body is None:
                    errors += 1
                    return
                auth = {"Authorization": f"Bearer {body['token']}"}
                for i in range(messages):
                    t0 = time.perf_counter()
                    try:
                        async with client.post(
                                f"/api/v1/conversations/{body['conversation_id']}/messages",
                                json={"text": TEXTS[i % len(TEXTS)]}, headers=auth) as response:
                            await response.read()
                    except (aiohttp.ClientError, TimeoutError):
                        dropped += 1
                        continue
                    latencies.append(time.perf_counter() - t0)
                    errors += response.status != 200

        t0 = time.perf_counter()
        await asyncio.gather(*(one_session(n) for n in range(sessions)))
        elapsed = time.perf_counter() - t0
    ordered = sorted(latencies) or [float("nan")]
    return {"turns": len(latencies), "starts": sessions, "errors": errors, "dropped": dropped,
            "p50_ms": statistics.median(ordered) * 1000,
            "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
            "turns_per_s": len(latencies) / elapsed}


async def echo_load(base: str, requests: int, concurrency: int) -> float:
    """Echo requests served per second at CONCURRENCY requests in flight, from the same
    client as the chat load (a request without a response is not counted)."""
    gate = asyncio.Semaphore(concurrency)
    served = 0
    async with aiohttp.ClientSession(base, connector=_connector(concurrency)) as client:

        async def one(n: int) -> None:
            nonlocal served
            async with gate:
                try:
                    async with client.post("/echo", json={"text": TEXTS[n % len(TEXTS)]}) as response:
                        await response.read()
                except (aiohttp.ClientError, TimeoutError):
                    return
                served += response.status == 200

        t0 = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(requests)))
        return served / (time.perf_counter() - t0)


def echo_wrk(base: str, concurrency: int, seconds: int = 10, path: str = "/echo") -> float | None:
    """Echo requests per second measured by wrk (a C load generator: the server's ceiling
    rather than the Python client's), or None when wrk is not installed."""
    measured_rate = echo_wrk_cpu(base, concurrency, seconds, path)
    return measured_rate[0] if measured_rate else None


def echo_wrk_cpu(base: str, concurrency: int, seconds: int = 10, path: str = "/echo",
                 pid: int | None = None) -> tuple[float, float | None] | None:
    """`echo_wrk`, and the echo server's CPU per request in ms while wrk ran (with `pid`)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write('wrk.method = "POST"\nwrk.body = \'{"text": "Bis Ende Juni."}\'\n'
                     'wrk.headers["Content-Type"] = "application/json"\n')
    cpu0 = tree_cpu_seconds(pid) if pid else 0.0
    try:
        out = subprocess.run([wrk, "-t1", f"-c{concurrency}", f"-d{seconds}s", "-s", script.name,
                              f"{base}{path}"], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    cpu = tree_cpu_seconds(pid) - cpu0 if pid else None
    found = re.search(r"Requests/sec:\s*([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    if not found:
        return None
    per_request = cpu * 1000 / int(total.group(1)) if cpu is not None and total else None
    return float(found.group(1)), per_request


async def start_conversations(base: str, count: int, concurrency: int) -> list[tuple[str, str]]:
    """`count` new conversations as (message path, bearer token), started CONCURRENCY at once."""
    gate = asyncio.Semaphore(concurrency)
    async with aiohttp.ClientSession(base, connector=_connector(concurrency)) as client:

        async def one() -> tuple[str, str]:
            async with gate, client.post("/api/v1/conversations", json={"lang": "de"}) as started:
                body = await started.json()
            return f"/api/v1/conversations/{body['conversation_id']}/messages", body["token"]

        return list(await asyncio.gather(*(one() for _ in range(count))))


WRK_TURNS = r"""
local paths, tokens, texts = {%s}, {%s}, {%s}
local total, sent, answered, errors = #paths * #texts, 0, 0, 0
local verified = false  -- wrk calls request() once at start-up to check it, and drops that
function request()
  if not verified then verified = true; return wrk.format("GET", "/bench-idle") end
  if sent == 0 then io.write("started\n"); io.flush() end
  if sent >= total then return wrk.format("GET", "/bench-idle") end  -- 404, not counted
  local conv, msg = sent %% #paths + 1, math.floor(sent / #paths) + 1
  sent = sent + 1
  return wrk.format("POST", paths[conv], {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[conv]}, texts[msg])
end
function response(status)
  if status == 200 then answered = answered + 1 elseif status ~= 404 then errors = errors + 1 end
  if answered + errors == total then
    io.write(string.format("finished %%d %%d\n", answered, errors)); io.flush()
  end
end
"""


def wrk_turns(base: str, sessions: int, messages: int, concurrency: int,
              pid: int | None = None) -> dict[str, float] | None:
    """Turns per second with wrk as the load generator, as the issue's probe measured both the
    turns and the echo: SESSIONS conversations are started first (aiohttp, not counted), then
    wrk posts their MESSAGES messages each, round robin over the conversations (a conversation's
    next message goes out SESSIONS requests after its last), CONCURRENCY at a time. wrk runs
    for a set time, so its script prints when the first message goes out and when the last
    answer is in, and this times those two lines and stops it (and, with the server's `pid`,
    reads its CPU at both: `wrk_server_ms`, per turn). None when wrk is not installed."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    started = asyncio.run(start_conversations(base, sessions, concurrency))
    quoted = [json.dumps(json.dumps({"text": TEXTS[i % len(TEXTS)]}))
              for i in range(messages)]  # JSON bodies as Lua string literals (ASCII escapes)
    script = WRK_TURNS % (",".join(f'"{path}"' for path, _ in started),
                          ",".join(f'"{token}"' for _, token in started), ",".join(quoted))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    bound = 60 + sessions * messages // 10  # seconds: at least 10 turns/s, else it gives up
    process = subprocess.Popen([wrk, "-t1", f"-c{concurrency}", f"-d{bound}s", "-s", handle.name,
                                base], stdout=subprocess.PIPE, text=True)
    try:
        t0 = finished = None
        cpu = [0.0, 0.0]
        assert process.stdout is not None
        for line in process.stdout:  # bounded: wrk ends by itself after -d (a dropped answer
            # is no response to its script, so the last line would never come)
            if line.startswith("started"):
                t0, cpu[0] = time.perf_counter(), tree_cpu_seconds(pid) if pid else 0.0
            elif line.startswith("finished"):
                finished, cpu[1] = (time.perf_counter(), line.split()), (
                    tree_cpu_seconds(pid) if pid else 0.0)
                break
    finally:
        process.kill()
        process.wait()
        os.unlink(handle.name)
    if t0 is None or finished is None:
        raise RuntimeError("wrk's turn load did not finish")
    (t1, (_, answered, errors)) = finished
    figures = {"wrk_turns": int(answered), "wrk_errors": int(errors),
               "wrk_turns_per_s": int(answered) / (t1 - t0)}
    if pid:
        figures["wrk_server_ms"] = (cpu[1] - cpu[0]) * 1000 / max(1, int(answered) + int(errors))
    return figures


@contextmanager
def pg_database():  # type: ignore[no-untyped-def]
    """A fresh PostgreSQL database for one run, or None when PostgreSQL is not reachable."""
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception:  # noqa: BLE001 - no PostgreSQL: the PostgreSQL row is skipped
        yield None
        return
    name = f"setter_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measured(pid: int, load: Any) -> dict[str, float]:
    """The load's figures, plus the server's and the client's CPU per request (ms; the
    conversation starts are requests too, so this is a little above a turn's own cost)."""
    server0, client0 = tree_cpu_seconds(pid), client_cpu_seconds()
    result: dict[str, float] = load()
    requests = max(1, result["turns"] + result["starts"])
    result["server_ms"] = (tree_cpu_seconds(pid) - server0) * 1000 / requests
    result["client_ms"] = (client_cpu_seconds() - client0) * 1000 / requests
    return result


REDIS = os.environ.get("SETTER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
STORES = {  # key: (label, workers, extra settings, needs web/turns.py); the last two on request
    "sqlite": ("SQLite, 1 worker", 1, {}, False),
    # several workers on SQLite share live messages through Redis, as deployed (bot/live/bus.py)
    "sqlite2": ("SQLite, 2 workers+Redis", 2, {"SETTER_REDIS_URL": REDIS}, False),
    "pg2": ("PostgreSQL, 2 workers", 2, {}, False),
    "pg2threads": ("PG, 2 workers, threads", 2, {"SETTER_TURNS_ON_LOOP": "never"}, True),
    "pg2loop": ("PG, 2 workers, on loop", 2, {"SETTER_TURNS_ON_LOOP": "always"}, True),
}


def measure(source: Path, args: argparse.Namespace, python: str, store: str,
            echo: tuple[str, int] | None = None) -> dict[str, Any] | None:
    """One load run of `store` (a key of STORES) for the code in `source`; None when that
    code or this machine cannot run it (no web/turns.py, no PostgreSQL). With `echo` (the
    echo server's address and pid), wrk measures the echo right after the turns, for a
    ratio of two figures taken next to each other in time (`paired_echo`, `echo_server_ms`)."""
    _label, workers, extra, placed = STORES[store]
    if placed and not (source / "web" / "turns.py").exists():  # code that can place turns
        return None
    env = {"SETTER_RATE_LIMITS": "off", "SETTER_API_KEYS": "bench-key-0123456789",
           "SETTER_LLM_BASE_URL": "", "OPENAI_API_KEY": "", "SETTER_LLM_API_KEY": "",
           "AZURE_OPENAI_ENDPOINT": "", "SETTER_REACTIVATION_INTERVAL": "0", **extra}
    sqlite = store.startswith("sqlite")
    with tempfile.TemporaryDirectory() as tmp, \
            (nullcontext(f"sqlite:///{tmp}/bench.db") if sqlite else pg_database()) as url:
        if url is None:
            return None
        with server(source, "web.app:create_app", {**env, "SETTER_DATABASE_URL": url},
                    workers=workers, python=python) as (base, pid):
            result = measured(pid, lambda: asyncio.run(
                chat_load(base, args.sessions, args.messages, args.concurrency)))
            by_wrk = wrk_turns(base, args.sessions, args.messages, args.concurrency, pid)
    paired = echo_wrk_cpu(echo[0], args.concurrency, 5, pid=echo[1]) if echo and by_wrk else None
    if by_wrk and paired and paired[1] is not None:
        by_wrk |= {"paired_echo": paired[0], "echo_server_ms": paired[1],
                   "paired_ratio": by_wrk["wrk_turns_per_s"] / paired[0],
                   "cpu_ratio": paired[1] / by_wrk["wrk_server_ms"]}
    return {**result, **(by_wrk or {})}


def summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    """Medians of the runs' figures; with several runs, each figure's range as well."""
    figures: dict[str, Any] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    figures["range"] = {key: (min(r[key] for r in runs), max(r[key] for r in runs))
                        for key in runs[0]} if len(runs) > 1 else None
    return figures


def wrk_columns(figures: dict[str, Any], echo_wrk_rate: float | None) -> str:
    """The turns per second under wrk and their ratio to the echo under wrk (like for like),
    with the count of wrk's error answers when there were any."""
    if "wrk_turns_per_s" not in figures:
        return f"{'-':>11} {'-':>14}"
    rate = figures["wrk_turns_per_s"]
    ratio = f"{rate / echo_wrk_rate:14.3f}" if echo_wrk_rate else f"{'-':>14}"
    errors = f" ({figures['wrk_errors']:.0f} errors)" if figures["wrk_errors"] else ""
    return f"{rate:11.1f} {ratio}{errors}"


def _spread(figures: dict[str, Any], key: str) -> str:
    """" (low-high)" of a figure over several runs, "" for one run."""
    if not figures["range"]:
        return ""
    low, high = figures["range"][key]
    return f" ({low:.3f}-{high:.3f})"


def print_paired(results: dict[tuple[str, str], list[dict[str, float]]]) -> None:
    """Per store, turns under wrk against the echo under wrk measured right after them (5 s):
    the machine's speed drifts within a run, so a ratio of two figures taken minutes apart
    moves with it. And the server's CPU per request, echo against turn: what the ratio would
    be if each server had a core to itself (the load generator shares the same cores)."""
    rows = [(store, name, runs) for (store, name), runs in results.items()
            if all("paired_ratio" in r for r in runs)]
    if not rows:
        return
    print("paired with the echo (wrk, measured right after each run's turns):")
    for store, name, runs in rows:
        r = summary(runs)
        print(f"  {name:8} {STORES[store][0]:22} wrk turns/s {r['wrk_turns_per_s']:6.1f} "
              f"echo {r['paired_echo']:7,.0f}/s  ratio {r['paired_ratio']:.3f}"
              f"{_spread(r, 'paired_ratio')}; server CPU/req: turn {r['wrk_server_ms']:.2f} ms, "
              f"echo {r['echo_server_ms']:.2f} ms, echo ÷ turn {r['cpu_ratio']:.3f}"
              f"{_spread(r, 'cpu_ratio')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--echo-requests", type=int, default=5000)
    parser.add_argument("--before", type=Path, help="a checkout of older code to measure first")
    parser.add_argument("--before-python", default=sys.executable,
                        help="the interpreter for the older code (a virtual environment with the "
                             "packages that code was installed with)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each store, before and after alternating (the machine's "
                             "speed drifts); medians are printed, with ranges")
    parser.add_argument("--stores", default="sqlite,sqlite2,pg2",
                        help=f"which of {', '.join(STORES)} to measure")
    args = parser.parse_args()
    runs = ([("before", args.before, args.before_python)] if args.before else []) + [
        ("after", ROOT, sys.executable)]
    stores = [store for store in args.stores.split(",") if store]
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    with server(ROOT / "bench", "echo_app:app", {}) as (base, echo_pid):
        for round_no in range(args.repeat):
            # before and after next to each other in time, each first in every other round:
            # the echo paired with the one run second cost more CPU per request in all three
            # runs of 2026-12-05/06 (0.35-0.37 against 0.32-0.33 ms), which favoured that side
            ordered = runs if round_no % 2 == 0 else runs[::-1]
            for store in stores:
                for name, source, python in ordered:
                    result = measure(source, args, python, store, (base, echo_pid))
                    if result is not None:
                        results.setdefault((store, name), []).append(result)
        echo = asyncio.run(echo_load(base, args.echo_requests, args.concurrency))
        echo_c = echo_wrk(base, args.concurrency)
        echo_a = echo_wrk(base, args.concurrency, path="/echo-async")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    wrk_note = (f"{echo_c:,.0f} requests/s with wrk ({echo_a or 0:,.0f} for the async route)"
                if echo_c else "wrk not installed")
    print(f"{args.sessions} sessions x {args.messages} messages, {args.concurrency} concurrent; "
          f"echo: {echo:,.0f} requests/s with the same client ({args.echo_requests} requests), "
          f"{wrk_note}; load average at the end {load} ({os.cpu_count()} CPUs)"
          + (f"; medians of {args.repeat} runs each" if args.repeat > 1 else ""))
    print(f"{'code':8} {'store':22} {'turns':>6} {'errors':>6} {'dropped':>7} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'turns/s':>8} {'÷ echo':>7} {'÷ wrk echo':>10} {'÷ wrk async':>11} "
          f"{'server CPU/req':>14} {'client CPU/req':>14} {'wrk turns/s':>11} "
          f"{'wrk ÷ wrk echo':>14}")
    for (store, name), measured_runs in sorted(results.items(), key=lambda item: (
            list(STORES).index(item[0][0]), item[0][1] != "before")):
        r = summary(measured_runs)
        by_wrk = f"{r['turns_per_s'] / echo_c:10.3f}" if echo_c else f"{'-':>10}"
        by_async = f"{r['turns_per_s'] / echo_a:11.3f}" if echo_a else f"{'-':>11}"
        print(f"{name:8} {STORES[store][0]:22} {r['turns']:6.0f} {r['errors']:6.0f} "
              f"{r['dropped']:7.0f} {r['p50_ms']:8.0f} {r['p95_ms']:8.0f} {r['turns_per_s']:8.1f} "
              f"{r['turns_per_s'] / echo:7.3f} {by_wrk} {by_async} {r['server_ms']:11.1f} ms "
              f"{r['client_ms']:11.1f} ms {wrk_columns(r, echo_c)}")
        if r["range"]:
            spans = {key: r["range"][key] for key in ("p50_ms", "p95_ms", "turns_per_s", "server_ms",
                                                      "wrk_turns_per_s") if key in r["range"]}
            print(f"{'':31} ranges: " + ", ".join(
                f"{key} {low:.1f}-{high:.1f}" for key, (low, high) in spans.items()))
    print_paired(results)
    if args.repeat > 1:  # the runs of one round were next to each other in time: compare these
        for round_no in range(args.repeat):
            print(f"round {round_no + 1}: " + ", ".join(
                f"{name} {store} {runs[round_no]['turns_per_s']:.0f} turns/s "
                f"p95 {runs[round_no]['p95_ms']:.0f} ms"
                + (f" wrk {runs[round_no]['wrk_turns_per_s']:.0f}/s"
                   if "wrk_turns_per_s" in runs[round_no] else "")
                for (store, name), runs in results.items() if len(runs) > round_no))


if __name__ == "__main__":
    main()
