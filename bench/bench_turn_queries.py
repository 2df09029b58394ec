"""SQL statements and transactions per chat turn (deterministic engine, in process).

On SQLite (the default) every statement SQLite runs is counted (its trace callback); with
--store pg, on a fresh PostgreSQL database, every statement Setter sends (direct SQL and
SQLAlchemy's), psycopg's BEGIN and COMMIT not counted.

Run it from a checkout to compare code versions, e.g. before and after:

    .venv/bin/python bench/bench_turn_queries.py [--store pg]
    PYTHONPATH=/tmp/before .venv/bin/python bench/bench_turn_queries.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

if not any("before" in p for p in sys.path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scoring  # noqa: E402
from bot.conversation.templates import TemplateResponder  # noqa: E402
from bot.conversation.wiring import Services  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import direct_sql  # noqa: E402
from bot.store.db import make_engine, migrate  # noqa: E402
from web.app import create_app  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_turns import pg_database  # noqa: E402

TEXTS = ["Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.",
         "Ich bin der Inhaber.", "So 500 Euro im Monat.", "Bis Ende Juni.", "Danke, das passt."]


def _profiler() -> Any:
    import yappi  # optional: pip install yappi (cProfile sees only the calling thread)

    yappi.set_clock_type("cpu")
    return yappi


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--profile", type=Path,
                        help="write yappi stats (pstat format, all threads) of the turns here")
    parser.add_argument("--store", choices=["sqlite", "pg"], default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, \
            (pg_database() if args.store == "pg" else nullcontext(f"sqlite:///{tmp}/q.db")) as url:
        if url is None:
            raise SystemExit("PostgreSQL is not reachable")
        measure(args, make_engine(url))


def _counted(engine: Engine, counts: dict[str, int], kinds: Counter[str]) -> None:
    """Count the statements of `engine` (and its commits) into `counts` and `kinds`."""
    def traced(statement: str) -> None:
        counts["statements"] += 1
        kinds[" ".join(statement.split()[:3])[:40]] += 1

    if engine.dialect.name == "sqlite":  # every statement SQLite runs, whoever sends it
        event.listen(engine, "connect", lambda dbapi_connection, _record:
                     dbapi_connection.set_trace_callback(traced))
    else:  # SQLAlchemy's events miss bot/store/direct_sql.py: counted where it sends
        event.listen(engine, "before_cursor_execute", lambda _c, _cur, statement, *_a: traced(statement))
        run = direct_sql.run_arguments

        def counted_run(connection: Any, plan: Any, arguments: Any, **options: Any) -> list[Any]:
            traced(plan.sql)
            return run(connection, plan, arguments, **options)

        direct_sql.run_arguments = counted_run
    event.listen(engine, "commit", lambda *a: counts.__setitem__("commits", counts["commits"] + 1))


def measure(args: argparse.Namespace, engine: Engine) -> None:
    """The turns, their statements, transactions and times."""
    sessions = args.sessions
    migrate(engine)
    engine.dispose()  # the connections opened by the migrations: untraced
    counts = {"statements": 0, "commits": 0}
    kinds: Counter[str] = Counter()
    _counted(engine, counts, kinds)
    settings = Settings(_env_file=None, api_keys="bench-key-0123456789", rate_limits="off",  # type: ignore[call-arg]
                        llm_base_url=None, llm_api_key=None, azure_endpoint=None)
    services = Services(db=engine, model=scoring.load_model(), responder=TemplateResponder())
    per_turn, commits, times, cpu = [], [], [], []
    profiler = _profiler() if args.profile else None
    with TestClient(create_app(settings, services)) as client:
        for _ in range(sessions):
            started = client.post("/api/v1/conversations", json={"lang": "de"}).json()
            auth = {"Authorization": f"Bearer {started['token']}"}
            for text in TEXTS:
                before = dict(counts)
                kinds.clear()
                t0, c0 = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.start()
                client.post(f"/api/v1/conversations/{started['conversation_id']}/messages",
                            json={"text": text}, headers=auth)
                if profiler:
                    profiler.stop()
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                per_turn.append(counts["statements"] - before["statements"])
                commits.append(counts["commits"] - before["commits"])
    if profiler:
        profiler.get_func_stats().save(str(args.profile), type="pstat")
    print(f"per turn ({len(times)} turns): {statistics.mean(per_turn):.1f} SQL statements, "
          f"{statistics.mean(commits):.1f} transactions, "
          f"median {statistics.median(times) * 1000:.1f} ms, CPU (client and server) "
          f"median {statistics.median(cpu) * 1000:.1f} ms, mean {statistics.mean(cpu) * 1000:.1f} ms")
    print("the last turn's statements:", ", ".join(f"{kind} x{n}" for kind, n in kinds.most_common()))


if __name__ == "__main__":
    main()
