"""The model file: an admin changes numbers without code; bad files are refused clearly."""

from datetime import UTC, datetime

import pytest

from scoring import Event, ModelError, Profile, default_model, load_model, parse_model, score

NOW = datetime(2026, 3, 10, tzinfo=UTC)


def test_default_model_is_the_seed_table():
    model = default_model()
    assert model.engagement["whitepaper_download"].points == 20
    assert model.engagement["meeting_booked"].points == 30
    assert model.negatives["email_unopened"].points == -15
    assert model.negatives["sales_call_no_close"].points == -20
    assert model.bant.budget_stated == 25
    assert model.bant.no_budget_or_timeline == -20
    assert (model.hot, model.warm) == (81, 41)
    assert load_model(None) is model


def test_admin_file_changes_weights_caps_thresholds_and_half_life(tmp_path):
    path = tmp_path / "model.toml"
    path.write_text("[bands]\nhot = 90\nwarm = 50\n\n[decay]\nhalf_life_days = 7\n\n"
                    "[engagement.meeting_booked]\npoints = 40\ncap = 40\n\n"
                    "[caps]\nengagement = 70\n", "utf-8")
    model = load_model(path)
    assert (model.hot, model.warm, model.half_life_days) == (90, 50, 7.0)
    assert model.engagement["meeting_booked"].points == 40
    assert model.engagement["page_view"].points == 2  # untouched values keep the default
    result = score(Profile(company="X"), {}, [Event("meeting_booked", NOW)], NOW, model)
    assert {r.rule: r.points for r in result.reasons}["engagement.meeting_booked"] == 40


@pytest.mark.parametrize(("text", "line", "fix"), [
    ("[bands]\nhot = 81\nwarm = \"viel\"\n", 3, "whole number"),
    ("[bands]\nhot = 50\nwarm = 60\n", 3, "lower warm or raise hot"),
    ("\n[decay]\nhalf_life_days = 0\n", 3, "0.01 or more"),
    ("[engagement.page_veiw]\npoints = 2\ncap = 10\n", 1, "page_view"),
    ("[engagement.page_view]\npoints = 2\nkap = 10\n", 3, "use one of: cap, per, points"),
    ("[negatives.sales_call_no_close]\npoints = 20\n", 2, "points = -20"),
    ("[form_quality]\nrequired = [\"company\", \"phone\"]\n", 2, 'remove "phone"'),
    ("[stages]\nmql = 70\nsql = 60\n", 3, "raise sql or lower mql"),
    ("[bands\nhot = 81\n", 1, "name = value"),
    ("# comment\n\n[[fit.role.tiers]]\nname = \"boss\"\npoints = 30.5\nkeywords = [\"boss\"]\n",
     5, "whole number"),
])
def test_invalid_file_names_line_and_fix(text, line, fix):
    with pytest.raises(ModelError) as info:
        parse_model(text, "model.toml")
    message = str(info.value)
    assert f"model.toml, line {line}:" in message
    assert "Fix:" in message and fix in message


def test_unreadable_file_is_a_model_error(tmp_path):
    with pytest.raises(ModelError, match="cannot read"):
        load_model(tmp_path / "missing.toml")
