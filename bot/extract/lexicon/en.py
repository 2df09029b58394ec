"""English: phrase families, job titles and word lists (see bot.extract.lexicon).

Phrasings are regex sources over lower-cased text (typographic apostrophes are already
plain "'" there); chat English (no apostrophes, "im", "pls") belongs here too.
"""

from __future__ import annotations

from bot.extract.lexicon import DM, INF, NONE, Family, Role

# Being a business of the same trade nearby is no competitor's enquiry by itself (a local firm
# is often the buyer): only with a comparison in the same sentence.
_COMPARING = r"[^.!?\n]{0,80}?\b(?:benchmark|compar|research|competitor|market\s+rate)"

_DM = {"level": DM}
_INF = {"level": INF}
_SPOUSE = r"(?:husband|wife|spouse|co-?founder|business\s+partner)"

# Who else's figure is a reference, not the lead's budget: "my mate pays 60 a month".
REFERENCE_PAYERS = ("mate", "my friend", "a friend", "friends", "neighbour", "neighbours", "neighbor",
                    "neighbors", "colleague", "colleagues", "buddy", "coworker", "co-worker",
                    "the bank", "the builder", "the dealer", "the landlord", "the previous owner",
                    "the other guys", "the last guy", "the other company", "other quote", "zillow",
                    "other shop", "another shop", "other garage", "another garage", "other place",
                    "another place", "other company", "another company", "other agency",
                    "another agency", "other firm", "another firm", "another quote", "accountant",
                    "advisor", "adviser", "architect", "surveyor", "contractor", "electrician",
                    "plumber", "the guy", "a guy", "mechanic", "realtor", "broker")
# What is paid now is a reference too: "we pay 1100 a month now", "currently paying 13k/yr".
CURRENT_MARKERS = ("now", "currently", "right now", "at the moment", "at present", "these days",
                   "so far", "atm")
# Words that introduce a phone number: the digits after them are no amount.
PHONE_WORDS = ("tel", "phone", "cell", "mobile", "fax", "number", "whatsapp", "call me on",
               "call me at", "text me on", "text me at", "reach me on", "reach me at")
# Quantifiers that make "hundred"/"thousand"/"grand" an order of magnitude: "a few hundred".
FEW = ("a few", "few", "several", "some", "a handful of")

# --- Who decides -------------------------------------------------------------------------

ROLES = (
    Role(r"assistant\s+to\s+the\s+\w+|executive\s+assistant|personal\s+assistant", "assistant", NONE,
         ("executive assistant",)),
    Role(r"boss\b", "Chef", DM, ("boss",)),
    Role(r"co-?founder|founder|co-?owner|owner|proprietor|managing\s+director|md\b|president|"
         r"chairman|chairwoman|chair\b", "owner", DM, ("co-founder", "owner", "managing director")),
    Role(r"c[efotmi]o\b|chief\s+\w+\s+officer|board\s+member|member\s+of\s+the\s+board", "C-level", DM,
         ("CEO", "chief revenue officer")),
    Role(r"freelancer|freelance\b|self-?employed|sole\s+(?:trader|proprietor)|solopreneur|independent\s+consultant",
         "freelancer", DM, ("self-employed", "sole trader")),
    Role(r"managing\s+partner|senior\s+partner|partner(?:s)?\b", "partner", DM, ("managing partner",)),
    Role(r"trainee|intern\b|working\s+student|student", "Praktikant", NONE, ("intern", "student")),
    Role(r"assistant|secretary|receptionist|ea\b|pa\b", "assistant", NONE,
         ("receptionist", "secretary")),
    Role(r"office[-\s]?manager|practice\s+manager|operations\s+manager", "office manager", INF,
         ("office manager", "practice manager")),
    Role(r"head\s+of\s+\w+|vp\s+(?:of\s+)?\w+|vice\s+president|director(?:\s+of\s+\w+)?", "head", INF,
         ("head of sales", "VP marketing")),
    Role(r"team\s*lead(?:er)?|consultant|specialist|employee|analyst|buyer|purchaser|"
         r"(?:it[-\s])?admin(?:istrator)?\b", "staff", INF, ("team lead", "analyst")),
)
# Words that end titles written as one word, with their level; "manager" and "director" also
# end German compounds ("Marketingmanager").
ROLE_SUFFIXES = {"manager": INF, "director": INF, "partner": DM}
# Titles that take the word before them: "marketing manager", "sales director".
QUALIFIED_TITLES = ("manager", "director")
NOT_TITLE_WORDS = ("a", "an", "the", "our", "my", "your", "their", "am", "i'm", "im", "is", "as",
                   "of", "and")
# How a department head is named ("head of marketing"), the department as written.
DEPARTMENT_HEAD = "head of {}"

FAMILIES = (
    Family(
        "authority.decides",
        # The lead says they decide, own or run the business, or decide together with a partner.
        (r"i(?:'ll|'d)?\s+(?:(?:don'?t|won'?t|can'?t|\w+)\s+){0,2}decide",
         r"i(?:'ll)?\s+(?:(?:don'?t|won'?t|can'?t|\w+)\s+)?make\s+(?:the\s+|all\s+(?:the\s+)?)?(?:final\s+)?"
         r"(?:\w+\s+)?(?:decision|call)s?",
         r"i'?m\s+the\s+(?:final\s+)?decision[-\s]maker", r"it'?s\s+my\s+(?:decision|call)",
         r"my\s+(?:decision|call)", r"i\s+(?:\w+\s+)?sign\s+off", r"i\s+have\s+the\s+final\s+say",
         r"i\s+call\s+the\s+shots", r"split\s+(?:the\s+|all\s+)?decisions",
         r"both\s+of\s+us\s+(?:decide|sign)", r"it'?d\s+be\s+both\s+of\s+us",
         r"(?:it'?s\s+|just\s+|only\s+)+me\s+(?:deciding|who\s+decides)",
         r"i'?m\s+the\s+one\s+(?:who\s+decides|deciding|making\s+the\s+call)", r"decided\s+by\s+me\b",
         r"i\s+(?:handle|own|take|make)\s+(?:all\s+)?(?:the\s+|our\s+)?(?:\w+\s+)?decisions",
         r"the\s+buck\s+stops\s+with\s+me",
         r"i\s+(?:co-?)?own\s+(?:the|this|a|an|my|our)\s+(?:[\w-]+\s+){0,2}(?:company|business|firm|agency|"
         r"shop|store|practice|clinic|startup|budget|decision)",
         r"i\s+run\s+(?:the|this|a|an|my|our)\s+(?:\w+\s+){0,2}(?:company|business|firm|agency|shop|"
         r"store|practice|bakery|restaurant|studio|salon|clinic|startup|consultancy|office|caf[eé]|"
         r"hotel|agency)",
         r"(?:it'?s|this\s+is)\s+my\s+(?:own\s+)?(?:company|business|firm|agency)",
         r"decide\s+as\s+a\s+team",
         # One's own boss.
         r"my\s+own\s+boss\b",
         # Deciding with a spouse or co-owner is a joint decision: "discuss it with my wife".
         rf"with\s+my\s+{_SPOUSE}\s+(?:\w+\s+){{0,2}}(?:discuss|decide|talk\s+it\s+over|check)",
         rf"(?:discuss|decide|talk\s+(?:it\s+)?(?:over|through)|check)\s+(?:\w+\s+){{0,3}}with\s+my\s+"
         rf"{_SPOUSE}\b",
         r"decision\s+(?:is\s+)?(?:by|with)\s+me\b",
         r"(?:my\s+(?:\w+\s+){1,2}and\s+i|i\s+and\s+my\s+(?:\w+\s+){1,2})(?:decide|make\s+the)",
         r"(?:decide|decision)\s+(?:\w+\s+){0,3}together", r"together\s+with\s+my\s+(?:partner|co-?founder)"),
        ("I make the final call.", "it's my decision", "I run a small bakery", "I own the agency",
         "I'll talk it over with my wife", "the buck stops with me", "I'm my own boss"),
        negatives=("who decides?", "my boss decides"),
    ),
    Family(
        "authority.owner_words",
        (r"\bown\b", r"\brun\b", r"my\s+(?:own\s+)?(?:company|business|firm|agency)"),
        ("i own the place", "i run a bakery", "it's my own business"),
        negatives=("owner", "running"),
        shape="(?:{})",
    ),
    Family(
        "authority.others_decide",
        (r"(?:my|our|the)\s+(?:\w+\s+){0,2}(?:boss|manager|ceo|cfo|cto|coo|owner|procurement|purchasing|"
         r"management|board|vp|director|team|it|partner|head\s+of\s+\w+|colleague|coworker|co-worker)\s+"
         r"(?:[\w()/+]+\s+){0,4}"
         r"(?:decides|will\s+decide|makes?\s+the\s+(?:final\s+)?(?:call|decision)|will\s+make\s+the\s+"
         r"(?:final\s+)?(?:call|decision)|has\s+the\s+final\s+say|signs?\s+off|must\s+approve|"
         r"needs?\s+to\s+approve|approves?)",
         r"with\s+(?:\w+\s+){0,2}(?:boss|management|manager)\s+(?:\w+\s+){0,2}(?:check|discuss|run\s+it|talk)",
         r"(?:check|run\s+(?:it|this)\s+by|clear\s+it|talk)\s+with\s+(?:my|our)\s+(?:boss|manager|"
         r"ceo|cfo|management|team\s+lead)",
         r"run\s+(?:it|this)\s+by",
         r"(?:decides|makes\s+the\s+(?:final\s+)?(?:call|decision))\s+(?:\w+\s+){0,3}(?:our|my|the)\s+"
         r"(?:\w+\s+)?(?:boss|ceo|cfo|owner|management|board)",
         r"(?:my|our)\s+[a-zäöüß-]+\s+(?:[\w()/+]+\s+){0,3}?(?:decides|has\s+the\s+final\s+say|"
         r"makes\s+the\s+(?:final\s+)?(?:call|decision))",
         r"(?:is|'s|gets|will\s+be)\s+decided\s+by\s+(?:the|our|my)\s+\w+",
         # Asked by a superior to look into it: "My boss (the CEO) asked me to look into this".
         r"(?:my|our)\s+(?:\w+\s+)?(?:boss|manager|ceo|cfo|coo|owner|director)\s+(?:\([^)\n]{0,40}\)\s+)?"
         r"(?:has\s+)?(?:asked|told|tasked|wants)\s+me\s+to",
         r"(?:make\s+the\s+case|pitch\s+(?:it|this)|present\s+(?:it|this))\s+to\s+(?:my|our|the)\s+\w+",
         r"(?:the\s+)?(?:final\s+)?(?:decision|sign[-\s]?off|approval|say)\s+(?:is|lies|rests|sits)\s+"
         r"(?:with\s+)?(?:my|our|the)\s+(?!own\b)\w+",
         r"shortlist", r"recommend(?:ation)?",
         r"prepar(?:e|ing)\s+(?:\w+\s+){0,3}(?:decision|recommendation|options)",
         r"pass\s+(?:it|this)\s+on", r"can'?t\s+decide\s+(?:this\s+)?alone",
         r"not\s+(?:my|the)\s+(?:decision|call)",
         r"i\s+(?:\w+\s+)?(?:should|have\s+to|was\s+asked\s+to)\s+(?:\w+\s+){0,3}(?:research|look\s+into|"
         r"find\s+out)"),
        ("My boss decides.", "the board signs off", "I'll run it by my manager",
         "My boss (the CEO) asked me to look into this", "it's not my call",
         "I'm putting together a shortlist"),
        negatives=("I decide.", "my own decision"),
    ),
    Family(
        "authority.no_say",
        (r"not\s+the\s+right\s+(?:person|contact|one)", r"wrong\s+person", r"not\s+responsible\s+for",
         r"not\s+my\s+(?:department|area)",
         r"(?:you'?d|you\s+would|you)\s+(?:need|have)\s+to\s+(?:talk|speak)\s+to", r"no\s+say\s+in",
         r"(?:just|only)\s+(?:an?\s+)?(?:user|end[-\s]user)",
         r"no\s+(?:decision[-\s]making\s+)?authority",
         r"(?:just|only)\s+(?:passing|forwarding)\s+(?:it|this)\s+on",
         r"(?:i'?d|i\s+would|i'?ll|i\s+will)\s+(?:just\s+|only\s+)?be\s+(?:the\s+one\s+)?using\s+it"),
        ("I'm not the right person for this", "I have no say in it", "I'd just be the one using it"),
        negatives=("I'm the right person",),
    ),
    Family(
        "authority.self_intro",
        (r"(?:\bi'?m|\bi\s+am|\bas\s+(?:the\s+|a\s+|an\s+)?|\bi\s+work\s+as|\bmy\s+(?:role|title|position)\s+is|"
         r"\bwork\s+as)\s+(?:a|an|the|our|one\s+of\s+(?:\w+\s+)?(?:the\s+|our\s+)?|co-|just|only|also|"
         r"the\s+\w+|\w+)?",),
        ("i'm the ", "i am a ", "my role is ", "i'm one of the two "),
        negatives=("i'm the one who says ",),
    ),
    Family(
        "authority.only",
        (r"(?:just|only)\s+(?:an?\s+|the\s+)?",),
        ("i'm just a ", "only the "),
        negatives=("just as ",),
    ),
    Family(
        "authority.possessive",
        (r"our", r"my", r"your", r"their"),
        ("talk to our ", "with my "),
        negatives=("i am ",),
    ),
    Family(
        "authority.company_word",
        (r"company", r"business", r"firm", r"agency", r"shop", r"store", r"practice", r"startup"),
        ("company", "practice"),
        negatives=("sales",),
    ),
    Family(
        "authority.leads_department",
        (r"\bi\s+(?:head|lead|run|manage)\s+(?:the|our)\s+(?P<en>[\w-]+)(?:\s+(?:team|department|dept))?",),
        ("I head the sales team", "i run our marketing department"),
    ),
    Family(
        "authority.trainee",
        (r"student", r"intern\b", r"trainee"),
        ("intern", "trainee"),
        negatives=("internal",),
    ),
    Family(
        "authority.sentence_verb",
        (r"decides?", r"is", r"has"),
        ("decides", "is"),
        negatives=("decision",),
    ),
    # Statements the extractor reads directly (slot and value).
    Family(
        "authority.owns_object",
        (r"(?:it'?s|its|this\s+is)\s+(?:my|our)\s+(?:own\s+)?(?:house|home|flat|apartment|condo|"
         r"place|property|car|building|shop|store|salon|restaurant|practice|business)\b",
         r"(?:i|we)\s+own\s+(?:the|my|our|this)\s+(?:house|home|flat|apartment|condo|place|"
         r"property|building)",
         r"(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:the\s+)?(?:home\s?owners?|homeowners?|"
         r"property\s+owners?|landlords?|landlady)",
         r"owner[-\s]occupier",
         r"(?:i|we)\s+(?:co-?)?own\s+(?:it|an?\s+[\w-]+|the\s+(?:company|business|place|shop|salon)|"
         r"(?:the\s+)?(?:company|business)\s+together)\b",
         r"both\s+on\s+the\s+(?:lease|deed|mortgage|title)"),
        ("its my house so yes", "we own the house outright", "I'm the homeowner", "yes we own it",
         "we own an italian restaurant in Belfast, 60 covers", "yep both on the lease"),
        slot="authority", value=_DM,
    ),
    Family(
        "authority.pays_self",
        (r"(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:the\s+ones?\s+)?paying\b",
         r"(?:i'?ll|we'?ll|i\s+will|we\s+will)\s+be\s+paying",
         r"(?:my\s+(?:husband|wife|partner)\s+and\s+i|we)\s+are\s+paying",
         r"out\s+of\s+(?:my|our)\s+own\s+pocket|paying\s+(?:for\s+it\s+)?myself",
         r"(?:i'?ll|i\s+will)\s+pay\s+(?:for\s+it\s+)?(?:myself|out\s+of\s+pocket)"),
        ("yes I'm paying lol. 380 is fine", "My husband and I are paying",
         "can't wait that long with a baby, i'll pay myself if i have to"),
        slot="authority", value=_DM,
    ),
    Family(
        "authority.approves_within_limit",
        (r"(?:i|we)\s+(?:can|could|may)\s+(?:\w+\s+)?(?:approve|sign\s+off|authori[sz]e|spend)\s+"
         r"(?:\w+\s+){0,2}(?:up\s+to|anything\s+under|within)",
         r"i\s+(?:choose|pick|select)\s+the\s+(?:suppliers|vendors|providers)",
         r"i'?ve\s+got\s+(?:sign[-\s]?off|approval)\s+(?:up\s+to|for)",
         r"i\s+have\s+(?:the\s+)?approval\s+already|(?:it'?s|its)\s+my\s+budget"),
        ("I'm the event manager, I can approve up to 20k on my own",
         "I'm project manager, I choose the suppliers within the budget.",
         "I'm head of marketing, it's my budget."),
        slot="authority", value=_DM,
    ),
    Family(
        "authority.gathers_quotes",
        (r"(?:gathering|collecting|getting|comparing|pulling\s+together)\s+(?:\w+\s+){0,2}"
         r"(?:quotes|offers|options|proposals)",
         r"(?:asked|told)\s+(?:me\s+)?to\s+(?:get|find|collect|gather)\s+(?:\w+\s+){0,2}"
         r"(?:quotes|options|offers|proposals)"),
        ("No, the partners decide. I'm just gathering quotes for them.",
         "my boss asked me to get a few quotes"),
        slot="authority", value=_INF,
    ),
    Family(
        "authority.owner_or_landlord_decides",
        # A tenant or a property manager: the landlord or the owners decide.
        (r"(?:my|our|the)\s+(?:landlord|landlady|property\s+owners?|building\s+owners?|owners'?\s+"
         r"association|hoa|condo\s+board)\s+(?:\w+\s+){0,2}(?:has\s+to|have\s+to|must|needs?\s+to|"
         r"will|would)\s+(?:\w+\s+)?(?:decide|approve|sign\s+off|agree)",
         r"(?:i'?m|i\s+am)\s+(?:just\s+|only\s+)?(?:a\s+|the\s+)?(?:tenant|renter|property\s+manager)\b"),
        ("We rent the flat, so our landlord would have to approve it",
         "I'm only a tenant here",
         "I'm the property manager; the owners' association has to decide in May"),
        slot="authority", value=_INF,
    ),
    Family(
        "authority.family_decides",
        # Parents, a spouse or relatives who pay or have the say; the lead helps or asks for them.
        (r"\b(?:my|our)\s+(?:mum|mom|mother|mam|mama|dad|father|parents|husband|wife|partner|boss|grandma|grandad|"
         r"gran|nan|landlord|landlady)(?:'?s)?\s+(?:is\s+|are\s+|'s\s+|'re\s+)?(?:paying|covering|footing|funding)\b"
         r"(?!\s+(?:\w+\s+)?half)",
         r"\b(?:mums?|moms?|dads?|parents)\s+(?:is\s+|are\s+)?paying\b(?!\s+(?:\w+\s+)?half)",
         r"\b(?:she|he|they)\s*(?:'ll|will|'s|is|has|have|gets?|kinda\s+has|kind\s+of\s+has)\s+(?:\w+\s+)?(?:have\s+)?"
         r"(?:the\s+)?(?:final\s+say|last\s+word)\b",
         r"\b(?:she|he|they)(?:'ll|\s+will)\s+(?:\w+\s+)?(?:decide|want\s+to\s+see\s+the\s+quote)\b",
         r"\b(?:i'?ll|ill|i\s+will|i\s+have\s+to|i'?d\s+(?:have|need)\s+to|id\s+(?:have|need)\s+to|i\s+need\s+to|"
         r"i\s+must|gotta|i'?ll\s+have\s+to|ill\s+have\s+to)\s+(?:\w+\s+)?(?:ask|check\s+with|run\s+it\s+(?:past|by))\s+"
         r"(?:my|our|the)\s+(?:mum|mom|mother|dad|father|parents|landlord|landlady|husband|wife)\b",
         r"\b(?:it'?s|its)\s+(?:his|her|their)\s+(?:house|home|place|money|business|company|shop|car|decision|call)\b",
         r"\b(?:he|she)\s+owns\s+(?:it|the\s+\w+)\b",
         r"\b(?:i'?m|im|i\s+am)\s+(?:just|only)\s+(?:helping|asking\s+for|looking\s+(?:into\s+it\s+)?for|"
         r"organi[sz]ing\s+(?:it\s+)?for)\s+(?:him|her|them|my)\b",
         r"\b(?:my|our)\s+(?:wife|husband|partner|mum|mom|dad)\s+handles\s+(?:this|that|these|all)\b"),
        ("my mum is paying for the hair as her gift tho so she'll want to see the quote first",
         "mums paying so ill have to ask her lol",
         "my wife's more into this than me honestly, she'll have the final say",
         "me and my fiancé, but honestly my mom is paying so she kinda has the final say lol",
         "ye 20hr probs fine. i'll ask my mum and get back to u",
         "we rent actually, id need to ask my landlord first",
         "i'd have to run it past my dad, he owns it. i just do the marketing side",
         "my dad, it's his house. i'm just helping him since he doesnt do computers lol",
         "my wife handles this stuff, im just asking for her lol. she'll decide"),
        negatives=("my parents are paying half, i do the rest", "she'll love it", "i'll ask my neighbour"),
    ),
    Family(
        "authority.owns_chat",
        (r"\b(?:it'?s|its)\s+(?:all\s+)?(?:mine|ours)\b", r"\bsole\s+(?:owner|director|proprietor)\b",
         r"\bi\s+(?:have|own)\s+(?:(?:a|an|my\s+own)\s+)?(?:[\w-]+\s+)?(?:bakery|restaurant|salon|studio|shop|practice|"
         r"clinic|company|business|firm|agency|caf[eé]|hotel|gym|farm|garage|store|pub|bar)\b",
         r"\bi\s+(?:have|own)\s+\d+\s+(?:[\w-]+\s+)?(?:flats|properties|units|houses|rentals|apartments|doors)\b",
         r"\b(?:gone|going|just\s+went|i'?m|i\s+am|im)\s+(?:\w+\s+)?self[-\s]employed\b",
         r"\bindependent\s+(?:[\w-]+\s+)?(?:instructor|contractor|consultant|designer|trainer|photographer)\b",
         r"\b(?:i'?m|i\s+am|im)\s+(?:the\s+)?(?:clinic|practice|school|centre|center|institute|company|studio)\s+"
         r"director\b",
         r"\bdirector\s+of\s+the\s+(?:institute|clinic|practice|school|company|centre|center|firm|studio|agency)\b",
         r"\bwithout\s+asking\s+anyone\b", r"\bi\s+handle\s+all\s+(?:the\s+)?(?:\w+\s+)?contracts\b",
         # Booking it or approving extra work under a limit: "sign me up", "anything under 100 just do it".
         r"\bsign\s+(?:me|her|him|us)\s+up\b", r"\b(?:anything|everything)\s+under\s+\S+\s+just\s+do\s+it\b"),
        ("yep its mine", "in my limited company, I'm sole director", "yes go on then, sign me up!",
         "cool, anything under 100 just do it, over that call me",
         "hello, i have italian restaurant in fitzroy",
         "Hello, I have a bakery in Utrecht and our website is very old",
         "Hi, I have 4 buy-to-let flats in Sheffield",
         "hi I've just gone self employed (graphic design)",
         "yep thats me. independent driving instructor, 30 pupils", "i'm the clinic director, so yeah",
         "me, I am director of the institute",
         "I'm the office manager, I can book up to £5k without asking anyone so yes",
         "I'm the office manager, yes I handle all vendor contracts"),
        negatives=("i have a question about the restaurant", "my brother is self-employed"),
        slot="authority", value=_DM,
    ),
    Family(
        "authority.together_chat",
        (r"\bdecid(?:e|ing|ed)\s+(?:\w+\s+){0,3}together\b",
         r"\bsplitting\s+(?:all\s+)?(?:the\s+)?decisions\b",
         r"\b(?:we'?re|we\s+are)\s+(?:\w+\s+)?deciding\s+together\b"),
        ("we're deciding together obvs",
         "i have to show my fiance first, we're splitting all the decisions 50/50",
         "i collect money from friends, we decided together already"),
        negatives=("we need to decide soon",),
        slot="authority", value=_DM,
    ),
    Family(
        "question.owner",
        (r"\bowner\b", r"\bown\s+(?:the|your|it|this)\b", r"homeowner", r"\brenting\b", r"\btenant\b",
         r"your\s+own\s+(?:house|home|place|property|flat)", r"\bjust\s+you\b", r"\bguardian\b"),
        ("Do you own the home?", "Are you the owner?",
         "Is it just you, or are you filing jointly with a spouse?"),
        negatives=("When would you like to start?",),
    ),
    Family(
        "authority.answer_owner",
        (r"(?:we|i)\s+own\s+it", r"(?:it'?s|its)\s+(?:all\s+)?(?:mine|ours)", r"mine\b", r"ours\b",
         r"owner\b",
         r"own(?:ed)?\b", r"just\s+me\b"),
        ("yep its mine", "just me, single", "owned"),
        negatives=("renting",),
    ),
    Family(
        "authority.answer_joint",
        (r"(?:me|i)\s+(?:and|n|&)\s+my\s+\w+", r"my\s+\w+\s+and\s+(?:i|me)\b", r"together\s+with\s+my\s+\w+"),
        ("me n my husband yes", "Yes, me and my husband"),
        negatives=("my husband decides",),
    ),
    # --- Shared markers ------------------------------------------------------------------
    Family(
        "negation",
        (r"\b(?:not|never|don'?t|doesn'?t|won'?t|haven'?t)\b", r"n't\b"),
        ("that's not it", "we don't", "we dont", "never", "we can't"),
        negatives=("nothing", "knot", "note"),
    ),
    Family(
        "past",
        (r"had", r"used\s+to", r"previously", r"in\s+the\s+past", r"last\s+(?:year|month|week)", r"ago"),
        ("we had 10k last year", "two years ago", "we used to pay"),
        negatives=("next year", "agony"),
    ),
    Family(
        "budget.spent",
        (r"(?<!be\s)(?:paid|spent|wasted|burned|burnt|blew)",),
        ("we spent $6,000", "paid 4,800 for nothing"),
        negatives=("will be paid",),
    ),
    Family(
        "timing.past_event",
        # "we were thinking Q3", "I was hoping for May": a plan told in the past tense is a plan.
        (r"started", r"began", r"went", r"bought", r"installed", r"moved\s+in", r"got\s+served",
         r"(?:was|were)(?!\s+(?:(?:really|kind\s+of|kinda|sort\s+of)\s+)?(?:thinking|hoping|planning|"
         r"wondering|looking|going|aiming|wanting|considering|told|figuring))"
         # German "was" (what): "wir suchen was für die sommerferien", "was kostet".
         r"(?!\s+(?:für|kostet|ist|sind|kann|soll|wäre|würde|genau|denn|man|ich|wir|du|es|das|der|die|"
         r"ein|eine|habt|haben|gibt|macht)\b)", r"did"),
        ("we started in January", "it was in March"),
        negatives=("start", "wasn", "we were thinking Q3", "I was hoping for May",
                   "wir suchen was für die sommerferien"),
    ),
    Family(
        "approximation",
        (r"about", r"around", r"roughly", r"approximately", r"approx\.?", r"~", r"ballpark"),
        ("about 5k", "~300", "approx. 2000"),
    ),
    Family(
        "approximation.chat",
        # Chat hedges before a figure: "like 5k", "maybe 500".
        (r"like", r"maybe"),
        ("like 5k", "maybe 500"),
        shape="(?:{})",
    ),
    Family(
        "timing.at_most",
        (r"at\s+most",),
        ("at most",),
    ),
    Family(
        "timing.date_lead_in",
        (r"in", r"the", r"from", r"after", r"by", r"until", r"sometime", r"next"),
        ("sometime", "next"),
    ),
    Family(
        "hedge",
        (r"maybe", r"perhaps", r"possibly", r"potentially"),
        ("maybe next year", "perhaps"),
    ),
    Family(
        "negation.no",
        # "no" negates the word after it ("no budget", "no real problem").
        (r"\bno\b",),
        ("no budget",),
        negatives=("now", "nope"),
        shape="(?:{})",
    ),
    # --- Need ---------------------------------------------------------------------------
    Family(
        "need.problem",
        (r"problem", r"(?:only|barely)\s+(?:manage|get\s+to|have\s+time)\b",
         r"(?:takes?|taking|took)\s+(?:\w+\s+)?(?:forever|ages|too\s+long|way\s+too\s+long)\b",
         r"overload\w*", r"overrun\s+with", r"snowed\s+under", r"unqualifi\w+", r"lose\s+track",
         r"loses\s+track", r"losing\s+track",
         r"chas(?:e|es|ing)\s+(?:\w+\s+){0,2}(?:after\s+)?(?:\w+\s+)?(?:customers|clients|leads|drivers|"
         r"people|payments|invoices|patients|calls)\b",
         r"(?:hasn'?t|haven'?t|has\s+not|have\s+not|doesn'?t|don'?t|can'?t|isn'?t|"
         r"aren'?t)\s+(?:\w+\s+)?(?:kept|keeping|keep)\s+up\b",
         r"(?:isn'?t|aren'?t|is\s+not|are\s+not|not)\s+(?:nearly\s+)?enough\b",
         r"can'?t\s+go\s+on\s+like\s+this", r"dissatisfied", r"unhappy\s+with",
         r"not\s+(?:happy|satisfied)\s+with", r"no-?shows?\b",
         r"(?:killing|kills|hurting|ruining|ruins)\s+(?:our|my)\s+\w+", r"struggl", r"issue", r"challenge",
         r"pain\s*point", r"bottleneck", r"mess\b", r"messy", r"chaotic", r"inefficient", r"overwhelm",
         r"can'?t\s+keep\s+up", r"cannot\s+keep\s+up", r"falling\s+through", r"slip(?:ping)?\s+through",
         r"los(?:e|es|ing|t)\b", r"wast(?:e|ing)", r"too\s+(?:much\s+time|many|slow|few)",
         r"(?:almost|hardly|barely)\s+(?:no|any)", r"doesn'?t\s+work", r"not\s+working", r"broken",
         r"ignor(?:e|es|ing)", r"duplicates", r"frustrat", r"replace(?:ment)?", r"costs?\s+us",
         r"nobody\s+\w+", r"no\s+one\s+\w+", r"manual(?:ly)?",
         r"too\s+(?:complicated|expensive|clunky|complex|little|late)\b",
         r"wait(?:s|ing)?\s+(?:\w+\s+){0,3}(?:for\s+)?(?:days|weeks|hours|ages|forever|too\s+long)\b",
         r"(?:respond\w*|repl(?:y|ied|ies)|answer\w*|get\s+back)\s+(?:\w+\s+){0,2}(?:too\s+late|"
         r"too\s+slowly)",
         r"(?:hardly|rarely|barely|never)\s+(?:\w+\s+)?(?:booked|used|answered|returned|opened|read|"
         r"converts?|shows?\s+up|turn\s+up)",
         r"no\s+(?:\w+\s+)?(?:overview|system\s+for|process\s+for)\b",
         r"(?:into|in)\s+(?:a|the)\s+(?:black\s+hole|void)", r"outdated", r"old[-\s]school",
         r"old[-\s]fashioned", r"ancient", r"clunky",
         r"(?:rings?|ringing)\s+(?:\w+\s+)?(?:non-?stop|nonstop|constantly|off\s+the\s+hook)",
         r"still\s+(?:\w+\s+){0,2}(?:via|on|by|with|in)\s+(?:excel|fax|hand|paper|spreadsheets?|"
         r"post-?its?|whatsapp)",
         r"drowning", r"swamped\s+with", r"eat(?:s|ing)?\s+up", r"killing\s+(?:us|me)",
         r"kills\s+(?:us|me)", r"hurting\s+(?:us|me)", r"costing\s+(?:us|me)", r"terrible", r"awful",
         r"horrible", r"poor\b",
         r"miss(?:es|ed|ing)?\s+(?:\w+\s+){0,4}(?:calls|bookings|leads|appointments|jobs|deals|"
         r"opportunities|inquiries|enquiries|messages|sales|reservations|orders|emails|tickets|patients|"
         r"clients|customers|follow-?ups)",
         r"never\s+(?:get|gets|hear|hears|receive|receives)\b", r"out\s+of\s+control",
         r"complain(?:s|ing)?\b", r"shut(?:s|ting)?\s+down", r"discontinu", r"end\s+of\s+life"),
        ("Our support queue is out of control.", "We keep missing a lot of weekend calls.",
         "Response times are terrible.", "onboarding takes forever"),
        negatives=("Everything runs fine.",),
    ),
    Family(
        "need.goal",
        (r"(?:an|\ba)\s+quote\s+for\b",
         r"(?:send|get|give)\s+(?:me\s+|us\s+)?(?:a\s+)?(?:quote|proposal|offer)",
         r"(?:collecting|getting|comparing)\s+(?:\w+\s+)?(?:quotes|offers|proposals|vendors)",
         r"(?:we'?re|we\s+are|currently)\s+evaluating", r"\broll(?:-?out|ing\s+out)\b",
         r"(?:need|needs|has|have)\s+to\s+(?:get\s+)?(?:better|improve)",
         r"(?<!you\s)\bneed(?:s|ed)?\s+(?:it|this|a|an|some|something|more|better|help)\b",
         r"(?:we|i)\s+(?:really\s+|urgently\s+|definitely\s+)?need\b(?!\s+to\s+(?:check|talk|ask|discuss|"
         r"think|run|clear|consult|speak|see|confirm))",
         r"(?:we'?re|we\s+are|i'?m|i\s+am)\s+looking\s+for", r"\blooking\s+for\s+(?:a|an|some)\s+",
         r"\blooking\s+for\s+something\b",
         r"evaluating\s+(?:\w+\s+){0,2}(?:tools|vendors|options|solutions|software|providers|platforms|"
         r"systems)\b",
         r"(?:want|wants|need|needs|would\s+like|'d\s+like)\s+(?:our|my|"
         r"the)\s+(?:[\w-]+\s+){0,3}to\s+(?:stop|spend\s+less|focus|be\s+able|get\s+more|answer|respond|"
         r"handle)\b",
         r"(?:want|wants|would\s+like|'d\s+like|need|trying|hoping)\s+to\s+(?:\S+\s+){0,2}(?:improve|"
         r"automate|increase|boost|grow|reduce|cut|fix|speed\s+up|streamline|qualify|sort|scale|"
         r"get\s+more|book\s+more|generate|replace|clean\s+up|get\s+rid|stop\s+losing|handle|organi[sz]e|"
         r"switch|migrate|move\s+away|double|triple)",
         r"our\s+goal", r"the\s+goal\s+is", r"interested\s+in\s+(?!\w+ing\s+nothing)",
         r"(?:should|must|has\s+to|want|need|'d\s+like|would\s+like)\s+(?:the|our)\s+(?!this\b|"
         r"it\b)\w+\s+(?:\w+\s+){0,2}(?:live|running|ready|in\s+place)"),
        ("Could you send us a quote?", "We're evaluating two vendors right now.",
         "We want to double our booked demos.", "we need a new booking tool"),
        negatives=("we need to check with the boss first",),
    ),
    Family(
        "need.none",
        (r"(?:just|only)\s+(?:having|taking|had|took)\s+a\s+look", r"not\s+(?:\w+\s+)?buying\s+anything",
         r"(?:thesis|dissertation)\b", r"happy\s+with", r"satisfied", r"content\s+with", r"all\s+good",
         r"no\s+need", r"don'?t\s+need", r"do\s+not\s+need", r"not\s+interested", r"no\s+interest",
         r"(?:just|only|merely)\s+curious", r"out\s+of\s+curiosity",
         r"(?:got|getting|became|became\s+just)\s+curious",
         r"not\s+(?:sure|convinced)\s+(?:if\s+|whether\s+|that\s+)?(?:we|i)\s+(?:even\s+|really\s+)?need",
         r"already\s+(?:\w+\s+)?(?:solved|sorted|covered)",
         r"(?:works|working)\s+(?:fine|well|great)\s+for\s+us",
         r"(?:running|runs|run|going|goes|works|working)\s+(?:\w+\s+)?(?:smoothly|fine|well)\b",
         r"no\s+(?:complaints|issues|problems)\b",
         r"(?:it|that|this|everything)\s*(?:'s|\s+is|\s+works)\s+(?:\w+\s+)?(?:fine|ok|okay)\s*(?:tbh|"
         r"honestly|for\s+(?:now|us))?\s*(?:[.!]|$)",
         r"(?:we'?re|we\s+are)\s+(?:all\s+)?(?:good|fine|set|covered|sorted)\b(?!\s+(?:at|in|to|with)\b)",
         r"(?:just|only)\s+(?:wanted|want)\s+to\s+(?:see|have\s+a\s+look|look|check)"),
        ("Our current setup works fine for us.", "not interested, thanks", "just curious"),
        negatives=("we need a new tool",),
    ),
    Family(
        "need.opt_out",
        (r"unsubscribe", r"opt[-\s]?out", r"remove\s+me",
         r"remove\s+my\s+(?:\w+\s+)?(?:e-?mail|address|details|data)", r"take\s+me\s+off",
         r"stop\s+(?:emailing|mailing|contacting|sending)", r"don'?t\s+(?:contact|email|mail)\s+me",
         r"do\s+not\s+contact", r"delete\s+my\s+(?:data|details|email)",
         r"stopp?t?\s+(?:the|your)\s+(?:mails|e-?mails|newsletter)"),
        ("Please remove my email address from your list.", "unsubscribe", "stop emailing me"),
        negatives=("please email me the quote",),
    ),
    Family(
        "need.wish_connective",
        (r"and",),
        ("and fewer calls",),
    ),
    Family(
        "need.comparative",
        (r"more", r"less", r"fewer", r"better"),
        ("more bookings", "fewer no-shows"),
    ),
    Family(
        "need.not_after_comparative",
        (r"than\b", r"or\b", r"info\w*", r"details?\b", r"call\b", r"later\b",
         r"(?:is|are|can|will|would)\b"),
        ("than", "later"),
        negatives=("bookings",),
    ),
    Family(
        "pronoun.object",
        (r"it", r"this", r"that"),
        ("it",),
    ),
    Family(
        "need.purpose_word",
        (r"for", r"because", r"to"),
        ("because",),
    ),
    # --- Timing -------------------------------------------------------------------------
    Family(
        "timing.none",
        (r"nothing\s+(?:concrete\s+|specific\s+)?planned(?:\s+yet)?", r"no\s+rush", r"no\s+hurry",
         r"(?:not|n't)\s+in\s+a(?:ny)?\s+(?:rush|hurry)", r"in\s+no\s+(?:rush|hurry)",
         r"no\s+(?:fixed\s+|set\s+|real\s+|concrete\s+|specific\s+|firm\s+)?(?:timeline|deadline|"
         r"time\s*frame|schedule|plans|time\s+pressure|urgency)",
         r"not\s+urgent",
         r"(?:just|only)\s+(?:\w+\s+)?(?:browsing|exploring|researching|looking\s+around|"
         r"having\s+a\s+look)",
         r"whenever", r"open[-\s]ended", r"take\s+our\s+time", r"someday", r"some\s+day",
         # Only curious, nothing to buy: "just having a nosey", "not signing up for anything".
         r"(?:just|only)\s+(?:\w+\s+)?poking\s+around",
         r"(?:not|n't)\s+(?:signing\s+up|buying|looking\s+to\s+buy)\s+(?:for\s+)?(?:anything|now|yet)"),
        ("no rush", "nothing planned yet", "we're in no hurry",
         "just curious, not signing up for anything lol", "was just poking around to see how others do it"),
        negatives=("asap",),
    ),
    Family(
        "timing.now",
        (r"\basap\b", r"a\.s\.a\.p", r"as\s+soon\s+as\s+possible", r"urgent", r"immediately",
         r"right\s+away", r"straight\s+away", r"at\s+once",
         r"(?:need|needed|wanted)\s+(?:\w+\s+){0,3}yesterday", r"yesterday\s+would", r"this\s+week",
         r"urgently", r"emergency", r"right\s+now", r"this\s+weekend", r"tonight",
         r"(?:need|needs|want)\s+(?:\w+\s+){0,2}fixed\s+(?:today|now|fast|quickly)",
         r"(?:asap|a\.s\.a\.p)\b",
         r"(?<!no\s)(?<!not\s)(?<!any\s)(?<!keine\s)\bhurry\b(?!\s+up\s+and\s+wait)",
         r"today\s+(?:ideally|if\s+possible|please|would)",
         r"(?:open|free|available|time)\s+(?:\w+\s+)?(?:today|tomorrow|tmrw)\b",
         r"(?:today|tomorrow)\s+(?:\w+\s+)?(?:was\s+)?(?:open|free)\b"),
        ("asap please", "need it fixed today", "right away", "any time free tomorrow?"),
        negatives=("no hurry",),
    ),
    Family(
        "timing.soon",
        (r"\bsoon\b", r"shortly", r"near\s+future", r"in\s+the\s+coming\s+months"),
        ("soon", "in the coming months"),
        negatives=("sooner or later he",),
    ),
    Family(
        "timing.later",
        (r"long[-\s]term", r"later\s+(?:this|in\s+the)\s+year", r"in\s+the\s+long\s+run"),
        ("long-term", "later this year"),
        negatives=("later today",),
    ),
    Family(
        "timing.asap",
        # The wish to start at once: it outweighs a later date of the same message, which is then
        # a limit or someone else's date ("asap really, i have a wedding in november").
        (r"\basap\b", r"a\.s\.a\.p", r"as\s+soon\s+as\s+(?:possible|poss|we\s+can|you\s+can)",
         r"immediately", r"right\s+away", r"straight\s+away"),
        ("asap really", "as soon as possible", "right away"),
        negatives=("no rush",),
    ),
    Family(
        "timing.same_day",
        # Today: the deadline of an urgent request ("today ideally", "tonight if u can").
        (r"today", r"tonight", r"this\s+(?:afternoon|evening)"),
        ("today ideally??", "tonight if u can"),
        negatives=("tomorrow",),
        shape=r"\b(?:{})\b",
    ),
    Family(
        "timing.conclusion_opening",
        (r"so\s*,", r"so\s+(?:we|i)\s+(?:need|want|would|'d)", r"which\s+means", r"that\s+means"),
        ("so, by end of june then", "so we need it by june"),
        negatives=("so many questions",),
        shape=r"[\s\W]*(?:{})",
    ),
    Family(
        "timing.conclusion",
        # Before the date the lead settles on: "Q3, so july", "his birthday is the 19th but ... so 21st".
        (r"so", r"i\.?e\.?", r"which\s+is", r"which\s+means", r"that\s+means", r"meaning"),
        ("we were thinking Q3, so", "party is the saturday, which is"),
        shape=r"(?:^|[\s,;(])(?:{})[\s,:]*$",
    ),
    Family(
        "timing.slot",
        # A time of day or a recurring day names an appointment slot, not the project's timing:
        # "monday 4.40 pls", "saturday mornings best", "any saturday works", "thursday after 5".
        (r"\d{1,2}(?:[:.]\d\d)?\s*(?:am|pm|o'?clock)\b", r"\d{1,2}[:.]\d\d\b",
         r"(?:morning|afternoon|evening|lunchtime)s?\b", r"any\s+(?:monday|tuesday|wednesday|thursday|"
         r"friday|saturday|sunday|weekday|day)", r"(?:mondays|tuesdays|wednesdays|thursdays|fridays|"
         r"saturdays|sundays|weekends)\b", r"after\s+\d", r"before\s+\d{1,2}(?:am|pm)?\b(?![./])"),
        ("monday 4.40 pls", "saturday mornings best", "sure, any saturday works", "thursday after 5 is fine"),
        negatives=("by friday",),
    ),
    Family(
        "timing.reply",
        # When the lead will answer, send or decide: not when they want the thing.
        (r"let\s+(?:you|u|ya)\s+know", r"get\s+back\s+to", r"(?:i'?ll|will|i\s+will)\s+(?:\w+\s+)?"
         r"(?:send|email|call|text|ring|reply|decide|think|check|confirm|ask|discuss|talk|speak|chat)",
         r"think\s+about\s+it", r"(?:send|sending)\s+(?:it|my\s+cv|you)"),
        ("ok will let u know tonight 👍", "I'll send it tonight"),
        negatives=("need it tonight",),
    ),
    Family(
        "timing.money_context",
        # A year named as a budget's period: "training budget of 12.000 euro for next year".
        (r"budget", r"spend", r"€", r"\$", r"£", r"eur(?:o|os)?\b", r"dollars?", r"pounds?", r"revenue",
         r"turnover"),
        ("training budget of 12.000 euro for next year",),
        negatives=("by next year",),
    ),
    Family(
        "timing.meeting",
        (r"(?:a|quick|short|phone|video|intro|discovery|free)\s+call", r"viewing", r"walkthrough",
         r"tasting", r"zoom", r"catch\s+up", r"meet\b", r"site\s+visit", r"visit\b", r"measure(?:\s+up)?",
         r"consultation", r"call\s+out", r"come\s+(?:round|around|over|by|out)", r"quote\s+visit"),
        ("Can we do site visit this Friday?", "can i get a consultation this week? wed or thurs morning",
         "could you come round next week to measure?"),
        negatives=("by end of june",),
    ),
    Family(
        "timing.life_event",
        (r"baby'?s?", r"due\s+(?:on\s+)?(?:\d|in|the|on|mid|early|late|end)", r"pregnant", r"marathon",
         r"turning\s+\d+\s+in", r"getting\s+(?:a|the|our|my)\s+(?:new\s+)?(?:company\s+)?car"),
        ("baby's due 3rd june", "training for the dublin marathon in october",
         "getting a company car in august"),
        negatives=("by end of june",),
    ),
    Family(
        "timing.greeting",
        (r"(?:have\s+a\s+)?(?:nice|good|great|lovely|happy|merry)\s+(?:weekend|evening|day|holidays|"
         r"christmas|easter|holiday)",),
        ("thanks, have a great weekend",),
        negatives=("this weekend",),
    ),
    Family(
        "timing.absence",
        (r"\b(?:vacation|out\s+of\s+(?:the\s+)?office|ooo\b|sick\b|parental\s+leave|maternity\s+leave|"
         r"(?:am|is|are|i'?m|we'?re)\s+(?:\w+\s+)?(?:away|travel(?:l)?ing|on\s+leave|off\s+until))",),
        ("I'm away until the 20th", "out of office"),
        negatives=("by May",),
    ),
    # --- Conversation signals --------------------------------------------------------------
    Family(
        "signal.urgent",
        (r"today\s+or\s+tomorrow", r"(?:come|be\s+here|out|over|by|before|done)\s+(?:today|tonight|"
         r"tomorrow(?:\s+morning)?)", r"this\s+(?:afternoon|evening)", r"tonight", r"right\s+(?:now|away)",
         r"immediately", r"emergency", r"urgent(?:ly)?", r"asap\s+(?:today|pls|please)", r"burst\s+pipe",
         r"asap\W+(?:\w+\W+){0,2}today",
         r"pipe\s+(?:has\s+)?burst", r"flooded\s+(?:\w+\s+)?(?:basement|cellar|kitchen|bathroom|floor)",
         r"no\s+(?:hot\s+water|heat(?:ing)?|power)",
         r"(?:boiler|heating|furnace)\s+(?:\w+\s+){0,2}(?:broke|broken|died|dead|out|stopped)"),
        ("can someone come today or tomorrow??", "burst pipe in the kitchen, water everywhere",
         "our website got hacked, need someone on this asap, like today",
         "our boiler just died and it's freezing", "emergency, the basement is flooded"),
        negatives=("no rush, sometime next year", "we're flooding our sales team with unqualified leads"),
    ),
    Family(
        "signal.not_urgent",
        (r"\b(?:just|only|merely)\s+(?:browsing|looking(?:\s+around)?|curious)\b",
         r"\b(?:don'?t|do\s+not|doesn'?t)\s+(?:really\s+)?need\s+(?:anything|it|one)\b",
         r"\b(?:nothing|not|no|non)[-\s]+(?:so\s+|really\s+|an?\s+)?(?:dringend|eilig|notfall|urgent|"
         r"emergency|rush)",
         r"\bno\s+rush\b", r"\bnot\s+(?:today|tomorrow)\b"),
        ("no rush, sometime next year", "Only looking around, we do not need anything right now.",
         "Nothing urgent at all, just curious tonight"),
        negatives=("it's urgent",),
    ),
    Family(
        "signal.stressed_need",
        (r"\b(?:really\s+)?urgently\s+(?:need|want|require|looking)\b",
         r"\b(?:need|want|require)\s+(?:\w+\s+){0,3}?urgently\b"),
        ("we urgently need a better booking tool for the salon",),
        negatives=("urgent: the basement is flooded",),
    ),
    Family(
        "question.connective",
        (r"and", r"ok", r"okay", r"so", r"btw"),
        ("btw",),
    ),
    Family(
        "question.opener",
        (r"how\s+(?:much|long|fast|soon|does|do)", r"what\s+(?:does|do|are|is)\s+(?:it|you|your|the)",
         r"(?:do|does|are|can|could|will|would|is|should)\s+(?:you|it|there|this|i|we)",
         r"when\s+(?:are|can|do)\s+you", r"where\s+are\s+you", r"which",
         r"(?:can|could|will|would)\s+(?:someone|somebody|anyone|anybody)",
         # Asking by request, often without "?": "just tell me what it costs".
         r"(?:just\s+)?(?:tell|show)\s+(?:me|us)\s+(?:\w+\s+){0,2}(?:what|how|when|where|if|whether|which)\b",
         r"(?:just\s+)?let\s+(?:me|us)\s+know\s+(?:\w+\s+){0,2}(?:what|how|when|where|if|whether|which)\b",
         r"i(?:'d|\s+would)\s+(?:like|love)\s+to\s+know\b", r"i\s+(?:was\s+)?wonder(?:ing)?\b"),
        ("how much is it", "do you do solar panels too?", "no idea, just tell me what it costs",
         "i'd like to know how long it takes"),
        negatives=("we do solar panels",),
    ),
    Family(
        "reply.shared_decision",
        (r"and\s+i", r"me\s+and", r"together", r"both", r"partners?", r"with\s+my\s+\w+", r"we", r"us",
         r"board", r"committee"),
        ("me and my husband", "my business partner and I decide together"),
        negatives=("it's my call",),
    ),
    Family(
        "question.tentative",
        (r"maybe", r"perhaps", r"probably", r"around", r"about", r"roughly", r"approx\w*", r"like",
         r"something\s+like", r"i\s+guess", r"ish"),
        ("maybe a few hundred a month?", "around 5k?"),
        negatives=("how long does it take roughly?", "about how long does it take?"),
    ),
    Family(
        "question.ping",
        (r"hello", r"hi", r"hey", r"anyone\s+there", r"are\s+you\s+there", r"still\s+there", r"ok", r"okay",
         r"yes", r"no", r"really", r"and", r"so", r"sorry", r"pardon"),
        ("hello?", "are you there?"),
        negatives=("hello, how much is it?",),
    ),
    Family(
        "question.about_the_question",
        (r"what\s+do\s+you\s+mean", r"why\s+(?:\w+\s+){0,3}(?:ask|know|need)"),
        ("why do you need to know that?", "what do you mean?"),
        negatives=("why is it so expensive?",),
    ),
    # --- Non-buyers: what they came for, read as "no need" of that kind ---------------------
    Family(
        "nonbuyer.vendor",
        (r"\b(?:we|i)\s+(?:can\s+|could\s+|would\s+(?:love|like)\s+to\s+|'d\s+(?:love|like)\s+to\s+)?"
         r"(?:help|offer|provide|build|get)\s+(?:you|your)\b",
         r"\b(?:we|i)\s+(?:\w+\s+)?(?:offer|provide|specialize\s+in|specialise\s+in)\b[^.!?\n]{0,60}"
         r"\bfor\s+(?:you|your)\b",
         r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+reaching\s+out\s+(?:from|on\s+behalf)",
         r"\bour\s+(?:seo|marketing|web\s*design|webdesign|lead\s*gen\w*|agency)[-\s]?(?:services?|"
         r"packages?)?\b(?=[^.!?\n]{0,60}(?:from|starting|start|packages?|for\s+you|\$|€))",
         r"\bpackages?\s+(?:start\s+at|starting\s+at|from)\s+[$€£]?\s?\d",
         # "we're a marketing agency ... free audit for your site".
         r"\b(?:we'?re|we\s+are|i'?m|i\s+am)\s+(?:an?\s+)?(?:\w+[-\s]?){0,2}agency\b(?=[\s\S]{0,240}"
         r"(?:\baudit\b|\binterested\s+in\b|\bfree\b|for\s+your\s+(?:business|company|site|website|practice)))",
         r"\b(?:backlinks?|guest\s+posts?|partnership\s+(?:opportunity|proposal)|rank\s+(?:you\s+)?"
         r"(?:higher\s+)?on\s+google|ranking\s+1\s+on\s+google)\b",
         r"\b(?:we|i)\s+help\s+(?:\w+\s+){0,3}(?:companies|practices|businesses|brands|agencies|firms)\s+"
         r"(?:like\s+yours\s+)?(?:get|grow|double|increase|rank|win|save)",
         r"\b(?:interested\s+in|open\s+to)\s+(?:a\s+)?(?:partnership|collaboration|white[-\s]label)",
         r"\bi\s+noticed\s+(?:that\s+)?your\s+(?:\w+\s+){0,2}(?:isn'?t|is\s+not|doesn'?t|could|site|"
         r"website|practice|ranking)",
         # Selling to businesses like this one: "we help agencies like yours book 10-15 calls",
         # "our clients pay $2k/mo", "open to a 15-min chat this week?".
         r"\b(?:we|i)\s+help\s+(?:\w+\s+){0,2}(?:like\s+yours|like\s+you)\b",
         r"\bour\s+(?:clients|customers)\s+(?:typically\s+|usually\s+)?pay\s+[$€£]?\s?\d", r"\b\d+x\s+roi\b",
         r"\bopen\s+to\s+a\s+(?:quick\s+|short\s+|brief\s+)?\d+[-\s]?min(?:ute)?s?\b",
         r"\bwhite[-\s]?label\b",
         r"\b(?:looking\s+for|seeking)\s+(?:\w+\s+)?(?:subcontract\w*|work\s+as\s+a\s+subcontractor)"),
        ("Hi! We are a digital agency. Packages from $1,500/mo, results guaranteed.",
         "hey, we could help you get 30 more leads a month with our ads setup",
         "Hello, I'm reaching out from BrightRank regarding a partnership opportunity",
         "Would you be open to a guest post on your blog? We pay per backlink",
         "Hello, we're a small SEO agency and would offer a free ranking check for your website.",
         "We help SaaS companies get SOC 2 Type I in 8 weeks, fixed price $15k.",
         "Hi there! I noticed your practice isn't ranking on page 1 for 'dentist Leeds'.",
         "Quick one - we help agencies like yours book more calls. Open to a 15-min chat?",
         "Our clients pay $2k/mo and see 5x ROI."),
        negatives=("we offer dental services to our patients and need a booking tool",
                   "our customers see the old prices on the site",
                   "we're a service provider for other businesses and need a new website",
                   "we'd love to work with you on the new website"),
    ),
    Family(
        "nonbuyer.applicant",
        (r"\b(?:apply|applying)\s+(?:for|to)\b", r"\bmy\s+(?:application|cv|resume|résumé)\b",
         r"\b(?:are\s+you|you\s+guys)\s+(?:still\s+)?hiring\b",
         r"\b(?:job|internship|apprenticeship)\s+(?:opening|offer|position|vacanc)\w*",
         r"\bwork\s+for\s+you\b",
         r"\binternship\b",
         r"\b(?:(?:is|are)\s+(?:the|that|this)\s+(?:position|job|role|vacancy)\s+(?:still\s+)?(?:open|available)|"
         r"(?:looking|searching)\s+for\s+(?:work|a\s+job|a\s+position|employment|an\s+internship)|"
         r"(?:i\s+)?(?:sent|send|attach(?:ed)?)\s+my\s+(?:cv|resume|résumé|application)|"
         r"(?:are\s+you|you'?re)\s+hiring|apply\s+for\s+(?:the|a|your)\s+(?:\w+\s+){0,2}(?:job|position|role))",
         # Bare "any openings" is also a client asking for an appointment ("any openings this saturday?").
         r"\bany\s+(?:job\s+openings|(?:job\s+)?vacancies|open\s+positions)\b",
         r"\b(?:send|share|attach)\s+(?:you\s+)?my\s+(?:portfolio|cv|resume|résumé)\b"),
        ("hi are you guys hiring? I'd love to work for you", "I'd like to apply for the internship",
         "Hello, I saw you are hiring a junior content writer. Is the position still open?",
         "hello im looking for work",
         "I'm a UX designer moving to Leipzig. Any openings at the moment? Happy to send my portfolio"),
        negatives=("we're hiring fast and need a better applicant tracking tool",
                   "do you have any openings this saturday for a cut and colour?"),
    ),
    Family(
        "nonbuyer.student",
        (r"\bi\s+(?:am\s+a\s+student|'?m\s+a\s+student)\b",
         r"\b(?:thesis|dissertation|term\s+paper|school\s+project|uni(?:versity)?\s+project|research\s+"
         r"(?:project|paper|study)|class\s+assignment)\b",
         r"\bfor\s+(?:my|the)\s+(?:school|uni|university|class|course)\b",
         r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:a\s+)?(?:\w+\s+)?(?:researchers?|phd\s+(?:student|candidate)s?|"
         r"doctoral\s+(?:student|candidate)s?)\b",
         r"\b(?:available|time)\s+for\s+(?:a\s+)?(?:short\s+|quick\s+|brief\s+)?(?:\d+[-\s]?min(?:ute)?\s+)?"
         r"(?:research\s+)?interview\b"),
        ("hi, I'm a student doing a research project on small business marketing",
         "its for a school project, could you answer 3 questions?",
         "Hello, I'm a researcher at the University of Leipzig studying how SMEs use chatbots."),
        negatives=("my kids are students and the house is getting too small",),
    ),
    Family(
        "nonbuyer.support",
        (r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:already\s+|an\s+existing\s+|a\s+current\s+)+"
         r"(?:a\s+)?(?:customer|client|patient)\b(?!\s+(?:of|with|at)\s+(?!you))",
         r"\b(?:my|our)\s+(?:order|invoice|delivery|booking|refund|account|subscription|"
         r"order\s+number|customer\s+number)\b(?=[^.!?\n]{0,80}(?:wrong|not|never|late|missing|"
         r"cancel|charged|twice|still|hasn'?t|didn'?t|doesn'?t|can'?t|problem|issue|broken))",
         r"\bappointment\s+(?:\w+\s+){0,3}(?:reschedule|cancel)",
         r"\b(?:reschedule|cancel)\s+my\s+(?:appointment|booking|order)",
         r"\binvoice\s+(?:\w+\s+)?(?:wrong|twice)", r"\b(?:can'?t|cannot)\s+log\s*in\b",
         r"\b(?:(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:already\s+)?(?:an?\s+)?existing\s+(?:customer|client|patient)|"
         r"(?:my|our)\s+(?:membership|account|customer|order|policy|booking)\s+(?:number|no\.?|ref))",
         r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:a\s+)?(?:client|customer|patient)s?\s+of\s+yours\b",
         r"\b(?:billed|charged|invoiced)\s+(?:us\s+|me\s+)?twice\b",
         r"\byou\s+(?:\w+\s+)?(?:installed|built|fitted|set\s+up|made)\s+(?:\w+\s+){0,3}(?:last|for\s+us)\b"),
        ("I'm already a customer and my order still hasn't arrived",
         "can't log in to my account since yesterday",
         "We're an existing client, the invoice you sent is wrong",
         "we're an existing customer, the contact form stopped sending emails since Friday",
         "Could you look it up? my membership number is 44871",
         "Hi, we're a client of yours. I think we were billed twice for November"),
        negatives=("we're a customer of HubSpot but it's too expensive",),
    ),
    Family(
        "nonbuyer.wrong_number",
        # ("Wrong person" is someone at the right company: no say, see authority.no_say.)
        (r"\bwrong\s+(?:number|company|website|site|chat|business|place)\b",
         r"\bsorry,?\s+wrong\b(?!\s+person)",
         # Asking for a shop of another trade; a practice, office or salon may be this very business.
         r"\bis\s+this\s+(?:not\s+)?(?:the\s+)?(?:\w+(?:'s)?\s+)?(?:pizzeria|pizza\s+place|takeaway|pharmacy|bank)\b"),
        ("sorry wrong chat, I meant to message my dentist",
         "sorry wrong number, I was after the dentist downstairs",
         "hi is this the pizzeria? i want to order"),
        negatives=("the wrong numbers in our reports", "hi is this dr. meyer's office? i need an appointment",
                   "Sorry, wrong person - please contact our IT department."),
    ),
    Family(
        "nonbuyer.spam",
        # Crypto words alone are no spam ("die wollen 0,8 bitcoin": a victim of ransomware);
        # earning, investing or trading with them is.
        (r"(?:casino|viagra|cialis|onlyfans|escort|lottery)(?![-\s]*(?:spam|links?|ads|pages|werbung|seiten))",
         r"(?:crypto|bitcoin|btc|forex)\s+(?:trading|signals?|profits?|scam|recovery)",
         r"(?:earn|invest|verdien\w*|investier\w*)\b[^.!?\n]{0,60}\b(?:crypto|bitcoin|btc|forex)",
         r"payday\s+loan", r"make\s+money\s+fast", r"earn\s+\$?\d+\s*(?:k|per|a)\s*(?:day|week)",
         r"click\s+(?:here|(?:the\s+|this\s+)?link)", r"100%\s+(?:free|guaranteed)"),
        ("Earn $500 per day with crypto trading, click here",
         "Make money fast!!! Earn $400 per day, click here"),
        negatives=("we take cards and cash",
                   "our website got hacked, there's casino spam all over the homepage",
                   "ja bin einer der beiden partner. die wollen 0,8 bitcoin, zahlen wir auf keinen fall"),
    ),
    # Chat register of the same kinds: what a salesperson, an existing customer, a job seeker,
    # a researcher, a competitor or a scam writes into a small business's chat box.
    Family(
        "nonbuyer.vendor",
        (r"\b(?:we|i)\s+(?:\w+\s+)?(?:generate|wholesale)\b", r"\bwholesale\s+(?:is|price|prices|rates?)\b",
         r"\b(?:trade\s+prices|white[-\s]label|per\s+lead\b|free\s+samples?|samples?\s+(?:pack|box))",
         r"\b(?:leads?|meetings|appointments)\s+(?:\w+\s+){0,2}for\s+(?:\w+\s+){0,3}(?:installers|engineers|"
         r"contractors|businesses|agencies|practices|plumbers|roofers|companies|studios|salons)\b",
         r"\b(?:we|i)\s+help\s+[\w-]+\s+like\s+", r"\bi\s+represent\s+(?:a|an)\b",
         r"\b(?:get|getting)\s+(?:\w+\s+)?stocked\b",
         r"\b(?:book|grab|get)\s+(?:\d+|a\s+few)\s+min(?:ute)?s?\s+with\s+(?:the|your)\b",
         r"\bwould\s+the\s+owner\s+be\s+interested\b",
         r"\bwho\s+(?:handles|is\s+responsible\s+for|looks\s+after|does)\s+(?:the\s+)?(?:purchasing|"
         r"partnerships|procurement|buying|marketing)\b",
         r"\b(?:speak|talk)\s+(?:to|with)\s+the\s+(?:practice\s+)?owner\b",
         r"\b(?:i|we)\s+(?:could\s+|can\s+)?(?:email|send|drop\s+off|share)\s+(?:you\s+)?(?:a|our|my)\s+"
         r"(?:price\s+list|catalogue|catalog|brochure|one-pager|case\s+study|media\s+kit)\b",
         r"\bhappy\s+to\s+send\s+(?:you\s+)?(?:a|our)\s+(?:case\s+study|brochure|catalogue|price\s+list)\b",
         r"\bdo\s+you\s+(?:ever\s+)?outsource\b",
         r"\byour\s+(?:website|site)\s+(?:looks|is|seems)\s+(?:\w+\s+){0,2}(?:dated|slow|old|outdated)\b"),
        ("we generate exclusive homeowner leads for security installers in the north west",
         "we supply a display unit free, wholesale is £1.10 a bar",
         "We offer white label WordPress development for agencies at 28 euro per hour",
         "I help MSPs like TechShield book 10-15 qualified meetings per month",
         "Hello, I represent a software outsourcing company from Kyiv.",
         "we're a protein bar brand and would love to get stocked at your front desk",
         "Could I book 15 mins with your practice manager?",
         "£35 per lead, no upfront fees. Would the owner be interested?",
         "Who handles purchasing for you?",
         "No problem, could I email a price list?",
         "Your website looks a bit dated – we build modern restaurant sites with online ordering"),
        negatives=("could you email me a price list?", "we want to outsource our bookkeeping"),
    ),
    Family(
        "nonbuyer.competitor",
        (r"\bbenchmarking\b", r"\bcompetitor\s+pric\w*", r"\bcompeting\s+product\b",
         r"\bmarket\s+research\b", r"\bbuild\s+something\s+similar\b",
         r"\b(?:see|seeing|check|checking|know|comparing)\s+(?:\w+\s+){0,2}(?:what|how)\s+(?:you|ur|u|everyones?|"
         r"everybody|others)\s*(?:'re|are|'s)?\s+(?:\w+\s+)?(?:charg|pric)\w*",
         r"\b(?:i|we)\s+(?:run|own|manage|have)\s+(?:a|an|the|my\s+own)\s+(?:[\w-]+\s+){0,3}(?:agency|studio|"
         r"company|school|business|firm|venue|salon|practice|shop)\s+(?:across\s+town|down\s+the\s+road|nearby|"
         r"round\s+the\s+corner|in\s+the\s+next|in\s+the\s+same|in\s+the\s+area|too\b)" + _COMPARING,
         r"\b(?:we'?re|we\s+are|i'?m|i\s+am)\s+(?:a|an)\s+[\w-]+\s+(?:company|agency|business|studio)\s+too\b"
         + _COMPARING,
         r"\bjust\s+curious\s+about\s+your\s+pric\w*"),
        ("ha ok, I'll be honest I run a web studio in Bristol, just benchmarking. thanks though!",
         "we're a scheduling company too, just doing some research on competitor pricing",
         "tbh I manage the venue down the road, just seeing what you're charging this year",
         "i run a cleaning company in the hills district, just seeing what everyones charging",
         "i own a cleaning company in the next county. just wanted to see how you price it",
         "we build something similar tbh",
         "full disclosure i run a small agency across town, was just curious about your pricing"),
        negatives=("we're comparing quotes from three roofers", "i run a small bakery and need a website",
                   "I run a small business in the area and need a new website",
                   "we own a company nearby and our heating is broken",
                   "i have a salon in the area, looking for a new booking system, what do you charge?"),
    ),
    Family(
        "nonbuyer.curious",
        (r"\bjust\s+(?:having\s+a\s+)?nos(?:e)?y\b", r"\bjust\s+nosing\b", r"\bjust\s+browsing\b",
         r"\b(?:just|only|merely|genuinely)\s+curious\b(?!\s+about\s+(?:your\s+)?pric)",
         r"\bwas\s+(?:just\s+)?curious\b(?!\s+about\s+(?:your\s+)?pric)",
         r"\bout\s+of\s+curiosity\b(?!\s+what)",
         r"\b(?:just|only)\s+(?:looking\s+around|poking\s+around|bored)\b",
         r"\bnot\s+signing\s+up\b", r"\bnot\s+(?:here\s+)?(?:to\s+buy|buying)\b",
         r"\bno\s+plans\s+to\s+(?:switch|move|buy|change|sign)\b",
         r"\bnot\s+planning\s+(?:on|to)\s+(?:moving|move|buying|buy|switching|switch|selling|sell)\b",
         r"\bi'?m\s+(?:covered|good)\s+thanks\b",
         r"\balready\s+with\s+[\w-]+\s+and\s+(?:it'?s|its)\s+(?:fine|good|great)\b"),
        ("hey! not really, just having a nosey 👀", "just nosy really, walked past yesterday",
         "none really, just nosing at what houses on my street went for haha",
         "how long are the programmes usually? just curious, not signing up for anything lol",
         "tbh we're happy with xero, was just curious. no plans to switch", "just browsing 🙂",
         "nah I'm covered thanks, just bored waiting for the match",
         "nah not rn, already with puregym and it's fine"),
        negatives=("just curious about your pricing for a full rewire",
                   "we're planning to move in may"),
    ),
    Family(
        "nonbuyer.support",
        (r"\b(?:you|you\s+guys|u\s+guys|you\s+lot|y'?all)\s+(?:\w+\s+)?(?:did|replaced|built|installed|fixed|shot|"
         r"serviced|repaired|cleaned|painted|fitted|set\s+up)\s+(?:my|our)\b",
         r"\byou\s+(?:built|host|installed|made)\s+it\b", r"\bfrom\s+you\s+lot\b",
         r"\b(?:still\s+)?under\s+(?:the\s+)?warranty\b",
         r"\b(?:i|we)\s+(?:already\s+)?have\s+(?:a|an)\s+(?:appointment|appt|booking|reservation)\b",
         r"\b(?:move|reschedule|cancel|change|rebook)\s+(?:my|our|the)\s+(?:\w+\s+)?(?:appointment|appt|booking|"
         r"reservation|membership|policy|subscription|plan)\b",
         r"\bcancel\s+(?:my|our)\s+(?:\w+\s+)?(?:membership|policy|insurance|subscription|contract|account)\b",
         r"\b(?:member|membership|policy|claim|account)\s+(?:no\.?|number|#)\s*[\w-]*\d",
         r"\bref\s+[a-z]{1,4}-\d{3,}", r"\b(?:order|invoice)\s*(?:no\.?|number)?\s*#\s*\d{3,}",
         r"\bwe'?re\s+a\s+client\b", r"^\W*existing\b",
         r"\balready\s+paying\s+for\s+(?:your|the)\b", r"\bsubmitted\s+a\s+claim\b"),
        ("you guys did my brakes two weeks ago and now theres a grinding noise again",
         "our website is DOWN. you built it and host it.",
         "no, we already have one from you lot – the contact form stopped sending emails",
         "this should be under warranty right??",
         "hi i already have a booking for 6 on saturday under Patel, can we make it 8?",
         "i have an appointment tomorrow at 10.20 with Dr Okafor, can i move it",
         "hi how do i cancel my membership? moving to glasgow next month",
         "I want to cancel my car insurance, sold the car yesterday. policy number NG-77819",
         "hi its Jo from Parkside Vets, we're a client. the printer is offline again",
         "existing. since the update yesterday my invoices export with the wrong VAT rate",
         "we're already paying for your pro plan and the last campaign didn't send"),
        negatives=("we want to cancel our current provider and switch to you",
                   "you guys did a great job for my neighbour so we want a quote"),
    ),
    Family(
        "nonbuyer.applicant",
        (r"\bapprenticeship\b", r"\b(?:on|from)\s+(?:your|the)\s+careers\s+page\b", r"\bcover\s+letter\b",
         r"\bsalary\s+expectation\w*",
         r"\b(?:do|would)\s+you\s+take\s+(?:on\s+)?(?:trainees|apprentices|interns|freelance\s+\w+|new\s+staff)\b",
         r"\b(?:looking\s+for|saw|seen)\s+(?:\w+\s+){0,4}(?:opening|vacancy|job\s+ad|second\s+shooters)\b",
         r"\b(?:rent\s+space\s+from|chair\s+to\s+rent)\b.{0,40}\bor\s+a\s+job\b|\bor\s+a\s+job\b"),
        ("Hi there, I'm actually looking for an apprenticeship, do you take on trainees?",
         "I saw the opening for a customer success manager on your careers page, is it still open?",
         "i saw you were looking for second shooters for the summer season?",
         "I'm a level 3 PT looking for a gym to rent space from or a job."),
        negatives=("we need a careers page on the new website",),
    ),
    Family(
        "nonbuyer.student",
        (r"\bi'?m\s+a\s+(?:[\w-]+\s+){0,3}(?:student|senior)\s+(?:at|in|from|doing|working)\b",
         r"\bhigh\s+school\s+(?:senior|student|junior)\b",
         r"\bdoing\s+a\s+(?:\w+\s+)?(?:survey|project|study)\s+(?:on|about)\b",
         r"\b(?:can|could)\s+i\s+ask\s+(?:you\s+|u\s+)?\d+\s+(?:quick\s+|short\s+)?questions\b"),
        ("Hi! I'm a sports science student at Loughborough, doing a survey on gym retention.",
         "hi, i'm a high school senior doing a project on small businesses in our town",
         "hi, not booking, can i ask u 5 questions"),
        negatives=("my son is a student at leeds and needs a room",
                   "can i ask a few questions about the boiler?"),
    ),
    Family(
        "nonbuyer.wrong_number",
        (r"\bwrong\s+(?:tab|app|window|practice|office|shop|garage|restaurant|school|link)\b",
         r"\bclicked\s+(?:on\s+)?(?:the\s+)?wrong\b", r"\btoo\s+many\s+\w+s\s+in\s+this\s+town\b"),
        ("omg sorry!! wrong tab", "omg sorry!! the vets is next door on google maps i clicked wrong one",
         "oh god sorry!! wrong app"),
        negatives=("the last company sent the wrong parts",),
    ),
    Family(
        "nonbuyer.spam",
        (r"\bcongratulation", r"\byou(?:'ve|\s+have)\s+(?:been\s+selected|won)\b", r"\bcashier'?s?\s+check\b",
         r"\brouting\s+number\b", r"\bsend\s+(?:us\s+|me\s+)?(?:your\s+)?bank\s+details\b",
         r"\bdomain\s+is\s+expiring\b", r"\bclick\s+now\b", r"\blimited\s+offer\b", r"\bdo-?follow\b"),
        ("CONGRATULATION!!! your domain is expiring, renew now",
         "I will send a cashier check for $18,000 and you refund the excess",
         "Kindly reply urgent with account number and routing number",
         "urgent!! send bank details and invoice now"),
        negatives=("congrats on the new shop, we need a sign too",),
    ),
    # --- Budget: what a figure is said to be -------------------------------------------------
    Family(
        "negation.chat",
        # Chat spellings without an apostrophe: "dont want to go over", "cant do more".
        (r"dont", r"cant", r"wont", r"wouldnt", r"shouldnt", r"couldnt", r"mustnt", r"aint", r"isnt"),
        ("i dont want to spend more", "we cant do more than that"),
        negatives=("donut", "want"),
        shape=r"\b(?:{})\b",
    ),
    Family(
        "budget.ceiling_said",
        # After a figure, that it is the ceiling: "3k would be the upper end for us", "that's the
        # absolute ceiling", "10 absolute max".
        (r"(?:would\s+be|'d\s+be|is|'s|are)\s+(?:\w+\s+){0,2}(?:the|my|our)\s+(?:absolute\s+)?"
         r"(?:upper\s+(?:end|limit)|ceiling|limit|max(?:imum)?|cap)",
         r"(?:absolute|hard|total)\s+(?:max(?:imum)?|limit|ceiling)(?!\s*(?:of\s+)?[\d€$£])"),
        ("3k€ would be the upper end for us", "that's the absolute ceiling", "10 absolute max"),
        negatives=("the upper floor", "ideally 15k, absolute max 16"),
    ),
    Family(
        "budget.stretch_to",
        # Going as far as a figure names its ceiling: "we can go to 450/month", "could push to 9".
        (r"(?:could|can|would|might|'d)\s+(?:\w+\s+)?(?:go|push|stretch|get)\s+(?:it\s+)?(?:up\s+)?to",),
        # (before the figure: "we can go to" 450/month)
        ("we can go to", "my fiancé says we could push to", "i could maybe go to $"),
        negatives=("we can go to the office",),
        shape=r"\b(?:{})\s*(?:€|\$|£)?\s*$",
    ),
    Family(
        "budget.other_offer",
        # Another provider's price or the old one's: a reference, not the lead's budget.
        (r"(?:other|another|the\s+old|my\s+old|our\s+old|previous|former|current|last)\s+"
         r"(?:guys?|one|place|clinic|shop|company|firm|agent|agency|provider|vendor|quote|offer|mob|crowd|"
         r"crew|dentist|garage|gym|studio|salon|school|contractor|builder|supplier|outfit|team|tool|"
         r"cleaners?|plumber|electrician|landlord|accountant|lawyer|realtor|mechanic)s?\b",),
        ("other clinic near me is 380", "another agent offered £1.5k flat", "the old guy charged 1800",
         "my old place was 120", "another mob quoted me 360"),
        negatives=("another question", "the other day", "last year"),
    ),
    Family(
        "budget.too_much",
        # A figure called too much is no budget: "honestly 6k is a lot", "1200 is way over what we
        # can do", "I'm not spending 450".
        (r"(?:is|'s|seems|sounds)\s+(?:\w+\s+)?(?:a\s+lot|too\s+much|too\s+expensive|steep|"
         r"way\s+(?:over|too\s+much)|over\s+(?:my|our)\s+(?:budget|limit))",
         r"(?:not|never)\s+(?:spending|paying)", r"bit\s+steep", r"too\s+(?:much|expensive|pricey)",
         r"which\s+is\s+mad", r"(?:is|'s)\s+mad\b"),
        ("honestly 6k is a lot", "1200 is way over what we can do", "I'm not spending 450 lol"),
        negatives=("not a lot of time",),
    ),
    Family(
        "budget.money_at_hand",
        # Money the lead has for this: "maybe 2000 saved", "i can get 2000 together", "300 dollars
        # to my name".
        (r"saved(?:\s+up)?", r"put\s+aside", r"to\s+my\s+name",
         r"(?:get|scrape|pull|put)\s+(?:\w+\s+){0,3}together"),
        ("i have maybe 2000 saved", "i can get maybe 2000 together", "like 300 dollars to my name"),
        negatives=("together with my wife",),
    ),
    Family(
        "budget.bill",
        # A bill the lead already has: "our invoice for august is 349 EUR", "renewal came in at $9k".
        (r"invoices?", r"invoiced", r"bill(?:ed)?\b", r"renewal\s+(?:came|is|was|quote)",
         r"charged\s+(?:us|me)"),
        ("our invoice for august is 349 EUR", "docusign renewal came in at $9k"),
        negatives=("billion",),
    ),
    Family(
        "budget.whole",
        # A sum for more than this purchase: "5000 CAD total but thats for everything", "our whole
        # wedding budget is 20k", "we have 12k for the whole event".
        (r"for\s+everything", r"for\s+all\s+(?:the\s+)?\w+", r"whole\s+(?:event|wedding|party|project|"
         r"renovation|year|budget|trip)\b", r"overall\s+budget", r"total\s+budget"),
        ("5000 CAD total but thats for everything", "our whole wedding budget is 20k",
         "we have 12k for the whole event"),
    ),
    Family(
        "budget.per_unit",
        # A price per person or seat beside the total it makes: "$18 a head, so like 5k a month".
        (r"(?:a|per|each)\s+(?:head|person|employee|seat|user|participant|guest|pupil|piece)", r"pp\b",),
        ("about $18 a head", "max 6 euro per employee per month", "£38 pp"),
    ),
    Family(
        "budget.lender",
        # What a lender would lend is its figure, not the lead's budget: "we're preapproved for
        # 380k but want to stay around 330-350".
        (r"pre-?\s?approved\s+(?:for|up\s+to|to)", r"approved\s+for\s+a\s+(?:mortgage|loan)",
         r"mortgage\s+in\s+principle", r"(?:bank|lender)\s+(?:\w+\s+){0,3}(?:lend|approve)\w*"),
        ("we're preapproved for 380k", "pre-approved for 425k", "we got pre approved for 1.6"),
    ),
    Family(
        "budget.approval_above",
        # Someone else approves above a figure: "the board approves anything over 50k a year".
        (r"approves?\s+(?:anything|everything|all\s+\w+|purchases?|spend\w*)\s+(?:over|above|beyond)",
         r"signs?\s+off\s+(?:on\s+)?(?:anything|everything)\s+(?:over|above)"),
        ("the board approves anything over 50k a year", "my director approves anything over 2k"),
    ),
    Family(
        "budget.one_off_words",
        # Paid once, before: "i can do 1500 upfront max".
        (r"up\s?front", r"up-front"),
        ("i can do 1500 upfront max",),
    ),
)
