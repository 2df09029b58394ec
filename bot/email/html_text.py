"""HTML mail bodies to plain text with the standard library's HTMLParser.

Quoted history that mail clients mark in the markup is dropped here, where it is still
recognisable: `<blockquote>` (Gmail, Apple Mail, Thunderbird), Gmail's `gmail_quote` and
`gmail_signature` blocks, Yahoo's `yahoo_quoted`, Thunderbird's `moz-cite-prefix`; and at
Outlook's reply marker (`divRplyFwdMsg`, `appendonsend`, a `border-top` separator `<div>`)
everything after is cut. Scripts, styles and comments never reach the text: the result is
plain text, never rendered as HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCK = frozenset({"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5",
                   "h6", "pre", "hr", "section", "article", "header", "footer", "address", "dd",
                   "dt", "dl", "center", "blockquote", "form", "fieldset", "body", "html"})
SKIP = frozenset({"script", "style", "head", "title", "noscript", "template", "svg", "object",
                  "iframe", "xml"})
VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base",
                  "embed", "source", "track", "param"})
QUOTE_CLASSES = re.compile(r"\b(?:gmail_quote|gmail_signature|yahoo_quoted|moz-cite-prefix|"
                           r"gmail_extra|protonmail_quote|zmail_extra|x_gmail_quote)\b", re.I)
CUT_IDS = re.compile(r"^(?:x_)?(?:divRplyFwdMsg|appendonsend|mail-editor-reference-message-container|"
                     r"OLK_SRC_BODY_SECTION)$", re.I)
SIGNATURE_ID = re.compile(r"^(?:x_)?Signature$", re.I)
OUTLOOK_SEPARATOR = re.compile(r"border-top\s*:\s*solid\s+#[0-9a-f]{6}", re.I)


class _Converter(HTMLParser):
    def __init__(self, keep_quotes: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_quotes = keep_quotes
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, starts a dropped region)
        self.dropped = 0  # depth inside dropped regions
        self.skipping = 0
        self.cut = False
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.cut:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag in SKIP:
            self.skipping += tag not in VOID
            return
        if not self.keep_quotes and self._cuts(tag, values):
            self.cut = True
            return
        drops = not self.keep_quotes and self._drops(tag, values)
        if tag not in VOID:
            self.stack.append((tag, drops))
            self.dropped += drops
            self.pre += tag == "pre"
        if tag in BLOCK:
            self._newline(tag)
        if tag == "li" and not self.dropped:
            self.parts.append("- ")

    def _drops(self, tag: str, values: dict[str, str]) -> bool:
        if tag == "blockquote":
            return True
        return bool(QUOTE_CLASSES.search(values.get("class", ""))
                    or SIGNATURE_ID.match(values.get("id", "")))

    def _cuts(self, tag: str, values: dict[str, str]) -> bool:
        if CUT_IDS.match(values.get("id", "")):
            return True
        # Outlook's reply header sits in a div whose top border separates it from the reply.
        return tag == "div" and bool(OUTLOOK_SEPARATOR.search(values.get("style", ""))) and \
            "padding" in values.get("style", "").lower()

    def handle_endtag(self, tag: str) -> None:
        if self.cut:
            return
        if tag in SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if not any(t == tag for t, _ in self.stack):
            return  # a stray end tag
        while self.stack:
            open_tag, drops = self.stack.pop()
            self.dropped -= drops
            self.pre -= open_tag == "pre"
            if open_tag == tag:
                break
        if tag in BLOCK:
            self._newline(tag)

    def _newline(self, tag: str) -> None:
        if self.dropped or self.skipping:
            return
        self.parts.append("\n\n" if tag in {"p", "table", "h1", "h2", "h3", "blockquote"} else "\n")

    def handle_data(self, data: str) -> None:
        if self.cut or self.dropped or self.skipping:
            return
        self.parts.append(data if self.pre else re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(html: str, *, keep_quotes: bool = False) -> str:
    """The visible text of an HTML body; quoted history dropped unless `keep_quotes`."""
    converter = _Converter(keep_quotes)
    try:
        converter.feed(html)
        converter.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; anything else: strip tags crudely
        return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", html)).strip()
    text = "".join(converter.parts).replace("\u00a0", " ")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
