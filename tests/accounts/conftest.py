"""People and places for the accounts' tests, made by hand so that most tests need not
load the official list of authorities."""

import pytest

from accounts.models import Role
from territories.models import DiplomaticPost, FrenchAuthority
from tests.factories import UserFactory, person

PASSWORD = "mot-de-passe-de-test"


@pytest.fixture
def vienne(db):
    return FrenchAuthority.objects.create(kind="departement", name="Vienne", insee_code="86")


@pytest.fixture
def poitiers(vienne):
    return FrenchAuthority.objects.create(
        kind="commune", name="Poitiers", insee_code="86194", departement=vienne, population=89916
    )


@pytest.fixture
def lyon(db):
    return FrenchAuthority.objects.create(kind="commune", name="Lyon", insee_code="69123")


@pytest.fixture
def embassy_in_mali(reference_data):
    return DiplomaticPost.objects.create(name="Ambassade de France au Mali", country_id="ML")


@pytest.fixture
def administrator(db):
    return person(Role.ADMINISTRATOR, user__email="admin@atlas.example.fr")


@pytest.fixture
def analyst(db):
    return person(Role.ANALYST, user__email="analyste@atlas.example.fr")


@pytest.fixture
def someone(db):
    """A signed-up person without any role."""
    return UserFactory(email="quelquun@example.fr")
