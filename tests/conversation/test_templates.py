"""Templated replies: every decision renders in both languages, one question at most."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

import prompts
from bot.conversation.templates import render_reply

KINDS = ["greet", "ask", "clarify", "handoff", "close", "stop", "error"]
SLOTS = ["budget", "authority", "need", "timing"]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("variant", range(3))
def test_every_kind_renders_with_at_most_one_question(lang: str, kind: str, variant: int) -> None:
    for slot in SLOTS:
        text = render_reply(lang, kind, slot=slot, variant=variant)
        assert text and "{" not in text
        assert text.count("?") <= 1
        if kind in ("ask", "clarify", "greet"):
            assert text.endswith("?")
        if kind in ("handoff", "close", "stop", "error"):
            assert "?" not in text


def test_phrasings_vary_across_variants() -> None:
    texts = {render_reply("de", "ask", slot="budget", variant=v) for v in range(3)}
    assert len(texts) == 3


@pytest.mark.parametrize(("lang", "expected"), [("de", "500 € im Monat"), ("en", "€500 a month")])
def test_acknowledges_what_the_lead_said(lang: str, expected: str) -> None:
    ack = [{"slot": "budget", "value": {"has_budget": True, "min": 500, "max": 500,
                                        "currency": "EUR", "period": "month"}}]
    assert expected in render_reply(lang, "ask", slot="timing", acks=ack)


def test_email_only_wish_is_respected_in_the_handoff() -> None:
    text = render_reply("de", "handoff", flags=frozenset({"email_only"}))
    assert "E-Mail" in text


def test_templates_fail_loudly_on_a_missing_variable() -> None:
    with pytest.raises(UndefinedError):
        prompts.render("replies/de.j2", kind="ask")
