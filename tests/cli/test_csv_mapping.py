"""The CSV mapping layer: columns → profile, events and outcome; clear errors."""

import textwrap

import pytest

from bot.cli.csv_mapping import MappingError, parse_mapping, read_events, read_leads

MAPPING = textwrap.dedent("""
    [csv]
    id = "Id"
    missing = ["", "Select"]
    as_of = "2026-01-01T00:00:00+00:00"

    [outcome]
    column = "Converted"
    won = ["1"]
    lost = ["0"]

    [profile]
    source = "Source"
    job_title = "Occupation"

    [values.source]
    "Reference" = "Referral"

    [[events]]
    type = "form_submitted"
    always = true
    fields = ["job_title"]

    [[events]]
    type = "page_view"
    column = "Visits"
    count = true

    [[events]]
    type = "time_on_site"
    column = "Seconds"
    prop = "seconds"

    [[events]]
    type = "email_opt_out"
    column = "Do Not Email"
    when = ["Yes"]

    [events_csv]
    lead = "lead"
    type = "what"
    at = "when"
    [events_csv.types]
    "Meeting" = "meeting_booked"
""")

CSV = textwrap.dedent("""\
    Id,Source,Occupation,Visits,Seconds,Do Not Email,Converted
    a,Reference,Working Professional,3,120,No,1
    b,Google,Select,0,,Yes,0
    c,,Student,2.0,30,No,
""")


@pytest.fixture
def leads(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(CSV, "utf-8")
    return {lead.key: lead for lead in read_leads(path, parse_mapping(MAPPING))}


def test_rows_become_profile_events_and_outcome(leads):
    a = leads["a"]
    assert a.profile.source == "Referral" and a.profile.job_title == "Working Professional"
    assert [e.type for e in a.events].count("page_view") == 3
    assert next(e for e in a.events if e.type == "time_on_site").props["seconds"] == 120
    assert a.outcome == "won"
    assert leads["c"].outcome is None


def test_missing_values_and_flags(leads):
    b = leads["b"]
    assert b.profile.job_title is None  # "Select" means the lead left it empty
    assert "email_opt_out" in [e.type for e in b.events]
    form = next(e for e in b.events if e.type == "form_submitted")
    assert form.props["fields"] == ["job_title"]


def test_unknown_column_names_the_columns(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(CSV, "utf-8")
    mapping = parse_mapping(MAPPING.replace('"Visits"', '"TotalVisits"'))
    with pytest.raises(MappingError, match="'TotalVisits' is not in the CSV. Fix: use one of"):
        list(read_leads(path, mapping))


def test_unknown_event_type_is_refused():
    with pytest.raises(MappingError, match="not an event type"):
        parse_mapping(MAPPING.replace('type = "page_view"', 'type = "visit"'))


def test_events_csv_is_grouped_by_lead(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("lead,what,when\na,Meeting,2025-12-30T10:00:00+00:00\n", "utf-8")
    grouped = read_events(path, parse_mapping(MAPPING))
    assert [e.type for e in grouped["a"]] == ["meeting_booked"]
    path.write_text("lead,what,when\na,Teleport,2025-12-30T10:00:00+00:00\n", "utf-8")
    with pytest.raises(MappingError, match="line 2: unknown event type 'Teleport'"):
        read_events(path, parse_mapping(MAPPING))
