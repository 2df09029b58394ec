"""SQL statements (as SQLite runs them) and transactions per chat turn (deterministic engine,
SQLite, in process).

Run it from a checkout to compare code versions, e.g. before and after:

    .venv/bin/python bench/bench_turn_queries.py
    PYTHONPATH=/tmp/before .venv/bin/python bench/bench_turn_queries.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

if not any("before" in p for p in sys.path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scoring  # noqa: E402
from bot.conversation.templates import TemplateResponder  # noqa: E402
from bot.conversation.wiring import Services  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store.db import make_engine, migrate  # noqa: E402
from web.app import create_app  # noqa: E402

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
    args = parser.parse_args()
    sessions = args.sessions
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/q.db")
        migrate(engine)
        engine.dispose()  # the connections opened by the migrations: untraced
        counts = {"statements": 0, "commits": 0}
        kinds: Counter[str] = Counter()

        def traced(statement: str) -> None:  # every statement SQLite runs, whoever sends it
            counts["statements"] += 1  # (SQLAlchemy's events miss bot/store/direct_sql.py)
            kinds[" ".join(statement.split()[:3])[:40]] += 1

        event.listen(engine, "connect", lambda dbapi_connection, _record:
                     dbapi_connection.set_trace_callback(traced))
        event.listen(engine, "commit", lambda *a: counts.__setitem__("commits", counts["commits"] + 1))
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
