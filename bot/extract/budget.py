"""Budget facts: amounts meant for this purchase, "no budget", "budget is there".

An amount becomes a budget only when something says it is money the lead would
spend on this: a budget word or spending verb in the sentence, a currency, or the
bot's budget question just before. Amounts that are something else (head count,
visitors, revenue, ad spend, salaries, approval limits, years, versions) are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from bot.extract import lexicon
from bot.extract.hits import Hit
from bot.extract.money import CEILING_TAIL, Amount, iter_amounts
from bot.extract.scan import Scan, lower, matches, prepare, word_pattern

# Figures looked at per message (window): a pasted price list is not a budget statement, and
# no lead message of the corpora holds more than six.
MAX_AMOUNTS = 12
# Below this no one states a budget ("$ 1"); it is a list marker or a typo.
MIN_BUDGET = 10
# Amounts this large are jokes or typos, not budgets ("1000000000000 dollars lol").
MAX_BUDGET = 1e10

_CUE = re.compile(
    r"budget|etat\b|ausgeben|investier|investition|bezahlen|\bzahlen|\bzahln\b|leisten|kosten\s+dürf|"
    r"darf\s+(?:\w+\s+){0,3}kosten|kostenrahmen|preisrahmen|preisvorstellung|rahmen\b|spielraum|"
    r"\btopf\b|eingeplant|einplanen|vorgesehen|veranschlagt|bewilligt|zur\s+verfügung|"
    r"\bdrin\b|machbar|rechnen\s+sie\s+mit|dachten?\s+(?:\w+\s+)?an|gedacht|vorstellen|obergrenze|"
    r"schmerzgrenze|\bspend|\binvest|\bpay\b|paying|afford|\bcost\b|price\s+range|pricing|"
    r"ballpark|set\s+aside|allocated|earmarked|approved\s+for|stay\s+(?:under|below|within)|"
    r"unter\s+\S+\s+(?:\w+\s+)?bleiben|(?:bleiben|bleibt)\s+(?:\w+\s+)?unter\b|"
    r"(?:could|can|would|might)\s+(?:probably\s+|maybe\s+|easily\s+)?(?:do|go|stretch|justify|"
    r"manage|allocate|commit)\b|thinking|looking\s+at|\bcap\b|ceiling|denken\s+an|"
    r"korrektur|correction|\beher\b|\brather\b|\bi\s+mean(?:t)?\b|ich\s+mein(?:e|te)\b|"
    r"\bmeinte\b|\bvertan\b|\bmake\s+(?:that|it)\b|\bmach(?:en)?\s+(?:wir\s+)?(?:daraus|draus)\b|"
    r"\bsagen\s+wir\b|\blet'?s\s+say\b|\bscratch\s+that\b|"
    # Money at hand for this: "we've got maybe 700 a month for this", "haben wir dafür 2k".
    r"\b(?:we'?ve\s+got|we\s+have|we'?d\s+have|haben\s+wir|wir\s+haben|hätten\s+wir)\b[^.!?]{0,40}?"
    r"(?:\bfor\s+(?:this|it|that)\b|\bdafür\b|\bhierfür\b)|"
    r"willing|bereit|(?:könnten|können|würden|wären|wäre)\s+(?:\w+\s+){0,3}(?:machen|gehen)|"
    # A wish or a limit of the lead's own: "hoping 80-100 a month", "keep it under 250",
    # "$500 is my limit", "bis 800 würd ich gehen", "so 300-400 wär denkbar".
    r"\b(?:do|go)\s+(?:more|over|above|higher)\b|höchstens|at\s+most|no\s+more\s+than|not\s+more\s+than|"
    r"nicht\s+mehr\s+als|bis\s+zu|up\s+to|dazu(?:geben|zahlen|legen)|drauflegen|zuzahlen|beisteuern|"
    r"igplant|iplant|budgetier|\bhop(?:e|ed|ing)\b|\bexpect(?:ed|ing)?\b|\bkeep\s+it\b|\blimit\b|\bhoffe|gehofft|"
    r"\bgrenze\b|\bdenkbar|\bgerechnet|locker\s*machen|\ballow(?:ed)?\b|\bin\s+the\s+plan\b|"
    r"\bwürd(?:e)?\s+(?:ich|i)\b|\b(?:gehen|go)\s+(?:bis|up\s+to)\b|\bmax(?:imal|imum)?\b|"
    r"\b(?:happy|fine|ok|okay)\s+(?:with|at|if)\b|\bwär(?:e)?\s+(?:ok|okay|gut|super|fein|machbar|"
    r"auch\s+ok|drin)\b",

)
# How far (chars) a word like "revenue" or "ads" reaches to claim a figure in its clause.
_OTHER_MONEY_REACH = 30
# A budget word as a label for what follows: "Budget? Not more than 8,000 EUR."
_LABEL = re.compile(r"^\W*(?:unser\s+|our\s+|das\s+|the\s+)?(?:budget|etat|preisrahmen|"
                    r"kostenrahmen|price\s+range)\s*[?:]?\W*$")
_OTHER_MONEY = re.compile(
    # Every alternative starts with a letter: the look-ahead skips digits and symbols fast.
    r"(?=[a-zäöüß])(?:umsatz|umsätze|gewinn|werbung|werbebudget|anzeigen|\bads?\b|adwords|google\s+ads|"
    r"facebook|linkedin\s+ads|\bppc\b|gehalt|gehälter|\blohn|löhne|miete|provision|kredit|"
    r"darlehen|bewertung|warenkorb|auftragswert|kundenwert|verlust|verlieren|verloren|"
    r"kostet\s+uns|kosten\s+uns|zahlen\s+(?:derzeit|aktuell|momentan|bisher|gerade|jetzt)|"
    # Paying someone we already work with: "zahlen unserem Callcenter", "we pay our agency".
    r"(?:zahlen|zahle|bezahlen|bezahle)\s+(?:unser\w*|mein\w*|dem|der)\s+|"
    r"\bpay(?:s|ing)?\s+(?:our|my|the)\s+(?:current\s+)?[a-z]+\s+(?!for\b)|"
    r"(?:derzeit|aktuell|momentan|bisher)\s+zahlen|aktuelle[nr]?\s+(?:anbieter|tool|lösung|"
    r"agentur|dienstleister)|agentur|revenue|turnover|\barr\b|\bmrr\b|profit|ad\s+spend|"
    r"advertising|salary|salaries|\brent\b|agency|currently\s+pay|(?:we|i)\s+pay\s+(?:now|"
    r"currently|today|at\s+the\s+moment)|current\s+(?:provider|vendor|tool|solution|contract)|"
    r"costs?\s+us|losing|\blose\b|\blost\b|\bloss\b|valuation|deal\s+size|order\s+value|"
    r"\baov\b|\bltv\b|eigenmittel|bezuschuss\w*|zuschuss|subsidi[sz]\w*|"
    r"verkauf\w*|hergeben|geb\s+ichs?\s+nicht\s+her|\bsell\w*|\bsold\b|asking\s+price|"
    r"insurance\s+(?:covers|pays|will\s+pay)|(?:kasse|versicherung)\s+(?:zahlt|übernimmt)|"
    r"covers\s+(?:like\s+|about\s+|up\s+to\s+)?|(?:our|unser\w*)\s+(?:fee|fees|price|prices|rate|rates|"
    r"preis\w*|honorar|tarif\w*|gebühr\w*|pakete?|lizenz\w*|licen[cs]e|abo\w*|produkt\w*|"
    r"software|service|angebot\w*|offer)\b|(?:we|i)\s+make\b|\bmeta\b|instagram|boost\w*|"
    r"refund\w*|erstatt\w*|rückerstatt\w*|zurücküberweis\w*|gewonnen|\bwon\b|"
    r"verdien\w*|\bearn\w*|income|einkommen|eigenkapital|down\s?payment|anzahlung|erlös|"
    r"deductible|selbstbeteiligung|selbstbehalt|abschlag|electric\s+bill|stromrechnung|"
    r"competitors?|konkurren\w*|wettbewerb\w*|(?:other|another)\s+(?:vendors?|agenc\w+|"
    r"provider)|andere[nr]?\s+anbieter|quoted\s+(?:us|me)|(?:charge|charges|verlangen|verlangt)\b|"
    r"\bloan\b|raised|funding|series\s+[a-d]\b|(?:a|the)\s+fine\b|\bfines\b|bußgeld|strafe|"
    + lexicon.source("budget.bill") + ")",

)
_APPROVAL = re.compile(
    r"freigabegrenze|freigabelimit|freigaberahmen|unterschriftsgrenze|zeichnungsgrenze|"
    r"prokura\s+bis|approval\s+limit|signing\s+limit|signing\s+authority|sign-?off\s+limit|"
    # A threshold above which someone else decides: "bei Anschaffungen über 5.000 € entscheidet
    # der Inhaber", "anything over $10k needs the CFO's sign-off".
    r"(?:über|ab|oberhalb|over|above|beyond)\s+[\d.,]+\s*(?:k|tsd\.?|€|eur|euro|\$|usd|dollars?)?"
    r"\s*(?:\w+\s+){0,2}(?:entscheidet|entscheiden|muss|müssen|braucht|brauchen|needs?|requires?|"
    r"goes\s+to|must|has\s+to|geht\s+an)\b|"
    r"(?:ohne|without)\s+(?:\w+\s+)?(?:freigabe|rücksprache|zustimmung|genehmigung|approval|"
    r"sign-?off|asking)|"
    r"(?:\bich\b|\bi\b)\s+(?:\w+\s+){0,4}(?:kann|darf|can|may|am\s+allowed|'m\s+allowed|"
    r"bin\s+berechtigt)\s+(?:\S+\s+){0,6}(?:freigeben|genehmigen|unterschreiben|abzeichnen|"
    r"selbst\s+entscheiden|allein\s+entscheiden|approve|sign\s+off|authori[sz]e)|"
    + lexicon.source("budget.approval_above"),

)
# Money of the past or already spent: "Wir hatten 2024 ein Budget von 10k", "paid $4,800".
_PAST_BUDGET = lexicon.compose(r"\b(?:<<past>>|<<budget.spent>>)\b")
# Pluperfect planning is the plan now: "hatten 5000 eingeplant", "we had budgeted 10k".
_PLANNED = re.compile(
    r"gerechnet|eingeplant|gedacht|vorgesehen|budgetiert|veranschlagt|zurückgelegt|gespart|gesetzt|"
    r"vorgenommen|festgelegt|angesetzt|"
    r"budgeted|planned|in\s+mind|hoped|hoping|allowed|set\s+aside|earmarked|calculated|reckoned|saved")
# Someone else's figure or what is paid now: a reference, not what the lead would spend on this.
# "ein kollege zahlt 480 im jahr", "my mate pays 60 a month", "we pay 1100 a month now",
# "bisher 1.350 im Monat", "the builder reckoned 30-40k", "nachbarn haben für 410.000 verkauft".
def _words(name: str) -> re.Pattern[str]:
    """A lexicon word list as whole words, longest first."""
    items = sorted(lexicon.words(name), key=len, reverse=True)
    return re.compile(r"\b(?:" + lexicon.alternation(re.escape(w) for w in items) + r")\b")


_OTHER_PAYER = _words("REFERENCE_PAYERS")
# Another provider's or the old one's price ("other clinic near me is 380"), a figure called too
# much ("honestly 6k is a lot"), money at hand ("maybe 2000 saved"), a sum for more than this
# purchase ("20k for the whole wedding") and a price per head beside its total: lexicon data.
_OTHER_OFFER = lexicon.pattern("budget.other_offer")
_TOO_MUCH = lexicon.pattern("budget.too_much")
_AT_HAND = lexicon.pattern("budget.money_at_hand")
_WHOLE = lexicon.pattern("budget.whole")
_PER_UNIT = lexicon.pattern("budget.per_unit")
_LENDER = lexicon.pattern("budget.lender")
_NOW = _words("CURRENT_MARKERS")
_PAYS = re.compile(r"\b(?:zahl|zahle|zahlt|zahlen|bezahl\w*|gezahlt|kostet|kosten|pay|pays|paying|paid|"
                   r"cost|costs|charge[sd]?|spend|spending|spent|ausgeben|geben\s+\w+\s+aus)\b")
_COUNT_NOUN = re.compile(
    r"\s*(?:\+\s*|-)?(?:(?!(?:im|in|pro|per|a|an|je|the|each|every|jeden|jedes|für|for|ab|from|bis|"
    r"to|am|mit|with|und|and|oder|or|euro|eur|dollars?|usd|this|next|that|last|diesen|dieses|"
    r"nächsten|letzten|kommenden)\s)[a-zäöüß-]+\s+)?(?:mitarbeit|angestellte|beschäftigte|employees?|staff|"
    r"people|leute|personen|köpfe|heads|kunden|customers?|clients?|mandant|nutzer|user|"
    r"lizenz|licen[cs]e|seats?|anfragen|requests?|inquir|enquir|leads?\b|visitors?|besucher|"
    r"aufrufe|views|klicks?|clicks|calls?\b|anrufe|termine|meetings|standort|locations?|"
    r"filiale|stores?|shops?|vertriebler|sales\s?reps|reps\b|agents|tage?\b|days?\b|wochen?|"
    r"weeks?|monate?n?\b|months?\b|jahre?n?\b|years?\b|stunden|hours?|std\b|minuten|minutes?|"
    r"mins?\b|hrs?\b|sekunden|seconds|uhr\b|h\b|%|prozent|percent|pct|mal\b|times|x\b|stück|stk|"
    r"pieces|units|seiten|pages|produkte|products|artikel|items|mails|e-?mails|nachrichten|"
    r"messages|kontakte|contacts|datensätze|records|zeilen|rows|follower|abonnenten|"
    r"belege|rechnungen|invoices|sq\.?\s?ft|sqft|square\s+(?:feet|foot|met(?:er|re)s?)|m2\b|quadratmeter|"
    r"subscribers|downloads|bewerbungen|tickets|aufträge|orders|bestellungen|projekte|"
    r"projects|deals|abschlüsse|sqls?|mqls?|teams?|abteilungen|departments|länder|countries|"
    r"sprachen|languages|kilometer|km\b|meter|m²|qm\b|gb\b|mb\b|tb\b|punkte|points|sterne|stars|"
    r"bewertungen|reviews|mandate|fälle|cases|patienten|patients|gäste|guests|betten|beds|"
    r"zimmer|rooms|fahrzeuge|vehicles|autos|cars|maschinen|machines|schüler|students|"
    r"mitglieder|members|einwohner|teilnehmer|participants|sitze|quartal|quarters?|jänner|"
    r"januar|january|februar|february|märz|march|april|mai\b|may\b|juni|june|juli|july|"
    r"august|september|oktober|october|november|dezember|december|jan\b|feb\b|mär\b|apr\b|"
    r"jun\b|jul\b|aug\b|sep\b|sept\b|okt\b|oct\b|nov\b|dez\b|dec\b)",

)
_NOT_AMOUNT_BEFORE = re.compile(
    r"\b(?:version|vers\.|v|release|update|web|industrie|industry|nr\.?|no\.|nummer|number|plz|"
    r"zip|raum|room|zimmer|seite|page|kapitel|chapter|ticket|id|top|platz|rang|rank|level|"
    r"stufe|schritt|step|punkt|iphone|windows|ios|android|python|php|typo3|shopware|magento|"
    r"gen|baujahr|jahrgang|q[1-4]|quartal|kw|tel|telefon|phone|fax|hausnummer|"
    # An age: "im 52 lol", "ich bin 34", "she's 12".
    r"i'?m|i\s+am|ich\s+bin|she'?s|he'?s|aged?|alter)\s*$|#\s*$",

)
_PERIODS = (
    ("month", re.compile(
        r"\b(?:im|pro|je|per|a|each|every|jeden|in\s+the|/)\s*(?:monat|month|mo|mon\.?)\b|"
        r"monatlich|monthly|/\s*(?:monat|month|mo|mon|m)\b|\bp\.\s?m\.|\bmtl\.?|\bpcm\b|\bwarm\b|\bkalt\b|"
        r"warmmiete|kaltmiete|"
        r"monatsbudget|monthly\s+budget|(?<!this\s)(?<!next\s)(?<!last\s)(?<!that\s)\bmonth\b|"
        r"(?<!diesen\s)(?<!nächsten\s)(?<!letzten\s)\bmonat\b")),
    ("year", re.compile(
        r"\b(?:im|pro|je|per|a|each|every|jedes|in\s+the|/)\s*(?:jahr|year|yr|annum)\b|"
        r"jährlich|jaehrlich|yearly|annual(?:ly)?|\bp\.\s?a\.|/\s*(?:jahr|year|yr|a)\b|"
        r"jahresbudget|jahresbeitrag|\bpa\b|(?:für\s+das|im|for\s+the|in\s+the)\s+(?:erste|ersten|"
        r"first)\s+(?:jahr|year)\b|(?:for|für)\s+(?:the|das)\s+(?:whole\s+|ganze\s+)?(?:year|jahr)\b|"
        r"(?:für|for|in)\s+(?:dieses|nächstes|das\s+nächste|this|next)\s+(?:fiscal\s+|financial\s+)?"
        r"(?:jahr|year)\b|fiscal\s+year|geschäftsjahr")),
    ("one_off", re.compile(
        r"einmalig|einmal(?:zahlung|betrag|kosten)|one[-\s]?off|one[-\s]?time|\bonce\b|"
        r"pauschal|lump\s+sum|projektbudget|project\s+budget|fixpreis|festpreis|fixed\s+price|"
        r"(?:for\s+)?the\s+whole\s+(?:thing|project)|in\s+total|all[-\s]in\b|insgesamt|"
        r"für\s+(?:das\s+)?(?:ganze|gesamte)\s+(?:projekt|paket|ding)|"
        + lexicon.source("budget.one_off_words"))),
)

_NO_BUDGET = word_pattern(
    r"\bkein(?:e|en)?\s+(?:\w+\s+){0,2}(?:budget|geld|mittel|etat|finanziellen\s+mittel)|"
    r"\b(?:budget|geld|etat)\s+(?:\w+\s+){0,3}(?:nicht\s+(?:vorhanden|da|eingeplant|drin)|"
    r"aufgebraucht|erschöpft|gestrichen|ist\s+null|gleich\s+null)|"
    r"nichts\s+(?:\w+\s+)?(?:budgetiert|eingeplant|vorgesehen)|nicht\s+(?:\w+\s+)?budgetiert|"
    r"(?:können|koennen)\s+(?:wir\s+|uns\s+)?(?:uns\s+)?(?:das\s+|dies\s+)?(?:\w+\s+)?nicht\s+"
    r"leisten|"
    r"\bno\s+(?:\w+\s+){0,2}(?:budget|money|funds|funding)|zero\s+budget|"
    r"(?:don'?t|do\s+not|doesn'?t|haven'?t|have\s+not)\s+(?!know|really\s+know|kno)(?:\w+\s+){0,2}"
    r"(?:have\s+)?(?:a\s+|any\s+)?(?:budget|money|funds)|"
    r"budget\s+for\s+(?:this|it|that)\s+(?:is|was|'s)\s+(?:\w+\s+)?(?:gone|cut|frozen|zero)|"
    r"fr(?:oze|ozen)\s+(?:all\s+)?(?:new\s+)?(?:spend|spending|budgets?)|(?:spending|budget)\s+freeze|"
    r"(?:haven'?t|have\s+not|not)\s+(?:yet\s+)?budgeted|"
    r"(?:ich|wir)\s+(?:zahl|zahle|zahlen|bezahl\w*)\s+(?:\w+\s+){0,2}(?:nix|nichts|keinen\s+cent)\b|"
    r"nothing\s+(?:\w+\s+)?budgeted|(?:can'?t|cannot|can\s+not)\s+afford|"
    r"budget\s+(?:is|was|got|has\s+been|'s\s+been)\s+(?:\w+\s+)?(?:zero|gone|used\s+up|frozen|cut|"
    r"slashed|killed)|"
    r"(?:ist|is)\s+(?:für\s+\w+\s+)?nichts\s+(?:mehr\s+)?drin|nichts\s+mehr\s+(?:übrig|drin)|"
    r"nothing\s+left\s+(?:in|for)|"
    # Money that only comes later: "Budgetfreigabe gibt's erst im Herbst"
    r"(?:budget|geld|freigabe)\w*\s+(?:gibt'?s|gibt\s+es|kommt|bekommen\s+wir|haben\s+wir)\s+erst\b|"
    r"budget\s+(?:won'?t|will\s+not|isn'?t|is\s+not)\s+(?:be\s+)?(?:available|approved|released)\s+until|"
    r"(?:noch\s+)?nicht\s+(?:freigegeben|genehmigt|bewilligt)|not\s+(?:yet\s+)?approved|"
    r"budget\b[^.!?]{0,60}?\b(?:gar|überhaupt|leider|noch)\s+kein(?:s|es)?\b|"
    # "Budget haben wir keins", "Budget: 0 €", "budget: none".
    r"budget\s+(?:\w+\s+){0,3}kein(?:s|es)\b|budget\s*[:=-]?\s*(?:(?:€|\$)\s*)?(?:0|null|zero|"
    r"none|nada|nix|nichts)(?:[.,]0+)?(?![\d.,]*\d)(?:\s*(?:€|eur|euro|\$|usd|dollar))?(?!\w)|"
    # Not buying at all: a student or researcher has no budget for this.
    r"(?:i'?m|we'?re|i\s+am|we\s+are)\s+not\s+(?:\w+\s+)?buying\s+anything|"
    r"(?:will|möchte|wollen|möchten|werde|werden)\s+(?:\w+\s+)?nichts\s+kaufen",

)
_HAS_BUDGET = re.compile(
    r"budget\s+(?:\w+\s+){0,2}(?:kein\s+(?:problem|thema)|spielt\s+keine\s+rolle|"
    r"ist\s+(?:vorhanden|da|eingeplant|freigegeben|genehmigt|bewilligt|gesichert|reserviert)|"
    r"steht|(?:is|isn'?t|'s)\s+(?:not\s+)?(?:an?|the|our)\s+(?:issue|problem|concern|bottleneck)|"
    r"is\s+no\s+(?:issue|problem)|ist\s+nicht\s+(?:das|unser)\s+(?:problem|thema)|"
    r"is\s+(?:there|available|approved|allocated|secured|set|in\s+place)|has\s+been\s+"
    r"(?:approved|allocated|set\s+aside))|"
    r"geld\s+(?:ist\s+)?(?:kein\s+(?:problem|thema)|spielt\s+keine\s+rolle|nicht\s+das\s+problem)|"
    r"money\s+(?:is\s+)?(?:no\s+object|not\s+an?\s+(?:issue|problem))|"
    r"(?:haben|hätten)\s+(?:\w+\s+){0,2}(?:ein\s+)?budget|budget\s+(?:eingeplant|vorgesehen)|"
    r"(?:we|i)\s+(?:have|'ve\s+got|do\s+have)\s+(?:\w+\s+){0,1}(?:a\s+|the\s+|some\s+)?budget|"
    r"(?:there'?s|there\s+is)\s+(?:a\s+|some\s+)?budget|"
    # Willing to pay, no figure: "I'll pay myself", "zahl ich selbst", "whatever it costs".
    r"(?:i'?ll|we'?ll|i\s+will|we\s+will|i\s+can|happy\s+to|i\s+don'?t\s+mind|don'?t\s+mind)\s+"
    r"(?:\w+\s+)?pay(?:ing)?\b(?!\s+(?:for\s+)?(?:nothing|less))|"
    r"(?:whatever|what\s?ever)\s+it\s+costs|money'?s\s+not\s+(?:an?\s+)?(?:issue|problem)|"
    r"(?:ich\s+)?(?:zahl|zahle|bezahl|bezahle)\s+(?:das\s+|es\s+)?(?:schon|selbst|selber|gern|gerne)\b|"
    r"(?:zahl|zahle|bezahl|bezahle)\s+ich\s+(?:schon|selbst|selber|gern|gerne)?\b|"
    r"egal\s+was\s+(?:es|das)\s+kostet|kosten\s+(?:sind|ist)\s+(?:mir\s+)?egal",

)
# After the bot's budget question: "we haven't set one yet", "haben wir noch keins festgelegt".
_NONE_SET_YET = word_pattern(
    r"(?:haven'?t|have\s+not|hasn'?t|not)\s+(?:\w+\s+)?(?:set|defined|fixed|agreed\s+on|decided\s+on|"
    r"worked\s+out|thought\s+about)\s+(?:one|that|it|anything)?\s*(?:yet)?\b|"
    r"(?:noch\s+)?(?:keins|keine[ns]?|nichts)\s+(?:\w+\s+)?(?:festgelegt|definiert|überlegt|"
    r"eingeplant)|(?:noch\s+)?nicht\s+(?:festgelegt|definiert|überlegt)",
)
# "der 100. Kunde", "zum 50. Geburtstag": an ordinal after an article.
_ORDINAL_BEFORE = re.compile(
    r"\b(?:der|die|das|dem|den|des|zum|zur|am|im|vom|beim|ihr|sein|unser\w*|mein\w*)\s*$")
_PART_OF = re.compile(r"\b(?:davon|hiervon|of\s+(?:which|that|this|it)|thereof)\s+(?:\w+\s+){0,2}$")
_THIRD_PARTY = re.compile(r"\b(?:who|that|which|they|people|clients|customers|kunden|leute|"
                          r"die)\s+$")
_NEGATED = lexicon.compose("<<negation>>|<<negation.no>>")
# A figure right after "nicht"/"not"/"statt" is the one being corrected away.
_REJECTED = re.compile(r"\b(?:nicht|not|statt|anstatt|anstelle\s+von|instead\s+of|rather\s+than)"
                       r"\s*(?:€|\$|eur\s|usd\s)?\s*$")


@dataclass(frozen=True)
class PriceContext:
    """What the conversation before a lead message tells about the figures in it."""

    quoted: tuple[float, ...] = ()  # prices the bot's last message named
    current: bool = False  # the bot asked what the lead pays now ("Was zahlen Sie derzeit?")
    magnitude: float | None = None  # the size of the last large figure ("475k" → "max 475")


NO_CONTEXT = PriceContext()
# "Was zahlen Sie derzeit?", "What are you paying now?": the answer is a reference figure.
_ASKS_NOW = re.compile(r"\b(?:zahl\w*|bezahl\w*|investier\w*|ausgeben|geben\s+sie|kostet|kosten|pay\w*|"
                       r"spend\w*|cost\w*|run(?:ning)?)\b")
_PRICE_WORD = re.compile(r"\b(?:kostet|kosten|preis\w*|costs?|price[sd]?|priced|fee|rate|"
                         r"pauschale|tarif|paket|package|plan|starts?\s+at|liegt|liegen|runs?|range)\b")


def quoted_prices(bot_text: str) -> tuple[float, ...]:
    """The prices a bot message names: amounts with a currency ("89 €", "$3,800 to $5,600")."""
    s = lower(prepare(bot_text[:2000]))
    out: list[float] = []
    for a in islice(iter_amounts(s), MAX_AMOUNTS):
        if a.currency is None and not _PRICE_WORD.search(s, max(0, a.start - 30), a.start):
            continue
        out.extend(v for v in (a.low, a.high) if v is not None and v >= MIN_BUDGET)
    return tuple(out)


def asks_current_cost(bot_text: str) -> bool:
    """True when a bot message asks what the lead pays or spends today."""
    questions = [q for q in re.split(r"(?<=[?])", lower(bot_text[-500:])) if "?" in q]
    return bool(questions) and bool(_NOW.search(questions[-1]) and _ASKS_NOW.search(questions[-1]))


@dataclass
class _Message:
    """What every figure of one message is judged against, computed once."""

    scan: Scan
    figures: list[Amount]
    other_money: list[tuple[int, int]]
    periods: list[tuple[str, int, int]]
    asked: bool
    context: PriceContext = NO_CONTEXT
    # Figures that are the bot's price said back, or someone else's or today's (not the budget).
    echoes: frozenset[int] = frozenset()
    references: frozenset[int] = frozenset()
    cue_by_sentence: dict[tuple[int, int], bool] = field(default_factory=dict)
    # Per clause / sentence: spoken of in the past, or an approval limit (computed once).
    past_by_clause: dict[tuple[int, int], bool] = field(default_factory=dict)
    approval_by_sentence: dict[tuple[int, int], bool] = field(default_factory=dict)
    # What the reference rules find per clause / sentence, searched once (see `_found`).
    found: dict[tuple[re.Pattern[str], int, int], list[re.Match[str]]] = field(default_factory=dict)
    # The largest figure written as money, which bare small figures are read in units of.
    large: float | None = None
    # The period phrases each figure owns (see `_period_owners`), found once when first asked.
    owned: dict[int, list[tuple[int, int, str, int, int]]] | None = None

    def __post_init__(self) -> None:
        low = self.scan.low
        large = [a.value for a in self.figures if a.value >= 1000 and not a.vague
                 and (a.scaled or a.currency or a.bounded or _GROUPED.search(low, a.start, a.end))]
        self.large = max(large) if large else None


def find_budget(scan: Scan, asked: bool = False, context: PriceContext = NO_CONTEXT) -> list[Hit]:
    """Budget hits in one lead message; asked=True after the bot's budget question, `context`
    what the conversation before says about figures (the bot's prices, today's cost)."""
    s = scan.low
    figures = list(islice((a for a in iter_amounts(s) if not _article(a)), MAX_AMOUNTS))
    # Only sentences with a figure can hold what qualifies one: look nowhere else.
    sentences = sorted({scan.sentence_of(a.start) for a in figures})
    message = _Message(
        scan, figures,
        [(m.start(), m.end()) for a, b in sentences for m in matches(_OTHER_MONEY, s, a, b)],
        [(name, m.start(), m.end()) for a, b in sentences
         for name, pattern in _PERIODS for m in matches(pattern, s, a, b)],
        asked, context,
    )
    _mark_references(message)
    hits = _with_ceiling(_parts_first(message, [
        (a, h) for a in message.figures if (h := _amount_hit(message, a)) is not None]))
    for m in matches(_NO_BUDGET, s):
        if _THIRD_PARTY.search(s, max(0, m.start() - 24), m.start()):
            continue  # "people who can't afford me": their money, not the lead's
        # "not approved yet" is weaker than "no money": an amount in the same message wins.
        weak = "frei" in m.group() or "approved" in m.group()
        hits.append(_flag_hit(scan, m, False, 0.6 if weak else 0.85))
    if asked:
        for m in matches(_NONE_SET_YET, s):
            hits.append(_flag_hit(scan, m, False, 0.8))
    for m in matches(_HAS_BUDGET, s):
        if _refused(s, m):
            continue  # "129 zahl ich sicher nicht": no willingness to pay
        if not _NEGATED.search(s, max(0, m.start() - 12), m.start()) and not _overlap(hits, m):
            hits.append(_flag_hit(scan, m, True, 0.7))
    return hits


def _parts_first(message: _Message, found: list[tuple[Amount, Hit]]) -> list[Hit]:
    """A sum for more than this purchase ("12k for the whole event, so the venue max 6") and a
    price per head beside the total it makes ("$18 a head, so like 5k a month") yield to the
    other figure of the message."""
    if len(found) < 2:
        return [h for _, h in found]
    scan = message.scan
    per_unit = [scan.has(_PER_UNIT, *scan.clause_of(a.start)) for a, _ in found]
    if any(per_unit) and not all(per_unit):
        found = [pair for pair, m in zip(found, per_unit, strict=True) if not m]
    # "5000 total but thats for everything, so 2-2.5k of it": said of a figure up to the next one.
    ends = [b.start for b, _ in found[1:]] + [len(scan.low)]
    whole = [any(scan.has(p, scan.clause_of(a.start)[0], min(end, scan.sentence_of(a.start)[1]))
                 for p in (_WHOLE, _LENDER)) for (a, _), end in zip(found, ends, strict=True)]
    # The share for this purchase is named after the whole and is smaller.
    found = [(a, h) for (a, h), w in zip(found, whole, strict=True) if not w or not any(
        b.start > a.end and b.value < a.value and not v for (b, _), v in zip(found, whole, strict=True))]
    return [h for _, h in found]


def _mark_references(message: _Message) -> None:
    """Find the figures that are the bot's price said back or someone else's / today's cost.

    A bot price said back ("275 is perfect, I was going to spend up to 300") is dropped when
    the lead names a figure of their own beside it; alone ("380 is fine") it is accepted.
    """
    quoted = message.context.quoted
    echoes = {id(a) for a in message.figures if not a.bounded and quoted
              and all(any(_near(v, q) for q in quoted) for v in (a.low, a.high) if v is not None)}
    if len(echoes) == len(message.figures):
        # Alone, the bot's price said back ("189 is fine whatever") is the bot's figure, not a
        # budget; with a budget word ("375 is in our budget") it is the lead's too.
        echoes = {e for e in echoes if not any(id(a) == e and _has_cue(message, a) for a in message.figures)}
    message.echoes = frozenset(echoes)
    message.references = frozenset(id(a) for a in message.figures if _reference(message, a))


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= 0.01 * max(abs(a), abs(b), 1.0)


# "we pay 1,800 a month now, ideally something similar": today's figure is the wish too.
_SAME_AGAIN = re.compile(r"similar|the\s+same|same\s+again|around\s+there|in\s+that\s+range|ähnlich|"
                         r"(?:viel|much)\s+mehr\s+(?:sollte|soll|darf|wird)|not\s+much\s+more|"
                         r"genauso|gleich\s+bleiben|in\s+dem\s+dreh|in\s+der\s+größenordnung|"
                         r"in\s+der\s+gegend|so\s+in\s+etwa")
# The lead working out the bot's price: "so thats like 980?", "so about a grand?", "wären das 2.200".
_COMPUTED = re.compile(
    r"(?:\b(?:so|also|dann|then|ok\s+so)\s+(?:that'?s|thats|that\s+would\s+be|that\s+makes|it'?s|its|"
    r"about|like|roughly|around|approx\w*|ca\.?|etwa|sind\s+das|wären\s+das|macht\s+das)|"
    r"\b(?:what'?s|whats|that'?s|thats|is\s+that|would\s+that\s+be|wären\s+das|sind\s+das|macht\s+das|"
    r"das\s+wären|that\s+comes\s+to|that\s+makes)\b)[^.!?\d]{0,20}$")


def _computed(message: _Message, amount: Amount) -> bool:
    """A figure the lead works out from the bot's price, asking ("so thats like 980?")."""
    scan = message.scan
    start, end = scan.sentence_of(amount.start)
    if not message.context.quoted and "?" not in scan.low[amount.end:end + 1]:
        return False
    return _COMPUTED.search(scan.low, start, amount.start) is not None


_SAID = re.compile(r"\b(?:meinte|meint|sagt|sagte|schätzt|schätzte|rechnet|said|says|reckon(?:s|ed)?|"
                   r"quoted|estimated|thinks|thought|told\s+(?:me|us))\b")


def _reference(message: _Message, amount: Amount) -> bool:
    """Someone else's figure ("ein kollege zahlt 480"), or what is paid today ("we pay 1100 a
    month now", an answer to "Was zahlen Sie derzeit?"): a reference, not this purchase's budget.
    A ceiling or floor is the lead's own ("bisher 1.350, max 1.500" keeps the 1.500)."""
    scan = message.scan
    if _computed(message, amount):
        return True
    if amount.bounded:
        return False
    clause, sentence = scan.clause_of(amount.start), scan.sentence_of(amount.start)
    if _found(message, _OTHER_PAYER, clause) or _found(message, _OTHER_OFFER, clause):
        return True
    said = next((m for m in _found(message, _SAID, sentence) if m.end() <= amount.start), None)
    if said and _OTHER_PAYER.search(scan.low, max(0, said.start() - 40), said.start()):
        return True  # "Mein Steuerberater meinte, 4-6 tausend wären realistisch"
    if _found(message, _SAME_AGAIN, sentence) or _found(message, _PLANNED, clause):
        return False
    now = _found(message, _NOW, clause)
    if now and (_found(message, _PAYS, clause) or 0 <= amount.start - now[0].end() <= 12):
        return True
    return message.context.current and not _has_cue(message, amount)


def _found(message: _Message, pattern: re.Pattern[str], span: tuple[int, int]) -> list[re.Match[str]]:
    """The matches of pattern in a clause or sentence of the message, searched once per span."""
    key = (pattern, *span)
    if key not in message.found:
        message.found[key] = list(matches(pattern, message.scan.low, *span))
    return message.found[key]


# "250.000", "1,500", "2'000": digits grouped as money is written (not a postcode or a count).
_GROUPED = re.compile(r"\d[.,' ]\d{3}\b")


def _scaled(message: _Message, amount: Amount) -> Amount:
    """A bare small figure beside a large one is in its unit: "bis 250.000, eher 200" is 200
    thousand, "ideally 15k, absolute max 16" is 16 thousand; so is "max 475" after "£475k?"."""
    if amount.scaled or amount.currency or amount.vague or not 0 < amount.value < 1000 \
            or any(n.word for n in amount.nums):
        return amount
    reference = message.large if message.large is not None else message.context.magnitude
    if reference is None:
        return amount
    for factor in (1000.0, 1e6):
        if reference / 4 <= amount.value * factor <= reference * 4 and (
                factor == 1000.0 or amount.value < 10):
            return amount.times(factor)
    return amount


def _amount_hit(message: _Message, amount: Amount) -> Hit | None:
    whole = _whole_of(message, amount)
    confidence = _budget_confidence(message, amount, whole is not None)
    if confidence is None:
        return None
    amount = _scaled(message, amount)
    period, p_start, p_end = _period(message, amount)
    vague = amount.vague
    value = {
        "has_budget": True, "min": None if vague else _clean(amount.low),
        "max": None if vague else _clean(amount.high),
        "currency": amount.currency or (whole.currency if whole else None), "period": period,
    }
    start, end = message.scan.evidence(min(amount.start, p_start), max(amount.end, p_end))
    return Hit("budget", value, start, end, confidence, specific=not vague)


def _whole_of(message: _Message, amount: Amount) -> Amount | None:
    """The larger sum an amount is a part of: "10 T€ im Jahr, davon 3.000 für das"."""
    s = message.scan.low
    if not _PART_OF.search(s, max(0, amount.start - 30), amount.start):
        return None
    before = [a for a in message.figures if a.end <= amount.start]
    return before[-1] if before else None


def _budget_confidence(message: _Message, amount: Amount, part: bool = False) -> float | None:
    """How surely a figure is the lead's budget (None: it is not), read as written."""
    confidence = _written_confidence(message, amount, part)
    if confidence is not None and _scaled(message, amount) is not amount:
        confidence -= 0.05  # "die 15" read as thousands yields to a figure written out
    return confidence


def _written_confidence(message: _Message, amount: Amount, part: bool = False) -> float | None:
    scan = message.scan
    if not MIN_BUDGET <= _scaled(message, amount).value < MAX_BUDGET or not _plausible(scan, amount):
        return None
    if id(amount) in message.echoes or id(amount) in message.references:
        return None
    written, amount = amount, _scaled(message, amount)
    if _REJECTED.search(scan.low, max(0, amount.start - 16), amount.start):
        return None  # "ich meinte 600, nicht 800": the figure taken back is no budget
    if not amount.bounded and _called_too_much(scan, amount):
        return None  # "honestly 6k is a lot", "129 zahl ich sicher nicht": a price refused
    if _cached(message.past_by_clause, _PAST_BUDGET, scan, scan.clause_of(amount.start)) and \
            not _PLANNED.search(scan.low, *scan.clause_of(amount.start)) and \
            not _SAME_AGAIN.search(scan.low, *scan.sentence_of(amount.start)):
        return None  # "Wir hatten 2024 ein Budget von 10k": not what they have now
    if _about_other_money(message, amount) or _cached(
        message.approval_by_sentence, _APPROVAL, scan, scan.sentence_of(amount.start)
    ):
        return None
    if part:
        return 0.92  # the share meant for this purchase outranks the whole it comes from
    money_shaped = written.currency is not None or written.scaled
    # "bis 18.000 geht er mit, mehr nicht": a figure with its ceiling said after it is money.
    cue = _has_cue(message, amount) or (
        amount.low is None and CEILING_TAIL.match(scan.low, written.end) is not None)
    if cue and amount.currency:
        return 0.9
    if cue and money_shaped:
        return 0.85  # "up to 25k" outranks a bare figure of the same sentence
    if cue and amount.value >= 50:
        return 0.8
    if cue and not amount.bounded:
        return None  # "für 10 Stellplätze": a small count, not money
    if message.asked:  # a small ceiling answering the budget question ("mehr wie 35 will i ned")
        return 0.75 if money_shaped else 0.65
    if any(q / 10 <= amount.value <= q * 10 for q in message.context.quoted):
        return 0.75 if money_shaped else 0.65  # a figure of the size of the bot's price
    if amount.currency:
        return 0.7
    if amount.low is None and amount.value >= 50:
        return 0.6  # a ceiling is what one would spend: "90 is ok, mehr aber echt nicht"
    return 0.55 if written.scaled else None  # "20k", "1,5 Mio.": money unless a noun follows


def _called_too_much(scan: Scan, amount: Amount) -> bool:
    """A figure called too much right before or after it, in the same clause ("6k is a lot",
    "not spending 450"); "too much. 250?" offers the 250."""
    start, end = scan.clause_of(amount.start)
    for m in matches(_TOO_MUCH, scan.low, max(start, amount.start - 40), min(end, amount.end + 40), 4):
        low = scan.low
        between = low[amount.end:m.start()] if m.start() >= amount.end else low[m.end():amount.start]
        if len(between) <= 12 and not re.search(r"[.!?;,]", between):
            return True
    return False


def _cached(cache: dict[tuple[int, int], bool], pattern: re.Pattern[str], scan: Scan,
            span: tuple[int, int]) -> bool:
    """Whether pattern occurs in a span of the message, searched once per span."""
    if span not in cache:
        cache[span] = pattern.search(scan.low, *span) is not None
    return cache[span]


def _about_other_money(message: _Message, amount: Amount) -> bool:
    """Revenue, ad spend, salaries, current costs named in the clause, close to the figure."""
    c_start, c_end = message.scan.clause_of(amount.start)
    return any(
        c_start <= start and end <= c_end and _distance(amount, start, end) <= _OTHER_MONEY_REACH
        for start, end in message.other_money
    )


def _article(amount: Amount) -> bool:
    """A small number word without currency: "ein Budget", "one-off", not an amount."""
    return amount.nums[0].word and amount.currency is None and not amount.scaled \
        and amount.value < 100


def _has_cue(message: _Message, amount: Amount) -> bool:
    scan = message.scan
    sentence = scan.sentence_of(amount.start)
    if sentence not in message.cue_by_sentence:
        prev = scan.sentence_before(amount.start)
        message.cue_by_sentence[sentence] = bool(_CUE.search(scan.low, *sentence)) or (
            prev is not None and _LABEL.match(scan.low[prev[0]:prev[1]]) is not None) or (
            scan.has(_AT_HAND, *sentence))
    return message.cue_by_sentence[sentence]


def _plausible(scan: Scan, amount: Amount) -> bool:
    """False when the figure is a count, a date part, a version, a code or a year."""
    s = scan.low
    first, last = amount.nums[0], amount.nums[-1]
    if amount.currency is None and _COUNT_NOUN.match(s, last.end):
        return False
    if amount.currency is not None or amount.scaled:
        return True
    before = s[max(0, first.start - 14):first.start]
    if re.search(r"\d\s*[.:/]?\s*$", before) or _NOT_AMOUNT_BEFORE.search(before):
        return False  # part of a code or a longer digit run, a version, a page number
    after = scan.text[last.end:last.end + 3]
    if (re.match(r"\s*\.\s*[a-zäöü]", after) and (last.value <= 31 or _ORDINAL_BEFORE.search(before))) or (
            last.value <= 31 and re.match(r"\s*\.\s*(?:[A-ZÄÖÜ]|$)", after)):
        return False  # ordinal: "15. Mai", "am 3. Juni", "der 100. kunde"; not "300-400. is there"
    if _is_year(first.value) and first is last and s[first.start:first.end].isdigit():
        # "2000 im Monat"; "bis 2000 wär ok" in 2026 is no year (a year bound is a near one).
        return any(p.match(s, last.end + 1) for _, p in (*_PERIODS, ("", _AT_HAND))) or (
            amount.bounded and not scan.at.year - 2 <= first.value <= scan.at.year + 10)
    return True


def _is_year(value: float) -> bool:
    return value == int(value) and 1900 <= value <= 2100


def _period(message: _Message, amount: Amount) -> tuple[str | None, int, int]:
    """The payment period that belongs to this amount, and the span of its words.

    A period phrase belongs to the figure nearest to it in its sentence, so in "costs us
    300 a month and we'd pay up to 500" the month is the 300's, not the 500's.
    """
    if message.owned is None:
        message.owned = _period_owners(message)
    owned = message.owned.get(id(amount))
    if not owned:
        return None, amount.start, amount.end
    _, _, name, p_start, p_end = min(owned)
    return name, p_start, p_end


def _period_owners(message: _Message) -> dict[int, list[tuple[int, int, str, int, int]]]:
    """Each period phrase given to the nearest figure of its sentence: by figure (id), the
    phrases it owns with their distance from it (and their order, which breaks a tie)."""
    scan = message.scan
    by_sentence: dict[tuple[int, int], list[Amount]] = {}
    for a in message.figures:
        by_sentence.setdefault(scan.sentence_of(a.start), []).append(a)
    owned: dict[int, list[tuple[int, int, str, int, int]]] = {}
    for index, (name, p_start, p_end) in enumerate(message.periods):
        start, end = scan.sentence_of(p_start)
        peers = [a for a in by_sentence.get((start, end), ()) if p_end <= end]
        if peers:
            owner = min(peers, key=lambda a: _distance(a, p_start, p_end))
            gap = _distance(owner, p_start, p_end)
            owned.setdefault(id(owner), []).append((gap, index, name, p_start, p_end))
    return owned


def _distance(amount: Amount, start: int, end: int) -> int:
    return max(start - amount.end, amount.start - end, 0)


def _flag_hit(scan: Scan, m: re.Match[str], has_budget: bool, confidence: float) -> Hit:
    start, end = scan.evidence(m.start(), m.end())
    value = {"has_budget": has_budget, "min": None, "max": None, "currency": None, "period": None}
    return Hit("budget", value, start, end, confidence, specific=False)


def _refused(s: str, m: re.Match[str]) -> bool:
    """Whether a match is part of a refusal ("zahl ich sicher nicht")."""
    refusals = matches(_TOO_MUCH, s, max(0, m.start() - 8), m.end() + 30)
    return any(t.start() <= m.start() < t.end() for t in refusals)


def _overlap(hits: list[Hit], m: re.Match[str]) -> bool:
    return any(h.start < m.end() and m.start() < h.end for h in hits)


def _clean(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == int(value) else round(value, 2)


def _with_ceiling(hits: list[Hit]) -> list[Hit]:
    """A figure and a ceiling above it in one message are a range: "3000, max 3500"."""
    points = [h for h in hits if h.value["min"] is not None and h.value["min"] == h.value["max"]]
    ceilings = [h for h in hits if h.value["min"] is None and h.value["max"] is not None]
    if len(points) != 1 or len(ceilings) != 1:
        return hits
    point, ceiling = points[0], ceilings[0]
    low, high = point.value["min"], ceiling.value["max"]
    if not (high / 2 <= low < high):
        return hits
    value = {**point.value, "max": high}
    for key in ("currency", "period"):
        value[key] = point.value[key] or ceiling.value[key]
    start, end = min(point.start, ceiling.start), max(point.end, ceiling.end)
    merged = Hit("budget", value, start, end, max(point.confidence, ceiling.confidence))
    return [h for h in hits if h is not point and h is not ceiling] + [merged]
