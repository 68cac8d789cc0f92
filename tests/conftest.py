"""Fixtures shared by the whole suite: reference data, legacy pages, imported sheets."""

import json
import os
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import sync_playwright

from catalogue.writer import ProjectWriter
from legacy.importer import LegacyImporter
from nomenclature import reference as nomenclature_reference
from nomenclature.models import Theme
from partnerships.models import Project
from territories import reference as territories_reference
from territories.embassies import load_embassies
from territories.models import Country
from tests.factories import SheetData

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# from that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LEGACY_DATA = Path(__file__).parent / "data" / "legacy"
SEED_PAGE = LEGACY_DATA / "000_10a2ac0fda2b824b.txt"
MULTI_COUNTRY_PAGE = LEGACY_DATA / "multi_country.txt"
NOT_A_PAGE = LEGACY_DATA / "not_a_page.txt"


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: pages kept for a version of the atlas, the
    API's counts per client and the files streaming are the process's, not the test's."""
    from django.core.cache import cache

    from operations.page_cache import clear_local

    cache.clear()
    clear_local()
    yield


@pytest.fixture(autouse=True)
def french_by_default():
    """Every test starts in French: Django's test client leaves the thread in the language
    of the last request it made, which would make URLs depend on test order."""
    translation.activate("fr")
    yield
    translation.deactivate()


def load_reference_data() -> None:
    """Zones, countries, aliases and nomenclatures, as `load_reference` loads them (not
    themes nor French authorities: tests of the importer read a database without them)."""
    if not Country.objects.exists():
        territories_reference.load_zones()
        territories_reference.load_countries()
        territories_reference.load_country_aliases()
        nomenclature_reference.load_partnership_types()
        nomenclature_reference.load_volunteer_schemes()
        nomenclature_reference.load_funder_kinds()
        nomenclature_reference.load_sdg_goals()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data, loaded once for the session: tests only read it, and each
    test's changes are rolled back."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(db):
    """The reference data (again, after a test that emptied the database: those driving a
    browser, which commit)."""
    load_reference_data()


@pytest.fixture
def french_authorities(reference_data):
    """Régions, départements, and the communes and groupings of a few départements
    (Vienne, Seine-Saint-Denis, Rhône): the whole code takes seconds to load."""
    territories_reference.load_french_authorities(departements={"86", "93", "69"})


@pytest.fixture
def seed_expected() -> dict:
    return json.loads((LEGACY_DATA / "000_10a2ac0fda2b824b.expected.json").read_text("utf-8"))


@pytest.fixture
def seed_text() -> str:
    return SEED_PAGE.read_text("utf-8")


@pytest.fixture
def themes(reference_data):
    """A few theme paths, so that space-joined theme rows can be cut into levels."""
    paths = [
        ["Eau et assainissement", "Accès à l'eau potable"],
        ["Santé", "Prévention et hygiène", "Lavage des mains"],
        ["Gouvernance locale", "Appui institutionnel"],
    ]
    for path in paths:
        parent = None
        for label in path:
            parent, _ = Theme.objects.get_or_create(parent=parent, name_fr=label)
    return paths


WATER = ["Eau et assainissement", "Accès à l'eau potable"]
HEALTH = ["Santé", "Soins de santé primaires", "Santé maternelle et infantile"]
CULTURE = ["Culture et patrimoine"]


@pytest.fixture
def atlas(french_authorities):
    """Four published partnerships written as an import writes them (and a draft), between
    real authorities, for the search, the API and the exports."""
    nomenclature_reference.load_themes()
    writer = ProjectWriter()
    published = Project.PublicationState.PUBLISHED
    rows = {
        "water": SheetData(
            title="Accès à l'eau potable à Ouagadougou",
            french=["Poitiers"],
            foreign=[("Ouagadougou", "BF")],
            theme_path=WATER,
            triennial=True,
            context="Une coopération décentralisée ancienne entre les deux villes.",
            funding=[
                {
                    "funder": "Agence de l'eau Loire-Bretagne",
                    "amount_eur": 20000,
                    "water_1pct_eur": 20000,
                    "year": 2016,
                }
            ],
        ),
        "health": SheetData(
            title="Santé maternelle à Bobo-Dioulasso",
            french=["Département de la Seine-Saint-Denis"],
            foreign=[("Bobo-Dioulasso", "BF")],
            theme_path=HEALTH,
            status="completed",
            start_year=2008,
            description="Formation de sages-femmes et équipement de maternités.",
        ),
        "twinning": SheetData(
            title="Jumelage Lyon – Leipzig",
            french=["Lyon"],
            foreign=[("Leipzig", "DE")],
            theme_path=CULTURE,
            partnership_type="Jumelage",
            start_year=1990,
            history="Échanges de musiciens depuis la réunification.",
        ),
        "mali": SheetData(
            title="Forages et châteaux d'eau à Kayes",
            french=["Montreuil"],
            foreign=[("Kayes", "ML")],
            theme_path=WATER,
            status="completed",
            start_year=2012,
        ),
    }
    projects = {
        key: writer.save(data, origin="import", publication_state=published).project
        for key, data in rows.items()
    }
    projects["draft"] = writer.save(
        SheetData(
            title="Brouillon : eau potable à Ouagadougou",
            french=["Poitiers"],
            foreign=[("Ouagadougou", "BF")],
            theme_path=WATER,
        ),
        origin="import",
    ).project
    return projects


@pytest.fixture
def demo_ready(french_authorities):
    """What the demo generator reads: themes and embassies on top of the authorities."""
    nomenclature_reference.load_themes()
    load_embassies()


def import_pages(*paths: Path):
    importer = LegacyImporter()
    return [importer.import_file(path)[0] for path in paths]


@pytest.fixture
def seed_project(reference_data):
    """The seed page imported into the database; returns its Project."""
    from partnerships.models import Project

    (report,) = import_pages(SEED_PAGE)
    assert report.outcome == "created", report.errors
    return Project.objects.get(pk=report.project_id)


@pytest.fixture
def multi_country_project(themes):
    from partnerships.models import Project

    (report,) = import_pages(MULTI_COUNTRY_PAGE)
    assert report.outcome == "created", report.errors
    return Project.objects.get(pk=report.project_id)


# -- a real headless Chromium, for the browser tests ------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # Without a locale, LocaleMiddleware would serve English to headless Chromium.
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda exc: page.problems.append(f"{exc} {getattr(exc, 'stack', '')}"))
    yield page
    context.close()


@pytest.fixture(autouse=True)
def fresh_facet_index():
    """Each test's database is rolled back at its end: an index this process built from it
    must not serve the next test."""
    from search import index_updates

    index_updates.forget()
    yield
    index_updates.forget()
