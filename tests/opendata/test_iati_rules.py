"""The IATI Validator's checks in Python (opendata.iati_rules): each kind of rule fails
what the Validator fails and passes what it passes, quirks included, on small activity
files written here; and the command that checks the site's own file."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from opendata import iati_rules
from opendata.dumps import Dump
from opendata.iati_rules import js_date, validate
from opendata.iati_rules.ruleset import failures
from opendata.management.commands import validate_iati

NOW = datetime(2024, 6, 1, tzinfo=UTC)
REPORTER = "FR-RCS-213600000"  # a SIREN: a prefix of org-id's confirmed lists

# One valid activity, part by part in the schema's order; a test replaces some parts.
PARTS = {
    "reporting_org": f'<reporting-org ref="{REPORTER}" type="10"><narrative>Ministère'
    "</narrative></reporting-org>",
    "title": "<title><narrative>Accès à l'eau potable</narrative></title>",
    "description": '<description type="1"><narrative>Un puits par village.</narrative>'
    "</description>",
    "participating_org": '<participating-org role="1" type="11" ref="FR-RCS-200000000">'
    '<narrative>Poitiers</narrative></participating-org><participating-org role="4" '
    'type="11"><narrative>Ouagadougou</narrative></participating-org>',
    "activity_status": '<activity-status code="2"/>',
    "activity_date": '<activity-date type="2" iso-date="2023-01-01"/>',
    "recipient_country": '<recipient-country code="BF"/>',
    "location": "",
    "sector": '<sector vocabulary="1" code="14031" percentage="100"/>'
    '<sector vocabulary="99" code="eau" percentage="100"><narrative>Eau</narrative></sector>',
    "policy_marker": "",
    "default_aid_type": "",
    "budget": '<budget type="1" status="2"><period-start iso-date="2023-01-01"/>'
    '<period-end iso-date="2023-12-31"/><value value-date="2023-01-01">20000</value></budget>',
    "transaction": '<transaction><transaction-type code="11"/><transaction-date '
    'iso-date="2023-01-01"/><value value-date="2023-01-01">20000</value><provider-org '
    'ref="FR-RCS-200000000"><narrative>Poitiers</narrative></provider-org></transaction>',
    "result": "",
    "crs_add": "",
}


def activity(
    number: int = 1,
    identifier: str | None = None,
    attributes: str = 'xml:lang="fr" default-currency="EUR"',
    updated: str = "2024-01-01T00:00:00Z",
    **parts: str,
) -> str:
    assert set(parts) <= set(PARTS), set(parts) - set(PARTS)
    identifier = f"{REPORTER}-ATLAS-{number}" if identifier is None else identifier
    return (
        f'<iati-activity last-updated-datetime="{updated}" {attributes}>'
        f"<iati-identifier>{identifier}</iati-identifier>"
        + "".join({**PARTS, **parts}.values())
        + "</iati-activity>"
    )


def document(*activities: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<iati-activities version="2.03" generated-datetime="2024-06-01T00:00:00Z">\n'
        + "\n".join(activities or [activity()])
        + "\n</iati-activities>\n"
    )


def check(*activities: str, now: datetime = NOW) -> iati_rules.Report:
    return validate(document(*activities), now=now)


def ids(report: iati_rules.Report) -> set[str]:
    return {finding.id for finding in report.findings}


def test_a_valid_activity_has_no_finding():
    report = check(activity())
    assert report.activities == 1
    assert report.findings == []
    assert report and report.ok


# -- what the site's IATI file must not do ---------------------------------------------------


def test_a_sector_of_vocabulary_99_needs_a_narrative():
    bare = '<sector vocabulary="1" code="14031"/><sector vocabulary="99" code="eau"/>'
    report = check(activity(sector=bare))
    assert ids(report) == {"2.2.1"}
    (finding,) = report.errors
    assert finding.identifier == f"{REPORTER}-ATLAS-1"
    assert finding.severity == "error"
    assert 'code="eau"' in finding.context
    named = '<sector vocabulary="1" code="14031"/><sector vocabulary="99" code="eau">'
    assert check(activity(sector=named + "<narrative>Eau</narrative></sector>")).findings == []


def test_a_last_update_after_now_is_an_error():
    assert ids(check(activity(updated="2024-06-01T00:00:01Z"))) == {"11.1.1"}
    assert check(activity(updated="2024-06-01T00:00:00Z")).findings == []  # now itself
    # An offset counts: 02:00 in Paris is midnight UTC.
    assert check(activity(updated="2024-06-01T02:00:00+02:00")).findings == []


def test_an_actual_end_in_the_future_is_an_error():
    dates = '<activity-date type="2" iso-date="2023-01-01"/><activity-date type="4" '
    report = check(activity(activity_date=dates + 'iso-date="2024-06-02"/>'))
    assert ids(report) == {"11.1.5"}
    assert "2024-06-02" in report.errors[0].context
    assert check(activity(activity_date=dates + 'iso-date="2024-06-01"/>')).findings == []
    # The same date planned (type 3) is not an error.
    planned = dates.replace('type="4"', 'type="3"') + 'iso-date="2030-01-01"/>'
    assert check(activity(activity_date=planned)).findings == []


def test_a_transaction_dated_in_the_future_is_an_error():
    future = PARTS["transaction"].replace('transaction-date iso-date="2023-01-01"', "X")
    future = future.replace("X", 'transaction-date iso-date="2024-07-01"')
    assert ids(check(activity(transaction=future))) == {"11.2.1"}


def test_a_budget_longer_than_a_year_is_an_error():
    def budget(start, end):
        return (
            f'<budget type="1" status="2"><period-start iso-date="{start}"/><period-end '
            f'iso-date="{end}"/><value value-date="{start}">100</value></budget>'
        )

    # 366 days (2024 is a leap year) is more than a year; 365 days is not.
    assert ids(check(activity(budget=budget("2024-01-01", "2025-01-01")))) == {"7.5.3"}
    assert check(activity(budget=budget("2023-01-01", "2024-01-01"))).findings == []
    assert ids(check(activity(budget=budget("2023-02-01", "2023-01-01")))) == {"8.6.3"}


def test_sector_percentages_of_a_vocabulary_must_sum_to_100():
    dac = '<sector vocabulary="1" code="14031" percentage="{}"/>'
    dac += '<sector vocabulary="1" code="14030" percentage="{}"/>'
    report = check(activity(sector=dac.format(60, 30)))
    assert ids(report) == {"2.1.2"}
    assert "The sum is 90 for sector in vocabulary 1" in report.errors[0].context
    # Sums are decimal: 33.33 + 33.33 + 33.34 is 100.
    three = (
        dac.format("33.33", "33.33") + '<sector vocabulary="1" code="14032" percentage="33.34"/>'
    )
    assert check(activity(sector=three)).findings == []
    # Rounded to 4 decimals as toFixed(4) does: 100.00004 is 100, 100.00006 is not.
    assert check(activity(sector=dac.format("50.00002", "50.00002"))).findings == []
    assert ids(check(activity(sector=dac.format("50.00003", "50.00003")))) == {"2.1.2"}
    # For other vocabularies the ruleset loops over each, but substitutes the vocabulary
    # in the case's paths only ("subs"): its condition keeps a literal "$1", never holds,
    # and the Validator never checks their sum.
    own = '<sector vocabulary="99" code="a" percentage="{}"><narrative>A</narrative></sector>'
    own += '<sector vocabulary="99" code="b" percentage="{}"><narrative>B</narrative></sector>'
    assert check(activity(sector=dac.format(50, 50) + own.format(70, 20))).findings == []


def test_recipient_countries_need_percentages_summing_to_100():
    two = '<recipient-country code="BF" percentage="{}"/><recipient-country code="ML" {}/>'
    assert ids(check(activity(recipient_country=two.format(50, 'percentage="40"')))) == {"3.1.2"}
    assert check(activity(recipient_country=two.format(50, 'percentage="50"'))).findings == []
    # Each of several countries needs a percentage (and the sum misses the other).
    assert ids(check(activity(recipient_country=two.format(100, "")))) == {"3.1.1"}


def test_an_activity_needs_a_start_date():
    planned_end = '<activity-date type="3" iso-date="2025-01-01"/>'
    report = check(activity(activity_date=planned_end))
    assert ids(report) == {"6.11.1"}
    assert report.errors[0].context == "For <iati-activity> at line 3"
    planned_start = '<activity-date type="1" iso-date="2025-01-01"/>'
    assert check(activity(activity_date=planned_start)).findings == []


def test_an_identifier_used_twice_is_one_file_level_error():
    report = check(activity(1), activity(2), activity(1), activity(2), activity(1))
    duplicates = [f for f in report.findings if f.id == "1.1.2"]
    assert len(duplicates) == 1  # as the Validator reports it, however many repeat
    assert duplicates[0].identifier == "file"
    assert f"'{REPORTER}-ATLAS-1', '{REPORTER}-ATLAS-2'" in duplicates[0].context
    assert check(activity(1), activity(2)).findings == []


def test_activities_are_named_as_the_validator_names_them():
    """A repeated identifier gets its rank, a missing one is "noIdentifier"."""
    late = activity(1, updated="2030-01-01T00:00:00Z")
    report = check(activity(1), late, activity(identifier=""))
    named = {(finding.id, finding.identifier) for finding in report.findings}
    assert ("11.1.1", f"{REPORTER}-ATLAS-1(2)") in named
    # An empty identifier does not start with the reporter's, but passes the check of
    # its characters: the Validator passes an empty text there.
    assert {rule for rule, name in named if name == "noIdentifier"} == {"1.1.21"}


# -- codelists -------------------------------------------------------------------------------


def test_codes_not_on_their_codelist_are_errors():
    report = check(
        activity(
            activity_status='<activity-status code="9"/>',
            sector='<sector vocabulary="1" code="99999"/>',
            location='<location><exactness code="7"/></location>',
        )
    )
    assert ids(report) == {"9.5.1", "9.76.1", "9.38.1"}
    sector = next(f for f in report.findings if f.id == "9.76.1")
    assert sector.message == "The OECD DAC sector is invalid."
    assert '"99999"' in sector.context and "linked @vocabulary = 1" in sector.context


def test_a_code_is_checked_against_the_codelist_of_its_vocabulary():
    # Vocabulary 99 is the reporter's own: the Validator has no list for it.
    own = '<sector vocabulary="1" code="14031"/><sector vocabulary="99" code="nimporte-quoi">'
    assert check(activity(sector=own + "<narrative>X</narrative></sector>")).findings == []
    # Without a vocabulary, a sector is read as DAC (vocabulary 1).
    assert ids(check(activity(sector='<sector code="nimporte-quoi"/>'))) == {"9.76.1"}
    # A DAC 3-digit category is vocabulary 2's code, not vocabulary 1's.
    assert check(activity(sector='<sector vocabulary="1" code="140"/>')).errors
    assert not check(activity(sector='<sector vocabulary="2" code="140"/>')).errors


def test_a_code_given_as_text_is_checked_and_any_language_passes():
    crs = "<crs-add><channel-code>{}</channel-code></crs-add>"
    assert ids(check(activity(crs_add=crs.format("99999")))) == {"9.16.1"}
    assert check(activity(crs_add=crs.format("21000"))).findings == []
    # With an attribute the element is an object to the Validator's XML reader, not a code.
    with_attribute = activity(crs_add=crs.format("21000").replace("code>", 'code x="1">', 1))
    assert ids(validate(document(with_attribute), now=NOW, schema=False)) == {"9.16.1"}
    # The Validator's language rule (9.95.1) is written for the path "/", which its walk
    # through the file never reaches: an unknown language passes there, so here too.
    assert check(activity(attributes='xml:lang="zz" default-currency="EUR"')).findings == []


# -- the schema and the XML ------------------------------------------------------------------


def test_an_element_the_schema_does_not_allow_is_critical():
    report = check(activity(2), activity(1, title="<titre/>"))
    (finding,) = [f for f in report.findings if f.id == "0.3.1"]
    assert finding.severity == "critical"
    assert finding.category == "schema"
    assert "titre" in finding.message
    assert finding.identifier == f"{REPORTER}-ATLAS-1"
    assert finding.context == "at line 4"
    assert not report
    assert "0.3.1" not in ids(validate(document(activity(title="<titre/>")), now=NOW, schema=False))


def test_a_file_that_is_not_xml_is_critical():
    report = validate(b"<iati-activities><iati-activity></iati-activities>")
    assert [(f.id, f.severity) for f in report.findings] == [("0.1.1", "critical")]
    assert not report.ok


# -- the Validator's own reading of the ruleset ----------------------------------------------


def test_a_selected_node_set_counts_as_true_even_when_empty():
    """Rule 3.7.1 asks, when the activity has no recipient country, for transactions
    with one: its ``then`` selects nodes, which the Validator's xpath library returns as
    an array, true in JavaScript even when empty. So it never fails."""
    report = check(activity(recipient_country="", transaction=""))
    assert report.findings == []
    # An ``if`` that selects nodes always holds: a baseline without @value fails 8.8.1
    # and also the check of that (absent) value as a number, 8.8.2.
    result = (
        '<result type="1"><title><narrative>R</narrative></title><indicator measure="1">'
        '<title><narrative>I</narrative></title><baseline year="2020"{}/></indicator></result>'
    )
    assert ids(check(activity(result=result.format("")))) == {"8.8.1", "8.8.2"}
    assert check(activity(result=result.format(' value="10"'))).findings == []


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        # unique: the activity's identifier is not the reporter's
        ({"identifier": REPORTER}, {"1.1.3", "1.1.21"}),
        # startswith, with prefixes the activity gives
        ({"identifier": "FR-RCS-999-1"}, {"1.1.21"}),
        # startswith, with org-id's prefixes: up to the second hyphen
        (
            {
                "identifier": "FR-6-ATLAS-1",
                "reporting_org": '<reporting-org ref="FR-6" type="10"><narrative>M</narrative>'
                "</reporting-org>",
            },
            {"1.14.8"},
        ),
        # regex_matches
        ({"identifier": f"{REPORTER}-ATLAS/1"}, {"1.3.13"}),
        # no_spaces
        ({"identifier": f"{REPORTER}-ATLAS-1 "}, {"1.3.1"}),
        # one_or_all: a language for every narrative, or for the activity
        ({"attributes": 'default-currency="EUR"'}, {"4.1.1"}),
        # one_or_all: a currency for every value, or for the activity
        ({"attributes": 'xml:lang="fr"'}, {"7.8.1"}),
        # date_order
        (
            {
                "activity_date": '<activity-date type="2" iso-date="2023-01-01"/>'
                '<activity-date type="4" iso-date="2022-01-01"/>'
            },
            {"11.1.3"},
        ),
        # range, and if_then on a single country's percentage
        (
            {"recipient_country": '<recipient-country code="BF" percentage="150"/>'},
            {"12.1.1", "3.1.4"},
        ),
        # if_then: sectors at activity level or for all transactions, not both
        (
            {
                "transaction": PARTS["transaction"].replace(
                    "</transaction>", '<sector vocabulary="1" code="14031"/></transaction>'
                )
            },
            {"6.6.2"},
        ),
        # atleast_one with a condition
        ({"policy_marker": '<policy-marker vocabulary="1" code="1"/>'}, {"6.14.1"}),
        # no_more_than_one
        (
            {"default_aid_type": '<default-aid-type code="A01"/><default-aid-type code="A02"/>'},
            {"107.1.2"},
        ),
    ],
)
def test_each_kind_of_rule_fails_what_the_validator_fails(parts, expected):
    assert ids(check(activity(**parts))) == expected


def test_warnings_do_not_make_a_file_invalid():
    report = check(activity(identifier=f"{REPORTER}-ATLAS-1 "))
    assert [(f.id, f.severity) for f in report.findings] == [("1.3.1", "warning")]
    assert report.ok and report.warnings and not report.errors
    key = ("1.3.1", "warning", report.findings[0].message)
    assert report.counts() == {key: 1}


@pytest.mark.parametrize(
    ("rule", "case", "fails", "passes"),
    [
        ("sum", {"paths": ["@n"], "sum": 10}, '<e n="9"/>', "<e/>"),
        ("only_one_of", {"excluded": ["b"], "paths": ["a"]}, "<e><a/><b/></e>", "<e><a/></e>"),
        ("regex_no_matches", {"paths": ["@n"], "regex": "x"}, '<e n="axb"/>', '<e n=""/>'),
        (
            "between_dates",
            {"date": "@d", "start": "@s", "end": "@e"},
            '<e s="2020-01-01" e="2020-12-31" d="2021-01-01"/>',
            '<e s="2020-01-01" e="2020-12-31" d="2020-12-31"/>',
        ),
    ],
)
def test_rules_the_activity_ruleset_does_not_use_are_read_as_the_validator_reads_them(
    rule, case, fails, passes
):
    case = {**case, "ruleInfo": {"id": "x"}}
    now = iati_rules.js_date("2024-06-01")
    assert list(failures(rule, case, etree.fromstring(fails), now))
    assert not list(failures(rule, case, etree.fromstring(passes), now))


def test_numbers_are_read_as_javascript_reads_them():
    """Number("") is 0, within 0 to 100; Number("abc") is NaN, within nothing. The
    percentage is not 100 either way for the rule on a single country (3.1.4)."""

    def country(percentage):
        element = f'<recipient-country code="BF" percentage="{percentage}"/>'
        return ids(validate(document(activity(recipient_country=element)), now=NOW, schema=False))

    assert country("") == {"3.1.4"}
    assert country("abc") == {"3.1.4", "12.1.1"}


def test_dates_are_read_as_javascript_reads_them():
    assert js_date("2013-01-01") == js_date("2013-01-01T00:00:00Z") == 1356998400000
    assert js_date("2013-01-01T10:00:00") == js_date("2013-01-01T10:00:00Z")  # local is UTC
    assert js_date("2013-01-01T12:00:00+02:00") == js_date("2013-01-01T10:00:00Z")
    assert js_date("2013-02-30") == js_date("2013-03-02")  # V8 runs over into March
    assert js_date("2013-01-01+02:00") is None  # a date with an offset: Invalid Date
    assert js_date("2013-13-01") is None
    assert js_date("01/02/2013") is None  # not read here (V8 would): a rule skips it


def test_an_unreadable_date_skips_its_rule():
    late = '<activity-date type="2" iso-date="2023-01-01"/><activity-date type="4" '
    assert check(activity(activity_date=late + 'iso-date="2030-01-01+02:00"/>')).findings == []


# -- the command -----------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    try:
        call_command("validate_iati", *args, stdout=out)
    except CommandError:
        raise AssertionError(out.getvalue()) from None
    return out.getvalue()


def test_the_command_rejects_a_file_with_an_error_and_names_the_rule(tmp_path):
    path = tmp_path / "projects.iati.xml"
    path.write_text(document(activity(activity_status='<activity-status code="9"/>')), "utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="1 erreur"):
        call_command("validate_iati", str(path), stdout=out)
    assert "9.5.1 erreur × 1 : The activity status code is invalid." in out.getvalue()
    assert f"9.5.1 {REPORTER}-ATLAS-1 : " in out.getvalue()  # where


def test_the_command_passes_a_clean_file_and_counts_its_activities(tmp_path):
    path = tmp_path / "projects.iati.xml"
    path.write_text(document(activity(1), activity(2, updated="2025-01-01T00:00:00Z")), "utf-8")
    out = run(str(path), "--now", "2025-01-01T00:00:00+00:00")
    assert "Activités vérifiées : 2" in out
    assert "Aucune erreur" in out
    with pytest.raises(CommandError):  # a day earlier, the update is in the future
        call_command("validate_iati", str(path), "--now", "2024-12-31", stdout=StringIO())


def test_the_command_reads_the_written_file_by_default(tmp_path, settings, monkeypatch):
    settings.ATLAS_OPEN_DATA_DIR = tmp_path
    (tmp_path / "projects.iati.xml").write_text(document(activity()), "utf-8")
    sizes = {"projects.iati.xml": 1}
    written = Dump(1, 1, settings.ATLAS_SITE_URL, "2024-06-01T00:00:00+00:00", sizes)
    monkeypatch.setattr(validate_iati, "current_dump", lambda base_url: written)
    out = run("--now", "2024-06-01")
    assert f"Fichier vérifié : {tmp_path / 'projects.iati.xml'}" in out
    assert "Activités vérifiées : 1" in out
