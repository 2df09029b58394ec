"""Blacklist rules match by email domain, company or segment, each with its reason."""

import pytest

from scoring import BlacklistRule, Profile, match_blacklist

RULES = [
    BlacklistRule("email_domain", "konkurrenz.de", "competitor"),
    BlacklistRule("company", "Acme", "never pays"),
    BlacklistRule("industry", "Glücksspiel*", "not our segment"),
    BlacklistRule("source", "Gewinnspiel", "prize hunters never convert"),
]


@pytest.mark.parametrize(("profile", "reason"), [
    (Profile(email="a@konkurrenz.de"), "competitor"),
    (Profile(email="A@Mail.Konkurrenz.DE"), "competitor"),
    (Profile(company="ACME GmbH"), "never pays"),
    (Profile(industry="Glücksspiel & Wetten"), "not our segment"),
    (Profile(source="gewinnspiel"), "prize hunters never convert"),
])
def test_matching_rule_is_returned_with_reason(profile, reason):
    rule = match_blacklist(profile, RULES)
    assert rule is not None and rule.reason == reason


@pytest.mark.parametrize("profile", [
    Profile(email="a@nicht-konkurrenz.de"),
    Profile(company="Acme Tools"),
    Profile(industry="Software"),
    Profile(),
])
def test_other_leads_do_not_match(profile):
    assert match_blacklist(profile, RULES) is None


def test_domain_patterns_accept_at_and_wildcards():
    rules = [BlacklistRule("email_domain", "@*.example", "test domains")]
    assert match_blacklist(Profile(email="x@shop.example"), rules).reason == "test domains"
