"""The search page in a real headless Chromium: filters, shareable URLs, back button,
type-ahead, under the strict CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_filters_shares_and_goes_back(page, live_server, atlas):
    page.goto(live_server.url + "/fr/projets/")
    assert page.locator("h1").inner_text() == "Rechercher des partenariats"
    assert page.locator("#results-title").inner_text() == "4 partenariats trouvés"

    page.locator("label", has_text="Burkina Faso (2)").click()  # DSFR draws the box
    assert page.get_by_label("Burkina Faso (2)").is_checked()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**country=BF**")
    assert "start_year_min" not in page.url  # empty fields stay out of the URL
    assert page.locator("#results-title").inner_text() == "2 partenariats trouvés"
    # The other countries stay offered, with their counts under the other filters.
    assert page.get_by_label("Mali (1)").is_visible()

    page.get_by_label("Mots-clés").fill("cooperation decentralisee")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url("**q=cooperation**")
    assert page.locator("#results-title").inner_text() == "1 partenariat trouvé"
    shared = page.url

    page.go_back()
    page.wait_for_url(lambda url: "cooperation" not in url)
    assert page.locator("#results-title").inner_text() == "2 partenariats trouvés"

    page.goto(shared)  # the URL alone gives the same search
    assert page.locator("#results-title").inner_text() == "1 partenariat trouvé"
    page.get_by_role("link", name="Retirer le filtre Burkina Faso").click()
    page.wait_for_url(lambda url: "country=" not in url)
    assert page.locator("#results-title").inner_text() == "1 partenariat trouvé"
    assert page.problems == []


def test_the_authority_type_ahead_adds_a_filter(page, live_server, atlas):
    page.goto(live_server.url + "/fr/projets/")
    page.locator("html[data-fr-js=true]").wait_for(state="attached")
    page.get_by_label("Chercher une collectivité").fill("poit")
    page.get_by_role("button", name="Poitiers (1)").click()
    page.wait_for_url("**authority=**")
    assert page.locator("#results-title").inner_text() == "1 partenariat trouvé"
    assert page.get_by_role("link", name="Retirer le filtre Poitiers").is_visible()
    assert page.problems == []
