"""English: word lists and phrase families (see bot.extract.lexicon)."""

from __future__ import annotations

from bot.extract.lexicon import Family

DM = {"level": "decision_maker"}
INF = {"level": "influencer"}

NEGATIONS = ("not", "no", "never", "don't", "doesn't", "won't", "isn't", "can't", "nope")
HEDGES = ("maybe", "perhaps", "possibly", "about", "around", "roughly", "approximately",
          "approx", "ish", "or so", "give or take")
PAST_MARKERS = ("had", "was", "were", "used to", "previously", "last year", "in the past")

FAMILIES = (
    Family(
        "authority.owns_object", "authority", DM,
        (r"(?:it'?s|its|this\s+is)\s+(?:my|our)\s+(?:own\s+)?(?:house|home|flat|apartment|condo|"
         r"place|property|car|building|shop|store|salon|restaurant|practice|business)\b",
         r"(?:i|we)\s+own\s+(?:the|my|our|this)\s+(?:house|home|flat|apartment|condo|place|"
         r"property|building)",
         r"(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:the\s+)?(?:home\s?owners?|homeowners?|"
         r"property\s+owners?|landlords?|landlady)",
         r"owner[-\s]occupier"),
        ("its my house so yes", "we own the house outright", "I'm the homeowner"),
    ),
    Family(
        "authority.pays_self", "authority", DM,
        (r"(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:the\s+ones?\s+)?paying\b",
         r"(?:i'?ll|we'?ll|i\s+will|we\s+will)\s+be\s+paying",
         r"(?:my\s+(?:husband|wife|partner)\s+and\s+i|we)\s+are\s+paying",
         r"out\s+of\s+(?:my|our)\s+own\s+pocket|paying\s+(?:for\s+it\s+)?myself"),
        ("yes I'm paying lol. 380 is fine", "My husband and I are paying"),
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
)
