"""Calendar arithmetic and the month/weekday/season vocabulary of both languages."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

MONTHS = {
    "januar": 1, "jänner": 1, "jaenner": 1, "january": 1, "jan": 1,
    "februar": 2, "feber": 2, "february": 2, "feb": 2,
    "märz": 3, "maerz": 3, "march": 3, "mär": 3, "mar": 3, "mrz": 3, "merz": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "auguscht": 8, "augschte": 8,
    "september": 9, "sept": 9, "sep": 9, "septämber": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "novämber": 11, "novembr": 11,
    "dezember": 12, "december": 12, "dez": 12, "dec": 12, "dezämber": 12,
}
MONTH_RE = (
    r"(?:januar|jänner|jaenner|january|februar|feber|february|märz|maerz|march|april|mai|may|"
    r"juni|june|juli|july|auguscht|augschte|august|septämber|september|oktober|october|novämber|"
    r"novembr|november|dezämber|dezember|december|merz|"
    r"(?:jan|feb|mär|mar|mrz|apr|jun|jul|aug|sept|sep|okt|oct|nov|dez|dec)\.?)"
)
WEEKDAYS = {
    "montag": 0, "monday": 0, "dienstag": 1, "tuesday": 1, "mittwoch": 2, "wednesday": 2,
    "donnerstag": 3, "thursday": 3, "freitag": 4, "friday": 4, "samstag": 5, "saturday": 5,
    "sonnabend": 5, "sonntag": 6, "sunday": 6,
}
WEEKDAY_RE = "(?:" + "|".join(WEEKDAYS) + ")"
ORDINAL_WORDS = {
    "ersten": 1, "erste": 1, "erstes": 1, "first": 1, "zweiten": 2, "zweite": 2, "zweites": 2,
    "second": 2, "dritten": 3, "dritte": 3, "drittes": 3, "third": 3, "vierten": 4, "vierte": 4,
    "viertes": 4, "fourth": 4, "letzten": 4, "letzte": 4, "last": 4,
}


def month_number(word: str) -> int | None:
    """Month number of a German or English month name or abbreviation."""
    return MONTHS.get(word.lower().rstrip("."))


def end_of_month(year: int, month: int) -> date:
    """Last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clipped to the month's end."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_of(day: date) -> int:
    """Quarter number 1–4 of a date."""
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> date:
    """First day of a quarter."""
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    """Last day of a quarter."""
    return end_of_month(year, 3 * quarter)


def upcoming_month(reference: date, month: int, year: int | None = None) -> int:
    """The year of the next occurrence of a month (this month counts as upcoming)."""
    if year is not None:
        return year
    return reference.year if month >= reference.month else reference.year + 1


def upcoming_day(reference: date, month: int, day: int, year: int | None = None) -> date | None:
    """The next occurrence of a day and month on or after reference (None if invalid)."""
    years = [year] if year is not None else [reference.year, reference.year + 1]
    for y in years:
        try:
            candidate = date(y, month, day)
        except ValueError:
            continue
        if year is not None or candidate >= reference:
            return candidate
    return None


def next_weekday(reference: date, weekday: int) -> date:
    """The next given weekday strictly after reference."""
    return reference + timedelta(days=(weekday - reference.weekday() - 1) % 7 + 1)


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month = (h + j - 7 * m + 114) // 31
    day = (h + j - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def thanksgiving(year: int) -> date:
    """US Thanksgiving: the fourth Thursday of November."""
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def upcoming(reference: date, make: Callable[[int], date]) -> date:
    """make(year) for this year, or next year if that date has passed."""
    this_year = make(reference.year)
    return this_year if this_year >= reference else make(reference.year + 1)


def horizon_for(deadline: date, reference: date) -> str:
    """Horizon of a target date: now (≤ 30 days), soon (≤ 120), later."""
    days = (deadline - reference).days
    return "now" if days <= 30 else "soon" if days <= 120 else "later"
