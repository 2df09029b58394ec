"""Reading an email with the standard library: headers, the body as text, attachments listed.

Any charset Python knows, quoted-printable and base64 are decoded; an unknown or wrong
charset falls back to UTF-8, then Windows-1252, with replacement characters rather than an
error (the problem is noted). text/plain is preferred; without it the HTML part is turned
into text. Attachments are never decoded, only listed. Also reads bare plain-text and bare
HTML bodies, so that the same pipeline serves files, webhooks and SMTP.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from email.policy import EmailPolicy
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from typing import Literal

from bot.email.html_text import html_to_text

Format = Literal["eml", "text", "html"]
KNOWN_HEADERS = frozenset({"received", "return-path", "mime-version", "message-id", "content-type",
                           "delivered-to", "date", "subject", "from", "to", "x-mailer",
                           "in-reply-to", "references", "reply-to", "cc", "dkim-signature",
                           "authentication-results", "x-received", "user-agent", "thread-topic",
                           "content-transfer-encoding", "x-originating-ip", "sender"})
HEADER_LINE = re.compile(rb"^[A-Za-z0-9][A-Za-z0-9_-]{0,75}:")
HTML_START = re.compile(r"^\s*(?:<\?xml|<!doctype\s+html|<html|<head|<body|<div|<p[\s>]|<table|<span|"
                        r"<br|<meta|<blockquote|<font|<!--|<style|<o:p|<center|<pre)", re.I)
MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
# What is read of a body (the raw message is stored whole): a reply's own words come first,
# and reading is linear in the length (2 MB of text took 3 s, 5 MB of HTML 12 s).
MAX_TEXT_CHARS = 100_000
MAX_HTML_CHARS = 300_000
# The standard library's header parsing takes time growing with the square of a header's
# length (a 320 KB Subject took 1.8 s, 1.6 MB of encoded words 48 s), and its lookups of a
# header by name with the square of their number (8,000 headers took 1 s): so a header is
# read up to MAX_HEADER_CHARS (the rest noted in `problems`), at most MAX_HEADERS names are
# kept, and a message with more than MAX_BOUNDARY_LINES lines that may start a part (each
# part cost 0.2 ms; 100,000 parts in 4.5 MB took 21 s) is not read. Real replies are far
# below all three.
MAX_HEADER_CHARS = 16_384
MAX_HEADERS = 200
MAX_BOUNDARY_LINES = 2_000
BOUNDARY_LINE = re.compile(rb"^--", re.M)
DATA_URI = re.compile(r"""data:[^"'\s>]{64,}""", re.I)  # inline images: nothing to read


class _BoundedPolicy(EmailPolicy):
    """The standard library's default policy, reading each header up to MAX_HEADER_CHARS."""

    def header_fetch_parse(self, name: str, value: str) -> str:
        return super().header_fetch_parse(name, value[:MAX_HEADER_CHARS])  # type: ignore[no-any-return]


BOUNDED = _BoundedPolicy()


class UnreadableEmail(ValueError):
    """A message the email package cannot read at all (parts nested beyond its recursion)."""


@dataclass(frozen=True)
class Attachment:
    """An attachment by name, type and size; its content is not read."""

    filename: str | None
    content_type: str
    size: int


@dataclass(frozen=True)
class ParsedEmail:
    """An email as the rest of the pipeline needs it."""

    body: str  # the text body (HTML already turned into text, quoted markup dropped)
    body_format: Format
    full_text: str = ""  # the body with HTML quotes kept (raw text for plain bodies)
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    from_addr: str | None = None
    from_name: str | None = None
    to: tuple[str, ...] = ()
    subject: str = ""
    date: datetime | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()
    problems: tuple[str, ...] = ()


def sniff(raw: bytes) -> Format:
    """`eml` for a message with a header block, `html` for a bare HTML body, else `text`."""
    head = raw[:8192].removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    header_lines: list[bytes] = []
    for line in lines:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") and header_lines:
            continue  # folded continuation
        if not HEADER_LINE.match(line):
            header_lines = []
            break
        header_lines.append(line.split(b":", 1)[0].lower())
    names = {name.decode("ascii", "replace") for name in header_lines}
    if len(header_lines) >= 2 and len(names & KNOWN_HEADERS) >= 2:
        return "eml"
    if HTML_START.match(decode_bytes(head[:2048], "utf-8")[0]):
        return "html"
    return "text"


def decode_bytes(data: bytes, charset: str | None) -> tuple[str, str | None]:
    """Text in `charset`; unknown or wrong charsets fall back (the problem is returned)."""
    name = (charset or "utf-8").strip().strip('"').lower() or "utf-8"
    try:
        codecs.lookup(name)
    except LookupError:
        return _fallback(data), f"unknown charset {name!r}"
    try:
        return data.decode(name), None
    except UnicodeDecodeError:
        return _fallback(data), f"body is not valid {name}"


def _fallback(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse(raw: bytes, fmt: Format | None = None) -> ParsedEmail:
    """Parse a full message, a bare text body or a bare HTML body (sniffed when not given)."""
    fmt = fmt or sniff(raw)
    if fmt == "eml":
        try:
            return _without_nul(_parse_message(raw))
        except RecursionError:  # thousands of nested parts: a crafted message, not mail
            raise UnreadableEmail("the message's parts are nested too deeply to read") from None
    text, problem = decode_bytes(raw, "utf-8")
    problems = [problem] if problem else []
    if fmt == "html":
        text = _bounded(text, "html", problems)
        return _without_nul(ParsedEmail(body=html_to_text(text), body_format="html",
                                        full_text=html_to_text(text, keep_quotes=True),
                                        problems=tuple(problems)))
    text = _bounded(text, "text", problems)
    return _without_nul(ParsedEmail(body=text, body_format="text", full_text=text,
                                    problems=tuple(problems)))


def _bounded(body: str, kind: Literal["text", "html"], problems: list[str]) -> str:
    """The part of a body that is read: inline images dropped from HTML, then at most
    MAX_TEXT_CHARS of text or MAX_HTML_CHARS of HTML (noted in `problems` when cut)."""
    if kind == "html" and "data:" in body:
        body = DATA_URI.sub("data:", body)
    limit = MAX_HTML_CHARS if kind == "html" else MAX_TEXT_CHARS
    if len(body) <= limit:
        return body
    problems.append(f"{kind} body of {len(body):,} characters: the first {limit:,} are read")
    cut = body.rfind("<", 0, limit) if kind == "html" else -1
    return body[:cut if cut > 0 else limit]  # HTML before a tag, not inside one (read as text)


def _without_nul(parsed: ParsedEmail) -> ParsedEmail:
    """NUL characters (from a broken mailer, or binary sent as text) say nothing and cannot
    be stored as text on PostgreSQL: dropped from everything read, so that a reply with one
    is kept the same on both stores (its raw bytes keep them)."""
    def clean(value: str | None) -> str | None:
        return value.replace("\x00", "") if value and "\x00" in value else value

    return replace(
        parsed, body=clean(parsed.body) or "", full_text=clean(parsed.full_text) or "",
        message_id=clean(parsed.message_id), in_reply_to=clean(parsed.in_reply_to),
        references=tuple(clean(r) or "" for r in parsed.references),
        from_addr=clean(parsed.from_addr), from_name=clean(parsed.from_name),
        to=tuple(clean(a) or "" for a in parsed.to), subject=clean(parsed.subject) or "",
        headers={clean(k) or "": clean(v) or "" for k, v in parsed.headers.items()})


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    if value is None:
        return ""
    try:
        return str(value).strip()
    except Exception:  # noqa: BLE001 - a malformed header: decode the raw value leniently
        for key, raw in message.raw_items():  # type: ignore[attr-defined]
            if key.lower() == name.lower():
                return _decoded(message, key, raw)
        return ""


def _headers(message: Message, problems: list[str]) -> dict[str, str]:
    """Every header by its lowercased name, the first of each name, at most MAX_HEADERS
    names, read in one pass (looked up by name, each would cost a pass over all headers)."""
    found: dict[str, str] = {}
    for name, raw in message.raw_items():  # type: ignore[attr-defined]
        key = name.lower()
        if key in found:
            continue
        if len(found) == MAX_HEADERS:
            problems.append(f"more than {MAX_HEADERS} header names: the first are kept")
            break
        found[key] = _decoded(message, name, raw)
    return found


def _decoded(message: Message, name: str, raw: str) -> str:
    """A raw header value as text (RFC 2047 words decoded), leniently if it is malformed."""
    try:
        return str(message.policy.header_fetch_parse(name, raw)).strip()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a malformed header: decode the raw value leniently
        try:
            return str(make_header(decode_header(str(raw)[:MAX_HEADER_CHARS]))).strip()
        except Exception:  # noqa: BLE001
            return str(raw)[:MAX_HEADER_CHARS].strip()


def _ids(value: str) -> tuple[str, ...]:
    found = MESSAGE_ID.findall(value)
    if not found and value.strip() and " " not in value.strip():
        found = [value.strip()]
    return tuple(found)


def _date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _parse_message(raw: bytes) -> ParsedEmail:
    if any(n == MAX_BOUNDARY_LINES for n, _ in enumerate(BOUNDARY_LINE.finditer(raw))):
        raise UnreadableEmail(f"the message has more than {MAX_BOUNDARY_LINES:,} lines that may "
                              "start a part; a reply has a few parts")
    message = message_from_bytes(raw, policy=BOUNDED)
    problems = [f"malformed headers: {type(d).__name__}" for d in message.defects[:3]]
    problems += [f"header {name[:40]} of {len(value):,} characters: the first "
                 f"{MAX_HEADER_CHARS:,} are read"
                 for name, value in message.raw_items() if len(value) > MAX_HEADER_CHARS][:3]
    plain, html, attachments = _body_parts(message, problems)
    plain = None if plain is None else _bounded(plain, "text", problems)
    html = None if html is None else _bounded(html, "html", problems)
    if plain is not None and plain.strip():
        body, full, fmt = plain, plain, "text"
    elif html is not None:
        body, full, fmt = html_to_text(html), html_to_text(html, keep_quotes=True), "html"
    else:
        body, full, fmt = "", "", "text"
    name, addr = parseaddr(_header(message, "From"))
    to = tuple(a for _, a in getaddresses([_header(message, "To"), _header(message, "Cc")]) if a)
    headers = _headers(message, problems)
    in_reply_to = _ids(_header(message, "In-Reply-To"))
    return ParsedEmail(
        body=body, body_format=fmt, full_text=full,  # type: ignore[arg-type]
        message_id=next(iter(_ids(_header(message, "Message-ID"))), None),
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=_ids(_header(message, "References")), from_addr=addr.lower() or None,
        from_name=name or None, to=to, subject=_header(message, "Subject"),
        date=_date(_header(message, "Date")), headers=headers, attachments=tuple(attachments),
        problems=tuple(problems))


def _body_parts(message: Message, problems: list[str]) -> tuple[str | None, str | None,
                                                                 list[Attachment]]:
    plain: str | None = None
    html: str | None = None
    attachments: list[Attachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if disposition == "attachment" or (filename and disposition != "inline") or \
                not ctype.startswith("text/"):
            attachments.append(Attachment(filename, ctype, len(data)))
            continue
        if ctype not in ("text/plain", "text/html"):
            continue
        text, problem = decode_bytes(data, part.get_content_charset())
        if problem:
            problems.append(problem)
        if ctype == "text/plain" and plain is None:
            plain = text
        elif ctype == "text/html" and html is None:
            html = text
    return plain, html, attachments
