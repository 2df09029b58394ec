"""Templated replies: every decision renders in both languages, one question at most."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from jinja2 import UndefinedError

import prompts
from bot.conversation.templates import ack_of, render_reply
from bot.types import Candidate

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


CEILING = {"has_budget": True, "min": None, "max": 100, "currency": "EUR", "period": "month"}
DECIDER = {"level": "decision_maker", "role": "chef"}


@pytest.mark.parametrize(("lang", "said", "never"), [("de", "bis 100 € im Monat", "ab 100"),
                                                     ("en", "up to €100 a month", "from €100")])
def test_a_ceiling_is_acknowledged_as_a_ceiling(lang: str, said: str, never: str) -> None:
    text = render_reply(lang, "ask", slot="timing", acks=[{"slot": "budget", "value": CEILING}])
    assert said in text and never not in text


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("variant", range(4))
def test_no_raw_field_value_in_a_reply(lang: str, variant: int) -> None:
    text = render_reply(lang, "ask", slot="budget", variant=variant,
                        acks=[{"slot": "authority", "value": DECIDER}])
    assert "chef" not in text and "(" not in text


@pytest.mark.parametrize("kind", KINDS + ["note"])
@pytest.mark.parametrize("slot", SLOTS)
@pytest.mark.parametrize("variant", range(3))
def test_du_replies_say_du(kind: str, slot: str, variant: int) -> None:
    flags = frozenset({"question_open", "lead_why"})
    sie = render_reply("de", kind, slot=slot, variant=variant, flags=flags)
    du = render_reply("de", kind, slot=slot, variant=variant, flags=flags, address="du")
    assert not re.search(r"\b(?:Sie|Ihnen|Ihre[nrms]?|Ihr)\b", du), du
    if re.search(r"\b(?:Sie|Ihnen|Ihre[nrms]?)\b", sie):
        assert re.search(r"\b(?:du|dir|dich|dein\w*)\b", du, re.IGNORECASE), du


@pytest.mark.parametrize(("kind", "flag", "words"), [
    ("close", "non_buyer:vendor", "Dienstleistern"),
    ("close", "non_buyer:applicant", "Bewerbungen"),
    ("close", "non_buyer:student", "Erfolg mit Ihrer Arbeit"),
    ("close", "non_buyer:wrong_number", "Kein Problem"),
    ("close", "non_buyer:competitor", "Preisvergleiche"),
    ("handoff", "non_buyer:support", "Kundenservice"),
    ("handoff", "urgent", "dringend"),
])
def test_non_buyers_and_urgent_requests_get_their_own_words(kind: str, flag: str, words: str) -> None:
    business = {"email": "info@example.org", "phone": "089 1", "emergency_phone": "0171 2"}
    text = render_reply("de", kind, flags=frozenset({flag}), business=business)
    assert words in text and "?" not in text


def test_a_sentence_said_before_is_not_said_again() -> None:
    from bot.conversation.responder import Decision, TurnInput
    from bot.conversation.templates import TemplateResponder, sentences
    from bot.types import Message

    clock = datetime(2026, 12, 1, tzinfo=UTC)
    messages: list[Message] = []
    seen: list[str] = []
    for n in range(6):
        messages.append(Message("lead", f"noch was {n}", clock))
        turn = TurnInput(conversation_id="c1", lang="de", messages=list(messages), facts={},
                         decision=Decision("note", None, "after hand-off"))
        text = TemplateResponder().respond(turn).text
        assert text and not set(sentences(text)) & set(seen), (text, seen)
        seen += sentences(text)
        messages.append(Message("bot", text, clock))


@pytest.mark.parametrize("lang,deadline,said,raw", [
    ("de", "2027-03-01", "Anfang März 2027", "01.03.2027"),
    ("de", "2027-03-15", "15. März 2027", "15.03.2027"),
    ("en", "2027-03-01", "early March 2027", "1 March 2027"),
])
def test_a_target_date_is_said_naturally(lang, deadline, said, raw):
    text = render_reply(lang, "ask", slot="budget",
                        acks=[{"slot": "timing", "value": {"horizon": "soon", "deadline": deadline}}])
    assert said in text and raw not in text and "  " not in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_applicant_close_names_one_application_address(lang):
    answer = "Bewerbungen bitte an karriere@beispiel-bau.de." if lang == "de" else \
        "Please send applications to careers@example-build.com."
    text = render_reply(lang, "close", flags=frozenset({"non_buyer:applicant"}), answers=[answer],
                        business={"name": "Beispiel Bau", "email": "info@beispiel-bau.de"})
    assert len(set(re.findall(r"[\w.-]+@[\w.-]+\w", text))) == 1, text


def test_the_close_does_not_praise_openness_the_lead_never_showed():
    for variant in range(6):
        text = render_reply("de", "close", variant=variant)
        assert "Offenheit" not in text and "  " not in text


NEED_ACK = {"slot": "need", "value": {"has_need": True, "summary": "Heizung kaputt"}}
URGENT_TIMING = {"slot": "timing", "value": {"horizon": "now", "deadline": None}}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("variant", range(3))
def test_an_urgent_hand_off_gets_to_the_point(lang: str, variant: int) -> None:
    text = render_reply(lang, "handoff", acks=[NEED_ACK, URGENT_TIMING], variant=variant,
                        flags=frozenset({"urgent"}), answers=["Notdienst: 0171 2."])
    assert text.startswith("Notdienst") and "  " not in text, text


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("kind_flag", ["wants_human", "non_buyer:support", ""])
@pytest.mark.parametrize("attempt", range(3))
def test_an_open_question_in_a_hand_off_names_no_second_colleague(lang: str, kind_flag: str,
                                                                 attempt: int) -> None:
    flags = frozenset({"question_open", kind_flag} - {""})
    for variant in range(3):
        text = render_reply(lang, "handoff", flags=flags, variant=variant, attempt=attempt)
        assert len(re.findall(r"Kollegin|Kollege|colleague", text)) <= 1, text
        assert re.search(r"Frage|question", text), text


@pytest.mark.parametrize(("lang", "words"), [("de", "Löschanfrage"), ("en", "deletion request")])
def test_a_request_to_delete_the_data_is_confirmed(lang: str, words: str) -> None:
    flags = frozenset({"erasure_requested", "do_not_contact"})
    text = render_reply(lang, "stop", flags=flags, answers=["Ein Relaunch dauert acht Wochen."])
    assert words in text and text.startswith("Ein Relaunch") and "?" not in text


def test_we_can_help_is_not_said_while_a_question_is_open() -> None:
    for variant in range(6):
        text = render_reply("de", "ask", slot="timing", acks=[NEED_ACK], variant=variant,
                            flags=frozenset({"question_open"}))
        assert "helfen können" not in text, text


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("kind", ["ask", "clarify"])
@pytest.mark.parametrize("slot", ["budget", "authority", "timing"])
def test_no_question_about_it_before_anyone_knows_what_it_is(lang: str, kind: str, slot: str) -> None:
    for variant in range(6):
        text = render_reply(lang, kind, slot=slot, variant=variant, flags=frozenset({"need_unknown"}))
        assert not re.search(r"\b(?:dafür|darüber|das erledigt|das stehen|for this|on this|it should|"
                             r"should it be)\b", text), text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_question_answered_before_is_pointed_to(lang: str) -> None:
    text = render_reply("de" if lang == "de" else "en", "ask", slot="budget",
                        flags=frozenset({"answered_before"}))
    assert re.search(r"weiter oben|further up|message above", text), text


def _candidate(slot: str, value: dict, quote: str) -> Candidate:
    return Candidate(slot=slot, value=value, quote=quote, message_index=1, span=(0, len(quote)),
                     confidence=0.9)


@pytest.mark.parametrize("lang,quote,said,unsaid", [
    # A day the lead never named is not echoed: "Mitte nächsten Jahres" is no "2. Juli".
    ("de", "sollte bis mitte nächsten jahres stehen", "Anfang Juli 2027", "2. Juli"),
    ("de", "bis zum 2. juli 2027 bitte", "2. Juli 2027", "Anfang Juli"),
    ("en", "in the next month or two", "early July 2027", "2 July"),
])
def test_a_deadline_day_is_named_only_when_the_lead_named_it(lang, quote, said, unsaid):
    ack = ack_of(_candidate("timing", {"horizon": "later", "deadline": "2027-07-02"}, quote))
    text = render_reply(lang, "ask", slot="budget", acks=[ack])
    assert said in text and unsaid not in text


@pytest.mark.parametrize("lang,quote,wrong", [
    ("de", "das entscheiden mein kollege und ich", "selbst"),
    ("de", "Entscheidung liegt bei den beiden Partnern.", "Ansprechperson"),
    ("en", "me and my husband decide", "you make the call"),
])
def test_a_shared_decision_is_not_acknowledged_as_the_leads_alone(lang, quote, wrong):
    for variant in range(4):
        ack = ack_of(_candidate("authority", {"level": "decision_maker", "role": None}, quote))
        text = render_reply(lang, "ask", slot="budget", acks=[ack], variant=variant)
        assert wrong not in text and ("weiß ich, wer" in text or "who makes the decision" in text)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_urgency_said_after_the_hand_off_is_passed_on_as_urgent(lang):
    text = render_reply(lang, "note", flags=frozenset({"handoff_promised", "urgent", "urgent_now"}),
                        business={"emergency_phone": "0171 555 2100"})
    assert ("dringend" in text or "urgent" in text) and "0171 555 2100" in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_lead_with_a_need_is_not_sent_off_with_come_back_any_time(lang):
    for variant in range(3):
        text = render_reply(lang, "close", flags=frozenset({"follow_up"}), variant=variant)
        assert ("Kollegin" in text or "colleague" in text) and "jederzeit" not in text \
            and "any time" not in text and "whenever" not in text


def test_phrasings_are_tried_only_until_they_come_round() -> None:
    from bot.conversation.templates import without_repeats

    rendered: list[str] = []

    def phrasings():  # the ack is said in every phrasing; the closing line cycles through two
        for n in range(8):
            rendered.append(f"Ich notiere mir Juni. {['Danke!', 'Ist notiert.'][n % 2]}")
            yield rendered[-1]

    said = {"Ich notiere mir Juni.", "Danke!"}
    chosen = without_repeats(phrasings(), said, "de")
    assert len(rendered) == 3  # the third is the first again: the rest are never rendered
    # as if all eight had been rendered: no phrasing is fresh and the first one's fresh part
    # is empty, so a spare remark not said before
    assert chosen == without_repeats(rendered * 4, said, "de") == "Danke, ist notiert."


def test_a_repeated_acknowledgement_leaves_the_fresh_part_of_the_reply() -> None:
    from bot.conversation.responder import Decision, TurnInput
    from bot.conversation.templates import TemplateResponder, sentences
    from bot.types import Message

    clock = datetime(2026, 12, 1, tzinfo=UTC)
    fact = Candidate(slot="timing", value={"horizon": "quarter", "deadline": "2027-06-30"},
                     quote="Bis Ende Juni", message_index=0, span=(0, 13), confidence=0.9,
                     source="rules")
    messages = [Message("lead", "Bis Ende Juni.", clock)]
    said: set[str] = set()
    for _ in range(6):  # the same date confirmed again and again ("passt so")
        turn = TurnInput(conversation_id="c2", lang="de", messages=list(messages), facts={},
                         decision=Decision("note", None, "after hand-off", (fact,)))
        text = TemplateResponder().respond(turn).text
        assert text and not set(sentences(text)) & said, (text, said)
        said |= set(sentences(text))
        messages += [Message("bot", text, clock), Message("lead", "Passt so.", clock)]
