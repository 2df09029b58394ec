"""Pages a chat turn writes to SQLite's log, by table and index: a figure of the schema and
of the statements, not of the machine (each page written is a B-tree page changed, copied to
the log at the commit, then copied again into the database file by a checkpoint).

The app is driven in process through its ASGI interface with SQLite's checkpoints held off,
so the log keeps every page each commit wrote: CONVERSATIONS conversations are started and
answered twice each, then each gets a third message (the budget, which also changes the
lead's stage) and the log's new frames are counted, per table or index (SQLite's dbstat). With
--before DIR the code in DIR is counted as well, side by side.

    .venv/bin/python bench/bench_turn_pages.py [--before DIR] [--conversations N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_turn_instructions import driver_env, last_line_json, with_prelude  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# the driver's `call` and app, with checkpoints held off (the log keeps every frame)
COUNTER = with_prelude("""
import collections, contextlib, sqlite3
import bot.store.db as db
db.AUTOCHECKPOINT_PAGES = 10**9
import web.app as web_app
web_app.checkpoints.running_checkpoints = lambda engine: contextlib.nullcontext()
""").split("async def main")[0] + r"""
PATH = os.environ["SETTER_DATABASE_URL"].split("///", 1)[1]

def frames():
    with open(PATH + "-wal", "rb") as log:
        data = log.read()
    size = int.from_bytes(data[8:12], "big") + 24  # page size (header), plus a frame's header
    return [int.from_bytes(data[at:at + 4], "big") for at in range(32, len(data) - size + 1, size)]

async def main():
    n = int(os.environ["CONVERSATIONS"])
    async with app.router.lifespan_context(app):
        started = []
        for _ in range(n):
            one = await call("/api/v1/conversations", {"lang": "de"})
            started.append(one)
            for text in TEXTS[:2]:
                await call(f"/api/v1/conversations/{one['conversation_id']}/messages",
                           {"text": text}, one["token"])
        before = len(frames())
        for one in started:
            await call(f"/api/v1/conversations/{one['conversation_id']}/messages",
                       {"text": TEXTS[2]}, one["token"])
        written = frames()[before:]
    owner = {page: name for name, page in sqlite3.connect(PATH).execute(
        "SELECT name, pageno FROM dbstat")}
    print(json.dumps(collections.Counter(owner.get(p, "?") for p in written)))

asyncio.run(main())
"""


def pages(source: Path, conversations: int) -> dict[str, float]:
    """Pages per turn, by table or index, for the code in `source`."""
    with tempfile.TemporaryDirectory() as tmp:
        counted = last_line_json(COUNTER, source,
                                 driver_env(source, conversations, f"sqlite:///{tmp}/bench.db"))
    return {name: count / conversations for name, count in counted.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="a checkout of older code to count too")
    parser.add_argument("--conversations", type=int, default=200)
    args = parser.parse_args()
    counted = {label: pages(source.resolve(), args.conversations)
               for label, source in (("before", args.before), ("after", ROOT)) if source}
    names = sorted({n for c in counted.values() for n in c},
                   key=lambda n: -max(c.get(n, 0.0) for c in counted.values()))
    print(f"pages written to the log per turn ({args.conversations} turns, each a third message)")
    print(f"{'table or index':34}" + "".join(f"{label:>9}" for label in counted))
    for name in names:
        print(f"{name:34}" + "".join(f"{c.get(name, 0.0):9.2f}" for c in counted.values()))
    print(f"{'all':34}" + "".join(f"{sum(c.values()):9.2f}" for c in counted.values()))


if __name__ == "__main__":
    main()
