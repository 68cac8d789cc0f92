"""The sheet in a real headless Chromium: styles, scripts, CSP, language switch."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sheet_is_styled_scripted_and_breaks_no_security_policy(
    page, live_server, seed_project
):
    page.goto(live_server.url + seed_project.get_absolute_url())
    assert page.locator("h1").inner_text().startswith("Coopération décentralisée")
    # DSFR's stylesheet is applied (the integrity pitfall would fall back to Times).
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Marianne" in font
    # DSFR's module script ran (it marks the document) under our strict CSP.
    page.locator("html[data-fr-js=true]").wait_for(state="attached")
    assert page.problems == []


def test_email_addresses_become_working_links_for_people(page, live_server, seed_project):
    page.goto(live_server.url + seed_project.get_absolute_url())
    link = page.locator('a[href="mailto:eric.bourland@diplomatie.gouv.fr"]')
    assert link.inner_text() == "eric.bourland@diplomatie.gouv.fr"
    assert page.locator('a[href="mailto:yann.lorvo@diplomatie.gouv.fr"]').is_visible()


def test_the_language_link_leads_to_the_same_sheet_in_english(page, live_server, seed_project):
    page.goto(live_server.url + seed_project.get_absolute_url())
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/projects/**")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Status of the partnership").is_visible()
    assert page.get_by_text("Completed", exact=True).first.is_visible()


def test_without_javascript_the_sheet_is_complete_and_addresses_readable(
    browser, live_server, seed_project
):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + seed_project.get_absolute_url())
    assert page.get_by_role("link", name="eric.bourland@diplomatie.gouv.fr").is_visible()
    assert page.get_by_text("Aucun volontaire.").is_visible()
    context.close()


def test_the_browse_pages_are_styled_and_break_no_security_policy(page, live_server, seed_project):
    from django.utils import translation

    from nomenclature import reference as nomenclature_reference

    nomenclature_reference.load_themes()
    post = seed_project.diplomatic_post
    with translation.override("fr"):
        paths = [
            "/fr/",
            "/fr/pays/AR/",
            seed_project.french_authorities.get().get_absolute_url(),
            seed_project.foreign_authorities.get().get_absolute_url(),
            "/fr/thematiques/",
            "/fr/thematiques/poles-competitivite/",
            f"/fr/ambassades/{post.pk}/",
        ]
    for path in paths:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        page.locator("html[data-fr-js=true]").wait_for(state="attached")
        if "thematiques/poles" in path:  # the breadcrumb leads up the theme tree
            breadcrumb = page.locator("nav.fr-breadcrumb")
            assert breadcrumb.get_by_role("link", name="Economie durable").is_visible()
    # The embassy's addresses became working links.
    assert page.locator('a[href="mailto:eric.bourland@diplomatie.gouv.fr"]').is_visible()
    assert page.problems == []


def test_on_a_phone_the_sheet_starts_with_its_title_and_its_funding_fits(
    page, live_server, seed_project
):
    from tests.declarations.test_declaration_browser import serious_violations

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + seed_project.get_absolute_url())
    page.locator("html[data-fr-js=true]").wait_for(state="attached")
    title = page.locator("h1").bounding_box()
    assert title["y"] < 844  # the title on the first screen, the summary closed below it
    assert not page.locator(".fr-summary").is_visible()
    summary = page.get_by_text("Sommaire", exact=True).first
    assert summary.bounding_box()["y"] > title["y"]
    summary.click()
    assert page.locator(".fr-summary").is_visible()
    funding = page.locator(".atlas-funding .fr-table__container")
    width, visible = funding.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert width <= visible  # every column of the funding table on the phone's width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    # On paper: the sheet, without the site's header, menu and summary.
    page.emulate_media(media="print")
    assert not page.locator("header.fr-header").is_visible()
    assert not page.locator(".fr-summary").is_visible()
    assert page.locator("#financement").is_visible()
    assert page.problems == []


def test_the_open_data_page_passes_axe_on_a_phone(page, live_server, atlas):
    """Its tables of columns scroll sideways at 390 px: a keyboard reaches them."""
    from tests.declarations.test_declaration_browser import serious_violations

    page.set_viewport_size({"width": 390, "height": 844})
    for address in ("/fr/donnees/", "/en/data/"):
        assert page.goto(live_server.url + address).status == 200, address
        assert serious_violations(page) == [], address
    assert page.problems == []


def test_the_public_pages_pass_axe_in_both_languages(page, live_server, atlas):
    from territories.models import FrenchAuthority
    from tests.declarations.test_declaration_browser import serious_violations

    poitiers = FrenchAuthority.objects.get(name="Poitiers", kind="commune")
    sheet = atlas["water"]
    found = {}
    for address in (
        "/fr/",
        "/en/",
        "/fr/projets/?country=BF&start_year_min=2000",
        "/en/projects/?theme=eau-assainissement",
        sheet.get_absolute_url(),
        f"/en/projects/{sheet.pk}-{sheet.slug}/",
        "/fr/pays/BF/",
        "/en/countries/BF/",
        poitiers.get_absolute_url(),
        f"/en/authorities/{poitiers.pk}-{poitiers.slug}/",
        "/fr/thematiques/eau-assainissement/",
        "/en/themes/eau-assainissement/",
        "/fr/donnees/",
        "/en/data/",
        "/fr/pays/",
        "/en/countries/",
        "/fr/collectivites/?region=11",
        "/en/authorities/?region=11",
        "/fr/ambassades/",
        "/en/embassies/",
        "/fr/accessibilite/",
        "/en/accessibility/",
        "/fr/mentions-legales/",
        "/en/legal-notice/",
        "/fr/donnees-personnelles/",
        "/en/personal-data/",
        "/fr/plan-du-site/",
        "/en/site-map/",
    ):
        assert page.goto(live_server.url + address).status == 200, address
        if violations := serious_violations(page):
            found[address] = violations
    assert found == {}
    assert page.problems == []
