"""The setter's queue over the API: GET /api/v1/leads latency with facts on every lead.

Seeds N leads (each with a budget and a need fact) in a temporary SQLite database, then
times `GET /api/v1/leads?sort=-score&limit=L` through the real app and prints the median
and p99 over several runs.

    .venv/bin/python bench/bench_queue_api.py --leads 2000 --limit 500
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

import scoring
from bot.conversation.templates import TemplateResponder
from bot.conversation.wiring import Services
from bot.settings import Settings
from bot.store import repo
from bot.store.db import make_engine, migrate, session_scope
from bot.store.models import FactRow
from web.app import create_app

KEY = "bench-key"


def seed(engine_url: str, leads: int) -> None:
    """Leads with two facts each and spread scores."""
    engine = make_engine(engine_url)
    migrate(engine)
    with session_scope(engine) as session:
        for number in range(leads):
            lead = repo.create_lead(session, lang="de", fields={"email": f"l{number}@x.de"},
                                    context={})
            lead.score_total = number % 100
            session.add(FactRow(lead_id=lead.id, slot="budget", quote="5k",
                                value={"has_budget": True, "min": 5000, "max": 5000}))
            session.add(FactRow(lead_id=lead.id, slot="need", quote="Problem",
                                value={"has_need": True}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leads", type=int, default=2000)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'queue.db'}"
        seed(url, args.leads)
        settings = Settings(_env_file=None, api_keys=KEY, database_url=url)  # type: ignore[call-arg]
        services = Services(db=make_engine(url), model=scoring.load_model(),
                            responder=TemplateResponder())
        client = TestClient(create_app(settings, services))
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(f"/api/v1/leads?sort=-score&limit={args.limit}",
                                  headers={"X-API-Key": KEY})
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200 and len(response.json()["leads"]) == args.limit
        timings.sort()
        p99 = timings[min(len(timings) - 1, int(0.99 * len(timings)))]
        print(f"GET /api/v1/leads limit={args.limit} of {args.leads} leads: "
              f"median {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
