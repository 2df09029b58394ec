"""Form quality: fake or incomplete form data costs points; a missing phone does not."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

import phonenumbers
from disposable_email_domains import blocklist

from scoring.keywords import words
from scoring.model import FormQuality
from scoring.rounding import to_points
from scoring.types import Profile, Reason

_EMAIL = re.compile(r"^[^@\s]+@([a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,})$")


def email_domain(email: str) -> str | None:
    """Return the lower-case domain of a syntactically valid email address, else None."""
    match = _EMAIL.match(email.strip().casefold())
    return match.group(1) if match else None


@lru_cache(maxsize=8192)
def is_disposable(domain: str) -> bool:
    """True if the domain or one of its parent domains is a known throw-away provider."""
    parts = domain.split(".")
    return any(".".join(parts[i:]) in blocklist for i in range(len(parts) - 1))


def is_placeholder_name(name: str, placeholders: Collection[str]) -> bool:
    """True for "test test", "asdf", "Max Mustermann", or a name without letters."""
    cleaned = " ".join(words(name))
    if not any(ch.isalpha() for ch in cleaned):
        return True
    return cleaned in placeholders or all(w in placeholders for w in cleaned.split())


@lru_cache(maxsize=8192)  # parsing costs ~100 µs; the same lead is rescored often
def is_valid_phone(phone: str, region: str) -> bool:
    """True if `phone` is a valid number (national numbers are read in `region`)."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(phone, region))
    except phonenumbers.NumberParseException:
        return False


def _present(profile: Profile, field: str) -> bool:
    value = getattr(profile, field)
    return value is not None and str(value).strip() != ""


def _region(profile: Profile, default: str) -> str:
    country = (profile.country or "").strip()
    return country.upper() if re.fullmatch(r"[A-Za-z]{2}", country) else default


def _email_reasons(email: str, rules: FormQuality) -> list[Reason]:
    domain = email_domain(email)
    if domain is None:
        return [Reason("form.invalid_email", rules.invalid_email,
                       f"email {email!r} is not a valid address", "profile")]
    if is_disposable(domain):
        return [Reason("form.disposable_email", rules.disposable_email,
                       f"{domain} is a throw-away email provider", "profile")]
    return []


def form_reasons(profile: Profile, asked: Collection[str], rules: FormQuality) -> list[Reason]:
    """Reasons for fake or missing form data; `asked` = fields the lead's forms asked for
    ("*" = a form that asked for the model's default required fields)."""
    reasons: list[Reason] = []
    if profile.email and profile.email.strip():
        reasons += _email_reasons(profile.email, rules)
    if profile.name and is_placeholder_name(profile.name, rules.placeholder_names):
        reasons.append(Reason("form.placeholder_name", rules.placeholder_name,
                              f"name {profile.name!r} looks like a placeholder", "profile"))
    if _present(profile, "phone"):
        if not is_valid_phone(str(profile.phone), _region(profile, rules.phone_region)):
            reasons.append(Reason("form.invalid_phone", rules.invalid_phone,
                                  f"phone {profile.phone!r} is not a valid number", "profile"))
    else:
        reasons.append(Reason("context.no_phone", 0, "no phone number: not held against the "
                              "lead, many prefer email (seed 002)", "profile"))
    # Only a submitted form can be incomplete: a chat lead who gave no company left no form
    # empty (seed 002: missing data is not disinterest).
    required = sorted(set(asked) - {"*"} | (set(rules.required) if "*" in asked else set()))
    for field in required:
        if field != "phone" and not _present(profile, field):
            reasons.append(Reason(f"form.missing_{field}", rules.missing_field,
                                  f"form left {field.replace('_', ' ')} empty", "profile"))
    return _cap(reasons, rules.cap)


def _cap(reasons: list[Reason], cap: int) -> list[Reason]:
    total = sum(r.points for r in reasons)
    if total < cap:
        reasons.append(Reason("cap.form_quality", to_points(cap - total),
                              f"form penalties capped at {cap}", "model"))
    return reasons
