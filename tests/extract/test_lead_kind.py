"""Conversation-level signals: who is writing, whether it is urgent, the lead's own questions."""

from __future__ import annotations

import pytest

from bot.extract import detect_non_buyer, detect_urgency, lead_questions, lead_signals

NON_BUYERS = [
    ("vendor", "Hi! We are a digital agency. Packages from $1,500/mo, results guaranteed."),
    ("vendor", "Guten Tag, ich möchte Ihnen unsere SEO-Leistungen vorstellen, Pakete ab 299 €."),
    ("vendor", "hey, we could help you get 30 more leads a month with our ads setup"),
    ("vendor", "Wir bieten für Ihre Praxis eine komplette Online-Terminbuchung an, "
               "darf ich Ihnen eine Demo zeigen?"),
    ("vendor", "Hello, I'm reaching out from BrightRank regarding a partnership opportunity"),
    ("vendor", "Would you be open to a guest post on your blog? We pay per backlink"),
    ("applicant", "hallo ich wollte mich als azubi bei ihnen bewerben"),
    ("applicant", "Sucht ihr noch Leute? Bin gelernter Anlagenmechaniker"),
    ("applicant", "hi are you guys hiring? I'd love to work for you"),
    ("applicant", "Wo kann ich meine Bewerbung hinschicken?"),
    ("applicant", "I'd like to apply for the internship"),
    ("student", "nein, ich will nix kaufen. ich schreib ne facharbeit über chatbots"),
    ("student", "Hallo, ich bin Studentin und mache eine Umfrage für meine Bachelorarbeit"),
    ("student", "hi, I'm a student doing a research project on small business marketing"),
    ("student", "its for a school project, could you answer 3 questions?"),
    ("support", "bin schon kunde bei euch und meine rechnung ist doppelt abgebucht worden"),
    ("support", "I'm already a customer and my order still hasn't arrived"),
    ("support", "ich muss meinen termin am donnerstag leider verschieben"),
    ("support", "can't log in to my account since yesterday"),
    ("support", "We're an existing client, the invoice you sent is wrong"),
    ("wrong_number", "oh sorry falsch verbunden"),
    ("wrong_number", "sorry wrong chat, I meant to message my dentist"),
    ("wrong_number", "hab mich verklickt, bin hier falsch"),
    ("spam", "Earn $500 per day with crypto trading, click here"),
]
BUYERS = [
    "Wir sind ein Steuerbüro und verlieren Anfragen, weil keiner zurückruft.",
    "we offer dental services to our patients and need a booking tool",
    "Ich will unsere Praxis besser bewerben, Social Media und so",
    "we'd love to work with you on the new website",
    "wir bekommen zu viele Bewerbungen und brauchen ein besseres Tool dafür",
    "Wir sind Kunde bei Sipgate und wollen wechseln",
    "we're a customer of HubSpot but it's too expensive",
    "unser bad ist von 1978 und muss komplett neu",
    "ich hoffe ihr könnt uns helfen, die heizung ist 25 jahre alt",
    "my kids are students and the house is getting too small",
]
URGENT = [
    "hallo, wir haben nen rohrbruch im keller!! kommt ihr heute noch?",
    "can someone come today or tomorrow??",
    "heizung ist ausgefallen und wir haben ein baby im haus",
    "Es ist dringend, wir haben kein warmes Wasser mehr",
    "burst pipe in the kitchen, water everywhere",
    "our boiler just died and it's freezing",
    "bräuchte heute oder morgen jemanden",
    "emergency, the basement is flooded",
    "Hoi zäme, d Heizig isch kaputt, chönd ihr hüt no cho?",
    "servus, unsere therme is hin, könnts heit no wen schicken?",
]
NOT_URGENT = [
    "ist nicht dringend, so im frühjahr wäre gut",
    "no rush, sometime next year",
    "Ich habe heute eure Anzeige gesehen",
    "bis ende juni sollte das bad fertig sein",
    "kein notfall, nur eine frage zur wartung",
    "we're flooding our sales team with unqualified leads",
    "unsere heizung aus den 90ern soll raus, gern mit förderung",
]


@pytest.mark.parametrize(("kind", "text"), NON_BUYERS)
def test_non_buyers_are_recognised_with_their_own_words(kind: str, text: str) -> None:
    signal = detect_non_buyer(text)
    assert signal is not None and signal.non_buyer == kind, signal
    assert signal.quote and text[signal.span[0]:signal.span[1]] == signal.quote


@pytest.mark.parametrize("text", BUYERS)
def test_buyers_are_not_taken_for_non_buyers(text: str) -> None:
    assert detect_non_buyer(text) is None


@pytest.mark.parametrize("text", URGENT)
def test_urgent_requests(text: str) -> None:
    signal = detect_urgency(text)
    assert signal is not None and signal.quote in text


@pytest.mark.parametrize("text", NOT_URGENT)
def test_not_urgent(text: str) -> None:
    assert detect_urgency(text) is None


@pytest.mark.parametrize(("text", "questions"), [
    ("was kostet sowas denn", ["was kostet sowas denn"]),
    ("Unser Bad ist alt. Kommt ihr auch nach Dachau?", ["Kommt ihr auch nach Dachau?"]),
    ("do you do solar panels too?", ["do you do solar panels too?"]),
    ("hallo?", []),
    ("wie meinen sie das?", []),
    ("why do you need to know that?", []),
    ("ok", []),
    ("Budget? Max 8k.", []),
    # Asked by request, without "?".
    ("keine ahnung, sagen sie mir doch was sowas kostet",
     ["keine ahnung, sagen sie mir doch was sowas kostet"]),
    ("no idea, just tell me what it costs", ["no idea, just tell me what it costs"]),
    # A hedged answer voiced as a question asks nothing, even with no figure read from it.
    ("maybe a few hundred a month?", []),
    ("vielleicht so ein paar hundert im monat?", []),
    ("about how long does it take?", ["about how long does it take?"]),
    ("vielleicht könnt ihr mir sagen was das kostet?", ["vielleicht könnt ihr mir sagen was das kostet?"]),
])
def test_the_leads_own_questions(text: str, questions: list[str]) -> None:
    assert [q.quote for q in lead_questions(text)] == questions


def test_a_tentative_answer_ending_in_a_question_mark_is_no_question() -> None:
    assert lead_questions("so 500 im monat?", [(0, 15)]) == []
    assert [q.quote for q in lead_questions("kommt ihr heute noch?", [(9, 20)])] == ["kommt ihr heute noch?"]


def test_all_signals_of_a_message() -> None:
    kinds = [s.kind for s in lead_signals("Rohrbruch im Keller!! Was kostet der Notdienst?")]
    assert kinds == ["urgent", "question"]


@pytest.mark.parametrize("text", [
    "Only looking around, we do not need anything right now.",
    "Nix dringendes, ich schau nur mal, brauche gerade nichts.",
    "Nothing urgent at all, just curious tonight",
    "Wir benötigen dringend eine neue Buchhaltungssoftware.",
    "we urgently need a better booking tool for the salon",
])
def test_urgency_does_not_fire_under_negation_browsing_or_a_stressed_need(text):
    assert detect_urgency(text) is None


@pytest.mark.parametrize("text", [
    "Wasserrohrbruch im Keller, wir brauchen dringend Hilfe!",
    "Kann heute noch jemand vorbeikommen? Die Heizung ist ausgefallen.",
    "A pipe burst under the sink, can someone come tonight?",
])
def test_a_real_emergency_is_still_urgent(text):
    assert detect_urgency(text).kind == "urgent"


@pytest.mark.parametrize("text", [
    "Hallo, wir sind eine Online-Marketing-Agentur aus Hamburg. Hätten Sie Interesse an einer "
    "kostenlosen Sichtbarkeitsanalyse?",
    "Moin, ich bin Vertriebspartner und kann Ihnen unverbindlich neue Kunden vermitteln.",
    "Hello, we're a small SEO agency and would offer a free ranking check for your website.",
])
def test_an_agency_pitching_its_own_services_is_a_vendor(text):
    assert detect_non_buyer(text).kind == "non_buyer:vendor"


def test_an_agency_that_wants_to_buy_is_not_a_vendor():
    assert detect_non_buyer("Wir sind eine kleine Werbeagentur und suchen ein CRM für 8 Leute.") is None


@pytest.mark.parametrize("text", [
    "Ups, falsch verbunden, ich wollte eigentlich beim Blumenladen bestellen",
    "sorry wrong number, I was after the dentist downstairs",
    "Make money fast!!! Earn $400 per day, click here",
    "Bitte nicht mehr kontaktieren, ich möchte keine Nachrichten mehr bekommen.",
    "please stop emailing me, I want to unsubscribe",
])
def test_non_buyers_and_stop_requests_state_no_need(text):
    from datetime import datetime

    from bot.extract import extract_text
    for asked in (None, "need"):
        needs = [c for c in extract_text(text, datetime(2026, 12, 1), asked) if c.slot == "need"]
        assert not any(c.value["has_need"] for c in needs), (asked, needs)


@pytest.mark.parametrize("text,lang", [
    ("Griaß di, mia bräuchten a neie Heizung, de oide is hin", "de"),
    ("Servus, i hob ned vui Zeit, aber des Dach is undicht", "de"),
    ("I need a new roof, the old one is leaking", "en"),
    ("Hi, is a quote possible this week?", "en"),
])
def test_southern_german_dialect_is_read_as_german(text, lang):
    from bot.extract import detect_lang
    assert detect_lang(text) == lang


@pytest.mark.parametrize("text,level", [
    ("Wir wohnen zur Miete, da muss unsere Vermieterin zustimmen.", "influencer"),
    ("Bin Hausverwalter, entscheiden wird das die Eigentümergemeinschaft.", "influencer"),
    ("Klingt gut, das muss ich aber erst noch besprechen.", "influencer"),
    ("We're renting, so the landlord needs to approve any changes.", "influencer"),
    ("Das kläre ich mit meiner Frau, wir entscheiden das zusammen.", "decision_maker"),
])
def test_authority_of_tenants_managers_and_joint_deciders(text, level):
    from datetime import datetime

    from bot.extract import extract_text
    levels = {c.value["level"] for c in extract_text(text, datetime(2026, 12, 1)) if c.slot == "authority"}
    assert levels == {level}, levels
