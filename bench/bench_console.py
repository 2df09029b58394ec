"""The console's queue page (`GET /console`) with many leads: server time through the real app.

Seeds N leads (default 100,000) with scores, bands, stages, names, emails and two facts on
every tenth lead into a temporary SQLite database, logs a setter in, then times the queue
page (first page, hot band, a search, a deep page, "new since yesterday") and prints the
median and p99 of each over several runs.

    .venv/bin/python bench/bench_console.py --leads 100000
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import insert

import scoring
from bot.clock import utcnow
from bot.conversation.templates import TemplateResponder
from bot.conversation.wiring import Services
from bot.settings import Settings
from bot.store.db import make_engine, migrate, session_scope
from bot.store.models import FactRow, Lead, new_id
from bot.users import accounts
from web.app import create_app

STAGES = ("new", "engaged", "mql", "sql", "nurture", "handed_off", "disqualified")
PASSWORD = "bench-password-123"
VIEWS = {"first page": "/console", "hot band": "/console?band=hot",
         "search": "/console?q=firma+77", "page 40": "/console?page=40",
         "new since yesterday": "/console?new=1", "stage sql": "/console?stage=sql"}


def _band(score: int) -> str:
    return "hot" if score >= 81 else "warm" if score >= 41 else "cold"


def seed(url: str, leads: int) -> None:
    """Leads in chunks of 5,000 with one Core insert each; facts on every tenth lead."""
    engine = make_engine(url)
    migrate(engine)
    rng, now = random.Random(7), utcnow()
    with session_scope(engine) as session:
        for start in range(0, leads, 5000):
            rows, facts = [], []
            for number in range(start, min(leads, start + 5000)):
                score = min(100, int(rng.expovariate(1 / 30)))
                lead_id = new_id()
                created = now - timedelta(hours=rng.randint(0, 24 * 90))
                rows.append({"id": lead_id, "created_at": created, "updated_at": created,
                             "email": f"lead{number}@firma{number % 1000}.de",
                             "name": f"Lead {number}", "company": f"Firma {number % 1000}",
                             "lang": "de", "stage": rng.choice(STAGES), "score_total": score,
                             "score_band": _band(score), "score": {}, "score_state": {},
                             "next_action": {"kind": "ask", "slot": "budget", "why": "bench"},
                             "flags": [], "context": {}})
                if number % 10 == 0:
                    facts += [{"id": new_id(), "lead_id": lead_id, "slot": "budget", "quote": "5k",
                               "value": {"has_budget": True, "min": 5000, "max": 5000},
                               "confidence": 0.9, "source": "rules", "created_at": created},
                              {"id": new_id(), "lead_id": lead_id, "slot": "need", "quote": "x",
                               "value": {"has_need": True}, "confidence": 0.8, "source": "rules",
                               "created_at": created}]
            session.execute(insert(Lead), rows)
            if facts:
                session.execute(insert(FactRow), facts)
        accounts.create_user(session, email="bench@example.com", role="setter", password=PASSWORD)
    engine.dispose()


def time_view(client: TestClient, path: str, runs: int) -> list[float]:
    """Milliseconds per request (after one warm-up)."""
    assert client.get(path).status_code == 200
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'console.db'}"
        started = time.perf_counter()
        seed(url, args.leads)
        print(f"seeded {args.leads:,} leads in {time.perf_counter() - started:.1f} s")
        settings = Settings(_env_file=None, api_keys="k", database_url=url,  # type: ignore[call-arg]
                            session_secret="bench-session-secret-0123456789")
        services = Services(db=make_engine(url), model=scoring.load_model(),
                            responder=TemplateResponder())
        with TestClient(create_app(settings, services)) as client:
            page = client.get("/console/login").text
            token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            client.post("/console/login", data={"email": "bench@example.com",
                                                "password": PASSWORD, "csrf": token})
            for name, path in VIEWS.items():
                timings = sorted(time_view(client, path, args.runs))
                p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
                print(f"{name:22s} {path:28s} median {statistics.median(timings):6.1f} ms  "
                      f"p99 {p99:6.1f} ms")


if __name__ == "__main__":
    main()
