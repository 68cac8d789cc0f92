"""The search page in a real headless Chromium: filters, shareable URLs, back button,
type-ahead, under the strict CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_filters_shares_and_goes_back(page, live_server, atlas):
    page.goto(live_server.url + "/fr/projets/")
    assert page.locator("h1").inner_text() == "Rechercher des partenariats"
    assert page.locator("#results-title").inner_text() == "4 partenariats trouvés"

    page.locator("label", has_text="Burkina Faso (2)").click()  # DSFR draws the box
    page.wait_for_url("**country=BF**")  # applied at once, without a button
    assert page.get_by_label("Burkina Faso (2)").is_checked()
    assert page.get_by_label("Burkina Faso (2)").evaluate("e => e === document.activeElement")
    # Screen readers hear the new count.
    assert page.locator("#search-status").inner_text() == "2 partenariats trouvés"
    assert not page.get_by_role("button", name="Appliquer les filtres").is_visible()
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
    page.go_back()  # before the country was ticked
    page.wait_for_url(lambda url: "country" not in url)
    page.locator("#results-title", has_text="4 partenariats trouvés").wait_for()
    page.go_forward()
    page.wait_for_url("**country=BF**")
    # The page reloads for the address it came back to: wait for it before going on.
    page.locator("#results-title", has_text="2 partenariats trouvés").wait_for()
    page.wait_for_load_state()

    page.goto(shared)  # the URL alone gives the same search
    assert page.locator("#results-title").inner_text() == "1 partenariat trouvé"
    page.get_by_role("link", name="Pays : Burkina Faso").click()
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
    assert page.get_by_role("link", name="Collectivité française : Poitiers").is_visible()
    assert page.problems == []


def test_on_a_phone_the_results_come_first_and_the_filters_wait_behind_a_button(
    page, live_server, atlas
):
    from tests.declarations.test_declaration_browser import serious_violations

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/fr/projets/?country=BF")
    first = page.locator("#results-region ul.fr-raw-list > li").first
    assert first.bounding_box()["y"] + 40 < 844  # the first result on the first screen
    filters = page.get_by_label("Mali (1)")
    assert not filters.is_visible()
    page.get_by_text("Filtrer (1 actif)").click()
    assert filters.is_visible()
    page.locator("label", has_text="Mali (1)").click()
    page.wait_for_url("**country=ML**")
    assert page.locator("#results-title").inner_text() == "3 partenariats trouvés"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    # A skip link leads straight to the results.
    assert page.locator(".fr-skiplinks a[href='#results-title']").count() == 1
    page.set_viewport_size({"width": 1280, "height": 900})  # on a desktop: filters beside
    page.wait_for_function("() => document.getElementById('filters').open")
    assert page.get_by_label("Allemagne (1)").is_visible()
    assert not page.get_by_text("Filtrer (2 actifs)").is_visible()
    assert page.problems == []
