"""Reading a short answer in the light of the bot's last question.

"Ja, so 3000 im Monat" after a budget question is a monthly budget; "Das mache ich"
after an authority question is a decision maker. `asked_slot` tells which BANT slot a
bot message asks about; `answer_hits` turns yes/no and pronoun answers into facts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from bot.extract import lexicon
from bot.extract.hits import Hit
from bot.extract.scan import Scan, trim
from bot.extract.signals import detect_signals
from bot.types import Slot

_SENTENCE_BREAK = re.compile(r"(?<=[.!])\s+")
# Tested in this order: "Wer entscheidet über das Budget?" is about authority.
_QUESTION_CUES: tuple[tuple[Slot, re.Pattern[str]], ...] = (
    ("authority", re.compile(
        r"entscheid|entscheidung|wer\s+(?:noch|sonst|außer)|beteiligt|zuständig|ihre\s+rolle|"
        r"ihre\s+position|ihre\s+funktion|freigabe|freigeben|unterschreibt|absegnen|"
        r"decision|decide|who\s+else|involved|sign[-\s]?off|signs\s+off|approve|your\s+role|"
        r"your\s+position|your\s+title|responsible\s+for|final\s+say|in\s+charge|"
        # Owning or renting it ("Sind Sie Eigentümer?", "Do you own the home?").
        + lexicon.source("question.owner"))),
    ("timing", re.compile(
        r"\bwann\b|zeitrahmen|zeitplan|zeitraum|zeitpunkt|zeithorizont|deadline|wie\s+schnell|"
        r"wie\s+dringend|starten|loslegen|beginnen|umsetzen|einsatzbereit|\bwhen\b|timeline|"
        r"time\s*frame|timeframe|how\s+soon|by\s+when|how\s+urgent|go[-\s]live|start|"
        r"up\s+and\s+running|in\s+place")),
    ("budget", re.compile(
        r"budget|etat|kosten|preis|investier|ausgeben|geld|finanziell|zahlen|bezahlen|leisten|"
        r"stemmen|kostendach|\brahmen\b|"
        r"preisrahmen|spend|invest|price|pricing|cost|afford|money|pay\b|financial|"
        r"wie\s*viel(?![a-zäöü])|how\s+much|figure\s+in\s+mind|premium|comfortable\s+with|"
        r"preisvorstellung|kostenrahmen|fit\s+your|in\s+your\s+range")),
    ("need", re.compile(
        r"herausforderung|problem|ziel|bedarf|suchen\s+sie|brauchen\s+sie|verbessern|lösen|"
        r"anliegen|worum\s+geht|helfen|unterstützen|interesse|challenge|goal|need|looking\s+for|"
        r"improve|solve|help\s+you|brings\s+you|pain|interest|issue|struggl|thema|schwierig|"
        r"erreichen|achieve|hoping")),
)
QuestionForm = Literal["yes_no", "wh", "either_or"]
# A bare yes/no answers only a yes/no question: not a wh-question ("Wer entscheidet?") and
# not an either-or question ("Entscheiden Sie selbst, oder ist noch jemand beteiligt?"),
# where "Nein" could deny either half. "..., oder?" / "or not?" still ask for yes or no.
_WH_START = re.compile(
    r"^(?:\W*(?:und|and|also|so|ok(?:ay)?|gut|great|super|danke|thanks|prima|perfekt|"
    r"perfect)\b)*\W*(?:\w+\s+)?(?:wer|wen|wem|wessen|was|wann|wie|wo|wohin|woher|warum|"
    r"weshalb|wieso|welche[mnrs]?|who|whom|whose|what|what'?s|when|where|why|which|how)\b")
_EITHER_OR = re.compile(r"\b(?:oder|or)\s+(?!(?:nicht|not|no|nein)\W*$)\w")
_YES = re.compile(r"^\W*(?:ja|jap|jup|jep|japp|jo|jawohl|genau|klar|sicher|natürlich|selbstverständlich|"
                  r"korrekt|richtig|yes|yeah|yep|yup|sure|of\s+course|correct|absolutely|"
                  r"definitely|indeed)\b")
# "No timeline", "ne Lösung": followed by a noun, "no"/"ne" is a determiner, not an answer.
_NO = re.compile(r"^\W*(?:nein|nö|nee|(?:ne|no)(?=\W*$|\s*[^\w\s]|\s+(?:i|it|we|my|our|that|"
                 r"this|the|he|she|they|not|but|sorry|unfortunately|sadly|actually|mein\w*|"
                 r"unser\w*|das|leider|ich|wir)\b)|nope|not\s+yet|noch\s+nicht|leider\s+nicht|"
                 r"nicht\s+wirklich|not\s+really|eher\s+nicht|gar\s+nicht|none|keine?s?)\b")
_CONTENT = re.compile(r"[^\W\d_][^\n]{2,}")
# Accepting a price the bot named: "passt", "ist es mir wert", "that's fine", "sign me up".
_ACCEPT = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|gut|super|hm+|ah|ja|yes|yeah)\W+)*(?:passt|geht\s+klar|geht\s+sich\s+aus|das\s+geht|"
    r"einverstanden|in\s+ordnung|(?:ist|isch)\s+(?:es\s+)?(?:mir|uns)\s+(?:es\s+)?wert|(?:das\s+)?(?:ist|isch)\s+"
    r"(?:\w+\s+)?im\s+rahme|perfekt|nehm(?:e|en)?\s+(?:ich|wir)|(?:that'?s|thats|it'?s|its)\s+(?:\w+\s+)?"
    r"(?:fine|ok(?:ay)?|perfect|good|great|reasonable|fair|doable)|fine|sounds\s+(?:good|great|fair)|"
    r"works\s+for\s+(?:me|us)|that\s+works|perfect|deal\b|sign\s+(?:me|her|him|us)\s+up|book\s+(?:it|me|us)|"
    r"go\s+ahead|worth\s+it|ok(?:ay)?\b|egal)")
NO_IDEA = re.compile(r"weiß\s+(?:ich\s+)?nicht|keine\s+ahnung|egal|don'?t\s+know|not\s+sure|"
                      r"no\s+idea|whatever")
_NOT_AN_ANSWER = re.compile(r"nichts|nothing|hallo|hello|\bhi\b|danke|thanks")
# Sentences that answer a need question with something else: a remark to the bot ("Antworten
# Sie einfach auf meine Frage"), a plain self-description ("We're a property management
# company", "Ich bin Immobilienmakler"), who decides, or when.
REMARK_TO_BOT = (
    r"meine\s+frage|my\s+question|\b(?:antworten|beantworten|sagen|erklären|nennen|schicken)\s+sie\b|"
    r"^\W*(?:just\s+|please\s+|bitte\s+)?(?:answer|tell\s+me|read|listen)\b|\bbot\b|chatbot|"
    r"roboter|\brobot\b|real\s+(?:person|human)|\ba\s+human\b|echte[nr]?\s+mensch|mit\s+einem\s+mensch|"
    r"you(?:'re|\s+are)?\s+(?:not|don'?t)\s+(?:listening|understanding|"
    r"reading|answering)|(?:sie\s+)?(?:verstehen|hören|lesen)\s+(?:mir\s+|mich\s+)?nicht")
SELF_DESCRIPTION = (
    r"^\W*(?:(?:also|so|well|naja|ja|yes|ok(?:ay)?)\W+)?(?:we'?re|we\s+are|wir\s+sind|ich\s+bin|"
    r"i'?m|i\s+am|bin|this\s+is|hier\s+ist|das\s+ist|we'?re\s+just)\s+(?:\w+\s+)?(?:ein|eine|einer|"
    r"einem|a|an|the|\w+(?:er|erin|in|ist|istin|ant|ent|or|eur)\b)")
NOT_A_NEED = re.compile(
    f"{REMARK_TO_BOT}|{SELF_DESCRIPTION}|"
    r"entscheid|decide|decision|\b(?:next|this|in\s+\d|within|from\s+now|months?|weeks?|"
    r"monate?n?|wochen|jahr|year)\b")
# A bare acknowledgement is no statement of a need: "yes", "ok", "ja genau".
BARE_REPLY = re.compile(
    r"\W*(?:(?:ja|jap|jo|genau|klar|sicher|yes|yeah|yep|yup|sure|ok(?:ay)?|nein|nö|nee|no|nope|"
    r"richtig|correct|right|absolutely|definitely|indeed|stimmt|gut|good|fine)\W*){1,3}")
_SELF_ANSWER = re.compile(
    r"^\W*(?:(?:ja|yes|yeah)\W+)?(?:das\s+)?(?:mache|entscheide|mach)\s+ich|^\W*(?:(?:nur|just|"
    r"only|eher|wohl|meistens|hauptsächlich|letztlich|am\s+ende|mostly|mainly|probably|"
    r"ultimately)\s+){0,2}(?:ich|me|i\s+do|i\s+will|myself|ich\s+selbst|ich\s+allein|me\s+alone|"
    r"that'?s\s+me|that\s+would\s+be\s+me|das\s+bin\s+ich)\b")
_JOINT_ANSWER = re.compile(
    r"(?:wir|we)\s+(?:beide|both|gemeinsam|zusammen|together)|(?:mein|meine|my)\s+(?:\w+\s+){1,2}"
    r"(?:und|and)\s+(?:ich|i|me)\b|(?:ich|me|i)\s+(?:und|and)\s+(?:mein|meine|my)\s+\w+|"
    r"(?:gemeinsam|zusammen|together)\s+(?:mit|with)")
_OTHER_ANSWER = re.compile(
    r"(?:mein(?:e)?|unser(?:e)?|der|die|das|my|our|"
    r"the)\s+(?:\w+\s+)?(?:chef(?:in)?|vorgesetzte[rn]?|boss|manager(?:in)?|geschäftsf\w*|"
    r"geschäftsleitung|vorstand|ceo|cfo|cto|coo|owner|inhaber\w*|einkauf|procurement|"
    r"management|leitung|board|vp|director|partner(?:in)?)\b")


# A price the bot names: "89 €", "$3,800", "CHF 2'000", "£42/month".
_PRICE = re.compile(r"(?:€|\$|£|\b(?:chf|eur|usd|gbp|fr\.))\s?\d|\d[\d.,']*\s?(?:€|\$|£|,-|"
                    r"\b(?:chf|eur|euro|euros|usd|gbp|dollars?|pounds?|franken)\b)")


# Taking what the bot offered: "perfekt, nehm ich", "sign me up", "ja bitte", "dienstag passt".
_TAKE = re.compile(
    r"\b(?:nehm(?:e)?\s+ich|nehmen\s+wir|sign\s+(?:me|her|him|us|them)\s+up|book\s+(?:it|me|us|that|her|him|"
    r"them)|passt|klingt\s+gut|sounds\s+(?:good|great|perfect)|works\s+for\s+(?:me|us)|that\s+works|"
    r"perfect|perfekt|let'?s\s+do\s+(?:it|that)|ja\s+bitte|yes\s+please|"
    r"einverstanden|deal)\b")
# A bot question that refers back to what it just offered: "Passt das?", "Does that work?".
_ABOUT_OFFER = re.compile(r"\b(?:das|dies|dir|ihnen|that|this|it|passt|works?|suit|ok|okay|einverstanden|"
                          r"recht|book|buchen|reservier\w*|eintragen|termin|slot|want|möchten|wollen)\b")
_SHORT_REPLY_WORDS = 14


def takes_offer(bot_text: str, lead_low: str) -> re.Match[str] | None:
    """Where a short lead reply takes what the bot's message offered (a slot, a start date),
    or None: the bot's message states an offer or asks about it, and the lead says yes."""
    questions = [q for q in re.split(r"(?<=[?])", bot_text.lower()) if "?" in q]
    if questions:
        last = questions[-1]
        if question_form(bot_text) != "yes_no" or not _ABOUT_OFFER.search(last) or \
                asked_slot(bot_text) not in (None, "timing", "budget"):
            return None
    if len(lead_low.split()) > _SHORT_REPLY_WORDS or "?" in lead_low:
        return None  # a question back takes nothing ("okay und kommt ihr auch nach dachau?")
    return _YES.match(lead_low) or _ACCEPT.match(lead_low) or _TAKE.search(lead_low)


def asked_slot(bot_text: str) -> Slot | None:
    """Which BANT slot a bot message asks about (its last question), or None.

    A question with no slot word after the bot named a price ("Die Anfahrt kostet 89 €.
    Passt das?", "It's £42/month. Would that work?") asks whether the price is acceptable.
    """
    low = bot_text.lower()
    questions = [q for q in re.split(r"(?<=[?])", low) if "?" in q]
    text = questions[-1] if questions else low
    # The question's own sentence first: a remark before it ("Gut, dann bereiten Sie die
    # Entscheidung vor. Haben Sie ein Budget?") does not say what is asked.
    own = [part for part in _SENTENCE_BREAK.split(text) if part.strip()]
    for candidate in (own[-1], text) if own else (text,):
        for slot, pattern in _QUESTION_CUES:
            if pattern.search(candidate):
                return slot
    if questions and _PRICE.search(low):
        return "budget"
    return None


def question_form(bot_text: str) -> QuestionForm:
    """The form of a bot message's last question: yes_no, wh or either_or."""
    questions = [q for q in re.split(r"(?<=[?])", bot_text.lower()) if "?" in q]
    clause = re.split(r"[.!:;\n]", questions[-1] if questions else bot_text.lower())[-1]
    if _EITHER_OR.search(clause):
        return "either_or"
    return "wh" if _WH_START.search(clause) else "yes_no"


def answer_hits(scan: Scan, slot: Slot, form: QuestionForm = "yes_no",
                taken: Sequence[tuple[int, int]] = ()) -> list[Hit]:
    """Facts a short answer gives to a question about `slot` (yes/no, "me", "my boss").

    A bare yes answers only a yes/no question. A bare no also says "none" to a wh-question
    ("Wie hoch ist Ihr Budget?" - "Keins"), but not who decides, and to an either-or
    question it could deny either half, so it is no answer there.
    """
    if slot == "authority":
        return _authority_answer(scan, form == "yes_no")
    if NO_IDEA.search(scan.low):
        return []
    m = _YES.match(scan.low) if form == "yes_no" else None
    if m is None and slot == "budget" and form == "yes_no" and "?" not in scan.low:
        m = _ACCEPT.match(scan.low)
    m = m or (_NO.match(scan.low) if form != "either_or" else None)
    if m is None:
        return _need_answer(scan, taken) if slot == "need" else []
    accepted = slot == "budget" and "?" not in scan.low and _ACCEPT.match(scan.low) is not None
    positive = (_YES.match(scan.low) is not None or accepted) and form == "yes_no"
    if slot == "budget":
        value = {"has_budget": positive, "min": None, "max": None, "currency": None,
                 "period": None}
        return [_hit(scan, "budget", value, m, 0.5 if positive else 0.6)]
    if slot == "need":
        return [_hit(scan, "need", {"has_need": positive, "summary": m.group().strip()}, m, 0.5)]
    return []


def _need_answer(scan: Scan, taken: Sequence[tuple[int, int]] = ()) -> list[Hit]:
    """A real answer to "what is your challenge?" states a need, unless it says it has none.

    Only sentences that say something else count: a budget, authority or timing statement
    (`taken`, the spans of those hits), a request for a person, a remark to the bot, a bare
    yes/no or a plain self-description ("Wir sind eine Kanzlei") is not the need.
    """
    if "?" in scan.low or _NOT_AN_ANSWER.search(scan.low) or detect_signals(scan.text):
        return []
    for start, end in _sentences(scan.low):
        if any(a < end and start < b for a, b in taken):
            continue
        sentence = scan.low[start:end]
        if NOT_A_NEED.search(sentence) or BARE_REPLY.fullmatch(sentence):
            continue
        m = _CONTENT.search(scan.low, start, end)
        if m is not None:
            summary = scan.text[m.start():m.end()]
            return [_hit(scan, "need", {"has_need": True, "summary": summary}, m, 0.45)]
    return []


def _sentences(s: str) -> list[tuple[int, int]]:
    """Sentence spans of s, split at end punctuation and line breaks."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?;\n]+", s):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(s)))
    return [(a, b) for a, b in spans if s[a:b].strip()]


# Two people answering who decides, and an answer that it is theirs ("eigenes", "yep its mine").
_JOINT_CHAT = lexicon.pattern("authority.answer_joint")
_OWNER_ANSWER = lexicon.pattern("authority.answer_owner")


def _authority_answer(scan: Scan, yes_no: bool) -> list[Hit]:
    s = scan.low
    readings = ((_JOINT_ANSWER, "decision_maker", 0.7), (_JOINT_CHAT, "decision_maker", 0.7),
                (_OWNER_ANSWER, "decision_maker", 0.7), (_SELF_ANSWER, "decision_maker", 0.7),
                (_OTHER_ANSWER, "influencer", 0.65), (_YES, "decision_maker", 0.55),
                (_NO, "influencer", 0.45))
    for pattern, level, confidence in readings if yes_no else readings[:5]:
        m = pattern.search(s)
        if m:
            return [_hit(scan, "authority", {"level": level, "role": None}, m, confidence)]
    return []


def _hit(scan: Scan, slot: Slot, value: dict[str, object], m: re.Match[str],
         confidence: float) -> Hit:
    start, end = trim(scan.text, m.start(), m.end())
    while start < end and not scan.text[start].isalnum():
        start += 1
    return Hit(slot, dict(value), start, end, confidence, specific=False)
