"""Reference places as `load_reference` loads them."""

from io import StringIO

import pytest
from django.core.management import call_command

from territories.matching import CountryNames
from territories.models import Country, Zone

pytestmark = pytest.mark.django_db


def test_load_reference_loads_every_iso_country_in_one_of_six_zones():
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert Country.objects.count() == 249
    assert Zone.objects.count() == 6
    assert not Country.objects.filter(zone__isnull=True).exists()
    argentina = Country.objects.get(code="AR")
    assert (argentina.name_fr, argentina.name_en, argentina.iso3, argentina.numeric) == (
        "Argentine",
        "Argentina",
        "ARG",
        "032",
    )
    assert Country.objects.get(code="ML").zone.code == "afrique-subsaharienne"
    assert Country.objects.get(code="MA").zone.code == "afrique-nord-moyen-orient"
    assert Country.objects.get(code="TR").zone.code == "europe"


def test_load_reference_twice_changes_nothing():
    call_command("load_reference", stdout=StringIO())
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert " 0 created, 0 updated" in out.getvalue()
    assert all(" 0 created, 0 updated" in line for line in out.getvalue().splitlines())


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Argentine", "AR"),
        ("Viêt Nam", "VN"),
        ("Vietnam", "VN"),
        ("Burkina Faso", "BF"),
        ("République démocratique du Congo", "CD"),
        ("RDC", "CD"),
        ("Congo", "CG"),
        ("Côte d'Ivoire", "CI"),
        ("COTE D’IVOIRE", "CI"),
        ("Corée, République de", "KR"),
        ("Etats-Unis", "US"),
        ("Royaume-Uni", "GB"),
        ("Germany", "DE"),
        ("Comores", "KM"),
    ],
)
def test_atlas_spellings_name_their_country(reference_data, spelling, code):
    assert CountryNames.from_database().code_for(spelling) == code


@pytest.mark.parametrize(
    ("post", "code"),
    [
        ("Ambassade de France au Mali", "ML"),
        ("Ambassade de France en Argentine", "AR"),
        ("Ambassade de France aux Comores", "KM"),
        ("Ambassade de France à Buenos Aires", "AR"),
        ("Ambassade de France en République démocratique du Congo", "CD"),
    ],
)
def test_an_embassy_name_tells_its_country(reference_data, post, code):
    assert CountryNames.from_database().find_in_post_name(post) == code
