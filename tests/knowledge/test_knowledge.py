"""The business's knowledge file: parsed with clear errors, answers in the lead's language,
and no answer (a colleague's job) when no entry covers the question."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.base import amounts_in, parse_knowledge

DEMO = Path(__file__).resolve().parents[2] / "examples" / "knowledge" / "haustechnik_brandl.toml"


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    return load_knowledge(DEMO)


@pytest.mark.parametrize(("question", "lang", "entry"), [
    ("was kostet sowas denn", "de", "prices"),
    ("und was nehmt ihr für ne wartung von der gastherme?", "de", "maintenance"),
    ("Kommt ihr auch nach Dachau raus?", "de", "area"),
    ("habt ihr samstags offen?", "de", "hours"),
    ("gibts zuschuss für ne wärmepumpe", "de", "heat-pump"),
    ("wie lange dauert so ne badsanierung", "de", "bathroom"),
    ("kann man das auch in raten abstottern?", "de", "payment"),
    ("how much do you charge?", "en", "prices"),
    ("do you cover freising?", "en", "area"),
    ("is the quote free?", "en", "quote"),
    ("are you a bot?", "en", "assistant"),
    ("Can someone come out today? burst pipe", "en", "emergency"),
    # Chat filler around the question ("keine ahnung, sagen Sie mir doch ...") does not hide it.
    ("keine ahnung, sagen sie mir doch was sowas kostet", "de", "prices"),
    ("no idea, just tell me what it costs", "en", "prices"),
])
def test_questions_are_answered_from_the_file(demo, question: str, lang: str, entry: str) -> None:  # type: ignore[no-untyped-def]
    answer = demo.answer(question, lang)
    assert answer is not None and answer.entry_id == entry, answer
    assert answer.lang == lang


@pytest.mark.parametrize(("question", "lang"), [
    ("Was kostet ein neues Auto?", "de"),
    ("Habt ihr Erfahrung mit Fußbodenheizung im Altbau?", "de"),
    ("do you do solar panels?", "en"),
    ("wie wird das wetter morgen?", "de"),
    ("hallo?", "de"),
    # Half the words match only through a verb an entry's example shares ("kommen"): the place
    # is unknown, so no emergency answer for a question about the area.
    ("Kommen Sie auch nach Moosburg?", "de"),
    # Half the words in one entry, half in another: neither answers it.
    ("gibts da förderung für barrierefrei?", "de"),
])
def test_no_entry_no_answer(demo, question: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    assert demo.answer(question, lang) is None


def test_the_answer_follows_the_conversation_language(demo) -> None:  # type: ignore[no-untyped-def]
    answer = demo.answer("Öffnungszeiten?", "en")
    assert answer is not None and answer.lang == "en" and "Monday" in answer.text


def test_the_figures_the_bot_names_are_known() -> None:
    assert {89.0, 139.0, 15000.0} <= amounts_in("Anfahrt 89 €, nachts 139 €, ein Bad ab 15.000 €.")
    assert 1500.0 in amounts_in("from $1,500 a month")


@pytest.mark.parametrize(("text", "says"), [
    ("not toml = = 1", "not valid TOML"),
    ("[business]\nname = 'x'\n", "no [[entry]]"),
    ("[[entry]]\ntopic = 'x'\n", "needs an id"),
    ("[[entry]]\nid = 'a'\n", "has no language"),
    ("[[entry]]\nid = 'a'\nde.answer = 'x'\n", "needs questions"),
    ("[[entry]]\nid = 'a'\nen.questions = ['q']\nen.answer = 'x'\n"
     "[[entry]]\nid = 'a'\nen.questions = ['q']\nen.answer = 'y'\n", "used twice"),
])
def test_a_bad_file_is_refused_with_the_fix(text: str, says: str) -> None:
    with pytest.raises(KnowledgeError, match=says.replace("[", r"\[")):
        parse_knowledge(text, "k.toml")


def test_a_missing_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="SETTER_KNOWLEDGE_FILE"):
        load_knowledge(tmp_path / "missing.toml")


@pytest.mark.parametrize(("question", "entry"), [
    ("was kostet bei euch so eine website?", "prices"),
    ("wie lange dauert so ein relaunch", "relaunch"),
    ("macht ihr auch seo?", "seo"),
    ("kann ich monatlich kündigen?", "contract"),
    ("Do you only work in Leipzig?", "area"),
])
def test_the_demo_deployment_answers_from_its_own_file(question: str, entry: str) -> None:
    from bot.cli.demo import DEMO_KNOWLEDGE

    demo_file = load_knowledge(DEMO_KNOWLEDGE)
    assert demo_file.business["name"] == "Kranich Digital"  # the business of the widget's demo page
    answer = demo_file.answer(question, "de")
    assert answer is not None and answer.entry_id == entry
    assert demo_file.answer("Macht ihr auch Hochzeitsfotos?", "de") is None


def test_the_deployment_reads_its_file_from_the_settings(tmp_path: Path) -> None:
    from bot.conversation.wiring import build_services
    from tests.conftest import make_settings

    url = f"sqlite:///{tmp_path / 'k.db'}"
    services = build_services(make_settings(database_url=url, knowledge_file=DEMO, german_address="du"))
    assert services.knowledge is not None and services.address == "du"
    assert services.knowledge.business["name"] == "Haustechnik Brandl GmbH"
    broken = tmp_path / "broken.toml"
    broken.write_text("[[entry]]\nid = 'x'\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="broken.toml"):
        build_services(make_settings(database_url=url, knowledge_file=broken))


SHIPPED = [DEMO, Path(__file__).resolve().parents[2] / "bot" / "knowledge" / "demo.toml"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_a_du_deployment_answers_with_du(path: Path) -> None:
    """Every German answer that says "Sie" has a "du" answer, so a deployment configured to say
    "du" never mixes the two (SETTER_GERMAN_ADDRESS=du)."""
    knowledge = load_knowledge(path)
    assert knowledge.formal_only() == []
    for entry in knowledge.entries:
        for question in entry.questions.get("de", ()):
            answer = knowledge.answer(question, "de", "du")
            if answer is not None and answer.entry_id == entry.id:
                assert not re.search(r"\b(?:Sie|Ihnen|Ihr\w*)\b", answer.text), answer.text


def test_the_du_answer_is_optional_and_checked() -> None:
    base = '[[entry]]\nid = "x"\nde.questions = ["Was kostet das?"]\nde.answer = "Das kostet Sie 5 €."\n'
    formal = parse_knowledge(base)
    assert formal.formal_only() == ["x"]
    assert formal.answer("Was kostet das?", "de", "du").text == "Das kostet Sie 5 €."  # type: ignore[union-attr]
    informal = parse_knowledge(base + 'de.answer_du = "Das kostet dich 5 €."\n')
    assert informal.answer("Was kostet das?", "de", "du").text == "Das kostet dich 5 €."  # type: ignore[union-attr]
    assert informal.answer("Was kostet das?", "de").text == "Das kostet Sie 5 €."  # type: ignore[union-attr]
    with pytest.raises(KnowledgeError, match="answer_du"):
        parse_knowledge(base + "de.answer_du = 3\n")
