"""The index pages (countries, French authorities, embassies), the breadcrumbs that lead
back to them, and the menu that lists them."""

import pytest
from django.urls import reverse
from django.utils import translation
from lxml import html

from territories.models import Country, DiplomaticPost, FrenchAuthority


def listed(page: str) -> dict[str, str]:
    """Each index entry: its link's text and the count after it."""
    tree = html.fromstring(page)
    return {
        li.find("a").text_content().strip(): li.find("span").text_content().strip()
        for ul in tree.find_class("atlas-index")
        for li in ul.iter("li")
        if li.find("a") is not None
    }


def crumbs(page: str) -> list[str]:
    tree = html.fromstring(page)
    return [item.text_content().strip() for item in tree.find_class("fr-breadcrumb__link")]


def test_the_countries_index_groups_countries_by_zone_with_their_partnerships(client, atlas):
    page = client.get(reverse("explore:countries")).text
    assert listed(page) == {
        "Burkina Faso": "(2 partenariats)",
        "Mali": "(1 partenariat)",
        "Allemagne": "(1 partenariat)",
    }
    zones = [h2.text_content() for h2 in html.fromstring(page).iter("h2")]
    assert "Afrique subsaharienne" in zones and "Europe" in zones
    assert crumbs(page) == ["Accueil", "Pays"]
    with translation.override("en"):
        english = client.get(reverse("explore:countries")).text
    assert listed(english)["Germany"] == "(1 partnership)"


def test_the_french_authorities_index_goes_from_regions_to_their_authorities(client, atlas):
    regions = listed(client.get(reverse("explore:french_authorities")).text)
    assert regions == {
        "Auvergne-Rhône-Alpes": "(1 partenariat)",
        "Île-de-France": "(2 partenariats)",
        "Nouvelle-Aquitaine": "(1 partenariat)",
    }
    assert list(regions)[1] == "Île-de-France"  # "Î" among the I, not after Z
    page = client.get(reverse("explore:french_authorities"), {"region": "11"}).text
    assert listed(page) == {"Montreuil": "(1 partenariat)", "Seine-Saint-Denis": "(1 partenariat)"}
    kinds = [h2.text_content().split("(")[0].strip() for h2 in html.fromstring(page).iter("h2")]
    assert kinds == ["Département", "Commune"]
    assert crumbs(page) == ["Accueil", "Collectivités françaises", "Île-de-France"]
    communes = client.get(
        reverse("explore:french_authorities"), {"region": "11", "kind": "commune"}
    )
    assert listed(communes.text) == {"Montreuil": "(1 partenariat)"}


@pytest.mark.parametrize(
    "params",
    [
        {"region": "99"},
        {"region": "11", "kind": "village"},
        {"region": "\x00"},
        {"region": "x" * 10_000},
        {"region": "①"},
        {"kind": "commune", "region": "11" * 5000},
    ],
)
def test_nonsense_in_the_authorities_index_is_not_found(client, atlas, params):
    assert client.get(reverse("explore:french_authorities"), params).status_code == 404


def test_the_embassies_index_lists_each_post_with_its_country(client, atlas):
    DiplomaticPost.objects.create(
        name="Ambassade de France au Burkina Faso", country=Country.objects.get(code="BF")
    )
    page = client.get(reverse("explore:embassies")).text
    assert listed(page) == {
        "Ambassade de France au Burkina Faso": "(Burkina Faso · 2 partenariats)"
    }


def test_pages_lead_back_to_their_index_through_the_breadcrumb(client, atlas):
    poitiers = FrenchAuthority.objects.get(name="Poitiers", kind="commune")
    assert crumbs(client.get(reverse("explore:country", kwargs={"code": "BF"})).text) == [
        "Accueil",
        "Pays",
        "Burkina Faso",
    ]
    assert crumbs(client.get(poitiers.get_absolute_url()).text) == [
        "Accueil",
        "Collectivités françaises",
        "Nouvelle-Aquitaine",
        "Poitiers",
    ]
    sheet = client.get(atlas["water"].get_absolute_url()).text
    assert crumbs(sheet)[:3] == ["Accueil", "Pays", "Burkina Faso"]
    for name in ("search:projects", "explore:map", "explore:statistics", "opendata_pages:data"):
        assert crumbs(client.get(reverse(name)).text)[0] == "Accueil", name


def test_the_menu_offers_the_indexes(client, atlas):
    menu = html.fromstring(client.get(reverse("explore:home")).text).get_element_by_id(
        "menu-browse"
    )
    assert [a.text_content() for a in menu.iter("a")] == [
        "Pays",
        "Collectivités françaises",
        "Thématiques",
        "Ambassades",
    ]


def test_the_footer_leads_to_the_legal_pages_of_a_public_website(client, atlas, settings):
    settings.ATLAS_CONTACT_EMAIL = "atlas@example.org"
    footer = html.fromstring(client.get(reverse("explore:home")).text).find_class("fr-footer")[0]
    links = {a.text_content().strip(): a.get("href") for a in footer.iter("a")}
    assert links["Plan du site"] == "/fr/plan-du-site/"
    assert links["Accessibilité : non conforme"] == "/fr/accessibilite/"
    assert links["Mentions légales"] == "/fr/mentions-legales/"
    assert links["Données personnelles"] == "/fr/donnees-personnelles/"
    statement = client.get("/fr/accessibilite/").text
    assert "<strong>non conforme</strong>" in statement  # measured, not claimed
    assert 'href="mailto:atlas@example.org"' in statement
    personal = client.get("/fr/donnees-personnelles/").text
    assert "partout de la même façon" in personal  # one policy for contacts' addresses
    site_map = html.fromstring(client.get("/fr/plan-du-site/").text)
    targets = {a.get("href") for a in site_map.get_element_by_id("content").iter("a")}
    assert {"/fr/pays/", "/fr/collectivites/", "/fr/ambassades/", "/api/docs/"} <= targets
    with translation.override("en"):
        english = client.get(reverse("explore:legal_notice")).text
    assert "Legal notice" in english and "Director of publication" in english
