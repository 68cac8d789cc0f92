"""The IATI 2.03 export: valid against the official XSD, and the rules it does not check."""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

pytestmark = pytest.mark.django_db
XSD = Path(__file__).resolve().parents[2] / "opendata" / "data" / "iati" / "schema-2.03"


@pytest.fixture(scope="module")
def iati_schema():
    return etree.XMLSchema(etree.parse(str(XSD / "iati-activities-schema.xsd")))


def activities(client, iati_schema, **params):
    response = client.get(reverse("api:opendata:projects_iati"), params)
    assert response.status_code == 200
    assert response.streaming
    document = etree.fromstring(b"".join(response.streaming_content))
    assert iati_schema.validate(document), [str(error) for error in iati_schema.error_log]
    return document.findall("iati-activity")


def check_rules(activity) -> None:
    """What IATI requires beyond the XSD."""
    assert activity.findall("activity-date[@type='1']") or activity.findall(
        "activity-date[@type='2']"
    ), "a start date"
    sectors = activity.findall("sector")
    assert sectors, "at least one sector"
    shares = defaultdict(Decimal)
    for sector in sectors:
        shares[sector.get("vocabulary")] += Decimal(sector.get("percentage"))
    assert set(shares.values()) == {Decimal(100)}, "sectors of each vocabulary sum to 100"
    countries = [Decimal(c.get("percentage")) for c in activity.findall("recipient-country")]
    assert not countries or sum(countries) == 100, "recipient countries sum to 100"
    for budget in activity.findall("budget"):
        start = budget.find("period-start").get("iso-date")
        end = budget.find("period-end").get("iso-date")
        assert start[:4] == end[:4], "a budget covers one year at most"


def test_the_seed_sheet_as_an_iati_activity(client, iati_schema, seed_project):
    seed_project.publication_state = "published"
    seed_project.save()
    call_command("rebuild_search_index", stdout=None)
    (activity,) = activities(client, iati_schema)
    check_rules(activity)
    assert activity.findtext("iati-identifier").endswith(f"-ATLAS-{seed_project.pk}")
    assert activity.findtext("title/narrative").startswith("Coopération décentralisée")
    assert activity.find("activity-status").get("code") == "4"  # completed: closed
    assert activity.find("activity-date[@type='2']").get("iso-date") == "2013-01-01"
    assert [c.get("code") for c in activity.findall("recipient-country")] == ["AR"]
    roles = {
        (o.get("role"), o.findtext("narrative")) for o in activity.findall("participating-org")
    }
    assert ("2", "Grand Poitiers") in roles  # the French authority, accountable
    assert ("4", "Ville de Santa Fe") in roles or ("4", "Santa Fe") in roles
    assert any(role == "1" for role, _ in roles)  # funders
    budgets = {
        b.find("period-start").get("iso-date")[:4]: b.findtext("value")
        for b in activity.findall("budget")
    }
    assert budgets  # the sheet's funding lines, by year


def test_every_activity_of_the_small_atlas_is_valid(client, iati_schema, atlas):
    found = activities(client, iati_schema)
    assert len(found) == 4  # published only
    for activity in found:
        check_rules(activity)
    (water,) = activities(client, iati_schema, q="Ouagadougou")
    sectors = {(s.get("vocabulary"), s.get("code")) for s in water.findall("sector")}
    assert ("1", "14031") in sectors  # the theme's DAC code
    assert ("99", "acces-eau-potable") in sectors
    assert water.find("budget/value").text == "20000"


def test_a_demo_portfolio_is_valid(client, iati_schema, demo_ready):
    call_command("generate_demo", "--projects", "120", "--seed", "3", stdout=None)
    found = activities(client, iati_schema)
    assert len(found) > 100
    for activity in found:
        check_rules(activity)
