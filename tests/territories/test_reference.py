"""Reference places as `load_reference` loads them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from nomenclature.models import SustainableDevelopmentGoal
from territories.matching import CountryNames
from territories.models import Country, FrenchAuthority, Zone

pytestmark = pytest.mark.django_db


def test_load_reference_loads_countries_and_the_official_geographic_code_once():
    call_command("load_reference", stdout=StringIO())
    out = StringIO()
    call_command("load_reference", stdout=out)
    # Running it again changes nothing.
    results = [line for line in out.getvalue().splitlines() if "created" in line]
    assert len(results) == 12
    assert all(" 0 created, 0 updated" in line for line in results), results

    assert Country.objects.count() == 249
    assert Zone.objects.count() == 6
    # The 17 goals, in both languages, from IATI's codelist.
    water = SustainableDevelopmentGoal.objects.get(code=6)
    assert water.name_fr.startswith("Objectif 6. Garantir l’accès de tous")
    assert water.name_en.startswith("Goal 6. Ensure availability")
    assert SustainableDevelopmentGoal.objects.count() == 17
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

    kinds = dict(FrenchAuthority.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    assert kinds["region"] == 18
    assert (
        FrenchAuthority.objects.filter(
            kind="region", insee_code__in=["01", "02", "03", "04", "06"]
        ).count()
        == 5
    )  # the five overseas régions
    assert kinds["departement"] == 101
    assert kinds["com"] == 8  # overseas collectivities, counted apart
    assert 34_000 < kinds["commune"] < 36_000
    epci = sum(kinds[k] for k in ("cc", "ca", "cu", "metropole"))
    assert 1_200 < epci < 1_300

    poitiers = FrenchAuthority.objects.get(kind="commune", insee_code="86194")
    assert (poitiers.name, poitiers.siren, poitiers.departement.name, poitiers.region.name) == (
        "Poitiers",
        "218601946",
        "Vienne",
        "Nouvelle-Aquitaine",
    )
    assert 46 < poitiers.latitude < 47 and 0 < poitiers.longitude < 1
    grand_poitiers = FrenchAuthority.objects.get(siren="200069854")
    assert (grand_poitiers.kind, grand_poitiers.name) == ("cu", "CU du Grand Poitiers")
    # Coordinates come from a real source or not at all.
    assert FrenchAuthority.objects.filter(kind="commune", latitude__isnull=True).exists()


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


@pytest.mark.parametrize(
    ("written", "kind", "code"),
    [
        ("Grand Poitiers", "cu", "200069854"),
        ("Ville de Montreuil", "commune", "93048"),
        ("Département de la Seine-Saint-Denis", "departement", "93"),
        ("Conseil départemental de la Vienne", "departement", "86"),
        ("Lyon", "commune", "69123"),
        ("Métropole de Lyon", "metropole", "200046977"),
        ("Région Île-de-France", "region", "11"),
    ],
)
def test_authorities_written_as_the_atlas_writes_them_are_found(
    french_authorities, written, kind, code
):
    from catalogue.writer import ProjectWriter

    authority = ProjectWriter().french_authority(written)
    assert (authority.kind, authority.insee_code or authority.siren) == (kind, code)
    assert not authority.needs_review


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("ML", "Ambassade de France au Mali"),
        ("AR", "Ambassade de France en Argentine"),
        ("KM", "Ambassade de France aux Comores"),
        ("MX", "Ambassade de France au Mexique"),
        ("CU", "Ambassade de France à Cuba"),
        ("CD", "Ambassade de France en République démocratique du Congo"),
        ("IR", "Ambassade de France en Iran"),
        ("US", "Ambassade de France aux États-Unis"),
    ],
)
def test_each_sovereign_country_has_its_embassy_named_as_the_ministry_does(
    reference_data, code, name
):
    from territories.embassies import load_embassies
    from territories.models import DiplomaticPost

    result = load_embassies()
    assert result.created == 195  # 193 UN members but France, Holy See, Palestine, Taiwan
    assert DiplomaticPost.objects.get(country_id=code).name == name
    assert not DiplomaticPost.objects.filter(country_id__in=["FR", "RE", "NC"]).exists()
    assert load_embassies().created == 0
