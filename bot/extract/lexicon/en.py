"""English: word lists and phrase families (see bot.extract.lexicon)."""

from __future__ import annotations

from bot.extract.lexicon import Family

DM = {"level": "decision_maker"}
APPLICANT = {"has_need": False, "kind": "applicant"}
VENDOR = {"has_need": False, "kind": "vendor"}
SUPPORT = {"has_need": False, "kind": "support"}
INF = {"level": "influencer"}

NEGATIONS = ("not", "no", "never", "don't", "doesn't", "won't", "isn't", "can't", "nope")
HEDGES = ("maybe", "perhaps", "possibly", "about", "around", "roughly", "approximately",
          "approx", "ish", "or so", "give or take")
PAST_MARKERS = ("had", "was", "were", "used to", "previously", "last year", "in the past")
# Quantifiers that make "hundred"/"thousand"/"grand" an order of magnitude: "a few hundred".
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
FEW = ("a few", "few", "several", "some", "a handful of")

FAMILIES = (
    Family(
        "authority.owns_object", "authority", DM,
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
    ),
    Family(
        "authority.pays_self", "authority", DM,
        (r"(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:the\s+ones?\s+)?paying\b",
         r"(?:i'?ll|we'?ll|i\s+will|we\s+will)\s+be\s+paying",
         r"(?:my\s+(?:husband|wife|partner)\s+and\s+i|we)\s+are\s+paying",
         r"out\s+of\s+(?:my|our)\s+own\s+pocket|paying\s+(?:for\s+it\s+)?myself",
         r"(?:i'?ll|i\s+will)\s+pay\s+(?:for\s+it\s+)?(?:myself|out\s+of\s+pocket)"),
        ("yes I'm paying lol. 380 is fine", "My husband and I are paying",
         "can't wait that long with a baby, i'll pay myself if i have to"),
    ),
    Family(
        "authority.approves_within_limit", "authority", DM,
        (r"(?:i|we)\s+(?:can|could|may)\s+(?:\w+\s+)?(?:approve|sign\s+off|authori[sz]e|spend)\s+"
         r"(?:\w+\s+){0,2}(?:up\s+to|anything\s+under|within)",
         r"i\s+(?:choose|pick|select)\s+the\s+(?:suppliers|vendors|providers)",
         r"i'?ve\s+got\s+(?:sign[-\s]?off|approval)\s+(?:up\s+to|for)",
         r"i\s+have\s+(?:the\s+)?approval\s+already|(?:it'?s|its)\s+my\s+budget"),
        ("I'm the event manager, I can approve up to 20k on my own",
         "I'm project manager, I choose the suppliers within the budget.",
         "I'm head of marketing, it's my budget."),
    ),
    Family(
        "authority.gathers_quotes", "authority", INF,
        (r"(?:gathering|collecting|getting|comparing|pulling\s+together)\s+(?:\w+\s+){0,2}"
         r"(?:quotes|offers|options|proposals)",
         r"(?:asked|told)\s+(?:me\s+)?to\s+(?:get|find|collect|gather)\s+(?:\w+\s+){0,2}"
         r"(?:quotes|options|offers|proposals)"),
        ("No, the partners decide. I'm just gathering quotes for them.",
         "my boss asked me to get a few quotes"),
    ),
    Family(
        "authority.owner_or_landlord_decides", "authority", INF,
        # A tenant or a property manager: the landlord or the owners decide.
        (r"(?:my|our|the)\s+(?:landlord|landlady|property\s+owners?|building\s+owners?|owners'?\s+"
         r"association|hoa|condo\s+board)\s+(?:\w+\s+){0,2}(?:has\s+to|have\s+to|must|needs?\s+to|"
         r"will|would)\s+(?:\w+\s+)?(?:decide|approve|sign\s+off|agree)",
         r"(?:i'?m|i\s+am)\s+(?:just\s+|only\s+)?(?:a\s+|the\s+)?(?:tenant|renter|property\s+manager)\b"),
        ("We rent the flat, so our landlord would have to approve it",
         "I'm only a tenant here",
         "I'm the property manager; the owners' association has to decide in May"),
    ),
    Family(
        "need.applicant", "need", APPLICANT,
        (r"(?:is|are)\s+(?:the|that|this)\s+(?:position|job|role|vacancy)\s+(?:still\s+)?(?:open|available)|"
         r"(?:looking|searching)\s+for\s+(?:work|a\s+job|a\s+position|employment|an\s+internship)|"
         r"(?:i\s+)?(?:sent|send|attach(?:ed)?)\s+my\s+(?:cv|resume|résumé|application)|"
         r"(?:are\s+you|you'?re)\s+hiring|apply\s+for\s+(?:the|a|your)\s+(?:\w+\s+){0,2}(?:job|position|role)",),
        ("Hello, I saw you are hiring a junior content writer. Is the position still open?",
         "hello im looking for work"),
    ),
    Family(
        "need.vendor", "need", VENDOR,
        (r"(?:we|i)\s+help\s+(?:\w+\s+){0,3}(?:companies|practices|businesses|brands|agencies|firms)\s+"
         r"(?:like\s+yours\s+)?(?:get|grow|double|increase|rank|win|save)|"
         r"(?:interested\s+in|open\s+to)\s+(?:a\s+)?(?:partnership|collaboration|white[-\s]label)|"
         r"i\s+noticed\s+(?:that\s+)?your\s+(?:\w+\s+){0,2}(?:isn'?t|is\s+not|doesn'?t|could|site|"
         r"website|practice|ranking)",),
        ("We help SaaS companies get SOC 2 Type I in 8 weeks, fixed price $15k.",
         "Hi there! I noticed your practice isn't ranking on page 1 for 'dentist Leeds'."),
    ),
    Family(
        "need.support", "need", SUPPORT,
        (r"(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:already\s+)?(?:an?\s+)?existing\s+(?:customer|client|patient)|"
         r"(?:my|our)\s+(?:membership|account|customer|order|policy|booking)\s+(?:number|no\.?|ref)",),
        ("we're an existing customer, the contact form stopped sending emails since Friday",
         "Could you look it up? my membership number is 44871"),
    ),
)
