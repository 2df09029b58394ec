"""CPU a single hostile message costs: a chat turn on 10,000 characters of figures and
separators, and reading a large reply email, in process (templates, SQLite).

A chat turn runs on the event loop (web/turns.py), so its time is time every other request
waits; the inbound email route reads in a worker thread, but holds the GIL meanwhile. Prints,
per input, the median of REPEAT runs in ms, and the worst input of each kind.

    .venv/bin/python bench/bench_hostile_text.py
    PYTHONPATH=/tmp/before .venv/bin/python bench/bench_hostile_text.py   # older code
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if not any("before" in p for p in sys.path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scoring  # noqa: E402
from bot.conversation import turn  # noqa: E402
from bot.conversation.templates import TemplateResponder  # noqa: E402
from bot.conversation.wiring import Services  # noqa: E402
from bot.email.read import read_email  # noqa: E402
from bot.store.db import make_engine, migrate  # noqa: E402

CHARS = 10_000  # the longest chat message the API takes
CHAT = {  # a pattern repeated to CHARS characters
    "digits": "1", "slashes": "1/", "dashes": "1-", "dots": "1.", "commas": "1,",
    "digit pairs": "12 ", "thousands": "1.000", "prices": "500 Euro ", "dates": "12.12. ",
    "times": "10:30 ", "phone-like": "0171 ", "country codes": "+49 ", "parentheses": "(",
    "millions": "1,5 Mio. ", "k figures": "5k ", "words": "Budget ", "prose": "Wir haben Interesse. ",
}
PROSE = "Wir haben Interesse, das Budget liegt bei 500 Euro im Monat und wir starten bis Juni. "
EMAIL = {  # (content type, body)
    "2 MB of text": ("text/plain", PROSE * (2_000_000 // len(PROSE))),
    "2 MB of figures": ("text/plain", "1/" * 1_000_000),
    "5 MB of HTML": ("text/html", "<div><p>Hallo <b>Team</b>, 500 Euro</p></div>" * 110_000),
    "2 MB inline image": ("text/html", '<p>Budget 400 Euro</p><img src="data:image/png;base64,'
                          + "iVBORw0KGgo" * 180_000 + '">'),
    "2 MB of one line": ("text/plain", "a" * 2_000_000),
}


def timed(run: Any, repeat: int) -> float:
    """Median wall time of `run()` in ms (one process, nothing else running in it)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def chat_turns(repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/h.db")
        migrate(engine)
        svc = Services(db=engine, model=scoring.load_model(), responder=TemplateResponder())
        out = {}
        for name, pattern in CHAT.items():
            text = (pattern * (CHARS // len(pattern) + 1))[:CHARS]
            started = turn.start_conversation(svc, channel="api", lang="de", lead_fields={}, context={})

            def run(started: Any = started, text: str = text) -> None:
                turn.handle_message(svc, conversation_id=started.conversation_id,
                                    token=started.token, text=text)

            out[name] = timed(run, repeat)
        engine.dispose()
        return out


def email_reads(repeat: int) -> dict[str, float]:
    out = {}
    for name, (ctype, body) in EMAIL.items():
        raw = (f"From: anna@example.com\r\nSubject: Re: Angebot\r\n"
               f"Content-Type: {ctype}; charset=utf-8\r\n\r\n{body}").encode()
        out[name] = timed(lambda raw=raw: read_email(raw), repeat)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for kind, figures in (("chat turn, 10,000 characters", chat_turns(args.repeat)),
                          ("email read", email_reads(args.repeat))):
        print(f"{kind} (median of {args.repeat}, ms):")
        for name, ms in sorted(figures.items(), key=lambda item: -item[1]):
            print(f"  {name:20s} {ms:9.1f}")
        worst = max(figures, key=figures.__getitem__)
        print(f"  worst: {worst}, {figures[worst]:.1f} ms\n")


if __name__ == "__main__":
    main()
