"""Thirty simulated website chats over the API, in the register of real leads (typos, dialect,
B2C), against an example knowledge file (Haustechnik Brandl, a heating and plumbing business,
examples/knowledge/). Every chat is checked for what a lead and a setter would notice:

- no slot is asked more than twice (read from the bot's own replies);
- no non-buyer is left at `reactivate` (they are disqualified, or handed to a person);
- no figure the bot, a competitor or a vendor named is stored as the lead's budget;
- every question of the lead is answered in the reply or put on the record for a setter;
- no sentence of the bot is repeated, no raw field value shows, no double space, one German
  register, a ceiling stays a ceiling.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bot.knowledge import load_knowledge
from bot.knowledge.base import amounts_in
from tests.conftest import make_services, make_settings
from tests.conversation.chat_checks import reply_defects
from tests.web.test_api_conversation import say, start

DEMO = Path(__file__).resolve().parents[2] / "examples" / "knowledge" / "haustechnik_brandl.toml"
COLLEAGUE = re.compile(r"Kollegin|Kollege|colleague", re.IGNORECASE)


@dataclass
class Chat:
    """A scripted lead. `questions` are the lead lines holding a question of their own;
    `foreign` are figures that are not the lead's budget (a vendor's, a competitor's)."""

    lang: str
    lines: list[str]
    end: set[str]  # acceptable final next actions
    non_buyer: str | None = None
    questions: list[str] = field(default_factory=list)
    foreign: set[float] = field(default_factory=set)
    budget_max: float | None = None  # a ceiling the lead stated
    stage: str | None = None


CHATS: dict[str, Chat] = {
    # --- non-buyers -----------------------------------------------------------------------
    "vendor_en": Chat("en", [
        "Hi there! We're a digital agency from Leeds. Packages from $1,500/mo, we can help you "
        "rank on page 1 of Google within 90 days.",
        "Our basic plan is $900 a month if that's more your budget :)"],
        {"disqualify"}, "vendor", foreign={1500, 900, 90}, stage="disqualified"),
    "vendor_de": Chat("de", [
        "Hallo zusammen, ich möchte Ihnen kurz unsere Leistungen im Bereich Google Ads vorstellen. "
        "Pakete ab 349 € monatlich, jederzeit kündbar."],
        {"disqualify"}, "vendor", foreign={349}, stage="disqualified"),
    "vendor_after_small_talk": Chat("de", [
        "servus",
        "wir bieten für ihren betrieb neue azubis über tiktok recruiting an, kostet nur 1.200 im quartal"],
        {"disqualify"}, "vendor", foreign={1200}, stage="disqualified"),
    "applicant_de": Chat("de", [
        "hallo ich wollte mich als azubi bei ihnen bewerben, anlagenmechaniker. wo schick ich das hin?"],
        {"disqualify"}, "applicant", questions=["wo schick ich das hin?"], stage="disqualified"),
    "applicant_en": Chat("en", ["hey are you guys hiring?? im a qualified plumber, 6 yrs experience"],
                         {"disqualify"}, "applicant", questions=["hey are you guys hiring??"],
                         stage="disqualified"),
    "student_de": Chat("de", [
        "hi",
        "nein, ich will nix kaufen 😅 ich schreib ne facharbeit über wärmepumpen und hätte paar fragen"],
        {"disqualify"}, "student", stage="disqualified"),
    "researcher_en": Chat("en", [
        "Hello, I'm a student at TU Munich doing a research project on how trades businesses use chat. "
        "Would you be up for a 10 minute interview?"],
        {"disqualify"}, "student", questions=["Would you be up for a 10 minute interview?"],
        stage="disqualified"),
    "wrong_number": Chat("de", ["oh sorry, falsch verbunden. wollte eigentlich zum zahnarzt 🙈"],
                         {"disqualify"}, "wrong_number", stage="disqualified"),
    "spam": Chat("en", ["Earn $500 per day with crypto trading!!! click here bit.ly/xyz"],
                 {"disqualify"}, "spam", foreign={500}, stage="disqualified"),
    "competitor_de": Chat("de", [
        "hallo, was nehmt ihr so für eine badsanierung?",
        "ehrlich gesagt sind wir selbst ein sanitärbetrieb aus der gegend, "
        "wollte nur sehen wie ihr preislich liegt"],
        {"disqualify"}, "competitor", stage="disqualified"),
    "competitor_en": Chat("en", [
        "full disclosure i run a small agency across town, was just curious about your pricing"],
        {"disqualify"}, "competitor", stage="disqualified"),
    # A firm nearby is often the buyer: without a comparison it stays one.
    "local_firm_de": Chat("de", [
        "wir sind selbst ein betrieb aus der gegend und unsere heizung in der werkstatt ist ausgefallen"],
        {"ask", "handoff", "nurture"}),
    "local_firm_en": Chat("en", ["I run a small business in the area and our office boiler keeps failing"],
                          {"ask", "handoff", "nurture"}),
    "support_de": Chat("de", [
        "guten tag, bin schon seit jahren kunde bei euch. die rechnung vom oktober wurde doppelt abgebucht"],
        {"handoff"}, "support"),
    "support_en": Chat("en", ["hi, I'm already a customer - can I reschedule my appointment on friday?"],
                       {"handoff"}, "support", questions=["can I reschedule my appointment on friday?"]),
    # --- urgency ----------------------------------------------------------------------------
    "burst_pipe_de": Chat("de", [
        "hilfe!! rohrbruch im keller, das wasser steht schon knöcheltief. kommt ihr heute noch?"],
        {"handoff"}, questions=["kommt ihr heute noch?"]),
    "boiler_family_en": Chat("en", [
        "hi our boiler died last night and we have a 3 month old baby. can someone come today or tomorrow??"],
        {"handoff"}, questions=["can someone come today or tomorrow??"]),
    "heating_dialect": Chat("de", ["grüß gott, heizung is ausgfallen, bräucht heut noch wen, is dringend"],
                            {"handoff"}),
    "urgent_after_need": Chat("de", [
        "unsere therme macht komische geräusche",
        "jetzt geht gar nix mehr, kein warmes wasser. bitte sofort!"],
        {"handoff"}),
    "urgent_en_flood": Chat("en", ["water coming through the ceiling from upstairs bathroom, emergency!!"],
                            {"handoff"}),
    # --- ceilings ---------------------------------------------------------------------------
    "ceiling_hoechstens": Chat("de", [
        "wir brauchen ne neue heizung, die alte ölheizung ist 30 jahre alt",
        "im frühjahr sollte es fertig sein", "höchstens 20.000 euro, mehr geht nicht",
        "entscheiden meine frau und ich"],
        {"handoff", "ask", "nurture"}, budget_max=20000),
    "ceiling_bis": Chat("de", [
        "bad renovieren, dusche ebenerdig", "bis 15.000 € darfs kosten, mehr nich",
        "is mein haus", "so bis ostern"],
        {"handoff", "ask", "nurture"}, budget_max=15000),
    "ceiling_unter": Chat("de", [
        "wollen auf wärmepumpe umsteigen", "nächstes jahr im sommer", "unter 20k bitte, sonst wirds eng"],
        {"ask", "nurture", "handoff"}, budget_max=20000),
    # --- out of order -----------------------------------------------------------------------
    "out_of_order_de": Chat("de", [
        "budget haben wir so 3.000 €", "ich bin die inhaberin vom salon",
        "das warmwasser im salon reicht nicht mehr, boiler ist zu klein", "bis ende märz wär gut"],
        {"handoff"}),
    "out_of_order_en": Chat("en", [
        "I'm the owner, I decide", "about 8000 pounds", "we need the whole bathroom redone, it leaks",
        "ideally before christmas"], {"handoff"}),
    "timing_first": Chat("de", [
        "so in 2-3 monaten", "es geht um eine wartung und neue thermostate in der praxis",
        "das entscheidet der chef, ich bereite das vor", "so 2000 euro"], {"handoff", "nurture"}),
    "evasive": Chat("de", ["hm", "weiß nich", "mal gucken", "keine ahnung", "egal", "vllt", "hmm"],
                    {"nurture", "reactivate", "close"}),
    # --- the lead's own questions -----------------------------------------------------------
    "price_question_de": Chat("de", [
        "was kostet bei euch so ne heizungswartung?", "gasthereme im einfamilienhaus, wird mal wieder zeit",
        "okay und kommt ihr auch nach dachau?"],
        {"ask", "nurture"}, questions=["was kostet bei euch so ne heizungswartung?",
                                       "okay und kommt ihr auch nach dachau?"]),
    "echo_bot_price": Chat("de", [
        "was kostet so eine wartung bei euch", "ok 149 € passt", "sind zwei gasthermen"],
        {"ask", "nurture"}, questions=["was kostet so eine wartung bei euch"]),
    "unknown_question_en": Chat("en", [
        "do you do solar panels too?", "we want to replace the oil heating with a heat pump",
        "and do you install EV chargers?"],
        {"ask", "nurture"}, questions=["do you do solar panels too?", "and do you install EV chargers?"]),
    "hours_question": Chat("de", [
        "moin, wann habt ihr offen? würd lieber anrufen", "geht um ein neues bad"],
        {"ask", "nurture", "handoff"}, questions=["wann habt ihr offen?"]),
    "bot_question_en": Chat("en", ["am i talking to a real person??", "ok whatever. our shower leaks"],
                            {"ask", "nurture", "handoff"}, questions=["am i talking to a real person??"]),
    "competitor_price": Chat("en", [
        "we pay $49/seat for our current booking tool, for us something like $500 a month would be ok",
        "we're a dental practice with 6 chairs and patients can't book online"],
        {"ask", "nurture"}, foreign={49}),
    "financing_question": Chat("de", [
        "wärmepumpe für altbau, baujahr 1965", "kann man das bei euch auch in raten zahlen?",
        "bis zum winter sollte es laufen"],
        {"ask", "nurture"}, questions=["kann man das bei euch auch in raten zahlen?"]),
}


@pytest.fixture
def demo_client(db_engine: Engine) -> Iterator[TestClient]:
    """The API of a deployment with the demo knowledge file."""
    from web.app import create_app

    services = make_services(db_engine)
    services.knowledge = load_knowledge(DEMO)
    with TestClient(create_app(make_settings(), services), raise_server_exceptions=False) as client:
        yield client


def run(client: TestClient, chat: Chat) -> tuple[list[str], dict[str, Any]]:
    """The bot's replies (greeting first) and the final record."""
    convo = start(client, chat.lang)
    replies, record = [convo["reply"]["text"]], {}
    for line in chat.lines:
        body = say(client, convo, line)
        replies.append(body["reply"]["text"])
        record = body["record"]
    return replies, record


def test_there_are_at_least_thirty_chats() -> None:
    assert len(CHATS) >= 30


@pytest.mark.parametrize("name", sorted(CHATS))
def test_simulated_chat(demo_client: TestClient, name: str) -> None:
    chat = CHATS[name]
    replies, record = run(demo_client, chat)
    transcript = "\n".join(f"BOT: {r}\nLEAD: {line}" for r, line in zip(replies, [*chat.lines, ""],
                                                                        strict=True))
    # No slot asked a third time, no sentence said twice, no double space, no raw value, one
    # German register (chat_checks); the same checks run over the live chats of test_live_chats.
    assert not reply_defects(replies, chat.lang), (reply_defects(replies, chat.lang), transcript)
    action = record["next_action"]["kind"]
    assert action in chat.end, (record["next_action"], transcript)
    if chat.non_buyer:
        assert action != "reactivate"
        assert f"non_buyer:{chat.non_buyer}" in record["flags"], record["flags"]
    if chat.stage:
        assert record["stage"] == chat.stage
    # Prices the bot named from the knowledge file, and the vendor's or competitor's figures.
    bot_prices = {a for q in record["answered_questions"] for a in amounts_in(q["answer"])}
    budget = record["facts"]["budget"]
    if budget:
        named = {v for v in (budget.get("min"), budget.get("max")) if v is not None}
        assert not named & (chat.foreign | bot_prices), (budget, transcript)
    if chat.budget_max is not None:
        assert budget and budget["max"] == chat.budget_max, (budget, transcript)
        ceiling = next(r for r in replies if _figure(chat.budget_max) in r)
        assert not re.search(rf"\b(?:ab|from)\s+{_figure(chat.budget_max)}", ceiling), ceiling
    asked = [q["quote"] for q in record["open_questions"] + record["answered_questions"]]
    for question in chat.questions:
        assert any(_same(question, quote) for quote in asked), (question, asked)
        reply = replies[1 + next(i for i, line in enumerate(chat.lines) if question in line)]
        opened = any(_same(question, q["quote"]) for q in record["open_questions"])
        answered = [q["answer"] for q in record["answered_questions"] if _same(question, q["quote"])]
        # An open question is promised to a colleague; a non-buyer is pointed to the right address.
        promised = COLLEAGUE.search(reply) or (chat.non_buyer and "@" in reply)
        assert (opened and promised) or any(a in reply for a in answered), (question, reply)


def _same(question: str, quote: str) -> bool:
    return question in quote or quote in question


def _figure(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", ".")


def test_du_is_configurable(db_engine: Engine) -> None:
    from web.app import create_app

    services = make_services(db_engine)
    services.knowledge, services.address = load_knowledge(DEMO), "du"
    with TestClient(create_app(make_settings(), services), raise_server_exceptions=False) as client:
        replies, _ = run(client, CHATS["out_of_order_de"])
    assert not re.search(r"\b(?:Sie|Ihnen|Ihre[nrms]?)\b", " ".join(replies)), replies
    assert re.search(r"\b(?:du|dir|dich|dein\w*)\b", " ".join(replies), re.IGNORECASE), replies
