"""Where a chat turn's time goes, measured inside real turns: microseconds per turn of its
pieces (extraction's rules, the kind head, the reply, the score, the store's statements).

A piece timed in a warm loop looks 1.5-5 times cheaper than it is in a turn: by the next turn
what it touches (the learned model's rows and dictionaries, the template's code, the rules'
objects) has left the CPU's caches, and callgrind (bench_turn_instructions.py) counts
instructions, not those misses. Here the app is driven in process through its ASGI interface,
as bench_turn_instructions.py drives it (on SQLite), and each piece is wrapped in a timer; the
first WARM conversations (their starts and messages) are not counted. Wall time of one
thread, so nested pieces overlap (the turn contains all). Per message turn: what a
conversation start runs too (its reply, its score) is spread over its turns, hence calls
above 1.

    .venv/bin/python bench/bench_turn_split.py [--conversations N] [--source DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_turn_instructions import driver_env, last_line_json, with_prelude  # noqa: E402
from bench_turns import TEXTS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WARM = 30  # conversations before the count starts (imports, templates compiled, caches)
# (module, attribute): what is timed; the first is the whole turn
PIECES = [
    ("bot.conversation.turn", "_templates_turn"),
    ("bot.conversation.turn", "_extract_new"),
    ("bot.extract", "_hits"),
    ("bot.extract", "decide"),
    ("bot.extract", "blend"),
    ("bot.conversation.turn", "_respond"),
    ("bot.conversation.templates", "render_reply"),
    ("bot.leads.scorekeeper", "Scorekeeper.refresh"),
    ("bot.conversation.turn", "_locked"),
    ("bot.store.turn_sql", "messages_and_facts"),
    ("bot.store.held_writes", "prepare"),
    ("bot.store.repo", "confirm_unchanged"),
    ("bot.store.sqlite_gate", "GatedCursor.execute"),
    ("bot.store.sqlite_gate", "GatedConnection.commit"),
]
TIMERS = r"""
import atexit, collections, importlib, json, os, time
_spent, _calls = collections.Counter(), collections.Counter()

def _timed(name, f):
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return f(*args, **kwargs)
        finally:
            _spent[name] += time.perf_counter() - start
            _calls[name] += 1
    return timed

for module, attribute in json.loads(os.environ["PIECES"]):
    owner = importlib.import_module(module)
    *path, last = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    setattr(owner, last, _timed(attribute, getattr(owner, last)))

_turn = importlib.import_module("bot.conversation.turn")
_start, _starts = _turn.start_conversation, [0]

def _counting_from_the_first_counted_start(*args, **kwargs):
    _starts[0] += 1
    if _starts[0] == int(os.environ["WARM"]) + 1:  # the warm-up's conversations are done
        _spent.clear()
        _calls.clear()
    return _start(*args, **kwargs)

_turn.start_conversation = _counting_from_the_first_counted_start

@atexit.register
def _report():
    turns = _calls[json.loads(os.environ["PIECES"])[0][1]]
    print(json.dumps({name: [_spent[name] / turns * 1e6, _calls[name] / turns]
                      for name in _spent}))
"""


def split(source: Path, conversations: int) -> dict[str, list[float]]:
    """Microseconds per turn and calls per turn of each piece, for the code in `source`."""
    with tempfile.TemporaryDirectory() as tmp:
        env = driver_env(source, WARM + conversations, f"sqlite:///{tmp}/bench.db",
                         PIECES=json.dumps(PIECES), WARM=str(WARM))
        return last_line_json(with_prelude(TIMERS), source, env)  # type: ignore[no-any-return]

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--source", type=Path, default=ROOT, help="a checkout to measure")
    args = parser.parse_args()
    found = split(args.source.resolve(), args.conversations)
    print(f"{args.source}: {args.conversations} conversations (a start and {len(TEXTS)} "
          f"messages each), SQLite, in process; per turn:")
    for (_module, name), (spent, calls) in sorted(
            ((p, found[p[1]]) for p in PIECES if p[1] in found), key=lambda item: -item[1][0]):
        print(f"  {name:26} {spent:8.1f} us  {calls:5.2f} calls")


if __name__ == "__main__":
    main()
