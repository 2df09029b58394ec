"""Benchmark the rule-based BANT extractor: dev-set score and time per message.

Usage: python bench/bench_extract.py [CASES.jsonl] [--repeat N] [--libs]

Prints the per-field and overall score (same rules as ../shared/eval/score_bant.py),
the median and p99 extraction time per lead message (each message timed N times,
best run kept, so other processes on the machine distort less), the worst time for
hostile 10 KB inputs, and with --libs the same figures for dateparser (timing),
price-parser (budget) and babel (number formats) where they are installed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.cli.extract import predict  # noqa: E402
from bot.extract import extract_text  # noqa: E402
from bot.extract.numbers import parse_digits  # noqa: E402


def _shared_eval() -> Path:
    """../shared/eval, looked for in the repository's parents (a worktree sits deeper)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared" / "eval"
    return ROOT.parent / "shared" / "eval"


SHARED_EVAL = _shared_eval()
DEFAULT_CASES = SHARED_EVAL / "bant_dev.jsonl"
FIELDS = ("budget", "authority", "need", "timing")

# (text, value): number formats the extractor must read, for the babel comparison.
NUMBER_FORMATS = [
    ("5.000", 5000), ("5,000", 5000), ("1,5", 1.5), ("1.5", 1.5), ("12.500", 12500),
    ("12,500", 12500), ("1.234,56", 1234.56), ("1,234.56", 1234.56), ("7.500", 7500),
    ("2,5", 2.5), ("10 000", 10000), ("250", 250), ("0,75", 0.75), ("1'000", 1000),
    ("15.000,00", 15000), ("3,000.50", 3000.5),
]
_MONTHS = ("Jan", "März", "Mai", "June", "Juli", "Sept", "Oktober", "Dec", "Q3", "KW 14")
_UNITS = ("€", "$", "EUR", "Tsd", "k", "im Monat", "p.a.", "m²", "Mitarbeiter", "Mio", "bis", "max")
_EMOJI = ("😀", "🤑", "🚀", "💶", "🔥", "👍🏽", "🇩🇪", "❤️")
_SYLLABLES = ("ver", "trieb", "steuer", "bera", "tungs", "gesell", "schaft", "kanz", "lei", "budget",
              "planung", "über", "mana", "gement", "sys", "tem")


def _sized(parts: Iterator[str], size: int = 10_000) -> str:
    """Parts joined by spaces up to `size` characters."""
    out: list[str] = []
    length = 0
    for part in parts:
        if length + len(part) + 1 > size:
            break
        out.append(part)
        length += len(part) + 1
    return " ".join(out)


def hostile_variants() -> list[str]:
    """10 KB shapes that do not repeat (a repeated paste is read once): numbers with currencies
    and units, dates, long words, emoji with figures, a phrase with changing figures."""
    n = itertools.count(1)
    return [
        _sized(f"{i * 7919 % 99991:,} {_UNITS[i % len(_UNITS)]}" for i in n),
        _sized(f"{i % 28 + 1}.{i % 12 + 1}.{2026 + i % 3} bis {_MONTHS[i % 10]} {2027 + i % 4}"
               for i in itertools.count(1)),
        _sized("".join(_SYLLABLES[(i * k) % len(_SYLLABLES)] for k in range(1, 3 + i % 9))
               for i in itertools.count(1)),
        _sized(f"{_EMOJI[i % 8]}{i * 37 % 5000} €{_EMOJI[(i * 3) % 8]}" for i in itertools.count(1)),
        _sized(f"Angebot {i}: Budget {i * 113 % 9000} € im Monat ab {i % 28 + 1}.{i % 12 + 1}., "
               f"max {i * 17 % 400} Tsd, ich bin der Inhaber." for i in itertools.count(1)),
    ]


HOSTILE = [
    "x" * 10_000,
    "Budget 5k " * 1000,
    "1." * 5000,
    "Wir haben ein Problem. " * 440,
    " ".join(str(i * 7919 % 10**6) for i in range(1450)),
    "€€€€€ $$$$ 1 2 3 4 5 k k k Tsd Mio " * 290,
    "<script>var budget = 50000;</script>" * 270,
    "zwischen " * 1100,
    ("a" * 70 + " ") * 140,
    "😀 Budget 🤑 5.000 € 🚀 " * 450,
    # A realistic paste: one normal sentence repeated (a forwarded thread, a template).
    "Wir haben ein Problem mit der Terminvergabe und suchen eine Lösung, Budget 5.000 € im "
    "Monat, bis Ende Juni. " * 95,
    "We need a better booking tool, our budget is about $3,000 a month and we want it live "
    "by end of May. I'm the owner. " * 90,
    *hostile_variants(),
]


def load_scorer() -> Callable[[str, Any, Any, str], bool]:
    """The `match` function of the shared scorer, so figures agree with it exactly."""
    path = SHARED_EVAL / "score_bant.py"
    spec = importlib.util.spec_from_file_location("score_bant", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"scorer not found: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.match  # type: ignore[no-any-return]


def best_ms(fn: Callable[[], object], repeat: int) -> float:
    """Fastest of `repeat` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0–1) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def score(cases: list[dict[str, Any]], field_of: Callable[[dict[str, Any], str], Any],
          fields: tuple[str, ...], match: Callable[..., bool]) -> dict[str, tuple[int, int]]:
    """Right/total per field for predictions made by field_of(case, field)."""
    result = {}
    for field in fields:
        right = total = 0
        for case in cases:
            gold = case["gold"].get(field)
            if gold == "*":
                continue
            total += 1
            with contextlib.suppress(TypeError, ValueError, KeyError, AttributeError):
                right += match(field, gold, field_of(case, field), case["reference_time"])
        result[field] = (right, total)
    return result


def lead_messages(cases: list[dict[str, Any]]) -> list[tuple[str, datetime]]:
    """Every lead message of the cases with its reference time."""
    return [(m["text"], datetime.fromisoformat(c["reference_time"]))
            for c in cases for m in c["messages"] if m["role"] == "lead"]


def report_rules(cases: list[dict[str, Any]], match: Callable[..., bool], repeat: int) -> None:
    predictions = {c["id"]: predict(c) for c in cases}
    figures = score(cases, lambda c, f: predictions[c["id"]][f], FIELDS, match)
    for field, (right, total) in figures.items():
        print(f"{field:10s} {right}/{total} = {right / max(total, 1):.3f}")
    right = sum(r for r, _ in figures.values())
    total = sum(t for _, t in figures.values())
    print(f"overall {right}/{total} = {right / max(total, 1):.3f}")
    times = [best_ms(lambda t=t, at=at: extract_text(t, at), repeat)
             for t, at in lead_messages(cases)]
    print(f"extract_text per lead message (n={len(times)}, best of {repeat}): "
          f"median {statistics.median(times):.3f} ms, p99 {percentile(times, 0.99):.3f} ms")
    at = datetime.fromisoformat("2026-03-10T10:00:00+01:00")
    hostile = [best_ms(lambda t=t: extract_text(t, at), max(1, repeat // 2)) for t in HOSTILE]
    print(f"hostile inputs (~10 KB each, n={len(hostile)}): max {max(hostile):.1f} ms, "
          f"median {statistics.median(hostile):.1f} ms")


def report_libraries(cases: list[dict[str, Any]], match: Callable[..., bool],
                     repeat: int) -> None:
    print("\nlibraries (same scorer; each on the part it covers):")
    rules = {c["id"]: predict(c) for c in cases}
    _compare("timing", cases, match, repeat, rules, _dateparser_timing())
    _compare("budget", cases, match, repeat, rules, _price_parser_budget())
    _babel_numbers(repeat)


def _compare(field: str, cases: list[dict[str, Any]], match: Callable[..., bool], repeat: int,
             rules: dict[str, Any], library: tuple[str, Callable[..., Any]] | None) -> None:
    if library is None:
        return
    name, fn = library
    texts = {c["id"]: " ".join(m["text"] for m in c["messages"] if m["role"] == "lead")
             for c in cases}
    refs = {c["id"]: datetime.fromisoformat(c["reference_time"]) for c in cases}
    lib_pred = {c["id"]: fn(texts[c["id"]], refs[c["id"]], c.get("lang", "de")) for c in cases}
    lib_score = score(cases, lambda c, f: lib_pred[c["id"]], (field,), match)[field]
    own_score = score(cases, lambda c, f: rules[c["id"]][f], (field,), match)[field]
    lib_ms = [best_ms(lambda i=i: fn(texts[i], refs[i], "de"), repeat) for i in texts]
    own_ms = [best_ms(lambda i=i: extract_text(texts[i], refs[i]), repeat) for i in texts]
    print(f"  {field:7s} {name:13s} {lib_score[0]}/{lib_score[1]} = "
          f"{lib_score[0] / lib_score[1]:.3f}, median {statistics.median(lib_ms):.2f} ms/message")
    print(f"  {field:7s} {'rules':13s} {own_score[0]}/{own_score[1]} = "
          f"{own_score[0] / own_score[1]:.3f}, median {statistics.median(own_ms):.2f} ms/message "
          f"(all four slots)")


def _dateparser_timing() -> tuple[str, Callable[..., Any]] | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        print("  timing  dateparser not installed")
        return None

    def timing(text: str, ref: datetime, lang: str) -> dict[str, Any] | None:
        base = ref.replace(tzinfo=None)
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
        found = search_dates(text, languages=["de", "en"], settings=settings) or []
        future = [d for _, d in found if d.date() >= base.date()]
        if not future:
            return None
        return {"horizon": None, "deadline": future[0].date().isoformat()}

    return "dateparser", timing


def _price_parser_budget() -> tuple[str, Callable[..., Any]] | None:
    try:
        from price_parser import Price
    except ImportError:
        print("  budget  price-parser not installed")
        return None
    codes = {"€": "EUR", "$": "USD", "£": "GBP", "EUR": "EUR", "USD": "USD", "Euro": "EUR"}

    def budget(text: str, ref: datetime, lang: str) -> dict[str, Any] | None:
        price = Price.fromstring(text)
        if price.amount is None:
            return None
        amount = float(price.amount)
        return {"has_budget": True, "min": amount, "max": amount,
                "currency": codes.get(price.currency or ""), "period": None}

    return "price-parser", budget


def _babel_numbers(repeat: int) -> None:
    try:
        from babel.numbers import NumberFormatError, parse_decimal
    except ImportError:
        print("  numbers babel not installed")
        return

    def with_babel(text: str) -> float | None:
        # A chat message does not say its locale: try German first, then English.
        for locale in ("de_DE", "en_US"):
            try:
                return float(parse_decimal(text, locale=locale, strict=True))
            except NumberFormatError:
                continue
        return None

    for name, fn in (("babel", with_babel), ("rules", parse_digits)):
        right = sum(fn(text) == value for text, value in NUMBER_FORMATS)
        ms = [best_ms(lambda t=t, fn=fn: fn(t), repeat) for t, _ in NUMBER_FORMATS]
        print(f"  numbers {name:13s} {right}/{len(NUMBER_FORMATS)} formats read right, "
              f"median {statistics.median(ms) * 1000:.1f} µs/number")


def main(argv: list[str]) -> int:
    """Run the benchmark; returns an exit code."""
    args = [a for a in argv if not a.startswith("--")]
    repeat = 5
    if "--repeat" in argv:
        repeat = int(argv[argv.index("--repeat") + 1])
        args = [a for a in args if a != str(repeat)]
    path = Path(args[0]) if args else DEFAULT_CASES
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    match = load_scorer()
    report_rules(cases, match, repeat)
    if "--libs" in argv:
        report_libraries(cases, match, repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
