"""Signing in and out with ProConnect in a real headless Chromium, against a real OpenID
provider (oidc_provider.mjs) and the site under the strict CSP: the agent clicks the
button, types their e-mail on the provider's page, consents, and is in; an agent without
an account is back on the sign-in page and told to ask for one."""

import re

import pytest

from accounts.models import Role
from tests.factories import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agent_page(page, live_server, live_proconnect):
    """The browser on the sign-in page. The provider's pages import a Google font: answered
    empty here, as the tests use no network."""
    empty_css = {"body": "", "content_type": "text/css"}
    page.route("https://fonts.googleapis.com/**", lambda route: route.fulfill(**empty_css))
    page.goto(live_server.url + "/fr/espace/compte/connexion/")
    return page


def through_provider(page, login: str) -> None:
    page.get_by_role("link", name="S'identifier avec ProConnect").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # the consent page


def test_an_editor_signs_in_with_proconnect_then_signs_out_of_both(
    agent_page, live_server, poitiers
):
    person(Role.EDITOR, poitiers, user__email="camille.martin@poitiers.fr")
    page = agent_page
    assert page.get_by_role("link", name="Qu'est-ce que ProConnect ?").get_attribute("href") == (
        "https://www.proconnect.gouv.fr/"
    )
    through_provider(page, "Camille.Martin@poitiers.fr")

    page.wait_for_url(live_server.url + "/fr/espace/")
    assert page.get_by_role("button", name="Se déconnecter").is_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # ProConnect's own page
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/fr/(\?state=\w+)?$"))  # home
    page.goto(live_server.url + "/fr/espace/")
    assert "/fr/espace/compte/connexion/" in page.url  # signed out of the Atlas
    page.get_by_role("link", name="S'identifier avec ProConnect").click()
    assert page.locator("input[name=login]").is_visible()  # and of the provider
    assert page.problems == []


def test_an_agent_without_an_account_is_back_on_the_sign_in_page_told_to_ask_for_one(
    agent_page, live_server
):
    page = agent_page
    through_provider(page, "inconnu@ministere.gouv.fr")

    page.wait_for_url(live_server.url + "/fr/espace/compte/connexion/")
    alert = page.locator(".fr-alert--error")
    assert "Aucun compte de l'Atlas n'est ouvert pour l'adresse inconnu@ministere.gouv.fr" in (
        alert.inner_text()
    )
    alert.get_by_role("link", name="Demandez-en un").click()
    page.wait_for_url(live_server.url + "/fr/espace/compte/demande/")
    page.goto(live_server.url + "/fr/espace/")
    assert "/fr/espace/compte/connexion/" in page.url  # not signed in
    assert page.problems == []
