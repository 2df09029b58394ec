"""The console's queue page (`GET /console`) with many leads: server time through the real app.

Seeds N leads (default 100,000) with scores, bands, stages, names, emails and two facts on
every tenth lead, a reactivation planned for every nurtured lead (due dates six weeks either
side of today), and a web conversation for every fifth lead (40 held by the bench setter) into a
temporary SQLite database, logs a setter in, then times the queue page (first page, hot band,
a search, a deep page, "new since yesterday", a stage, "reactivation due", "taken over by me")
and prints the median and p99 of each over several runs.

    .venv/bin/python bench/bench_console.py --leads 100000
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import insert

import scoring
from bot.clock import utcnow
from bot.conversation.templates import TemplateResponder
from bot.conversation.wiring import Services
from bot.settings import Settings
from bot.store.db import make_engine, migrate, session_scope
from bot.store.models import Conversation, FactRow, Lead, follow_up_due, new_id
from bot.users import accounts
from web.app import create_app

STAGES = ("new", "engaged", "mql", "sql", "nurture", "handed_off", "disqualified")
PASSWORD = "bench-password-123"
SETTER = "bench@example.com"
HELD = 40  # conversations the bench setter holds
VIEWS = {"first page": "/console", "hot band": "/console?band=hot",
         "search": "/console?q=firma+77", "page 40": "/console?page=40",
         "new since yesterday": "/console?new=1", "stage sql": "/console?stage=sql",
         "reactivation due": "/console?due=1", "taken over by me": "/console?mine=1"}


def _band(score: int) -> str:
    return "hot" if score >= 81 else "warm" if score >= 41 else "cold"


def _action(stage: str, now: datetime, rng: random.Random) -> dict[str, Any]:
    if stage == "nurture":  # the scoring's reactivation, due up to six weeks either side of now
        due = now + timedelta(hours=rng.randint(-24 * 42, 24 * 42))
        return {"kind": "reactivate", "due": due.isoformat(), "why": "bench"}
    return {"kind": "ask", "slot": "budget", "why": "bench"}


def seed(url: str, leads: int) -> None:
    """Leads in chunks of 5,000 with one Core insert each; facts on every tenth lead, a web
    conversation on every fifth (the first HELD of them held by the bench setter)."""
    engine = make_engine(url)
    migrate(engine)
    rng, now = random.Random(7), utcnow()
    held = 0
    with session_scope(engine) as session:
        for start in range(0, leads, 5000):
            rows, facts, conversations = [], [], []
            for number in range(start, min(leads, start + 5000)):
                score = min(100, int(rng.expovariate(1 / 30)))
                lead_id, stage = new_id(), rng.choice(STAGES)
                created = now - timedelta(hours=rng.randint(0, 24 * 90))
                action = _action(stage, now, rng)
                rows.append({"id": lead_id, "created_at": created, "updated_at": created,
                             "email": f"lead{number}@firma{number % 1000}.de",
                             "name": f"Lead {number}", "company": f"Firma {number % 1000}",
                             "lang": "de", "stage": stage, "score_total": score,
                             "score_band": _band(score), "score": {}, "score_state": {},
                             "next_action": action, "flags": [], "context": {},
                             # a Core insert skips the ORM hook that keeps the column
                             "reactivate_on": follow_up_due(action, {})})
                if number % 10 == 0:
                    facts += [{"id": new_id(), "lead_id": lead_id, "slot": "budget", "quote": "5k",
                               "value": {"has_budget": True, "min": 5000, "max": 5000},
                               "confidence": 0.9, "source": "rules", "created_at": created},
                              {"id": new_id(), "lead_id": lead_id, "slot": "need", "quote": "x",
                               "value": {"has_need": True}, "confidence": 0.8, "source": "rules",
                               "created_at": created}]
                if number % 5 == 0:
                    holder = SETTER if held < HELD and number % 25 == 0 else None
                    held += holder is not None
                    conversations.append({
                        "id": new_id(), "lead_id": lead_id, "channel": "web", "lang": "de",
                        "token_hash": "x", "status": "open", "asked": {}, "rejected_proposals": 0,
                        "last_seq": 0, "created_at": created, "updated_at": created,
                        "held_by": holder, "held_since": now if holder else None})
            session.execute(insert(Lead), rows)
            if facts:
                session.execute(insert(FactRow), facts)
            session.execute(insert(Conversation), conversations)
        accounts.create_user(session, email=SETTER, role="setter", password=PASSWORD)
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
            client.post("/console/login", data={"email": SETTER,
                                                "password": PASSWORD, "csrf": token})
            for name, path in VIEWS.items():
                timings = sorted(time_view(client, path, args.runs))
                p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
                print(f"{name:22s} {path:28s} median {statistics.median(timings):6.1f} ms  "
                      f"p99 {p99:6.1f} ms")


if __name__ == "__main__":
    main()
