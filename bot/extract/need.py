"""Need facts: a stated problem, goal or concrete interest, or a clear "no need".

Wanting to *start* something is timing, not need ("Wir möchten ab Juni starten");
checking with the boss is authority ("Ich muss das erst abstimmen"). A need names a
problem or what should get better. An opt-out is a "no need" that the policy must
also honour, so it carries the `opt_out` flag.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import chain

from bot.extract import lexicon
from bot.extract.hits import Hit
from bot.extract.scan import Scan, matches


def _rule(source: str) -> re.Pattern[str]:
    """A rule whose alternatives all start with a letter at a word start.

    The look-ahead rejects digits, symbols and emoji before any alternative is tried:
    several times faster on pasted junk than the bare word-boundary anchor.
    """
    return re.compile(rf"(?=[a-zäöüß'])\b(?:{source})")



# Problems, complaints and pain in plain words. Every alternative starts at a word, so the
# word-start pattern stays fast on long messages; German compounds that end in a problem
# word ("Terminchaos", "Personalengpass") have their own small pattern below.
_PROBLEM = _rule(
    r"problem|herausforderung|schwierigkeit|unübersichtlich|ineffizient|umständlich|"
    r"zu\s+langsam|zu\s+viel\s+(?:zeit|aufwand|arbeit)|frustrier|nervt|ärgerlich|"
    r"schaff(?:e|en|t)\s+(?:es\s+)?(?:\w+\s+){0,2}nicht|"
    r"kommen\s+nicht\s+(?:mehr\s+)?hinterher|nicht\s+(?:mehr\s+)?hinterher|versanden|"
    r"verlier(?:e|en|t|st)\b|verloren|"
    # Managing only a part: "wir schaffen nur 50 zu beantworten", "we only manage half".
    r"schaff(?:e|en|t)\s+(?:es\s+)?(?:\w+\s+)?(?:nur|kaum|gerade\s+mal|höchstens)\b|"
    r"(?:only|barely)\s+(?:manage|get\s+to|have\s+time)\b|"
    # Slowness and overload: "onboarding takes forever", "dauert ewig", "overloaded with".
    r"(?:takes?|taking|took)\s+(?:\w+\s+)?(?:forever|ages|too\s+long|way\s+too\s+long)\b|"
    r"dauer(?:t|n)\s+(?:\w+\s+)?(?:ewig|ewigkeiten|zu\s+lange?|tagelang|wochenlang)\b|"
    r"overload\w*|overrun\s+with|snowed\s+under|unqualifi\w+|unqualifiziert\w*|"
    r"lose\s+track|loses\s+track|losing\s+track|"
    # Chasing people by phone or mail: "telefoniert den Fahrern hinterher", "chasing clients".
    r"(?:telefonier|lauf|läuft|renn|jag|schreib|mail)\w*\s+(?:\S+\s+){0,6}hinterher\b|"
    r"hinterher(?:telefonier|lauf|renn|jag)\w*|chas(?:e|es|ing)\s+(?:\w+\s+){0,2}(?:after\s+)?"
    r"(?:\w+\s+)?(?:customers|clients|leads|drivers|people|payments|invoices|patients|calls)\b|"
    # Not keeping up or not being enough: "hasn't kept up", "reicht hinten und vorne nicht".
    r"(?:hasn'?t|haven'?t|has\s+not|have\s+not|doesn'?t|don'?t|can'?t|isn'?t|aren'?t)\s+(?:\w+\s+)?"
    r"(?:kept|keeping|keep)\s+up\b|(?:isn'?t|aren'?t|is\s+not|are\s+not|not)\s+(?:nearly\s+)?enough\b|"
    r"(?<!budget\s)(?<!geld\s)reich(?:t|en)\s+(?:\w+\s+){0,4}nicht\b|"
    r"(?:geht|gehts|geht's)\s+(?:es\s+|das\s+)?(?:so\s+)?nicht\s+(?:mehr\s+)?weiter|"
    r"can'?t\s+go\s+on\s+like\s+this|"
    # Dissatisfaction and no-shows: "mit der Qualität unzufrieden", "60 no-shows a month".
    r"unzufrieden|dissatisfied|unhappy\s+with|not\s+(?:happy|satisfied)\s+with|"
    r"nicht\s+(?:mehr\s+|so\s+|wirklich\s+)?zufrieden|no-?shows?\b|nicht\s+erschienen|"
    r"(?:killing|kills|hurting|ruining|ruins)\s+(?:our|my)\s+\w+|"
    r"verpassen|bleiben\s+liegen|bleibt\s+liegen|geht\s+unter|gehen\s+unter|niemand\s+\w+|"
    r"keiner\s+kümmert|kaum\s+(?:\w+\s+)?(?:leads|anfragen|kunden|termine|zeit)|"
    r"(?:fast|so\s+gut\s+wie)\s+keine|funktioniert\s+nicht|klappt\s+nicht|läuft\s+nicht|"
    r"überlastet|überfordert|manuell|händisch|kostet\s+uns|kündigt|gekündigt|ersatz|"
    r"struggl|issue|challenge|pain\s*point|bottleneck|mess\b|messy|chaotic|inefficient|"
    r"overwhelm|can'?t\s+keep\s+up|cannot\s+keep\s+up|falling\s+through|slip(?:ping)?\s+through|"
    r"los(?:e|es|ing|t)\b|wast(?:e|ing)|too\s+(?:much\s+time|many|slow|few)|(?:almost|hardly|barely)\s+"
    r"(?:no|any)|doesn'?t\s+work|not\s+working|broken|ignor(?:e|es|ing)|duplicates|"
    r"frustrat|replace(?:ment)?|costs?\s+us|nobody\s+\w+|no\s+one\s+\w+|manual(?:ly)?|"
    r"ertrink\w*|erstick\w*|fressen\s+(?:\w+\s+){0,3}auf|frisst\s+(?:\w+\s+){0,3}auf|"
    r"(?:ständig|dauernd|immer)\s+besetzt|nicht\s+erreichbar|schrott(?:ig\w*)?\b|"
    r"mies(?:e[mnrs]?)?\b|unbrauchbar|"
    r"(?:ist|sind|wird|werden)\s+(?:\w+\s+){0,2}zu\s+(?:viel|hoch|teuer|langsam|wenig)\b|"
    # Too much / too little of something that matters: "zu viele Anfragen", "kann zu wenig".
    r"zu\s+(?:viele|wenige)\b|zu\s+wenig\s+(?:zeit|leads|anfragen|kunden|termine|personal|leute|"
    r"umsatz|buchungen|aufträge)|(?:kann|können|bringt|bringen)\s+(?:\w+\s+)?zu\s+wenig\b|"
    r"zu\s+(?:kompliziert|umständlich|aufwendig|aufwändig|unflexibel|fehleranfällig)\b|"
    r"too\s+(?:complicated|expensive|clunky|complex|little|late)\b|"
    r"uns\s+(?:\w+\s+){0,2}(?:zeit|geld|nerven|kunden|umsatz|aufträge)\s+(?:kostet|kosten)\b|"
    # Waiting and lateness: "warten tagelang auf einen Rückruf", "kriegen wir zu spät mit".
    r"warte[nt]?\s+(?:\w+\s+){0,3}(?:tagelang|wochenlang|stundenlang|ewig|zu\s+lange?)\b|"
    r"(?:tagelang|wochenlang|stundenlang|ewig)\s+(?:\w+\s+){0,2}(?:warten|auf\s+(?:eine?n?\s+)?"
    r"(?:rückruf|antwort|termin|rückmeldung))|"
    r"wait(?:s|ing)?\s+(?:\w+\s+){0,3}(?:for\s+)?(?:days|weeks|hours|ages|forever|too\s+long)\b|"
    r"zu\s+spät\s+(?:\w+\s+)?(?:mit|zurück|reagier\w*|beantwort\w*|gemeldet|dran)\b|"
    r"(?:reagier\w*|antwort\w*|melden|respond\w*|repl(?:y|ied|ies)|answer\w*|get\s+back)\s+"
    r"(?:\w+\s+){0,2}(?:zu\s+spät|too\s+late|too\s+slowly)|"
    r"(?:bleibt|bleiben|steht|stehen)\s+(?:\w+\s+){0,2}leer\b|"
    # Things that rarely happen although they should: "werden kaum gebucht", "rarely answered".
    r"(?:kaum|selten|nie)\s+(?:\w+\s+)?\w*ge\w+(?:t|en)\b(?<!gesagt)(?<!gesehen)|"
    r"(?:hardly|rarely|barely|never)\s+(?:\w+\s+)?(?:booked|used|answered|returned|opened|"
    r"read|converts?|shows?\s+up|turn\s+up)|"
    r"(?:praktisch|quasi|nahezu|so\s+gut\s+wie)\s+(?:gar\s+)?keine?\b(?!\s+(?:problem|thema|"
    r"bedarf|interesse|eile|stress|sorge))|"
    r"(?:weiß|wissen|kümmert\s+sich|meldet\s+sich)\s+(?:\w+\s+)?(?:keiner|niemand)\b|"
    r"keiner\s+(?:mehr\s+)?(?:weiß|kümmert|meldet|ruft|hat\s+(?:den\s+)?überblick)|"
    r"(?:kein(?:en)?|no)\s+(?:\w+\s+)?(?:überblick|overview|system\s+for|process\s+for)\b|"
    # Requests that vanish: "landen im Nirwana", "versickern", "go into a black hole".
    r"(?:landen|landet|verschwinden|verschwindet)\s+(?:\w+\s+){0,2}im\s+(?:nirwana|nichts|sand|spam\w*)|"
    r"versicker\w*|(?:into|in)\s+(?:a|the)\s+(?:black\s+hole|void)|"
    # Outdated or manual tooling.
    r"veraltet\w*|in\s+die\s+jahre\s+gekommen|nicht\s+mehr\s+zeitgemäß|altbacken|antiquiert|"
    r"outdated|old[-\s]school|old[-\s]fashioned|ancient|clunky|"
    r"(?:rings?|ringing|klingelt)\s+(?:\w+\s+)?(?:non-?stop|nonstop|constantly|ständig|"
    r"dauernd|ununterbrochen|off\s+the\s+hook)|"
    r"(?:noch|immer\s+noch|still)\s+(?:\w+\s+){0,2}(?:per|über|mit|via|on|by|with|in|auf)\s+"
    r"(?:telefon|zettel|papier|excel|fax|hand|paper|spreadsheets?|post-?its?|whatsapp)|"
    r"drowning|swamped\s+with|eat(?:s|ing)?\s+up|killing\s+(?:us|me)|kills\s+(?:us|me)|"
    r"hurting\s+(?:us|me)|costing\s+(?:us|me)|terrible|awful|horrible|poor\b|"
    r"miss(?:es|ed|ing)?\s+(?:\w+\s+){0,4}(?:calls|bookings|leads|appointments|jobs|deals|"
    r"opportunities|inquiries|enquiries|messages|sales|reservations|orders|emails|tickets|"
    r"patients|clients|customers|follow-?ups)|"
    r"never\s+(?:get|gets|hear|hears|receive|receives)\b|out\s+of\s+control|"
    r"(?:kommt|kommen)\s+(?:\w+\s+){0,4}nicht\s+(?:mehr\s+)?nach|beschwer(?:en|t)\s+sich|"
    r"complain(?:s|ing)?\b|"
    r"shut(?:s|ting)?\s+down|discontinu|end\s+of\s+life|"
    # A provider stopping its service; "stellt Leute ein" (hiring) is not meant.
    r"(?:dienst|service|betrieb|support|produkt)\w*\s+(?:\w+\s+){0,3}eingestellt|"
    r"stell(?:t|en)\s+(?:den|das|die|seinen|ihren)\s+(?:dienst|service|betrieb|support|produkt)\w*"
    r"\s+(?:\w+\s+){0,3}ein\b",
)
_PROBLEM_IN_COMPOUND = re.compile(r"chaos|chaotisch|engpass|baustelle|aufwendig|durcheinander")
_GOAL = _rule(
    r"\bsuchen\s+(?:\w+\s+){0,3}(?:lösung|tool|software|system|partner|anbieter|unterstützung|"
    r"hilfe|möglichkeit|weg|ersatz|alternative|jemand)|\bsuche\s+(?:\w+\s+){0,3}\w+|"
    r"\bsuchen\s+(?:einen|eine|ein|nach|jemand\w*|dringend|aktuell|gerade|derzeit|etwas|was)\b|"
    r"(?:brauche|brauchen|bräuchte|bräuchten|benötige|benötigen|benötigten|braucht|benötigt)\s+"
    r"(?!\w*\s*(?:keine?n?|nichts|nicht)\b)|"
    r"(?:wollen|möchten|hätten\s+gerne?|würden\s+gerne?)\s+(?:aber\s+|auch\s+|noch\s+|gerne?\s+)?"
    r"(?:einen|eine|ein|nen|ne)\s+(?!termin\b|moment\b)\w+|"
    r"angebot\w*\s+(?:\w+\s+){0,2}(?:schicken|senden|zusenden|erstellen|machen|einholen|ein)\b|"
    r"bitte\s+um\s+(?:ein\s+)?angebot|"
    r"(?:ein|an|\ba)\s+(?:unverbindliches\s+)?(?:angebot|quote)\s+(?:für|über|for)\b|(?:schicken|senden|machen|erstellen)\s+sie\s+(?:\w+\s+){0,3}"
    r"(?:ein\s+)?angebot|(?:send|get|give)\s+(?:me\s+|us\s+)?(?:a\s+)?"
    r"(?:quote|proposal|offer)|(?:collecting|getting|comparing)\s+(?:\w+\s+)?(?:quotes|offers|"
    r"proposals|vendors)|(?:we'?re|we\s+are|currently)\s+evaluating|\broll(?:-?out|ing\s+out)\b|"
    r"(?:muss|soll|sollte|müssen)\s+(?:\w+\s+)?besser\s+(?:werden|laufen)|"
    r"(?:need|needs|has|have)\s+to\s+(?:get\s+)?(?:better|improve)|"
    r"(?<!you\s)\bneed(?:s|ed)?\s+(?:it|this|a|an|some|something|more|better|help)\b|"
    r"\bbedarf\s+(?:an|für)|(?:wollen|möchten|müssen|würden\s+gerne?)\s+(?:\S+\s+){0,5}"
    r"[a-zäöü]{0,6}(?:verbessern|automatisieren|steigern|erhöhen|reduzieren|senken|optimieren|beschleunigen|"
    r"sortieren|qualifizieren|digitalisieren|entlasten|vereinfachen|professionalisieren|"
    r"ausbauen|skalieren|gewinnen|generieren|loswerden|ersetzen|ablösen|aufräumen|wechseln|"
    r"umsteigen|modernisieren|erneuern|überarbeiten|aufsetzen|einführen|einsetzen|anschaffen|"
    r"integrieren|einbauen|verdoppeln|annehmen|anbieten|ermöglichen|abwickeln|erfassen|verwalten|"
    r"bearbeiten|beantworten|bündeln|nachverfolgen|abbilden|vermeiden|entgegennehmen)|"
    r"(?:muss|müssen|soll|sollte|sollen)\s+(?:\S+\s+){0,3}(?:modernisiert|erneuert|überarbeitet|"
    r"verbessert|automatisiert|digitalisiert|ersetzt|abgelöst)\s+werden|"
    r"ziel\s+ist|unser\s+ziel|(?:interessiere|interessieren)\s+(?:mich|uns)\s+für|"
    r"interesse\s+an\s+(?!\w*\s*(?:keine|nichts))|"
    r"(?:wir\s+)?(?:müssen|wollen|möchten)\s+(?:\w+\s+){0,4}(?:loswerden|weg\s+von|raus\s+aus)\b|"
r"(?:we|i)\s+(?:really\s+|urgently\s+|definitely\s+)?need\b(?!\s+to\s+(?:check|talk|ask|"
    r"discuss|think|run|clear|consult|speak|see|confirm))|"
    r"(?:we'?re|we\s+are|i'?m|i\s+am)\s+looking\s+for|\blooking\s+for\s+(?:a|an|some)\s+|"
    r"\blooking\s+for\s+something\b|evaluating\s+(?:\w+\s+){0,2}(?:tools|vendors|options|"
    r"solutions|software|providers|platforms|systems)\b|"
    # Wanting someone else to act differently: "want our support team to stop answering".
    r"(?:want|wants|need|needs|would\s+like|'d\s+like)\s+(?:our|my|the)\s+(?:[\w-]+\s+){0,3}to\s+"
    r"(?:stop|spend\s+less|focus|be\s+able|get\s+more|answer|respond|handle)\b|"
    r"(?:want|wants|would\s+like|'d\s+like|need|trying|hoping)\s+to\s+(?:\S+\s+){0,2}"
    r"(?:improve|automate|increase|boost|grow|reduce|cut|fix|speed\s+up|streamline|qualify|"
    r"sort|scale|get\s+more|book\s+more|generate|replace|clean\s+up|get\s+rid|stop\s+losing|"
    r"handle|organi[sz]e|switch|migrate|move\s+away|double|triple)|our\s+goal|the\s+goal\s+is|interested\s+in\s+(?!\w+ing\s+nothing)|"
    r"(?:sollte|soll|muss|should|must|has\s+to|want|need|'d\s+like|would\s+like)\s+"
    r"(?:der|die|das|the|our|unser\w*)\s+"
    r"(?!das\b|es\b|this\b|it\b)\w+\s+(?:\w+\s+){0,2}(?:laufen|live|stehen|fertig|running|ready|"
    r"in\s+place)",

)
# A wish given as a bare phrase at the start of a clause: "mehr Termine, weniger Telefon",
# "Angebot für 2 Standorte bitte". One pattern for the message start, one led by the clause
# break itself: a leading character class lets the regex engine skip ahead fast.
_WISH_BODY = (
    r"\s*(?:und\s+|and\s+)?(?:(?:mehr|weniger|more|less|fewer|bessere?n?|better)\s+"
    r"(?!als\b|than\b|oder\b|or\b|info\w*|details?\b|call\b|later\b|später\b|"
    # "mehr gibt das Budget nicht her", "more is not possible": a verb follows, not a wish.
    r"(?:gibt|geht|ist|sind|wird|darf|kann|will|is|are|can|will|would)\b|"
    r"zeit\s+(?:lassen|geben))[a-zäöüß-]{3,}|(?:ein\s+)?angebot\s+(?:für|über)\b)"
)
_WISH_AT_START = re.compile(_WISH_BODY)
_WISH = re.compile(r"[,;:!?\n.]" + _WISH_BODY)
_NO_NEED = _rule(
    r"(?:sehr\s+|ganz\s+|rundum\s+)?zufrieden|kein(?:en)?\s+(?:\w+\s+)?bedarf|kein\s+interesse|"
    r"brauchen\s+(?:\w+\s+)?(?:keine?n?|nichts)|benötigen\s+(?:\w+\s+)?(?:keine?n?|nichts)|"
    r"nur\s+(?:mal\s+)?neugierig|reine\s+neugier|"
    # Only looked, or asks for a thesis: "hab mir das nur mal angeschaut", "for my thesis".
    r"(?:hab|habe|haben)\s+(?:mir\s+|uns\s+)?(?:das\s+|es\s+)?(?:\w+\s+)?nur\s+(?:mal\s+)?"
    r"(?:angeschaut|angesehen|angeguckt|umgeschaut|informiert)|"
    r"(?:just|only)\s+(?:having|taking|had|took)\s+a\s+look|"
    r"(?:will|möchte|wollen|möchten)\s+(?:\w+\s+)?nichts\s+kaufen|"
    r"not\s+(?:\w+\s+)?buying\s+anything|"
    r"(?:thesis|bachelorarbeit|masterarbeit|abschlussarbeit|seminararbeit|hausarbeit|dissertation)\b|"
    r"happy\s+with|satisfied|content\s+with|all\s+good|no\s+need|don'?t\s+need|"
    r"do\s+not\s+need|not\s+interested|no\s+interest|(?:just|only|merely)\s+curious|"
    r"out\s+of\s+curiosity|aus\s+neugier|(?:got|getting|became|became\s+just)\s+curious|"
    r"neugierig\s+geworden|not\s+(?:sure|convinced)\s+(?:if\s+|whether\s+|that\s+)?(?:we|i)\s+"
    r"(?:even\s+|really\s+)?need|(?:nicht\s+sicher|unsicher),?\s+ob\s+(?:wir|ich)\s+(?:das\s+)?"
    r"(?:überhaupt\s+|wirklich\s+)?(?:brauchen|brauche)|"
    # Already solved or covered: "intern gelöst", "works fine for us"
    r"(?:intern|selbst|schon|bereits|inzwischen)\s+(?:\w+\s+)?gelöst|already\s+(?:\w+\s+)?(?:solved|"
    r"sorted|covered)|(?:works|working)\s+(?:fine|well|great)\s+for\s+us|"
    r"(?:läuft|laufen|funktioniert|funktionieren)\s+(?:bei\s+uns\s+)?(?:alles\s+)?(?:gut|super|"
    r"prima|einwandfrei|rund|reibungslos|problemlos)|"
    r"(?:running|runs|run|going|goes|works|working)\s+(?:\w+\s+)?(?:smoothly|fine|well)\b|"
    r"no\s+(?:complaints|issues|problems)\b|keine\s+(?:probleme|beschwerden)\b|"
    r"(?:it|that|this|everything)\s*(?:'s|\s+is|\s+works)\s+(?:\w+\s+)?(?:fine|ok|okay)\s*"
    r"(?:tbh|honestly|for\s+(?:now|us))?\s*(?:[.!]|$)|"
    r"(?:we'?re|we\s+are)\s+(?:all\s+)?(?:good|fine|set|covered|sorted)\b(?!\s+(?:at|in|to|with)\b)|"
    r"wir\s+sind\s+(?:\w+\s+)?(?:gut\s+|bestens\s+)?(?:versorgt|aufgestellt|abgedeckt)|"
    r"(?:just|only)\s+(?:wanted|want)\s+to\s+(?:see|have\s+a\s+look|look|check)|"
    r"(?:wollte|wollten)\s+(?:\w+\s+)?nur\s+(?:mal\s+)?(?:schauen|gucken|sehen|reinschauen)",

)
_OPT_OUT = _rule(
    r"unsubscribe|opt[-\s]?out|remove\s+me|remove\s+my\s+(?:\w+\s+)?(?:e-?mail|address|details|data)|take\s+me\s+off|stop\s+(?:emailing|mailing|"
    r"contacting|sending)|don'?t\s+(?:contact|email|mail)\s+me|do\s+not\s+contact|"
    r"delete\s+my\s+(?:data|details|email)|abmelden|abbestellen|austragen|"
    r"aus\s+(?:\w+\s+)?(?:verteiler|liste|newsletter)|stopp?t?\s+(?:die|the|your|ihre)\s+"
    r"(?:werbung|mails|e-?mails|newsletter)|keine\s+(?:werbung|e-?mails?|mails|"
    r"nachrichten|newsletter)\s+mehr|(?:nicht\s+mehr|nie\s+wieder)\s+(?:\w+\s+)?"
    r"(?:kontaktieren|anschreiben|anrufen|schreiben|mailen)|kontaktieren\s+sie\s+mich\s+"
    r"(?:bitte\s+)?nicht|löschen\s+sie\s+(?:bitte\s+)?meine\s+daten|meine\s+daten\s+löschen",

)
# "Bis Ende März bräuchten wir das", "we need it by June": wanting "it" by a date restates
# the need already given. Such a hit is vague, so it does not replace a stated need.
_PRONOUN_OBJECT = re.compile(r"(?:\s*(?:wir|ich|man)\s+)?\s*(?:das|es|dies|it|this|that)\b"
                             r"(?!\s+(?:\w+\s+)?(?:für|um|weil|for|because|to)\b)")
_NEGATED = lexicon.compose(r"(?:<<negation>>|<<negation.no>>)\s+(?:\w+\s+)?$")


# Clauses shorter than this (chars) are quoted together with the rest of their sentence.
_SHORT_CLAUSE = 25


def find_need(scan: Scan) -> list[Hit]:
    """Need hits in one lead message, the opt-out ones flagged."""
    s = scan.low
    hits: list[Hit] = []
    for m in matches(_OPT_OUT, s):
        hits.append(_hit(scan, m, False, 0.95, frozenset({"opt_out"})))
    for m in matches(_NO_NEED, s):
        if not _NEGATED.search(s, max(0, m.start() - 16), m.start()):
            hits.append(_hit(scan, m, False, 0.8))
    for pattern, confidence in ((_GOAL, 0.8), (_WISH, 0.75), (_PROBLEM, 0.75),
                                (_PROBLEM_IN_COMPOUND, 0.75)):
        found = matches(pattern, s)
        if pattern is _WISH:
            found = chain(filter(None, [_WISH_AT_START.match(s)]), found)
        for m in found:
            if not _covered(hits, m) and not _NEGATED.search(s, max(0, m.start() - 16),
                                                             m.start()):
                hit = _hit(scan, m, True, confidence)
                if pattern is _GOAL and _restates(s, m):
                    hit = replace(hit, specific=False)
                hits.append(hit)
    return hits


def _restates(s: str, m: re.Match[str]) -> bool:
    """True when a need verb's object is only "das"/"it": a restated need, often with a date."""
    tail = re.search(r"(?:it|this)$", m.group())
    return tail is not None or _PRONOUN_OBJECT.match(s, m.end()) is not None


def opt_out(text: str) -> bool:
    """True when the text asks not to be contacted any more."""
    return _OPT_OUT.search(text) is not None


def _covered(hits: list[Hit], m: re.Match[str]) -> bool:
    return any(h.start <= m.start() and m.end() <= h.end and not h.value["has_need"]
               for h in hits)


def _hit(scan: Scan, m: re.Match[str], has_need: bool, confidence: float,
         flags: frozenset[str] = frozenset()) -> Hit:
    return need_hit(scan, *quote_span(scan, m.start(), m.end()), has_need, confidence, flags)


def quote_span(scan: Scan, start: int, end: int) -> tuple[int, int]:
    """The quote of a need phrase: its clause, or its sentence when the clause is short."""
    q_start, q_end = scan.evidence(start, end)
    if q_end - q_start < _SHORT_CLAUSE:
        # "Das Problem ist, dass ...": a clause this short needs the rest of its sentence.
        q_end = max(q_end, scan.evidence(start, end, sentence=True)[1])
    return q_start, q_end


def need_hit(scan: Scan, start: int, end: int, has_need: bool, confidence: float,
             flags: frozenset[str] = frozenset()) -> Hit:
    """A need hit quoting text[start:end], its summary that quote (shortened)."""
    summary = scan.text[start:end]
    if len(summary) > 160:
        summary = summary[:157].rstrip() + "…"
    return Hit("need", {"has_need": has_need, "summary": summary}, start, end, confidence,
               flags=flags)
