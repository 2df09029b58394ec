"""Return dates in out-of-office replies: "bis zum 19.05.", "back on May 19th", "ab dem 20.5. wieder"."""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    "jan": 1, "januar": 1, "january": 1, "jänner": 1, "feb": 2, "februar": 2, "february": 2,
    "mär": 3, "mar": 3, "märz": 3, "march": 3, "apr": 4, "april": 4, "mai": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "okt": 10, "oct": 10, "oktober": 10, "october": 10,
    "nov": 11, "november": 11, "dez": 12, "dec": 12, "dezember": 12, "december": 12,
}
MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE = re.compile(
    rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)|"
    rf"\b(?P<d>\d{{1,2}})\.\s?(?P<m>\d{{1,2}})\.(?:\s?(?P<y>\d{{2,4}}))?|"
    rf"\b(?P<d2>\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:\s*,?\s*(?P<y2>\d{{4}}))?|"
    rf"\b(?P<mon2>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(?P<d3>\d{1,2})"
    r"(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y3>\d{4}))?\b|"
    r"\b(?P<m4>\d{1,2})/(?P<d4>\d{1,2})(?:/(?P<y4>\d{2,4}))?\b",
    re.IGNORECASE)
UNTIL = re.compile(r"(?:bis|until|till|through|thru|to|einschließlich|inclusive)\W*(?:\w+\W+){0,3}$",
                   re.IGNORECASE)
BACK = re.compile(r"(?:zurück|wieder|back|return(?:ing)?|ab|from|am|on)\W*(?:\w+\W+){0,3}$",
                  re.IGNORECASE)


def _year(raw: str | None, month: int, day: int, today: date) -> int:
    if raw:
        year = int(raw)
        return year + 2000 if year < 100 else year
    candidate = date(today.year, month, day) if _valid(today.year, month, day) else None
    if candidate and candidate < today - timedelta(days=7):
        return today.year + 1
    return today.year


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _as_date(m: re.Match[str], today: date) -> date | None:
    g = m.groupdict()
    if g["iso"]:
        y, mo, d = (int(x) for x in g["iso"].split("-"))
    elif g["d"]:
        d, mo = int(g["d"]), int(g["m"])
        y = _year(g["y"], mo, d, today) if 1 <= mo <= 12 and 1 <= d <= 31 else 0
    elif g["d2"]:
        d, mo = int(g["d2"]), MONTHS[g["mon"].lower()]
        y = _year(g["y2"], mo, d, today)
    elif g["mon2"]:
        d, mo = int(g["d3"]), MONTHS[g["mon2"].lower()]
        y = _year(g["y3"], mo, d, today)
    else:
        mo, d = int(g["m4"]), int(g["d4"])
        if mo > 12:
            mo, d = d, mo
        y = _year(g["y4"], mo, d, today) if 1 <= mo <= 12 and 1 <= d <= 31 else 0
    return date(y, mo, d) if y and _valid(y, mo, d) else None


def find_return_date(text: str, today: date) -> date | None:
    """The first day the sender is back, from the dates an auto reply names (None if none)."""
    best: date | None = None
    for m in DATE.finditer(text[:3000]):
        found = _as_date(m, today)
        if found is None or found < today - timedelta(days=1) or found > today + timedelta(days=400):
            continue
        before = text[max(0, m.start() - 40):m.start()]
        if BACK.search(before) and not UNTIL.search(before):
            return found
        if UNTIL.search(before):
            return found + timedelta(days=1)
        best = max(best, found) if best else found
    return best + timedelta(days=1) if best else None
