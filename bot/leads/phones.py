"""A phone number the lead types in chat or email ("0176 4412 903", "+49 170 1234567",
"(555) 123-4567"), found with `phonenumbers` and kept only when it is plainly a phone number.

Grounded: only the lead's own text is read, and the number keeps its quote and message. A
figure that is a budget, a count or a date is never taken: a match next to a currency or unit,
in a date shape or a thousands grouping is skipped, and a match that `phonenumbers` finds only
possible, not valid, needs a country code, or ten digits and a phone shape ("(555) …",
555-123-4567) or a phone word ("Tel.", "call me", "Handy") near it. Someone else's number
("his cell is …") is not the lead's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

MAX_TEXT = 5_000  # a phone number is in a short message; longer text is not scanned further
MAX_TRIES = 30  # figures per pass that are no phone number before `phonenumbers` gives up
MIN_DIGITS, MAX_DIGITS = 7, 15
REGIONS = {"de": ("DE", "AT", "CH"), "en": ("US", "GB", "IE")}
COUNTRY_NAMES = {"deutschland": "DE", "germany": "DE", "österreich": "AT", "austria": "AT",
                 "schweiz": "CH", "switzerland": "CH", "usa": "US", "united states": "US",
                 "uk": "GB", "united kingdom": "GB", "england": "GB", "ireland": "IE"}

_DATE = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$|^\d{4}-\d{1,2}-\d{1,2}$")
_GROUPED = re.compile(r"^\d{1,3}(?:[.,']\d{3})+(?:[.,]\d{1,2})?$")  # 2.500.000, 20,000.00
_UNIT = re.compile(r"(?:€|\$|£|%|\b(?:eur|euro|usd|dollars?|chf|gbp|pfund|franken|k|tsd|mio|"
                   r"million(?:en)?|mrd|stück|kunden|mitarbeiter|employees|customers|users|nutzer|"
                   r"m2|m²|qm|km|kg|jahre?|years?|monate?|months?|tage?|days?|uhr)\b)", re.IGNORECASE)
_CUE = re.compile(r"\b(?:tel(?:efon)?|phone|fon|mobil|mobile|handy|cell|nummer|number|no\.|nr\.|"
                  r"anrufen|ruf(?:en)?|call|ring|erreichbar|reach|whatsapp|sms|text\s+me|rückruf|"
                  r"zurückrufen|call\s+back)\b", re.IGNORECASE)
_OTHER_NUMBER = re.compile(  # "Rechnungsnummer 2026000123", "order no. 4711", "IBAN DE89 ..."
    r"(?:rechnung|bestell|auftrag|kunden|vertrag|vorgang|ticket|order|invoice|account|konto|iban|"
    r"steuer|ust|plz|zip|postcode|ref|id|serien|serial|artikel|item|tracking|sendung|fax|telefax)\w*\.?\s*"
    r"(?:-?nr\.?|-?nummer|number|no\.?|#)?\s*:?\s*$", re.IGNORECASE)
_THIRD_PARTY = re.compile(r"\b(?:his|her|their|seine[rn]?)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
_PHONE_SHAPE = re.compile(r"^\+\d|^\(\d{2,5}\)|^\d{3}[-.\s]\d{3}[-.\s]\d{4}$")
_ANY_SHAPE = re.compile(r"\+\d|\(\d{2,5}\)|\b\d{3}[-.\s]\d{3}[-.\s]\d{4}\b")


@dataclass(frozen=True)
class PhoneMention:
    """A phone number in the lead's text: E.164, and the characters it was read from."""

    e164: str
    quote: str
    span: tuple[int, int]


def regions_for(lang: str | None, country: str | None) -> list[str]:
    """Regions to read local numbers in: the lead's country, then its language's (both
    languages' when it is unknown). A number in international form (+49 …) needs none."""
    found: list[str] = []
    if country:
        name = country.strip().lower()
        code = name.upper() if len(name) == 2 and name.isalpha() else COUNTRY_NAMES.get(name)
        if code and code in phonenumbers.SUPPORTED_REGIONS:
            found.append("GB" if code == "UK" else code)
    for lang_regions in ((REGIONS.get(lang),) if lang in REGIONS else (REGIONS["de"], REGIONS["en"])):
        found += [r for r in lang_regions or () if r not in found]
    return found


def _plain_number(text: str, start: int, end: int, raw: str) -> bool:
    """Not a date, a grouped amount or a figure with a currency or unit beside it."""
    digits = sum(c.isdigit() for c in raw)
    if not MIN_DIGITS <= digits <= MAX_DIGITS or _DATE.match(raw) or _GROUPED.match(raw):
        return False
    before, after = text[max(0, start - 12):start], text[end:end + 14]
    if _OTHER_NUMBER.search(text[max(0, start - 30):start]):
        return False
    return not (_UNIT.search(after.split("\n")[0][:14]) or re.search(r"[€$£]\s*$", before)
                or re.search(r"\b(?:eur|euro|usd|chf|budget|ca\.?|circa|about|around)\s*$", before,
                             re.IGNORECASE))


def _possible_phone(text: str, start: int, end: int, raw: str) -> bool:
    """A number `phonenumbers` finds possible, not valid: with a country code, or ten digits
    and a phone shape or a phone word near it."""
    if raw.startswith("+"):
        return True
    if sum(c.isdigit() for c in raw) < 10:
        return False
    return _PHONE_SHAPE.match(raw) is not None or _CUE.search(text[max(0, start - 40):start]) is not None \
        or _CUE.search(text[end:end + 20]) is not None


def phone_in(text: str, *, lang: str | None = None, country: str | None = None) -> PhoneMention | None:
    """The first phone number in the lead's text, or None."""
    text = text[:MAX_TEXT]
    if sum(c.isdigit() for c in text) < MIN_DIGITS:
        return None
    shaped = _CUE.search(text) is not None or _ANY_SHAPE.search(text) is not None
    for leniency in (Leniency.VALID, Leniency.POSSIBLE) if shaped else (Leniency.VALID,):
        for region in regions_for(lang, country):
            for match in PhoneNumberMatcher(text, region, leniency=leniency, max_tries=MAX_TRIES):
                raw = match.raw_string
                if not _plain_number(text, match.start, match.end, raw):
                    continue
                if leniency == Leniency.POSSIBLE and not _possible_phone(text, match.start, match.end, raw):
                    continue
                if _THIRD_PARTY.search(text[max(0, match.start - 30):match.start]):
                    continue  # "his cell is …": someone else's number
                e164 = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
                return PhoneMention(e164, raw, (match.start, match.end))
    return None
