"""CSV → leads: a mapping file turns rows into (profile, facts, events, outcome).

The mapping TOML holds all dataset-specific knowledge (which column is what, which values
mean "not filled in", which raw value is which lead source); the scoring model stays generic.
See `examples/xeducation_mapping.toml` for a commented example.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scoring
from scoring.config import PROFILE_FIELDS

MAX_EVENTS_PER_COLUMN = 200  # a "visits" count of 10,000 is a data error, not 10,000 events
DELIMITERS = ",;\t|"  # what a header line is split by when the mapping names no delimiter


class MappingError(ValueError):
    """A mapping file or CSV that cannot be used; the message says what to change."""


@dataclass(frozen=True)
class MappedLead:
    """One CSV row as the scorer sees it."""

    key: str
    profile: scoring.Profile
    facts: dict[str, Any]
    events: list[scoring.Event]
    outcome: str | None  # "won", "lost" or None (still open / unknown)


@dataclass(frozen=True)
class EventRule:
    """How one column becomes events."""

    type: str
    column: str | None
    when: frozenset[str] | None = None  # one event when the value is one of these
    count: bool = False  # the number in the column is the number of events
    prop: str | None = None  # one event carrying the number under this key
    fields: tuple[str, ...] = ()  # form_submitted: the fields that form asked for


@dataclass(frozen=True)
class LeadMapping:
    """A parsed mapping file."""

    key_column: str | None
    missing: frozenset[str]
    delimiter: str | None  # None: the header line's own (Excel writes ";" in German)
    as_of: datetime
    outcome_column: str | None
    won: frozenset[str]
    lost: frozenset[str]
    profile: dict[str, str]
    values: dict[str, dict[str, str]]
    events: tuple[EventRule, ...]
    budget_column: str | None = None
    events_csv: dict[str, Any] = field(default_factory=dict)
    encoding: str = "utf-8-sig"


def _need(table: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    value = table.get(key)
    if not isinstance(value, kind):
        raise MappingError(f"[{where}] {key}: missing or of the wrong kind. Fix: set {key} "
                           f"(see examples/xeducation_mapping.toml)")
    return value


def _event_rule(raw: Mapping[str, Any], index: int) -> EventRule:
    where = f"events #{index + 1}"
    kind = _need(raw, "type", where, str)
    if kind not in scoring.EVENT_TYPES:
        raise MappingError(f"[{where}] type {kind!r} is not an event type. Fix: use one of "
                           f"{', '.join(sorted(scoring.EVENT_TYPES))}")
    column = raw.get("column")
    if column is None and not raw.get("always"):
        raise MappingError(f"[{where}] needs a column (or always = true)")
    when = raw.get("when")
    fields = tuple(raw.get("fields", ()))
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise MappingError(f"[{where}] fields {sorted(unknown)} are not profile fields. Fix: "
                           f"use {', '.join(PROFILE_FIELDS)}")
    return EventRule(kind, column, frozenset(map(str, when)) if when is not None else None,
                     bool(raw.get("count", False)), raw.get("prop"), fields)


def parse_mapping(text: str) -> LeadMapping:
    """Parse a mapping file's text; raise MappingError with the fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"mapping is not valid TOML: {exc}") from exc
    csv_table = data.get("csv", {})
    outcome = data.get("outcome", {})
    profile = data.get("profile", {})
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise MappingError(f"[profile] {sorted(unknown)[0]!r} is not a profile field. Fix: use "
                           f"{', '.join(PROFILE_FIELDS)}")
    as_of = _timestamp(str(csv_table.get("as_of", "2000-01-01T00:00:00+00:00")), "[csv] as_of")
    encoding = str(csv_table.get("encoding", "utf-8-sig"))
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise MappingError(f"[csv] encoding {encoding!r} is not an encoding Python knows. Fix: "
                           "use utf-8 or cp1252 (Excel's CSV on Windows)") from None
    delimiter = csv_table.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        raise MappingError(f"[csv] delimiter must be one character, not {delimiter!r}")
    return LeadMapping(
        key_column=csv_table.get("id"),
        missing=frozenset(str(v).strip().casefold() for v in csv_table.get("missing", [""])),
        delimiter=delimiter,
        as_of=as_of,
        outcome_column=outcome.get("column"),
        won=frozenset(map(str, outcome.get("won", ["won", "1", "yes", "true"]))),
        lost=frozenset(map(str, outcome.get("lost", ["lost", "0", "no", "false"]))),
        profile={k: str(v) for k, v in profile.items()},
        values={k: {str(a): str(b) for a, b in v.items()}
                for k, v in data.get("values", {}).items()},
        events=tuple(_event_rule(e, i) for i, e in enumerate(data.get("events", []))),
        budget_column=data.get("facts", {}).get("budget"),
        events_csv=data.get("events_csv", {}),
        encoding=encoding,
    )


def _timestamp(value: str, where: str) -> datetime:
    """An ISO date or time (UTC unless it says otherwise); MappingError naming `where`."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise MappingError(f"{where}: {value[:40]!r} is not an ISO date or time. Fix: write it as "
                           "2026-01-31 or 2026-01-31T09:30:00+01:00") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def load_mapping(path: str | Path) -> LeadMapping:
    """Read and parse a mapping file."""
    try:
        return parse_mapping(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping ({exc.strerror})") from exc


class RowReader:
    """Turns the cells of one CSV row into profile, facts, events and outcome."""

    def __init__(self, mapping: LeadMapping) -> None:
        self.m = mapping

    def cell(self, row: Mapping[str, str], column: str | None) -> str | None:
        """The stripped cell, or None when empty or one of the "missing" values."""
        if column is None:
            return None
        value = (row.get(column) or "").replace("\x00", "").strip()  # (NUL: nothing said)
        return None if value.casefold() in self.m.missing else value

    def profile(self, row: Mapping[str, str]) -> scoring.Profile:
        """The profile fields named in [profile], translated through [values.<field>]."""
        fields: dict[str, Any] = {}
        for name, column in self.m.profile.items():
            value = self.cell(row, column)
            if value is not None:
                value = self.m.values.get(name, {}).get(value, value)
            fields[name] = value
        return scoring.Profile(**fields)

    def events(self, row: Mapping[str, str]) -> list[scoring.Event]:
        """Events from the row's columns, all at the mapping's as_of time."""
        out: list[scoring.Event] = []
        for rule in self.m.events:
            value = self.cell(row, rule.column)
            props: dict[str, Any] = {"fields": list(rule.fields)} if rule.fields else {}
            if rule.column is None:
                out.append(scoring.Event(rule.type, self.m.as_of, props))
            elif rule.when is not None:
                if value is not None and value in rule.when:
                    out.append(scoring.Event(rule.type, self.m.as_of, props))
            elif value is not None:
                out += self._numeric(rule, value, props)
        return out

    def _numeric(self, rule: EventRule, value: str, props: dict[str, Any]) -> list[scoring.Event]:
        try:
            amount = float(value.replace(",", "."))
        except ValueError:
            return []
        if rule.prop:
            return [scoring.Event(rule.type, self.m.as_of, {**props, rule.prop: amount})]
        times = min(MAX_EVENTS_PER_COLUMN, max(0, round(amount))) if rule.count else 1
        return [scoring.Event(rule.type, self.m.as_of, props) for _ in range(times)]

    def facts(self, row: Mapping[str, str]) -> dict[str, Any]:
        """BANT facts from columns (a stated budget amount)."""
        value = self.cell(row, self.m.budget_column)
        if value is None:
            return {}
        try:
            amount = float(value.replace(",", "."))
        except ValueError:
            return {}
        return {"budget": {"has_budget": amount > 0, "min": amount, "max": amount,
                           "currency": None, "period": None}}

    def outcome(self, row: Mapping[str, str]) -> str | None:
        """"won", "lost" or None."""
        value = self.cell(row, self.m.outcome_column)
        if value in self.m.won:
            return "won"
        return "lost" if value in self.m.lost else None


def count_rows(path: str | Path) -> int:
    """Data rows in a CSV file (for the progress bar; quoted newlines are rare in exports),
    counted in bytes, whatever the file's encoding."""
    with open(path, "rb") as handle:
        return max(0, sum(1 for _ in handle) - 1)


def _check_columns(mapping: LeadMapping, header: list[str]) -> None:
    wanted = [mapping.key_column, mapping.outcome_column, mapping.budget_column,
              *mapping.profile.values(), *(r.column for r in mapping.events)]
    absent = [c for c in wanted if c is not None and c not in header]
    if absent:
        raise MappingError(f"column {absent[0]!r} is not in the CSV. Fix: use one of "
                           f"{', '.join(header)}")


def read_leads(path: str | Path, mapping: LeadMapping,
               extra_events: Mapping[str, list[scoring.Event]] | None = None,
               on_row: Callable[[int], None] | None = None) -> Iterator[MappedLead]:
    """Yield one MappedLead per CSV row (keys are the id column or the row number)."""
    reader = RowReader(mapping)
    with _rows(path, mapping) as (header, rows):
        _check_columns(mapping, header)
        for number, (_, row) in enumerate(rows, start=1):
            key = reader.cell(row, mapping.key_column) or str(number)
            events = reader.events(row) + list((extra_events or {}).get(key, []))
            yield MappedLead(key, reader.profile(row), reader.facts(row), events,
                             reader.outcome(row))
            if on_row:
                on_row(number)


def read_events(path: str | Path, mapping: LeadMapping) -> dict[str, list[scoring.Event]]:
    """Events from a separate CSV (one event per row), grouped by lead key."""
    spec = mapping.events_csv
    lead_col, type_col = spec.get("lead", "lead_id"), spec.get("type", "type")
    at_col, props_col = spec.get("at", "occurred_at"), spec.get("props")
    types: dict[str, str] = spec.get("types", {})
    grouped: dict[str, list[scoring.Event]] = {}
    with _rows(path, mapping) as (header, rows):
        absent = [c for c in (lead_col, type_col, at_col, props_col) if c and c not in header]
        if absent:
            raise MappingError(f"{path}: column {absent[0]!r} is not in the events CSV. Fix: "
                               f"name it under [events_csv] or use one of {', '.join(header)}")
        for number, row in rows:
            kind = types.get(row.get(type_col, ""), row.get(type_col, ""))
            if kind not in scoring.EVENT_TYPES:
                raise MappingError(f"{path}, line {number}: unknown event type {kind!r}. Fix: "
                                   "map it under [events_csv.types]")
            at = _timestamp(row[at_col] or "", f"{path}, line {number}, {at_col}")
            event = scoring.Event(kind, at, _props(row.get(props_col or "") or "", path, number))
            grouped.setdefault(row[lead_col], []).append(event)
    return grouped


def _props(text: str, path: str | Path, number: int) -> dict[str, Any]:
    if not text.strip():
        return {}
    try:
        props = json.loads(text)
    except (ValueError, RecursionError):
        props = None
    if not isinstance(props, dict):
        raise MappingError(f"{path}, line {number}: the props cell is not a JSON object. Fix: "
                           'write it as {"key": "value"} or leave it empty')
    return props


@contextmanager
def _rows(path: str | Path, mapping: LeadMapping,
          ) -> Iterator[tuple[list[str], Iterator[tuple[int, dict[str, str]]]]]:
    """The header and (line number, row) of a CSV in the mapping's encoding, split by its
    delimiter or the header line's; what the csv module or the decoding refuses becomes a
    MappingError that names the line and the fix."""
    with open(path, newline="", encoding=mapping.encoding) as handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError as exc:
            raise _not_text(path, mapping, exc) from None
        delimiter = mapping.delimiter or max(DELIMITERS, key=first.count)
        reader = csv.DictReader(itertools.chain([first], handle), delimiter=delimiter)
        try:
            header = list(reader.fieldnames or [])
        except csv.Error as exc:
            raise MappingError(f"{path}, line 1: {exc}") from None

        def rows() -> Iterator[tuple[int, dict[str, str]]]:
            while True:
                last = reader.line_num
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as exc:
                    raise _not_text(path, mapping, exc) from None
                except csv.Error as exc:
                    line = max(reader.line_num, last + 1)
                    raise MappingError(f"{path}, line {line}: {exc}. Fix: look there for a quote "
                                       "(\") that opens a cell and never closes") from None
                yield reader.line_num, row

        yield header, rows()


def _not_text(path: str | Path, mapping: LeadMapping, exc: UnicodeDecodeError) -> MappingError:
    """The error for a file that is not in the mapping's encoding; it names no line, as the
    file is decoded in blocks and the line of the byte is not known."""
    name = "UTF-8" if mapping.encoding.replace("_", "-").lower() in ("utf-8-sig", "utf-8", "utf8") \
        else mapping.encoding
    return MappingError(f"{path}: not {name} text (byte 0x{exc.object[exc.start]:02x}). Fix: "
                        'save the file as UTF-8, or set [csv] encoding = "cp1252" in the mapping '
                        "(Excel's CSV on Windows)")
