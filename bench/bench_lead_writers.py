"""Everything that writes a lead, at once on the same few leads: does any write get lost or fail?

For SECONDS, threads in one process (as one server's worker threads) keep writing the same
LEADS leads: two post chat messages (templates turns), two post event batches of three of the
leads (as POST /api/v1/events), one ingests email replies from the leads' addresses, one records
widget page views (`repo.lock_lead`, then `add_events`, as the widget's route does). Prints,
per store, how many of each went through, how many failed (and the first distinct errors), and
how many leads' stored engagement state counts other events than are stored (a write saved
over another's). No HTTP: this is about the store's locking, not the server's speed.

    .venv/bin/python bench/bench_lead_writers.py [--stores sqlite,pg] [--seconds 15]
    .venv/bin/python bench/bench_lead_writers.py --root /tmp/before   # older code (a worktree)
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

LEADS = 4
TEXTS = ["Wir sind 5 Leute.", "So 500 Euro im Monat.", "Ich bin der Inhaber.", "Bis Ende Juni."]


def _reply(address: str) -> bytes:
    return (f"From: Lead <{address}>\r\nTo: team@setter.example\r\nSubject: Re: Ihre Anfrage\r\n"
            f"Message-ID: <{uuid.uuid4().hex}@example.com>\r\n\r\n"
            "Klingt gut, wir haben Interesse.\r\n").encode()


def _writers(url: str) -> tuple[dict[str, Callable[[], object]], Callable[[], int], Any]:
    """The writers of LEADS new leads on `url`, a check of the leads' states, the engine."""
    from sqlmodel import Session

    from bot.clock import utcnow
    from bot.conversation import turn
    from bot.email.ingest import ingest_raw
    from bot.leads import events
    from bot.leads.scorekeeper import rebuild_state
    from bot.store import repo
    from bot.store.db import make_engine, migrate, session_scope
    from bot.store.models import Lead
    from tests.conftest import make_services, make_settings

    engine = make_engine(url)
    migrate(engine)
    svc = make_services(engine)
    started = [turn.start_conversation(svc, channel="web", lang="de", context={},
                                       lead_fields={"email": f"lead{i}@example.com"})
               for i in range(LEADS)]
    lock = getattr(repo, "lock_lead", None) or (lambda session, lead_id: session.get(Lead, lead_id))

    def chat() -> object:
        one = random.choice(started)
        return turn.handle_message(svc, conversation_id=one.conversation_id, token=one.token,
                                   text=random.choice(TEXTS))

    def batch() -> object:
        click = events.EventIn("email_clicked", utcnow() - timedelta(seconds=5))
        with session_scope(engine) as session:
            return events.ingest(session, [(one.lead_id, click) for one in random.sample(started, 3)],
                                 svc.model)

    def reply() -> object:
        return ingest_raw(svc, _reply(f"lead{random.randrange(LEADS)}@example.com"),
                          settings=make_settings())

    def page_view() -> object:
        with session_scope(engine) as session:
            lead = lock(session, random.choice(started).lead_id)
            return events.add_events(session, lead, [events.EventIn(
                "page_view", utcnow(), {"url": "https://example.com/preise"})], svc.model)

    def lost() -> int:
        wrong = 0
        with Session(engine) as session:
            for one in started:
                lead = session.get(Lead, one.lead_id)
                kept = {name: t["count"] for name, t in lead.score_state["types"].items()}  # type: ignore[union-attr]
                stored = {name: t.count for name, t in rebuild_state(session, lead, svc.model).types.items()}  # type: ignore[arg-type]
                wrong += kept != stored
            session.rollback()
        return wrong

    return ({"chat": chat, "chat ": chat, "batch": batch, "batch ": batch, "reply": reply,
             "page view": page_view}, lost, engine)


def run(url: str, seconds: float) -> str:
    """One store's line: writes done by kind, failures, leads whose state lost a write."""
    writers, lost, engine = _writers(url)
    done: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    stop = time.monotonic() + seconds

    def loop(kind: str, write: Callable[[], object]) -> None:
        while time.monotonic() < stop:
            try:
                write()
                done[kind.strip()] += 1
            except Exception as exc:  # noqa: BLE001 - counted and shown: that is the measurement
                failed[f"{kind.strip()}: {type(exc).__name__}: {str(exc).splitlines()[0][:80]}"] += 1

    threads = [threading.Thread(target=loop, args=item) for item in writers.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wrong = lost()
    engine.dispose()
    errors = "; ".join(f"{n} x {what}" for what, n in failed.most_common(3)) or "none"
    return (f"done {dict(done)}, failed {sum(failed.values())} ({errors}), "
            f"leads whose state lost a write: {wrong} of {LEADS}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", default="sqlite,pg")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--root", default=str(Path(__file__).resolve().parents[1]),
                        help="the checkout whose code to run (e.g. a worktree of older code)")
    args = parser.parse_args()
    sys.path.insert(0, args.root)
    sys.path.insert(1, str(Path(__file__).resolve().parent))
    from bench_turns import pg_database

    for store in args.stores.split(","):
        if store == "sqlite":
            print("SQLite:", run(f"sqlite:///{tempfile.mkdtemp()}/bench.db", args.seconds), flush=True)
            continue
        with pg_database() as url:
            if url is None:
                print("PostgreSQL: not reachable, skipped")
                continue
            print("PostgreSQL:", run(url, args.seconds), flush=True)


if __name__ == "__main__":
    main()
