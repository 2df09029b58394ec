"""Blacklist rules: email domain, company, industry or source patterns that never convert."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from fnmatch import fnmatchcase

from scoring.form_quality import email_domain
from scoring.keywords import words
from scoring.types import BlacklistRule, Profile

# Legal forms are dropped so "Acme GmbH" and "ACME" are the same company.
_LEGAL = {"gmbh", "ag", "kg", "ug", "ohg", "gbr", "ev", "e", "v", "co", "mbh", "haftungsbeschränkt",
          "inc", "ltd", "llc", "plc", "sa", "sarl", "bv", "corp", "limited", "se"}


def _norm(text: str) -> str:
    return " ".join(words(text))


def _company(text: str) -> str:
    return " ".join(w for w in words(text) if w not in _LEGAL)


def _domain_matches(domain: str, pattern: str) -> bool:
    pattern = pattern.strip().casefold().lstrip("@")
    if pattern.startswith("*."):
        pattern = pattern[2:]
    if any(ch in pattern for ch in "*?["):
        return fnmatchcase(domain, pattern)
    return domain == pattern or domain.endswith("." + pattern)


def _text_matches(value: str, pattern: str, normalise: Callable[[str], str]) -> bool:
    if any(ch in pattern for ch in "*?"):
        # glob: normalise the literal pieces between the wildcards, keep the wildcards
        pieces = re.split(r"([*?])", pattern)
        glob = "".join(p if p in {"*", "?"} else normalise(p) for p in pieces)
        return fnmatchcase(normalise(value), glob)
    wanted = normalise(pattern)
    return wanted != "" and normalise(value) == wanted


def rule_matches(profile: Profile, rule: BlacklistRule) -> bool:
    """True if the profile falls under the rule (case- and legal-form-insensitive)."""
    if rule.kind == "email_domain":
        domain = email_domain(profile.email) if profile.email else None
        return domain is not None and _domain_matches(domain, rule.pattern)
    value = {"company": profile.company, "industry": profile.industry,
             "source": profile.source}.get(rule.kind)
    if not value:
        return False
    return _text_matches(value, rule.pattern, _company if rule.kind == "company" else _norm)


def match_blacklist(profile: Profile, rules: Sequence[BlacklistRule]) -> BlacklistRule | None:
    """Return the first rule the profile matches, or None."""
    return next((rule for rule in rules if rule_matches(profile, rule)), None)
