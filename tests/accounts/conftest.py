"""People and places for the accounts' tests, made by hand so that most tests need not
load the official list of authorities."""

import pytest

from accounts.models import Role
from territories.models import DiplomaticPost, FrenchAuthority
from tests.factories import UserFactory, person

from .proconnect import running_provider, use_provider

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


@pytest.fixture(scope="session")
def proconnect_issuer():
    """A real OpenID provider playing ProConnect for the test client (http://testserver)."""
    with running_provider("http://testserver") as issuer:
        yield issuer


@pytest.fixture
def proconnect(settings, proconnect_issuer):
    """The ProConnect sign-in switched on against that provider; returns its issuer."""
    use_provider(settings, proconnect_issuer)
    return proconnect_issuer


@pytest.fixture(scope="module")
def live_proconnect_issuer(live_server):
    """The same provider for a browser, its client redirecting to live_server."""
    with running_provider(live_server.url) as issuer:
        yield issuer


@pytest.fixture
def live_proconnect(settings, live_proconnect_issuer):
    use_provider(settings, live_proconnect_issuer)
    return live_proconnect_issuer
