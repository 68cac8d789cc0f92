"""The IATI 2.03 export as the IATI Validator and an aid-data viewer read it: valid
against the official XSD, no error under the Validator's rules, no date after the file's
own time, organisations and money that say whose they are."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import FileResponse
from django.urls import reverse
from django.utils import translation
from lxml import etree

from nomenclature.models import Theme
from opendata.iati import aid_partnerships
from opendata.iati_rules import activity_schema, validate
from opendata.writers import data_time
from partnerships.models import FundingLine, Project
from territories.models import DiplomaticPost, FrenchAuthority
from tests.factories import ForeignAuthorityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def iati_schema():
    return activity_schema()


def iati_file(client, iati_schema, **params) -> etree._Element:
    """The file these parameters export, which the XSD and the IATI Validator's rules
    accept without an error."""
    response = client.get(reverse("api:opendata:projects_iati"), params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    document = etree.fromstring(body)
    assert iati_schema.validate(document), [str(error) for error in iati_schema.error_log]
    report = validate(body, schema=False)  # the schema: just above
    assert report.ok, [(f.id, f.message, f.identifier, f.context) for f in report.errors]
    return document


def activities(client, iati_schema, **params) -> list:
    return iati_file(client, iati_schema, **params).findall("iati-activity")


def dates(activity) -> dict[str, str]:
    return {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}


def orgs(element, path="participating-org") -> set[tuple]:
    return {(o.get("role"), o.get("ref"), o.findtext("narrative")) for o in element.findall(path)}


def seed_activity(client, iati_schema, seed_project):
    """The seed's activity, the official authorities and themes loaded first (the import
    finds Grand Poitiers among them, with its SIREN, and its theme with its DAC code and
    English label)."""
    seed_project.publication_state = "published"
    seed_project.save()
    call_command("rebuild_search_index", stdout=None)
    (activity,) = activities(client, iati_schema)
    return activity


def test_the_seed_sheet_as_an_iati_activity(client, iati_schema, demo_ready, seed_project):
    activity = seed_activity(client, iati_schema, seed_project)
    assert activity.findtext("iati-identifier") == f"ATLAS-{seed_project.pk}"
    assert activity.findtext("title/narrative").startswith("Coopération décentralisée")
    assert activity.find("activity-status").get("code") == "4"  # completed: closed
    assert dates(activity) == {"2": "2013-01-01", "4": "2015-01-31"}  # actual start, end
    assert [c.get("code") for c in activity.findall("recipient-country")] == ["AR"]
    grand_poitiers = ("FR-RCS-200069854", "CU du Grand Poitiers")  # its SIREN, its name
    assert orgs(activity) == {
        ("1", "FR-6", "Ministère de l'Europe et des Affaires étrangères"),
        ("1", *grand_poitiers),  # the funder "Grand Poitiers" is the French partner
        ("2", *grand_poitiers),
        ("1", None, "Santa Fe"),  # the funder "Ville de Santa Fe" is the foreign partner
        ("4", None, "Santa Fe"),
    }
    own = activity.find("sector[@vocabulary='99']")
    assert [(n.get("{http://www.w3.org/XML/1998/namespace}lang"), n.text) for n in own] == [
        (None, "Pôles de compétitivité, clusters, filières"),  # the activity's language: fr
        ("en", "Competitiveness clusters, clusters, industries"),
    ]


def test_the_seed_money_says_whose_it_is_and_covers_the_whole_partnership(
    client, iati_schema, demo_ready, seed_project
):
    """42,060 € decided in 2013 for a partnership of 2013 to January 2015: budgets for
    each of its years, indicative since spread; each funder's part is its own incoming
    commitment, never the reporting ministry's money."""
    activity = seed_activity(client, iati_schema, seed_project)
    budgets = [
        (
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            Decimal(b.findtext("value")),
            b.get("status"),
        )
        for b in activity.findall("budget")
    ]
    assert [budget[:2] for budget in budgets] == [
        ("2013-01-01", "2013-12-31"),
        ("2014-01-01", "2014-12-31"),
        ("2015-01-01", "2015-01-31"),
    ]
    assert sum(budget[2] for budget in budgets) == 42060
    assert budgets[0][2] == budgets[1][2] > 11 * budgets[2][2]  # 365, 365 and 31 days
    assert {budget[3] for budget in budgets} == {"1"}  # indicative
    commitments = {
        (
            t.find("provider-org").get("ref"),
            t.findtext("provider-org/narrative"),
            t.findtext("value"),
        )
        for t in activity.findall("transaction")
    }
    assert commitments == {
        ("FR-6", "Ministère de l'Europe et des Affaires étrangères", "10515"),
        ("FR-RCS-200069854", "CU du Grand Poitiers", "10515"),
        (None, "Santa Fe", "21030"),
    }
    assert {t.find("transaction-type").get("code") for t in activity.findall("transaction")} == {
        "11"  # incoming commitment
    }


def test_the_reporting_organisation_comes_from_settings(
    client, iati_schema, demo_ready, seed_project, settings
):
    """Until the ministry has its own identifier on the IATI Registry the file says it is
    not for the Registry; once set, activities are named after it. Either way the
    ministry is a secondary reporter: it publishes what others fund and do."""
    activity = seed_activity(client, iati_schema, seed_project)
    reporting = activity.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("secondary-reporter")) == ("", "1")
    response = client.get(reverse("api:opendata:projects_iati"))
    assert b"Not for the IATI Registry" in b"".join(response.streaming_content)[:400]

    settings.ATLAS_IATI_REPORTING_ORG = {**settings.ATLAS_IATI_REPORTING_ORG, "ref": "XM-DAC-4-6"}
    document = iati_file(client, iati_schema)
    (activity,) = document.findall("iati-activity")
    assert activity.findtext("iati-identifier") == f"XM-DAC-4-6-ATLAS-{seed_project.pk}"
    assert activity.find("reporting-org").get("ref") == "XM-DAC-4-6"
    assert activity.find("reporting-org").get("secondary-reporter") == "1"
    assert not any(
        isinstance(node, etree._Comment) for node in document.itersiblings(preceding=True)
    )


def test_no_date_after_the_file_was_made(client, iati_schema, demo_ready):
    """Sheets saved before the rules said so: "completed" with an end still to come, a
    start year still to come, a sheet saved after the last publication. The file says
    them as they stand when it was made."""
    poitiers = FrenchAuthority.objects.get(insee_code="86194", kind="commune")
    partner = ForeignAuthorityFactory(country_id="SN")
    later = ProjectFactory(french=[poitiers], foreign=[partner], start_year=2016)
    future = ProjectFactory(french=[poitiers], foreign=[partner], start_year=2016)
    unstarted = ProjectFactory(french=[poitiers], foreign=[partner], start_year=2100)
    made = data_time()
    Project.objects.filter(pk=later.pk).update(
        status="completed", end_date=made.date() + datetime.timedelta(days=30)
    )
    Project.objects.filter(pk=future.pk).update(updated_at=made + datetime.timedelta(days=2))
    found = {a.findtext("iati-identifier"): a for a in activities(client, iati_schema)}
    ended_later = found[f"ATLAS-{later.pk}"]
    assert ended_later.find("activity-status").get("code") == "2"  # ongoing
    assert dates(ended_later) == {
        "2": "2016-01-01",
        "3": (made.date() + datetime.timedelta(days=30)).isoformat(),  # a planned end
    }
    assert dates(found[f"ATLAS-{unstarted.pk}"]) == {"1": "2100-01-01"}  # a planned start
    generated = datetime.datetime.fromisoformat(
        iati_file(client, iati_schema).get("generated-datetime")
    )
    updated = datetime.datetime.fromisoformat(
        found[f"ATLAS-{future.pk}"].get("last-updated-datetime")
    )
    assert updated == generated == made


def test_partnerships_that_are_not_aid_are_left_out_unless_asked_for(client, iati_schema, atlas):
    """Lyon – Leipzig is not development aid: Germany is not on the DAC list of ODA
    recipients. Asked for, it comes marked as other flows, with a note saying why."""
    titles = [a.findtext("title/narrative") for a in activities(client, iati_schema)]
    assert len(titles) == 3 and "Jumelage Lyon – Leipzig" not in titles
    every = activities(client, iati_schema, countries="all")
    assert len(every) == 4
    (leipzig,) = [a for a in every if a.findtext("title/narrative") == "Jumelage Lyon – Leipzig"]
    assert leipzig.find("default-flow-type").get("code") == "50"
    note = leipzig.find("description[@type='4']")
    assert "liste des bénéficiaires d'aide publique au développement" in note.findtext("narrative")
    aid = [a for a in every if a is not leipzig]
    assert all(a.find("default-flow-type") is None for a in aid)


@pytest.mark.parametrize("value", ["ODA", "tous", "", "all\x00", "1" * 10_000, "٣"])
def test_a_wrong_countries_parameter_is_a_clear_error(client, atlas, value):
    response = client.get(reverse("api:opendata:projects_iati"), {"countries": value})
    assert response.status_code == 400
    assert "countries" in response.json()["errors"]


def test_humanitarian_themes_flag_the_activity(client, iati_schema, demo_ready):
    partner = ForeignAuthorityFactory(country_id="HT")
    relief = Theme.objects.filter(dac_code__startswith="7").first()
    water = Theme.objects.filter(dac_code="14031").first()
    emergency = ProjectFactory(foreign=[partner], main_theme=relief, start_year=2010)
    wells = ProjectFactory(foreign=[partner], main_theme=water, start_year=2010)
    found = {a.findtext("iati-identifier"): a for a in activities(client, iati_schema)}
    assert found[f"ATLAS-{emergency.pk}"].get("humanitarian") == "1"
    assert found[f"ATLAS-{wells.pk}"].get("humanitarian") is None


def test_locations_say_how_exact_they_are(client, iati_schema, demo_ready):
    """A partner's position is its town's centre, not the place of the works."""
    town = ForeignAuthorityFactory(
        name="Thiès", country_id="SN", latitude=14.79, longitude=-16.93, geonames_id=2244991
    )
    region = ForeignAuthorityFactory(
        name="Région de Kolda", country_id="SN", latitude=12.9, longitude=-14.9, kind="Région"
    )
    ProjectFactory(foreign=[town, region], start_year=2010)
    (activity,) = activities(client, iati_schema)
    located = {
        location.findtext("name/narrative"): (
            location.find("location-reach").get("code"),
            location.find("exactness").get("code"),
            location.findtext("point/pos"),
            getattr(location.find("location-class"), "attrib", {}).get("code"),
        )
        for location in activity.findall("location")
    }
    assert located == {
        "Thiès": ("1", "2", "14.79 -16.93", "2"),  # where it happens; approximate; a town
        "Région de Kolda": ("1", "2", "12.9 -14.9", "1"),  # an administrative region
    }
    thies = activity.find("location[location-id]")
    assert thies.find("location-id").attrib == {"vocabulary": "G1", "code": "2244991"}
    assert thies.find("feature-designation").get("code") == "PPL"  # a populated place


def test_the_vocabulary_address_is_left_out_when_only_this_machine_reaches_it(
    client, iati_schema, demo_ready, seed_project
):
    activity = seed_activity(client, iati_schema, seed_project)
    own = activity.find("sector[@vocabulary='99']")
    assert own.get("vocabulary-uri") == "http://testserver/api/v1/themes/"
    local = client.get(reverse("api:opendata:projects_iati"), HTTP_HOST="127.0.0.1:8000")
    document = etree.fromstring(b"".join(local.streaming_content))
    assert iati_schema.validate(document)
    assert document.find("iati-activity/sector[@vocabulary='99']").get("vocabulary-uri") is None


def test_every_activity_of_the_small_atlas_is_valid(client, iati_schema, atlas):
    found = activities(client, iati_schema, countries="all")
    assert len(found) == 4  # published only
    (water,) = activities(client, iati_schema, q="Ouagadougou")
    sectors = {(s.get("vocabulary"), s.get("code")) for s in water.findall("sector")}
    assert ("1", "14031") in sectors  # the theme's DAC code
    assert ("99", "acces-eau-potable") in sectors
    assert water.find("budget/value").text == "20000"
    assert water.find("budget").get("status") == "2"  # decided and spent in 2016: committed
    funder = water.find("participating-org[@role='1']")
    assert funder.get("ref") is None and funder.get("type") == "15"  # a water agency


def test_the_whole_file_with_every_country_is_written_ahead_too(client, atlas, tmp_path, settings):
    settings.ATLAS_OPEN_DATA_DIR = tmp_path
    call_command("write_open_data", "--base-url", "http://testserver", stdout=None)
    assert (tmp_path / "projects.all-countries.iati.xml").exists()
    response = client.get(reverse("api:opendata:projects_iati"), {"countries": "all"})
    assert isinstance(response, FileResponse)  # from disk
    assert b"".join(response.streaming_content).count(b"<iati-activity ") == 4
    assert response["Content-Disposition"].endswith('filename="projects.iati.xml"')


def test_a_demo_portfolio_passes_the_iati_validators_rules(client, iati_schema, demo_ready):
    """The whole file, every country, and a search's file: no error under the Validator's
    rules (``iati_file``); the only warnings say the reporter has no identifier yet."""
    call_command("generate_demo", "--projects", "300", "--seed", "3", stdout=None)
    published = Project.objects.published().count()
    assert len(activities(client, iati_schema, countries="all")) == published > 250
    aid = activities(client, iati_schema)
    assert 0 < len(aid) < published
    searched = activities(client, iati_schema, zone="afrique-subsaharienne", status="ongoing")
    assert 0 < len(searched) < len(aid)
    body = b"".join(
        client.get(reverse("api:opendata:projects_iati"), {"countries": "all"}).streaming_content
    )
    warned = {finding.id for finding in validate(body).warnings}
    assert warned == {"1.1.21", "1.14.8"}  # ATLAS_IATI_ORG_REF is not set
    assert FundingLine.objects.exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fr",
            ["Le fichier IATI", "3 des 4", "ils ne sont pas audités", "pas destiné au Registre"],
        ),
        (
            "en",
            ["The IATI file", "3 of the 4", "they are not audited", "not meant for the Registry"],
        ),
    ],
)
def test_the_data_page_says_what_the_iati_file_holds(client, iati_schema, atlas, language, words):
    """How many partnerships the file holds (the three of the four published ones with
    aid countries, as many as the file has), how the Atlas maps to IATI, that amounts
    are declared, and that the file is not for the Registry yet."""
    assert len(activities(client, iati_schema)) == 3
    with translation.override(language):
        page = client.get(reverse("opendata_pages:data"))
    section = page.content.decode()
    section = section[section.index('id="iati"') :]
    for word in words:
        assert word in section
    assert "FR-RCS" in section and "SIREN" in section  # the mapping table


def test_a_partnership_without_a_known_country_is_not_counted_as_aid(
    client, iati_schema, demo_ready
):
    poitiers = FrenchAuthority.objects.get(insee_code="86194", kind="commune")
    unplaced = ProjectFactory(french=[poitiers], start_year=2019)  # no foreign partner
    ProjectFactory(start_year=2019)  # nobody: IATI asks for one organisation at least
    response = client.get(reverse("api:opendata:projects_iati"))
    empty = etree.fromstring(b"".join(response.streaming_content))
    assert empty.tag == "iati-activities" and len(empty) == 0  # nothing to publish
    (activity,) = activities(client, iati_schema, countries="all")
    assert activity.findtext("iati-identifier") == f"ATLAS-{unplaced.pk}"
    assert activity.find("recipient-country") is None
    assert activity.find("default-flow-type").get("code") == "50"
    assert "pays n'est pas connu" in activity.findtext("description[@type='4']/narrative")


def test_the_data_page_counts_what_the_file_holds(client, iati_schema, demo_ready):
    """Embassy-only sheets count as the writer counts them: with an aid country and a
    named organisation they are in the file; with nobody to name, they are not."""
    poitiers = FrenchAuthority.objects.get(insee_code="86194", kind="commune")
    mali = DiplomaticPost.objects.get(country_id="ML")
    ProjectFactory(french=[poitiers], diplomatic_post=mali, start_year=2019)
    ProjectFactory(diplomatic_post=mali, start_year=2019)
    ProjectFactory(foreign=[ForeignAuthorityFactory(country_id="DE")], start_year=2019)
    held = len(activities(client, iati_schema))
    assert held == aid_partnerships().count() == 1
