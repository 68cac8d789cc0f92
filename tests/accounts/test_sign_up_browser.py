"""The sign-up's type-ahead in a real headless Chromium, under the strict CSP: typing
"Poit" suggests Poitiers, and choosing it moves on to the last step."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_authority_type_ahead_suggests_poitiers_and_moves_to_step_three(
    page, live_server, french_authorities
):
    page.goto(live_server.url + "/fr/espace/compte/demande/")
    assert page.locator("h1").inner_text() == "Demander un compte"
    page.locator("label", has_text="Rédacteur d'une collectivité").click()  # DSFR draws the dot
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/demande/etape-2/")

    page.get_by_label("Nom ou code INSEE de la collectivité").press_sequentially("Poit")
    suggestion = page.get_by_role("button", name="Poitiers (commune, Vienne)")
    suggestion.wait_for()
    suggestion.click()

    page.wait_for_url("**/demande/etape-3/")
    assert "Étape 3 sur 3" in page.locator(".fr-stepper").inner_text()
    assert "Poitiers (commune, Vienne)" in page.locator("main").inner_text()
    assert page.problems == []
