"""Timing rules: dates, months, quarters, relative expressions, urgency and "no rush"."""

from datetime import datetime

import pytest

from bot.extract import extract_text, resolve

AT = datetime.fromisoformat("2026-03-10T10:00:00+01:00")


def timing(text: str, asked: str | None = None, at: datetime = AT) -> dict | None:
    fact = resolve(extract_text(text, at, asked))["timing"]  # type: ignore[arg-type]
    return None if fact is None else dict(fact.value)


@pytest.mark.parametrize(
    ("text", "horizon", "deadline"),
    [
        ("Wir wollen bis Ende Mai live gehen.", "soon", "2026-05-31"),
        ("Start wäre Anfang Juli.", "soon", "2026-07-01"),
        ("Bitte bis zum 15.04. ein Angebot.", "soon", "2026-04-15"),
        ("Wir planen den Start für den 1. Juni 2026.", "soon", "2026-06-01"),
        ("Im dritten Quartal soll es losgehen.", "soon", "2026-07-01"),
        ("Spätestens Ende Q2 muss das stehen.", "soon", "2026-06-30"),
        ("Im nächsten Quartal.", "now", "2026-04-01"),
        ("Innerhalb von 4 Wochen muss das laufen.", "now", "2026-04-07"),
        ("In drei Monaten wollen wir starten.", "soon", "2026-06-10"),
        ("In einem halben Jahr vielleicht.", "later", "2026-09-10"),
        ("Nach den Sommerferien.", "later", "2026-09-01"),
        ("Ende des Jahres.", "later", "2026-12-31"),
        ("Frühestens nächstes Jahr.", "later", None),  # an earliest start, not a target
        ("Nächste Woche wäre ideal.", "now", "2026-03-17"),
        ("Bis Ostern sollte das stehen.", "now", "2026-04-05"),
        ("Ab KW 20.", "soon", "2026-05-11"),
        ("Zum 1.7. brauchen wir das.", "soon", "2026-07-01"),
        ("By June 1st.", "soon", "2026-06-01"),
        ("We want to go live on May 15th.", "soon", "2026-05-15"),
        ("End of Q2 at the latest.", "soon", "2026-06-30"),
        ("In about six months.", "later", "2026-09-10"),
        ("We need this in place within the next 6 weeks.", "soon", "2026-04-21"),
        ("Within 2 weeks.", "now", "2026-03-24"),
        ("Next month would be great.", "now", "2026-04-01"),
        ("Not before September.", "later", "2026-09-01"),
        ("Early next year.", "later", "2027-01-01"),
        ("We're aiming for the second half of the year.", "soon", "2026-07-01"),
        ("In 2027.", "later", "2027-01-01"),
        ("By the end of this quarter.", "now", "2026-03-31"),
        ("In a couple of weeks.", "now", "2026-03-24"),
        ("Before Christmas.", "later", "2026-12-24"),
    ],
)
def test_deadlines_resolve_against_the_message_time(text, horizon, deadline):
    assert timing(text) == {"horizon": horizon, "deadline": deadline}


@pytest.mark.parametrize(
    ("text", "horizon"),
    [("Sofort bitte!", "now"), ("ASAP please.", "now"), ("We'd need it yesterday.", "now"),
     ("So schnell wie möglich.", "now"), ("Es eilt nicht.", "none"), ("Kein Zeitdruck.", "none"),
     ("Wir haben keinen festen Zeitplan.", "none"), ("No rush.", "none"),
     ("Honestly we're just looking around for now, no concrete plans.", "none")],
)
def test_urgency_and_no_timeline(text, horizon):
    assert timing(text) == {"horizon": horizon, "deadline": None}


def test_a_date_beats_an_urgency_word_in_the_same_message():
    value = timing("Es eilt! Unser Anbieter kündigt zum 31.03., wir brauchen sofort Ersatz.")
    assert value == {"horizon": "now", "deadline": "2026-03-31"}


def test_relative_dates_use_each_messages_own_time():
    later = datetime.fromisoformat("2026-11-20T09:00:00+01:00")
    assert timing("In 2 Wochen.", at=later) == {"horizon": "now", "deadline": "2026-12-04"}
    assert timing("Im nächsten Quartal.", at=later)["deadline"] == "2027-01-01"  # type: ignore[index]


@pytest.mark.parametrize(
    "text",
    ["We started in January and it went badly.", "Seit März nutzen wir HubSpot.",
     "We may need more time to think.", "Jan from sales told me about you.",
     "Wir haben 24/7 Support.", "Halbe Sachen machen wir nicht."],
)
def test_no_timing_from_past_events_names_or_modal_may(text):
    assert timing(text) is None


def test_bare_duration_counts_only_after_a_timing_question():
    assert timing("2 Wochen") is None
    assert timing("2 Wochen", "timing") == {"horizon": "now", "deadline": "2026-03-24"}


@pytest.mark.parametrize(("bot", "lead", "deadline"), [
    ("Am 2.3. können wir starten, Dauer ca. 4 Tage. Passt das?", "ja bitte, je schneller desto besser",
     "2026-03-02"),
    ("Next block starts 3 March.", "sign me up 🙌", "2026-03-03"),
    ("Der nächste freie Termin wäre am 14. Oktober um 8:15 Uhr. Passt das?", "passt", "2026-10-14"),
    ("We have Friday 3:30pm. Would that work?", "yes perfect, her dad will bring her", "2026-02-27"),
])
def test_taking_the_date_the_bot_offers(bot, lead, deadline):
    from bot.extract import extract_with, resolve
    from bot.types import Message

    at = datetime.fromisoformat("2026-02-23T10:00:00+01:00")
    fact = resolve(extract_with([Message("bot", bot, at), Message("lead", lead, at)], at, None))["timing"]
    assert fact is not None and fact.value["deadline"] == deadline
    assert lead[fact.span[0]:fact.span[1]] == fact.quote  # the lead's own yes is the quote


def test_the_same_offer_taken_on_another_day_is_read_for_that_day():
    from bot.extract import extract_with, resolve
    from bot.types import Message

    deadlines = []
    for day in ("2026-02-23", "2026-03-02", "2026-02-23"):  # a bot message is read once a day
        at = datetime.fromisoformat(f"{day}T10:00:00+01:00")
        messages = [Message("bot", "We have Friday 3:30pm. Would that work?", at),
                    Message("lead", "yes perfect", at)]
        deadlines.append(resolve(extract_with(messages, at, None))["timing"].value["deadline"])
    assert deadlines == ["2026-02-27", "2026-03-06", "2026-02-27"]


@pytest.mark.parametrize(("said", "echo", "yes"), [
    ("Bis Ende Juni.", "Ich notiere mir Ende Juni 2026 als Zieltermin. Ist notiert, danke!",
     "Danke, das passt."),
    ("we need it live by 14 March", "I've noted 14 March 2026 as your target date.", "perfect, thanks"),
])
def test_a_date_the_bot_repeats_back_keeps_the_leads_own_words(said, echo, yes):
    from bot.extract import extract_with, resolve
    from bot.types import Message

    at = datetime.fromisoformat("2026-02-23T10:00:00+01:00")
    messages = [Message("bot", "Bis wann soll das stehen?", at), Message("lead", said, at),
                Message("bot", echo, at), Message("lead", yes, at)]
    fact = resolve(extract_with(messages, at, None))["timing"]
    assert fact is not None and fact.message_index == 1 and fact.quote in said


@pytest.mark.parametrize(("bot", "lead"), [
    # A yes to another question of the same message takes no date.
    ("Die Klage muss innerhalb von 3 Wochen erhoben werden. Haben Sie Rechtsschutz?", "ja, ARAG"),
    # "Black Friday would be ideal" is no Friday slot.
    ("And the timeline?", "hmm not sure yet, black friday would be nice but who knows"),
])
def test_no_date_taken_without_an_offer(bot, lead):
    from bot.extract import extract_with, resolve
    from bot.types import Message

    at = datetime.fromisoformat("2026-02-23T10:00:00+01:00")
    fact = resolve(extract_with([Message("bot", bot, at), Message("lead", lead, at)], at, None))["timing"]
    assert fact is None or fact.value["deadline"] not in ("2026-03-16", "2026-02-27")


@pytest.mark.parametrize(("text", "horizon", "deadline"), [
    ("am besten ab nächster woche, je früher desto besser", "now", "2026-03-17"),
    ("hüt oder spötestens morn am morge bitte", "now", "2026-03-10"),
    ("servus, geht des heid no?", "now", "2026-03-10"),
    ("vor em schuelstart am 17. auguscht wär guet", "later", "2026-08-17"),
    ("i'd want to start by end of may at the latest", "soon", "2026-05-31"),
    ("lieber nächstes frühjahr, kein stress", "later", "2027-03-01"),
])
def test_chat_and_dialect_dates(text, horizon, deadline):
    found = timing(text, "timing")
    assert found is not None, text
    assert (found["horizon"], found["deadline"]) == (horizon, deadline), text


@pytest.mark.parametrize("text", [
    "hallo ich hab am montag die kündigung bekommen, ich glaub das stimmt so nicht",
    "I haven't been to a dentist in 9 years because I'm terrified",
    "we grew from 20 to 90 people in 18 months and I'm struggling to delegate",
    "I may need a bigger van at some point",
])
def test_what_happened_already_names_no_target(text):
    found = timing(text)
    assert found is None or found["deadline"] is None, text


def test_a_meeting_date_does_not_replace_the_timeline():
    from bot.extract import extract_with, resolve
    from bot.types import Message

    messages = [Message("bot", "Bis wann soll es fertig sein?", AT),
                Message("lead", "spätestens ende juni", AT),
                Message("bot", "Das kostet ca. 590 €.", AT),
                Message("lead", "können wir nächste woche telefonieren?", AT)]
    fact = resolve(extract_with(messages, AT, None))["timing"]
    assert fact is not None and fact.value["deadline"] == "2026-06-30"


@pytest.mark.parametrize(("text", "horizon", "deadline"), [
    # An exact day keeps its day, also without its month ("the 21st", "am 12.").
    ("16th may! its me, 4 bridesmaids and my mum", "soon", "2026-05-16"),
    ("party is the saturday, which is the 21st", "now", "2026-03-21"),
    ("moving out on the 30th and the agent is super picky", "now", "2026-03-30"),
    ("am 12. wäre gut", "now", "2026-03-12"),
    ("am 5. wäre gut", "now", "2026-04-05"),
    # A date the lead settles on after "so"/"also" outweighs the one before it.
    ("we were thinking Q3, so july. people are more around in summer lol", "soon", "2026-07-01"),
    ("his birthday is thurs 19th but id want the saturday after, so 21st", "now", "2026-03-21"),
    ("spätestens ende august nächstes jahr, da kommt die kleine in die schule", "later", "2027-08-31"),
    ("not before xmas lol, too many parties. january, like the 1st full week", "later", "2027-01-01"),
    ("is wurscht, heuer halt noch", "later", "2026-12-31"),
    ("Ende Jahr, wenn wir den 4. Standort eröffnen", "later", "2026-12-31"),
    ("nicht vor september, wir sind im august weg", "later", "2026-09-01"),
    ("sometime after labor day, work's crazy till then", "later", "2026-09-08"),
    ("before paddy's day!! we're busy that week", "now", "2026-03-17"),
    ("we're hosting thanksgiving so would love it done by then", "later", "2026-11-26"),
    ("nicht überstürzt, der erbschein kommt erst noch. vllt nächstes frühjahr", "later", "2027-03-01"),
    # Urgent today: today is the deadline.
    ("today ideally?? no hot water and we've got a 6 month old", "now", "2026-03-10"),
    ("tonight if u can, 189 is fine whatever", "now", "2026-03-10"),
])
def test_chat_dates_keep_their_day_and_their_year(text, horizon, deadline):
    assert timing(text, "timing") == {"horizon": horizon, "deadline": deadline}


@pytest.mark.parametrize(("text", "horizon"), [
    # The wish to start at once outweighs a later limit or someone else's date.
    ("so bald wie möglich eigentlich. aber das trennungsjahr ist ja erst im august rum oder?", "now"),
    ("asap really, i have a wedding in november i want to look decent for lol", "now"),
    ("ok super, dann hat sich das für die nächsten jahre erledigt 👍", "none"),
    ("how long are the programmes usually? just curious, not signing up for anything lol", "none"),
])
def test_wish_over_limit_and_no_timeline(text, horizon):
    assert timing(text) == {"horizon": horizon, "deadline": None}


@pytest.mark.parametrize("text", [
    "ja 3 mal. version 4.2.1 auf iphone",
    "budget hab ich mal 6-8k eingeplant für dieses jahr",
    "We have training budget of 12.000 euro for next year for this team",
    "prob just the return for now, my income is pretty simple, maybe 30-35k turnover this year",
    "ok will let u know tonight 👍",
    "ok cool mach ich heute noch",
])
def test_versions_budget_years_and_reply_times_are_no_timing(text):
    assert timing(text) is None


@pytest.mark.parametrize("slot", [
    "sure, any saturday works", "monday 4.40 pls", "saturday mornings best",
    "kann mir einfach jemand an der theke helfen heut abend? so um 18 uhr",
])
def test_an_appointment_slot_does_not_replace_the_timeline(slot):
    from bot.extract import extract_with, resolve
    from bot.types import Message

    messages = [Message("bot", "When would you like it done?", AT),
                Message("lead", "by end of june please", AT),
                Message("bot", "When can we come by for a quote?", AT),
                Message("lead", slot, AT)]
    fact = resolve(extract_with(messages, AT, None))["timing"]
    assert fact is not None and fact.value["deadline"] == "2026-06-30"


@pytest.mark.parametrize(("text", "horizon", "deadline"), [
    ("Könnt heut no wer kommen??", "now", "2026-03-10"),
    ("nice! will direkt morgen anfangen wenn das geht", "now", "2026-03-11"),
    ("mmm ok maybe 160 is possible. I can start today?", "now", "2026-03-10"),
    ("Vor em Winter wär ideal, so bis Ändi Oktober", "later", "2026-10-31"),
    ("Idealerweise vor dem 1. Juli, also noch im Juni.", "soon", "2026-06-30"),
    ("Abgabefrist wäre der 31. März, ich habe aber Fristerstreckung bis 30. September beantragt. "
     "Also nicht so eilig, bis Ende Juni wäre schön.", "soon", "2026-06-30"),
    ("Schlüsselübergabe ist am 1. Mai, dann wollen wir sofort mit der Elektrik anfangen", "soon",
     "2026-05-01"),
])
def test_today_tomorrow_and_the_date_settled_on(text, horizon, deadline):
    assert timing(text, "timing") == {"horizon": horizon, "deadline": deadline}


@pytest.mark.parametrize("text", [
    "hi! newborn shoot, baby's due 3rd june 👶 i know you're meant to book early",
    "Hallo, mein Sohn wird im Mai 17 und will begleitetes Fahren machen.",
    "hi looking to get an ev charger installed on the drive, getting a company car in august",
    "danke, schönes wochenende ✌️",
    "Wichtig ist die DATEV-Schnittstelle, wir arbeiten aktuell mit Version 8.4.",
])
def test_someone_elses_event_a_greeting_or_a_version_is_no_timing(text):
    assert timing(text) is None


def test_a_day_without_its_month_takes_the_month_the_conversation_has():
    from bot.extract import extract_with, resolve
    from bot.types import Message

    messages = [Message("bot", "When is the move?", AT),
                Message("lead", "completion is end of april", AT),
                Message("bot", "Great, we can hold the date.", AT),
                Message("lead", "update: completion now the 21st. can u do the 21st instead", AT)]
    fact = resolve(extract_with(messages, AT, None))["timing"]
    assert fact is not None and fact.value == {"horizon": "soon", "deadline": "2026-04-21"}


def test_a_meeting_request_does_not_replace_the_timeline():
    from bot.extract import extract_with, resolve
    from bot.types import Message

    messages = [Message("bot", "When would you want to start?", AT),
                Message("lead", "we want to submit planning by end of may", AT),
                Message("bot", "Sounds good.", AT),
                Message("lead", "could you come round next week to measure? tues or weds evening", AT)]
    fact = resolve(extract_with(messages, AT, None))["timing"]
    assert fact is not None and fact.value["deadline"] == "2026-05-31"
