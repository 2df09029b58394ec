"""Who is writing: one decision (rules first, then the learned model) for the facts and the flag."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest

from bot.conversation import reading
from bot.extract import extract, extract_with, resolve
from bot.extract.nonbuyer import decide
from bot.extract.scan import Scan
from bot.types import Message

AT = datetime.fromisoformat("2026-05-14T09:12:00+02:00")


@dataclass
class StubModel:
    """A learned model whose kind head says `kind` with probability `p`."""

    kind: str
    p: float
    settings: Mapping[str, Any] = field(default_factory=lambda: {"kind": {"threshold": 0.7}})

    def predict_head(self, head: str, text: str, asked: str | None) -> dict[str, float]:
        assert head == "kind"
        return {"buyer": 1.0 - self.p, self.kind: self.p}


def test_a_phrase_of_the_rules_comes_before_the_model():
    text = "Hello, are you guys hiring? I'm a plumber."
    found = decide(Scan(text, AT), StubModel("vendor", 0.95), text)  # type: ignore[arg-type]
    assert (found.kind, found.source) == ("applicant", "rules")
    assert text[found.start:found.end] == "are you guys hiring?"


@pytest.mark.parametrize(("p", "expected"), [(0.95, ("student", "model")), (0.6, None)])
def test_without_a_phrase_the_model_decides_when_it_is_sure(p: float, expected: tuple[str, str] | None):
    text = "could you answer a few questions about how you use chat tools"
    found = decide(Scan(text, AT), StubModel("student", p), text)  # type: ignore[arg-type]
    assert (found and (found.kind, found.source)) == expected


def test_a_model_without_the_kind_setting_is_not_asked():
    text = "could you answer a few questions"
    assert decide(Scan(text, AT), StubModel("student", 0.99, settings={}), text) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "kind"), [
    ("Hi! We are a digital agency. Packages from $1,500/mo, results guaranteed.", "vendor"),
    ("hallo ich wollte mich als azubi bei ihnen bewerben, ab august", "applicant"),
    ("bin schon kunde bei euch und meine rechnung ist doppelt abgebucht worden", "support"),
])
def test_the_record_and_the_flag_give_one_answer(text: str, kind: str):
    facts = [c for c in extract([Message("lead", text, AT)], AT)]
    current = resolve(facts)
    assert current["need"] is not None and current["need"].value["kind"] == kind
    assert current["need"].value["has_need"] is False
    newest = [c for c in current.values() if c is not None]
    assert reading.read(text, newest).flags == {f"non_buyer:{kind}"}


def test_a_vendors_prices_and_an_applicants_start_date_are_not_theirs():
    vendor = resolve(extract_with([Message("lead", "We are a digital agency. Packages from $1,500/mo.",
                                           AT)], AT, None))
    assert vendor["budget"] is None
    applicant = resolve(extract_with([Message("lead", "Sucht ihr noch Leute? Ich könnte ab 1. August.",
                                              AT)], AT, None))
    assert applicant["timing"] is None and applicant["need"].value["kind"] == "applicant"


def test_what_a_non_buyer_lacks_still_stands():
    facts = resolve(extract_with([Message("lead", "Ich habe kein Budget, es ist für meine Bachelorarbeit.",
                                          AT)], AT, None))
    assert facts["need"].value["kind"] == "student"
    assert facts["budget"] is not None and facts["budget"].value["has_budget"] is False


def test_a_buyer_naming_bitcoin_is_no_spammer():
    text = "ja bin einer der beiden partner. die wollen 0,8 bitcoin, zahlen wir auf keinen fall"
    facts = resolve(extract_with([Message("lead", text, AT)], AT, None))
    assert facts["authority"] is not None and facts["authority"].value["level"] == "decision_maker"
    assert reading.read(text, [c for c in facts.values() if c is not None]).flags == set()


def _chat(*turns: str) -> dict[str, Any]:
    messages = [Message("bot" if i % 2 == 0 else "lead", t, AT) for i, t in enumerate(turns)]
    facts = resolve(extract_with(messages, AT, None))
    return {slot: (None if c is None else dict(c.value)) for slot, c in facts.items()}


def test_a_non_buyer_stays_one_for_the_rest_of_the_conversation():
    facts = _chat("Hi! Welcome to The Copper Pot.", "hi are you guys hiring? I'd love to work for you",
                  "We are! Do you have experience?",
                  "yes 2 years, i need at least 30 hrs a week, can start in june")
    assert facts["need"] is not None and facts["need"]["has_need"] is False
    assert facts["timing"] is None and facts["budget"] is None
    vendor = _chat("Hallo!", "Guten Morgen, ich bin Außendienstmitarbeiter von DentaSupply.",
                   "Worum geht es?", "Aktionspreise auf Handschuhe, ab 4,90 € die Packung, bis Ende Juni")
    assert vendor["budget"] is None and vendor["need"]["kind"] == "vendor"


@pytest.mark.parametrize(("turns", "kind"), [
    (("Hi! What's your project?", "hi, what do you charge for a 5 page site?",
      "From £2,400. What's your business?",
      "I'll be honest I run a web studio in Bristol, just benchmarking"), "competitor"),
    (("Hallo! Was nehmt ihr pro m²?", "hab ich selber ne fahrschule im nachbarort und wollte nur "
      "mal vergleichen"), "competitor"),
    (("Hi! Are you looking for coaching?", "hey! not really, just having a nosey 👀"), "curious"),
    (("Hallo! Planen Sie eine Feier?", "nur mal neugierig, wie viele leute passen da rein?"), "curious"),
    (("Hi!", "you guys did my brakes two weeks ago and now theres a grinding noise"), "support"),
    (("Hallo!", "hi bin schon mitglied, mir wurde 2x der beitrag abgebucht"), "support"),
    (("Hello!", "Hi there, I'm actually looking for an apprenticeship."), "applicant"),
    (("Hallo!", "und gits personalzimmer? ich chum us de ostschwiiz"), "applicant"),
    (("Hi!", "hi, i'm a high school senior doing a project on small businesses"), "student"),
    (("Hallo!", "Glückwunsch! Sie haben ein iPhone gewonnen, nur 1,99€ Versandgebühr"), "spam"),
    (("Hello! How can we help?", "we generate exclusive homeowner leads for security installers"), "vendor"),
    (("Hello, welcome to Greenside Dental.", "omg sorry!! wrong tab"), "wrong_number"),
])
def test_each_kind_of_non_buyer_in_chat(turns: tuple[str, ...], kind: str):
    facts = _chat(*turns)
    assert facts["need"] is not None and facts["need"].get("kind") == kind
    assert facts["need"]["has_need"] is False
