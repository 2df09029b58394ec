"""The default points model follows the seed table and the seed's context rules."""

from datetime import UTC, datetime, timedelta

import pytest

from scoring import Event, Profile, default_model, score

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
CLEAN = Profile(email="anna@beispiel-gmbh.de", name="Anna Berg", company="Beispiel GmbH")


def ev(kind: str, hours_ago: float = 1, **props: object) -> Event:
    return Event(kind, NOW - timedelta(hours=hours_ago), props)


def rules(result) -> dict[str, int]:
    return {r.rule: r.points for r in result.reasons}


def test_every_point_is_explained():
    profile = Profile(email="x@mailinator.com", name="test test", phone="123",
                      job_title="CEO", industry="Software", company_size=120, source="Empfehlung")
    events = [ev("page_view", h) for h in range(40)] + [ev("meeting_booked")]
    result = score(profile, {"budget": {"has_budget": True, "min": 5000, "max": 5000}},
                   events, NOW)
    assert sum(r.points for r in result.reasons) == result.total
    clamp = sum(r.points for r in result.reasons if r.rule == "clamp")
    assert sum(result.parts.values()) + clamp == result.total
    assert 0 <= result.total <= 100


def test_seed_mini_example():
    # +10 relevant industry, +20 opens and clicks the newsletter, +30 books a first call
    profile = Profile(email="anna@beispiel-gmbh.de", name="Anna Berg", company="Beispiel GmbH",
                      industry="IT-Dienstleistungen")
    events = [ev("email_opened", 0), ev("email_clicked", 0), ev("meeting_booked", 0)]
    result = score(profile, {}, events, NOW)
    got = rules(result)
    assert got["fit.industry"] == 10
    assert got["engagement.email_opened"] + got["engagement.email_clicked"] == 20
    assert got["engagement.meeting_booked"] == 30
    assert result.total == 60
    no_budget = score(profile, {"budget": {"has_budget": False}}, events, NOW)
    assert no_budget.total == 40


@pytest.mark.parametrize(("event", "points"), [("whitepaper_download", 20),
                                                ("meeting_booked", 30)])
def test_seed_table_event_points(event, points):
    assert rules(score(CLEAN, {}, [ev(event, 0)], NOW))[f"engagement.{event}"] == points


def test_budget_stated_and_no_budget_or_timeline():
    budget = {"has_budget": True, "min": 3000, "max": 3000, "currency": "EUR", "period": "month"}
    assert rules(score(CLEAN, {"budget": budget}, [], NOW))["bant.budget"] == 25
    both = score(CLEAN, {"budget": {"has_budget": False}, "timing": {"horizon": "none"}}, [], NOW)
    # "kein Budget oder kein Projektzeitrahmen": -20 once, not twice
    assert rules(both)["bant.no_budget_or_timeline"] == -20
    assert both.parts["negatives"] == -20


def test_sales_call_without_close_and_unopened_emails():
    unopened = [ev("email_unopened", 24 * d) for d in (1, 8, 15)]
    result = score(CLEAN, {}, unopened + [ev("sales_call_no_close", 100)], NOW)
    assert rules(result)["negative.email_unopened"] == -15
    assert rules(result)["negative.sales_call_no_close"] == -20


def test_two_unopened_emails_are_not_yet_several():
    result = score(CLEAN, {}, [ev("email_unopened", 5), ev("email_unopened", 50)], NOW)
    assert "negative.email_unopened" not in rules(result)


def test_an_open_resets_the_unopened_streak():
    events = [ev("email_unopened", h) for h in (300, 200, 100)] + [ev("email_opened", 50)]
    assert "negative.email_unopened" not in rules(score(CLEAN, {}, events, NOW))


def test_job_title_decision_authority():
    def role(title: str) -> int:
        return rules(score(Profile(job_title=title, company="X"), {}, [], NOW))["fit.role"]
    assert role("Geschäftsführerin") == 30
    assert role("Teamleiter Vertrieb") == 20
    assert role("Vertriebsleiter") == 20
    assert role("Sachbearbeiter") == 10
    assert role("Werkstudent") == 0


def test_lead_source_points():
    def source(value: str) -> int:
        return rules(score(Profile(source=value, company="X"), {}, [], NOW))["fit.source"]
    assert source("Empfehlung von Kunde") == 25
    assert source("Webinar März") == 20
    assert source("Google Ads") == 10
    assert source("Flyer") == 5


def test_industry_and_size_capped_at_20():
    profile = Profile(industry="Software", company_size="50-200 Mitarbeiter", company="X")
    result = score(profile, {}, [], NOW)
    assert rules(result)["fit.industry"] + rules(result)["fit.company_size"] == 20
    small = score(Profile(industry="Bäckerei", company_size=12, company="X"), {}, [], NOW)
    assert rules(small).get("fit.company_size") == 5 and "fit.industry" not in rules(small)


# --- context rules from seed 002 ------------------------------------------------------

def test_missing_phone_is_not_negative():
    with_phone = score(Profile(**{**CLEAN.__dict__, "phone": "+49 30 1234567"}), {}, [], NOW)
    without = score(CLEAN, {}, [], NOW)
    assert without.total == with_phone.total
    assert rules(without)["context.no_phone"] == 0


def test_opened_but_unclicked_email_is_engagement():
    assert score(CLEAN, {}, [ev("email_opened")], NOW).total > score(CLEAN, {}, [], NOW).total


def test_short_visit_is_not_disinterest():
    short = score(CLEAN, {}, [ev("page_view", duration_s=4), ev("time_on_site", seconds=4)], NOW)
    assert short.total >= score(CLEAN, {}, [], NOW).total
    assert short.parts["negatives"] == 0


def test_unclear_lead_is_not_scored_down():
    # nothing said about budget, authority, need or timing: no negative points for it
    result = score(CLEAN, {"budget": None, "authority": None, "need": None, "timing": None},
                   [], NOW)
    assert result.parts["negatives"] == 0 and result.parts["bant"] == 0


# --- engagement caps and decay --------------------------------------------------------

def test_fifty_page_views_do_not_beat_a_booked_meeting():
    views = score(CLEAN, {}, [ev("page_view", h / 10) for h in range(50)], NOW)
    meeting = score(CLEAN, {}, [ev("meeting_booked")], NOW)
    assert views.total < meeting.total


def test_recent_download_outranks_the_same_download_two_weeks_ago():
    # seed 002: lead B requested the brochure two hours ago, lead A two weeks ago
    recent = score(CLEAN, {}, [ev("download", 2)], NOW)
    old = score(CLEAN, {}, [ev("download", 24 * 14)], NOW)
    assert recent.total > old.total
    assert rules(old)["engagement.download"] == 5  # one half-life: half the points


def test_time_on_site_earns_points_per_minute_with_cap():
    assert rules(score(CLEAN, {}, [ev("time_on_site", 0, seconds=300)], NOW))[
        "engagement.time_on_site"] == 5
    assert rules(score(CLEAN, {}, [ev("time_on_site", 0, seconds=9000)], NOW))[
        "engagement.time_on_site"] == 15


def test_reengagement_detected_after_a_long_silence():
    events = [ev("page_view", 24 * 90), ev("page_view", 1)]
    result = score(CLEAN, {}, events, NOW)
    assert rules(result)["engagement.re_engagement"] == 20
    steady = score(CLEAN, {}, [ev("page_view", 24 * 20), ev("page_view", 1)], NOW)
    assert "engagement.re_engagement" not in rules(steady)


def test_form_fields_asked_replace_the_default_required_fields():
    asked = [ev("form_submitted", fields=["job_title", "industry"])]
    result = score(Profile(email="a@b.de"), {}, asked, NOW)
    assert {"form.missing_job_title", "form.missing_industry"} <= set(rules(result))
    assert "form.missing_company" not in rules(result)


def test_form_quality_penalties_and_cap():
    fake = Profile(email="max@mailinator.com", name="asdf", phone="12", company=None)
    result = score(fake, {}, [ev("form_submitted")], NOW)
    got = rules(result)
    assert got["form.disposable_email"] == -20
    assert got["form.placeholder_name"] == -15
    assert got["form.invalid_phone"] == -10
    assert got["form.missing_company"] == -10
    assert sum(p for r, p in got.items() if r.startswith(("form.", "cap.form"))) == -30


def test_missing_company_counts_only_when_a_form_asked_for_it():
    chat_only = score(Profile(email="a@b.de"), {}, [ev("chat_started")], NOW)
    assert "form.missing_company" not in rules(chat_only)
    with_form = score(Profile(email="a@b.de"), {}, [ev("form_submitted")], NOW)
    assert rules(with_form)["form.missing_company"] == -10


def test_bands_and_hot_is_rare_for_plain_activity():
    model = default_model()
    assert (model.band(81), model.band(80), model.band(41), model.band(40)) == (
        "hot", "warm", "warm", "cold")
    busy = [ev("page_view", h) for h in range(20)] + [ev("email_opened"), ev("download")]
    assert score(CLEAN, {}, busy, NOW).band != "hot"


def test_unknown_event_type_is_refused():
    with pytest.raises(ValueError, match="unknown event type"):
        score(CLEAN, {}, [ev("teleported")], NOW)


def test_budget_reasons_read_like_a_setter_would_say_them():
    def why(fact):
        return next(r.why for r in score(CLEAN, {"budget": fact}, [], NOW).reasons
                    if r.rule == "bant.budget")
    assert why({"has_budget": True, "min": None, "max": 2000, "currency": "EUR"}) == \
        "budget stated: up to 2000 EUR"
    assert why({"has_budget": True, "min": 10000, "max": None}) == "budget stated: from 10000"
    assert why({"has_budget": True, "min": 10, "max": 15}) == "budget stated: 10–15"
