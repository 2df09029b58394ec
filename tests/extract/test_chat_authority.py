"""Who decides in website chat: family members who pay or have the say, joint owners, short
answers to the bot's question whether the lead owns it, office managers who prepare."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.extract import extract_with, resolve
from bot.types import Message

AT = datetime.fromisoformat("2026-03-10T10:00:00+01:00")
DM, INF = "decision_maker", "influencer"


def level(*turns: str) -> str | None:
    """The authority level after a chat; turns alternate bot, lead, bot, lead ..."""
    messages = [Message("bot" if i % 2 == 0 else "lead", t, AT) for i, t in enumerate(turns)]
    fact = resolve(extract_with(messages, AT, None))["authority"]
    return None if fact is None else str(fact.value["level"])


@pytest.mark.parametrize(("bot", "lead", "expected"), [
    ("Sind Sie Eigentümer?", "jap", DM),
    ("Sind Sie der Inhaber?", "jup, werkstattmeister und inhaber", DM),
    ("Ist das Ihr eigenes Haus oder wohnen Sie zur Miete?", "eigenes, gehört meinem mann und mir", DM),
    ("Do you own the home?", "yep its mine", DM),
    ("Are you the homeowner?", "me n my husband yes", DM),
    ("Entscheiden Sie das mit Ihrem Partner?", "ja mir entscheidet das zäme, min maa und ich", DM),
    ("Wer entscheidet bei Ihnen?", "meine frau hat da das sagen 😂 ich schreib nur", INF),
    ("Who will be making the decisions?", "my dad, it's his house. i'm just helping him", INF),
    ("Wer entscheidet bei Ihnen?", "mein vater, ihm gehört der betrieb. ich mach das büro", INF),
    ("Wer entscheidet?", "ich, der vater zahlt aber die hälfte 🙄", DM),
    ("Who makes the final decision?", "I'm the office manager. the partners go with what I recommend",
     INF),
])
def test_an_answer_to_who_decides(bot: str, lead: str, expected: str):
    assert level(bot, lead) == expected


def test_a_parent_who_pays_makes_the_lead_an_influencer():
    assert level("Was kostet der Führerschein?", "meine eltern zahlen, ich such nur raus") == INF
    assert level("Lessons are $75.", "mums paying so ill have to ask her lol") == INF


def test_a_spouse_who_decides_with_the_lead_is_a_joint_decision():
    assert level("Wer entscheidet?", "papa und ich sind uns einig") == DM
    assert level("Who decides?", "we're deciding together obvs") == DM


def test_an_owner_in_chat_is_the_decision_maker():
    assert level("Wie können wir helfen?", "moin, ich hab nen milchviehbetrieb und will pv aufs dach") == DM
    assert level("How can we help?", "Hello, I have a bakery in Utrecht and our website is very old") == DM
