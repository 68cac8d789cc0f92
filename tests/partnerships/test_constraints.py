"""What the database itself refuses, whatever code writes to it."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from nomenclature.models import Theme
from partnerships.models import FundingLine, Project
from territories.models import FrenchAuthority

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def project():
    return Project.objects.create(title="Jumelage", start_year=2013)


@pytest.mark.parametrize(
    ("values", "is_refused"),
    [
        ({"amount_eur": Decimal("-1")}, True),
        ({"amount_eur": Decimal("100"), "water_1pct_eur": Decimal("-5")}, True),
        ({"amount_eur": Decimal("100"), "water_1pct_eur": Decimal("100.01")}, True),
        ({"amount_eur": Decimal("100"), "mobility_1pct_eur": Decimal("150")}, True),
        ({"amount_eur": Decimal("100"), "waste_1pct_eur": Decimal("100")}, False),
        ({"amount_eur": None, "energy_1pct_eur": Decimal("30")}, False),
        ({"amount_eur": Decimal("100"), "year": 1850}, True),
    ],
)
def test_funding_amounts_are_guarded(project, values, is_refused):
    create = lambda: FundingLine.objects.create(project=project, funder="Ville", **values)  # noqa: E731
    assert refused(create) is is_refused


def test_an_end_date_before_the_start_year_is_refused(project):
    project.end_date = datetime.date(2012, 12, 31)
    assert refused(project.save)
    project.end_date = datetime.date(2013, 1, 1)
    assert not refused(project.save)


def test_implausible_years_are_refused():
    assert refused(lambda: Project.objects.create(title="x", first_signature_year=20013))


def test_insee_codes_are_unique_per_kind_only():
    FrenchAuthority.objects.create(kind="region", name="Île-de-France", insee_code="11")
    assert not refused(
        lambda: FrenchAuthority.objects.create(kind="departement", name="Aude", insee_code="11")
    )
    assert refused(
        lambda: FrenchAuthority.objects.create(kind="region", name="Autre", insee_code="11")
    )


def test_siren_is_unique_and_nine_digits():
    FrenchAuthority.objects.create(name="Grand Poitiers", siren="200069854")
    assert refused(lambda: FrenchAuthority.objects.create(name="Double", siren="200069854"))
    assert refused(lambda: FrenchAuthority.objects.create(name="Court", siren="12345"))


def test_theme_names_are_unique_among_siblings_and_levels_follow_the_tree():
    root = Theme.objects.create(name_fr="Santé")
    child = Theme.objects.create(parent=root, name_fr="Prévention")
    assert (root.level, child.level) == (1, 2)
    assert refused(lambda: Theme.objects.create(name_fr="Santé"))
    assert refused(lambda: Theme.objects.create(parent=root, name_fr="Prévention"))
    assert refused(lambda: Theme.objects.bulk_create([Theme(name_fr="Orphelin", level=2)]))


@pytest.mark.parametrize(
    ("funder", "kind"),
    [
        ("Ministère de l'Europe et des Affaires étrangères", "etat"),
        ("Grand Poitiers", "collectivite-francaise"),
        ("Ville de Santa Fe", "collectivite-partenaire"),
        ("Agence de l'eau Loire-Bretagne", "agence-eau"),
        ("Agence française de développement", "afd"),
        ("Union européenne", "union-europeenne"),
        ("Fondation Tartempion", None),
    ],
)
def test_funders_are_classified_from_the_names_sheets_give_them(funder, kind):
    from partnerships.funders import funder_kind_code

    assert funder_kind_code(funder, ["Grand Poitiers"], ["Santa Fe"]) == kind
