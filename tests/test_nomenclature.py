"""The thematic nomenclature and the other reference nomenclatures."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nomenclature import reference
from nomenclature.models import Theme
from tests.conftest import SEED_PAGE, import_pages

pytestmark = pytest.mark.django_db

SECTOR_CODELIST = Path(__file__).parent / "data" / "iati" / "Sector.xml"


def active_dac_codes() -> set[str]:
    root = ET.parse(SECTOR_CODELIST).getroot()
    return {
        item.findtext("code")
        for item in root.iter("codelist-item")
        if item.get("status", "active") == "active"
    }


def test_the_theme_tree_has_three_levels_in_french_and_english():
    reference.load_themes()
    counts = {level: Theme.objects.filter(level=level).count() for level in (1, 2, 3)}
    assert counts[1] >= 12 and counts[2] >= 30 and counts[3] >= 30
    assert not Theme.objects.filter(name_en="").exists()
    seed = Theme.objects.get(name_fr="Pôles de compétitivité, clusters, filières")
    assert seed.path() == [
        "Economie durable",
        "Attractivité des territoires",
        "Pôles de compétitivité, clusters, filières",
    ]
    for label in (
        "Eau et assainissement",
        "Santé",
        "Éducation et jeunesse",
        "Culture et patrimoine",
        "Gouvernance locale et appui institutionnel",
        "Agriculture et sécurité alimentaire",
        "Environnement, climat et énergie",
        "Déchets",
        "Urbanisme et habitat",
        "Enseignement supérieur et recherche",
        "Action humanitaire et urgence",
    ):
        assert Theme.objects.filter(level=1, name_fr=label).exists(), label


def test_every_theme_maps_to_an_active_dac_purpose_code_and_real_sdgs():
    reference.load_themes()
    codes = active_dac_codes()
    for theme in Theme.objects.all():
        assert theme.dac_code in codes, (theme.name_fr, theme.dac_code)
        assert theme.sdg_goals and all(1 <= goal <= 17 for goal in theme.sdg_goals)


def test_loading_twice_changes_nothing():
    first = reference.load_themes()
    second = reference.load_themes()
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)


def test_themes_an_import_created_are_adopted_not_duplicated(reference_data):
    import_pages(SEED_PAGE)
    assert Theme.objects.filter(needs_review=True).count() == 3
    result = reference.load_themes()
    assert result.updated == 3
    assert not Theme.objects.filter(needs_review=True).exists()
    theme = Theme.objects.get(name_fr="Economie durable")
    assert (theme.code, theme.name_en) == ("economie-durable", "Sustainable economy")
    assert Theme.objects.filter(name_fr="Economie durable").count() == 1
