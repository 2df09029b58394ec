"""Conversation-level signals in a lead's message: who is writing (a non-buyer?), whether it is
urgent, and which questions of their own the lead asks. German and English, chat register.

Each signal carries the lead's own words (the sentence it rests on), so a setter can see why a
vendor was closed or a lead handed off at once. The interface is deliberately small (a kind and
its quote) so that a learned proposal for the non-buyer kind can feed the same signal later.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.extract.scan import lower, prepare, read_windows

# Who is not a buyer. What happens to them is decided by `scoring.next_action` (closed and
# disqualified with the reason; an existing customer with a support matter goes to a person).
NON_BUYER_KINDS = ("vendor", "applicant", "student", "support", "wrong_number", "spam")

_YOU = r"(?:ihnen|ihre[mnrs]?|euch|eure[mnrs]?|dir|deine[mnrs]?|you|your)"
_NON_BUYER: dict[str, re.Pattern[str]] = {
    # A first person offering something to the business, or an agency's pitch words.
    "vendor": re.compile(
        r"\b(?:wir|ich)\s+(?:\w+\s+){0,2}(?:biete[nt]?|anbieten)\b[^.!?\n]{0,80}"
        r"(?:\b(?:ihnen|euch|dir)\b|\bfür\s+(?:sie|euch|dich|ihr\w*|eu\w*)\b|\bihre[nm]?\s+(?:firma|"
        r"unternehmen|betrieb|praxis|website|webseite|kanzlei|salon|restaurant|shop)\b)|"
        r"\b(?:wir|ich)\s+(?:\w+\s+)?(?:helfen|unterstützen)\s+(?:ihnen|euch|dir|sie\s+(?:dabei|bei|gerne?))\b|"
        rf"\b(?:möchte|würde|wollte|darf)\s+(?:ich\s+)?{_YOU}\s+(?:gerne?\s+)?(?:\w+\s+){{0,4}}"
        r"(?:anbieten|vorstellen|präsentieren)\b|"
        r"\b(?:we|i)\s+(?:can\s+|could\s+|would\s+(?:love|like)\s+to\s+|'d\s+(?:love|like)\s+to\s+)?"
        r"(?:help|offer|provide|build|get)\s+(?:you|your)\b|"
        r"\b(?:we|i)\s+(?:\w+\s+)?(?:offer|provide|specialize\s+in|specialise\s+in)\b[^.!?\n]{0,60}"
        r"\bfor\s+(?:you|your)\b|"
        r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+reaching\s+out\s+(?:from|on\s+behalf)|"
        r"\b(?:our|unsere?)\s+(?:seo|marketing|web\s*design|webdesign|lead\s*gen\w*|agentur|agency)"
        r"[-\s]?(?:services?|leistungen|pakete?|packages?|dienstleistung\w*)?\b(?=[^.!?\n]{0,60}"
        r"(?:from|ab|starting|start|pakete?|packages?|for\s+you|für\s+sie|für\s+euch|\$|€))|"
        r"\b(?:packages?|pakete?)\s+(?:start\s+at|starting\s+at|from|ab)\s+[$€£]?\s?\d|"
        # An agency introducing itself and pitching: "wir sind eine SEO-Agentur ... Interesse an
        # einem kostenlosen Audit?", "we're a marketing agency ... free audit for your site".
        r"\b(?:wir\s+sind|ich\s+bin|we'?re|we\s+are|i'?m|i\s+am)\s+(?:eine?\s+|an?\s+)?(?:\w+[-\s]?){0,2}"
        r"(?:agentur|agency|dienstleister|vertriebspartner)\b(?=[\s\S]{0,240}(?:interesse\s+an|"
        r"kostenlos\w*|gratis|unverbindlich\w*|\baudit\b|für\s+(?:ihr|ihre|euer|eure)\w*\s|"
        r"\binterested\s+in\b|\bfree\b|for\s+your\s+(?:business|company|site|website|practice)))|"
        r"\b(?:backlinks?|guest\s+posts?|gastbeitr[aä]g\w*|kooperationsanfrage|partnership\s+"
        r"(?:opportunity|proposal)|rank\s+(?:you\s+)?(?:higher\s+)?on\s+google|"
        r"(?:ranking|platz)\s+(?:1|eins)\s+(?:bei|auf|on)\s+google)\b"),
    "applicant": re.compile(
        r"\b(?:initiativ)?bewerbung\b|\b(?:ich|möchte|würde|will|wollte)\s+(?:\w+\s+){0,3}mich\s+"
        r"(?:\w+\s+){0,4}bewerben\b|\b(?:bei|für)\s+(?:euch|ihnen|dir)\s+(?:\w+\s+)?(?:arbeiten|jobben|"
        r"anfangen)\b|"
        r"\b(?:ausbildungsplatz|praktikumsplatz|azubistelle|lehrstelle|minijob|nebenjob)\b|"
        r"\b(?:sucht\s+ihr|suchen\s+sie)\s+(?:\w+\s+){0,2}(?:mitarbeiter|leute|azubi|aushilfe|"
        r"verstärkung|personal)\w*|\b(?:stellt\s+ihr|stellen\s+sie)\s+(?:\w+\s+){0,2}(?:ein\b|"
        r"mitarbeiter|leute|azubi)|"
        r"\b(?:apply|applying)\s+(?:for|to)\b|\bmy\s+(?:application|cv|resume|résumé)\b|"
        r"\b(?:are\s+you|you\s+guys)\s+(?:still\s+)?hiring\b|\b(?:job|internship|apprenticeship)\s+"
        r"(?:opening|offer|position|vacanc)\w*|\bwork\s+for\s+you\b|"
        r"\binternship\b|\blebenslauf\b"),
    "student": re.compile(
        r"\b(?:schüler(?:in)?|student(?:in)?|studentin|azubi(?:ne)?)\b(?=[^.!?\n]{0,80}"
        r"(?:arbeit|projekt|referat|umfrage|schule|uni|studium|fragen?|interview))|"
        r"\b(?:ich|i)\s+(?:studiere|bin\s+student\w*|bin\s+schüler\w*|am\s+a\s+student|'?m\s+a\s+"
        r"student)\b|"
        r"\b(?:bachelor|master|haus|fach|abschluss|seminar|projekt)arbeit\b|"
        r"\b(?:thesis|dissertation|term\s+paper|school\s+project|uni(?:versity)?\s+project|"
        r"research\s+(?:project|paper|study)|class\s+assignment)\b|"
        r"\b(?:for|für)\s+(?:my|meine?|die|the)\s+(?:school|schule|uni|university|studium|class|"
        r"kurs|course)\b|\bumfrage\s+(?:für|im\s+rahmen)"),
    "support": re.compile(
        r"\b(?:bin|sind)\s+(?:schon|bereits)\s+(?:seit\s+\w+\s+(?:\w+\s+)?)?"
        r"(?:ihr(?:e)?|euer|eure)?\s*(?:kunde|kundin|kunden|patient(?:in)?)\b(?!\s+bei\s+(?!euch|ihnen))|"
        r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:already\s+|an\s+existing\s+|a\s+current\s+)+"
        r"(?:a\s+)?(?:customer|client|patient)\b(?!\s+(?:of|with|at)\s+(?!you))|"
        r"\b(?:meine|unsere)\s+(?:bestellung|rechnung|lieferung|buchung|reklamation|"
        r"bestellnummer|kundennummer)\b|"
        r"\b(?:my|our)\s+(?:order|invoice|delivery|booking|refund|account|subscription|"
        r"order\s+number|customer\s+number)\b(?=[^.!?\n]{0,80}(?:wrong|not|never|late|missing|"
        r"cancel|charged|twice|still|hasn'?t|didn'?t|doesn'?t|can'?t|problem|issue|broken))|"
        r"\b(?:termin|appointment)\s+(?:\w+\s+){0,3}(?:verschieben|absagen|stornieren|reschedule|cancel)|"
        r"\b(?:reschedule|cancel)\s+my\s+(?:appointment|booking|order)|"
        r"\b(?:rechnung|invoice)\s+(?:\w+\s+)?(?:falsch|doppelt|stimmt\s+nicht|wrong|twice)|"
        r"\b(?:can'?t|cannot)\s+log\s*in\b|\blogin\s+(?:geht|funktioniert)\s+nicht\b|"
        r"\b(?:reklamation|rückerstattung|garantiefall)\b"),
    "wrong_number": re.compile(
        r"\bfalsch\s+verbunden\b|\bverwählt\b|\bverklickt\b|\bbin\s+(?:ich\s+)?hier\s+falsch\b|"
        r"\b(?:falsche[nrs]?)\s+(?:nummer|seite|firma|adresse|chat|praxis)\b|"
        r"\bwrong\s+(?:number|company|website|site|chat|person|business|place)\b|"
        r"\bsorry,?\s+(?:wrong|falsch)\b"),
    "spam": re.compile(
        r"\b(?:casino|crypto|bitcoin|btc|forex|viagra|cialis|onlyfans|escort|lottery|lotto\s+gewinn|"
        r"payday\s+loan|make\s+money\s+fast|earn\s+\$?\d+\s*(?:k|per|a)\s*(?:day|week)|"
        r"click\s+(?:here|this\s+link)|100%\s+(?:free|guaranteed))\b"),
}

_URGENT = re.compile(
    r"\b(?:heute\s+noch|noch\s+heute|heut\s+noch|heit\s+no(?:ch)?|hüt\s+no(?:ch)?|"
    r"heute\s+(?:oder|od\.?|o\.|/)\s*morgen|"
    r"gleich\s+morgen|heute\s+(?:nachmittag|abend)|"
    r"sofort|umgehend|notfall|notdienst|dringend|eilig|es\s+eilt|eilt\s+sehr|"
    r"rohrbruch|wasserrohrbruch|wasserschaden|steht\s+unter\s+wasser|überschwemm\w*|"
    r"(?:heizung|heizig|therme|boiler)\s+(?:(?!aus\b)\w+\s+){0,2}(?:ausgefallen|ausgfallen|kaputt|"
    r"geht\s+nicht|geht\s+nimmer|ausgegangen|(?:ist|is|isch)\s+(?:aus|hin))\b|"
    r"kein\s+(?:warmes?\s+wasser|warmwasser|strom|heizung)|starke\s+schmerzen|"
    r"today\s+or\s+tomorrow|(?:come|be\s+here|out|over|by|before|done)\s+(?:today|tonight|"
    r"tomorrow(?:\s+morning)?)|this\s+(?:afternoon|evening)|tonight|right\s+(?:now|away)|"
    r"immediately|emergency|urgent(?:ly)?|asap\s+(?:today|pls|please)|"
    r"burst\s+pipe|pipe\s+(?:has\s+)?burst|flooded\s+(?:\w+\s+)?(?:basement|cellar|kitchen|bathroom|floor)|no\s+(?:hot\s+water|heat(?:ing)?|power)|"
    r"(?:boiler|heating|furnace)\s+(?:\w+\s+){0,2}(?:broke|broken|died|dead|out|stopped))\b")
_NOT_URGENT = re.compile(
    # Browsing or no need at all: a time word here ("right now", "gerade") is no urgency.
    r"\b(?:just|only|merely)\s+(?:browsing|looking(?:\s+around)?|curious)\b|"
    r"\b(?:don'?t|do\s+not|doesn'?t)\s+(?:really\s+)?need\s+(?:anything|it|one)\b|"
    r"\bnur\s+(?:mal\s+)?(?:am\s+|zum\s+)?(?:schauen|gucken|umschauen|umsehen|stöbern|informieren)\b|"
    r"\b(?:brauche?n?|benötige?n?)\s+(?:\w+\s+)?(?:gerade|aktuell|momentan|jetzt|im\s+moment|noch)?\s*"
    r"(?:nichts|gar\s+nichts|nix)\b|"
    r"\b(?:nicht|kein|keine|nichts|nothing|not|no|non)[-\s]+(?:so\s+|sehr\s+|super\s+|really\s+|an?\s+)?"
    r"(?:dringend|eilig|notfall|urgent|emergency|rush)|\bes\s+eilt\s+nicht\b|\bkeine\s+eile\b|"
    r"\bno\s+rush\b|\bnot\s+(?:today|tomorrow)\b|\bnicht\s+(?:heute|morgen|sofort)\b")

# "dringend"/"urgently" only stressing a need ("wir brauchen dringend ein CRM", "we urgently need
# a new website") is no emergency: no time, no damage. An emergency word or a same-day time in
# the same message still counts on its own.
_STRESSED_NEED = re.compile(
    r"\b(?:brauche?n?|braucht|benötige?n?|benötigt|suche?n?|sucht|wollen|möchten)\s+(?:\w+\s+)?"
    r"(?:ganz\s+|sehr\s+|echt\s+)?(?:dringend|eilig)\b|"
    r"\b(?:dringend|eilig)\s+(?:\w+\s+)?(?:brauche?n?|braucht|benötige?n?|benötigt|gesucht|suche?n?)\b|"
    r"\b(?:really\s+)?urgently\s+(?:need|want|require|looking)\b|"
    r"\b(?:need|want|require)\s+(?:\w+\s+){0,3}?urgently\b")

# A sentence of the lead's own asking: it ends in "?" or opens like a question (chat often
# drops the mark). Pings ("hallo?", "noch da?") and remarks about the bot's question are not.
_QUESTION_OPENER = re.compile(
    r"(?:^|[,;:-]\s*)(?:und\s+|also\s+|ok\s+|okay\s+|and\s+|so\s+|btw\s+|übrigens\s+)?"
    r"(?:was\s+(?:kostet|kosten|nehmt|nehmen|verlangt|verlangen)|wie\s+(?:teuer|viel|lange|schnell|"
    r"läuft|funktioniert|sind|ist)|wieviel|wann\s+(?:habt|haben|seid|sind|könnt|können)|"
    r"wo\s+(?:seid|sind|genau)|(?:habt|macht|bietet|kommt|seid|könnt|arbeitet|nehmt)\s+ihr|"
    r"(?:haben|machen|bieten|kommen|sind|können|arbeiten|nehmen)\s+sie|gibt\s+(?:es|s)|"
    r"(?:kann|muss|darf|soll|brauche)\s+(?:man|ich)|kostet\s+(?:das|es|sowas|so\s+was)|geht\s+das|ist\s+(?:das|es)|"
    r"how\s+(?:much|long|fast|soon|does|do)|what\s+(?:does|do|are|is)\s+(?:it|you|your|the)|"
    r"(?:do|does|are|can|could|will|would|is|should)\s+(?:you|it|there|this|i|we)|when\s+(?:are|can|do)\s+you|"
    r"where\s+are\s+you|which|(?:can|could|will|would)\s+(?:someone|somebody|anyone|anybody)|"
    r"(?:kann|könnte|kommt)\s+(?:jemand|einer|wer))\b")
_PING = re.compile(
    r"^(?:hallo|hello|hi|hey|huhu|jemand\s+da|noch\s+da|bist\s+du\s+noch\s+da|sind\s+sie\s+noch\s+da|"
    r"anyone\s+there|are\s+you\s+there|still\s+there|ok|okay|ja|nein|yes|no|echt|wirklich|really|"
    r"und|and|so|also|wie\s+bitte|sorry|pardon)\W*$")
_ABOUT_THE_QUESTION = re.compile(
    r"\b(?:wie\s+mein\w*\s+(?:sie|du)\s+das|was\s+mein\w*\s+(?:sie|du)|what\s+do\s+you\s+mean|"
    r"(?:warum|wieso|weshalb|wozu)\s+(?:\w+\s+){0,3}(?:wissen|fragen|frage|fragst|brauchen|"
    r"braucht)|why\s+(?:\w+\s+){0,3}(?:ask|know|need))\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*|[.!?]+")
MIN_QUESTION_WORDS = 3
_WORD = re.compile(r"[^\W\d_]{2,}|\d+")


@dataclass(frozen=True)
class LeadSignal:
    """A conversation-level signal and the lead's own words it rests on.

    `kind` is "non_buyer:<kind>" (one of NON_BUYER_KINDS), "urgent" or "question";
    `text[span[0]:span[1]] == quote` for the message it was read from.
    """

    kind: str
    quote: str
    span: tuple[int, int]
    source: str = "rules"

    @property
    def non_buyer(self) -> str | None:
        """The non-buyer kind, if this is a non-buyer signal."""
        return self.kind.split(":", 1)[1] if self.kind.startswith("non_buyer:") else None


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the text, trimmed of surrounding whitespace."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    for start, end in _sentences(text):
        if start <= pos < end:
            return start, end
    return pos, pos


def _signal(kind: str, text: str, pos: int) -> LeadSignal:
    start, end = _sentence_at(text, pos)
    return LeadSignal(kind, text[start:end], (start, end))


def _shifted(signal: LeadSignal | None, offset: int) -> LeadSignal | None:
    if signal is None or offset == 0:
        return signal
    return LeadSignal(signal.kind, signal.quote, (signal.span[0] + offset, signal.span[1] + offset),
                      signal.source)


def _first(find: Callable[[str], LeadSignal | None], text: str) -> LeadSignal | None:
    """The first signal in the windows of a long paste (its head and tail, as extraction reads)."""
    for start, end in read_windows(text):
        found = _shifted(find(text[start:end]), start)
        if found is not None:
            return found
    return None


def detect_non_buyer(text: str) -> LeadSignal | None:
    """The first non-buyer kind the message shows, with its sentence as the quote."""
    return _first(_non_buyer, text)


def _non_buyer(text: str) -> LeadSignal | None:
    s = lower(prepare(text))
    found = [(m.start(), kind) for kind, pattern in _NON_BUYER.items()
             if (m := pattern.search(s)) is not None]
    if not found:
        return None
    pos, kind = min(found)
    return _signal(f"non_buyer:{kind}", text, pos)


def detect_urgency(text: str) -> LeadSignal | None:
    """An urgent request (same or next day, an emergency), unless the lead says it is not."""
    return _first(_urgency, text)


def _urgency(text: str) -> LeadSignal | None:
    s = lower(prepare(text))
    stress = [m.span() for m in _STRESSED_NEED.finditer(s)]
    for match in _URGENT.finditer(s):
        if any(a <= match.start() < b for a, b in stress):
            continue
        start, end = _sentence_at(s, match.start())
        if not _NOT_URGENT.search(s, start, end):
            return _signal("urgent", text, match.start())
    return None


def lead_questions(text: str, answer_spans: Sequence[tuple[int, int]] = ()) -> list[LeadSignal]:
    """The lead's own questions, one per sentence, without pings and remarks on the bot's
    question ("wie meinen Sie das?", "why do you ask?").

    `answer_spans` are the facts read from this message: a sentence holding one that only ends
    in "?" ("so 500?", "maybe a few hundred a month?") is a tentative answer, not a question;
    one that opens like a question ("kommt ihr heute noch?") stays a question."""
    return [q for start, end in read_windows(text)
            for q in (_shifted(found, start) for found in _questions(text[start:end], [
                (a - start, b - start) for a, b in answer_spans]))
            if q is not None]


def _questions(text: str, answer_spans: Sequence[tuple[int, int]]) -> list[LeadSignal]:
    s = lower(prepare(text))
    out = []
    for start, end in _sentences(s):
        sentence = s[start:end].strip(" \"'")
        words = _WORD.findall(sentence)
        if len(words) < MIN_QUESTION_WORDS or _PING.match(sentence) or _ABOUT_THE_QUESTION.search(sentence):
            continue
        opener = _QUESTION_OPENER.search(sentence) is not None
        answers = any(a < end and start < b for a, b in answer_spans)
        if opener or (sentence.rstrip().endswith("?") and not answers):
            out.append(LeadSignal("question", text[start:end], (start, end)))
    return out


def asks_why(text: str) -> bool:
    """The lead asks why the bot wants to know (answered by explaining, not from knowledge)."""
    return _ABOUT_THE_QUESTION.search(lower(prepare(text))) is not None


def lead_signals(text: str) -> list[LeadSignal]:
    """Every conversation-level signal of a message: non-buyer kind, urgency, questions."""
    found = [detect_non_buyer(text), detect_urgency(text)]
    return [s for s in found if s is not None] + lead_questions(text)
