"""The search page, its facets and its JSON and CSV alternates, as a user meets them."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.writer import ProjectWriter
from search.models import SearchDocument
from territories.models import FrenchAuthority
from tests.conftest import CULTURE
from tests.factories import SheetData


def search(client, name="search:projects", **params):
    with translation.override("fr"):
        url = reverse(name)
    return client.get(url, params)


def alternate(client, extension, **params):
    with translation.override("fr"):
        url = reverse("search:projects_alternate", kwargs={"extension": extension})
    return client.get(url, params)


def titles(response) -> list[str]:
    return [p.title for p in response.context["page"].object_list]


def facet(response, name) -> dict[str, int]:
    (found,) = [f for f in response.context["facets"] if f.name == name]
    return {o.value: o.count for o in found.options + found.more}


def test_every_published_partnership_is_listed_and_drafts_are_not(client, atlas):
    response = search(client)
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(p.title for key, p in atlas.items() if key != "draft")
    assert "4 partenariats trouvés" in response.text


def test_text_search_ignores_accents_and_case(client, atlas):
    for words in ["cooperation decentralisee", "COOPÉRATION Décentralisée"]:
        assert titles(search(client, q=words)) == ["Accès à l'eau potable à Ouagadougou"]
    assert titles(search(client, q="sages femmes")) == ["Santé maternelle à Bobo-Dioulasso"]


def test_text_search_reads_partner_names_and_places(client, atlas):
    assert titles(search(client, q="Leipzig")) == ["Jumelage Lyon – Leipzig"]
    assert titles(search(client, q="Allemagne")) == ["Jumelage Lyon – Leipzig"]
    assert set(titles(search(client, q="Burkina"))) == {
        "Accès à l'eau potable à Ouagadougou",
        "Santé maternelle à Bobo-Dioulasso",
    }


def test_facet_counts_follow_the_other_filters_not_their_own(client, atlas):
    response = search(client, country="BF")
    assert set(titles(response)) == {
        "Accès à l'eau potable à Ouagadougou",
        "Santé maternelle à Bobo-Dioulasso",
    }
    # The country facet still offers the other countries, with their own counts ...
    assert facet(response, "country") == {"BF": 2, "ML": 1, "DE": 1}
    # ... while the other facets count within Burkina Faso only.
    assert facet(response, "status") == {"ongoing": 1, "completed": 1}
    assert facet(response, "zone") == {"afrique-subsaharienne": 2}


def test_values_of_one_facet_widen_and_facets_narrow(client, atlas):
    assert len(titles(search(client, country=["BF", "ML"]))) == 3
    assert titles(search(client, country=["BF", "ML"], status="completed")) == [
        "Forages et châteaux d'eau à Kayes",
        "Santé maternelle à Bobo-Dioulasso",
    ] or set(titles(search(client, country=["BF", "ML"], status="completed"))) == {
        "Forages et châteaux d'eau à Kayes",
        "Santé maternelle à Bobo-Dioulasso",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"zone": "europe"}, {"twinning"}),
        ({"region": "84"}, {"twinning"}),  # Auvergne-Rhône-Alpes, through Lyon
        ({"departement": "93"}, {"health", "mali"}),  # the département and Montreuil
        ({"authority_kind": "departement"}, {"health"}),
        ({"theme": "eau-assainissement"}, {"water", "mali"}),  # a level-1 theme
        ({"theme": "sante-maternelle"}, {"health"}),  # a level-3 theme
        ({"type": "jumelage"}, {"twinning"}),
        ({"status": "completed"}, {"health", "mali"}),
        ({"start_year_min": "2010", "start_year_max": "2014"}, {"mali"}),
        ({"start_year_min": "2010"}, {"water", "mali"}),
        ({"start_year_max": "1999"}, {"twinning"}),
        ({"funding_mechanism": "water"}, {"water"}),
        ({"funder_kind": "agence-eau"}, {"water"}),
        ({"triennial": "true"}, {"water"}),
    ],
)
def test_each_facet_filters(client, atlas, params, expected):
    assert set(titles(search(client, **params))) == {atlas[key].title for key in expected}


def test_a_french_authority_filters_by_its_id(client, atlas):
    poitiers = FrenchAuthority.objects.get(kind="commune", insee_code="86194")
    response = search(client, authority=poitiers.pk)
    assert titles(response) == ["Accès à l'eau potable à Ouagadougou"]
    assert "Collectivité française : Poitiers" in response.text


def test_theme_facet_opens_below_the_chosen_theme(client, atlas):
    closed = facet(search(client), "theme")
    assert closed == {"eau-assainissement": 2, "sante": 1, "culture-patrimoine": 1}
    opened = facet(search(client, theme="eau-assainissement"), "theme")
    assert opened["acces-eau-potable"] == 2
    assert "soins-primaires" not in opened


def test_sort_orders(client, atlas):
    assert titles(search(client, sort="title"))[0] == "Accès à l'eau potable à Ouagadougou"
    assert titles(search(client, sort="-title"))[0] == "Santé maternelle à Bobo-Dioulasso"
    assert titles(search(client, sort="start_year"))[0] == "Jumelage Lyon – Leipzig"
    assert titles(search(client, sort="-start_year"))[0] == "Accès à l'eau potable à Ouagadougou"


def test_an_empty_result_says_so_and_offers_to_clear_filters(client, atlas):
    response = search(client, country="DE", status="completed")
    assert response.status_code == 200
    assert "Aucun partenariat trouvé" in response.text
    assert "Aucun partenariat ne correspond à cette recherche." in response.text
    assert "Effacer tous les filtres" in response.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "ZZ"}, "« ZZ » : pays inconnu"),
        ({"status": "finished"}, "« finished » : état inconnu"),
        ({"start_year_min": "l'an dernier"}, "Saisissez un nombre entier, en chiffres de 0 à 9."),
        ({"start_year_min": "2020", "start_year_max": "2010"}, "précède son année de début"),
        ({"authority": "999999999"}, "Collectivité inconnue : 999999999."),
        ({"authority": "Poitiers"}, "identifiant numérique attendu"),
        ({"theme": "astrologie"}, "« astrologie » : thématique inconnue."),
        ({"sort": "price"}, "« price » : tri inconnu."),
        ({"page": "0"}, "Saisissez un nombre entier de 1 à "),
        ({"triennial": "maybe"}, "true ou false"),
    ],
)
def test_nonsense_parameters_get_a_clear_message(client, atlas, params, message):
    response = search(client, **params)
    assert response.status_code == 400
    assert message in response.text
    api = alternate(client, "json", **params)
    assert api.status_code == 400
    assert message in json.dumps(api.json(), ensure_ascii=False)


def test_the_year_range_says_which_years_the_results_span(client, atlas):
    assert "De 1990 à 2015 dans ces résultats." in search(client).text
    # The results of a period: within it (2012 and 2015 for "from 2010").
    assert "De 2012 à 2015 dans ces résultats." in search(client, start_year_min=2010).text
    assert "De 2008 à 2015 dans ces résultats." in search(client, country="BF").text


def active_tags(response) -> dict[str, str]:
    """The removable tags: their visible text and where they lead."""
    from lxml import html

    page = html.fromstring(response.text)
    return {
        "".join(a.xpath("text()")).strip(): a.get("href")
        for a in page.xpath("//ul[contains(@class, 'fr-tags-group')]//a")
    }


def test_every_active_filter_is_a_tag_named_by_its_text(client, atlas):
    response = search(client, country="BF", start_year_min=2005, start_year_max=2016, q="eau")
    tags = active_tags(response)
    assert tags == {
        "Pays : Burkina Faso": "?start_year_min=2005&start_year_max=2016&q=eau",
        "Année de début : 2005 – 2016": "?country=BF&q=eau",
    }
    assert "Retirer le filtre" not in response.text  # the name holds the visible text
    assert set(active_tags(search(client, start_year_max=2016))) == {
        "Année de début : jusqu'en 2016"
    }
    # "Clear all" keeps the words.
    assert 'href="/fr/projets/?q=eau">' in response.text.replace("\n", "")


def test_a_search_without_result_offers_no_order_nor_download(client, atlas):
    page = search(client, q="zzzzzz").text
    assert "Aucun partenariat ne correspond à cette recherche." in page
    assert 'id="search-sort"' not in page and "Télécharger ces résultats" not in page
    assert 'id="search-sort"' in search(client).text


def test_a_page_beyond_the_last_is_not_found(client, atlas):
    assert search(client, page="7").status_code == 404


def test_lowercase_country_codes_are_accepted(client, atlas):
    assert len(titles(search(client, country="bf"))) == 2


def test_json_and_csv_alternates_hold_the_same_results(client, atlas):
    page = search(client, country="BF", sort="title")
    assert '<link rel="alternate" type="application/json"' in page.text
    data = alternate(client, "json", country="BF", sort="title").json()
    assert data["count"] == 2
    assert [r["title"] for r in data["results"]] == titles(page)
    assert data["facets"]["country"] == {"BF": 2, "DE": 1, "ML": 1}
    response = alternate(client, "csv", country="BF", sort="title")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["title"] for r in rows] == titles(page)
    assert rows[0]["countries"] == "BF"


def test_the_index_follows_every_write_and_deletion(client, atlas):
    assert titles(search(client, q="Kayes")) == ["Forages et châteaux d'eau à Kayes"]
    project = atlas["mali"]
    project.delete()
    assert not SearchDocument.objects.filter(project_id=project.pk).exists()
    assert titles(search(client, q="Kayes")) == []
    writer = ProjectWriter()
    data = SheetData(
        title="Bibliothèques de Tombouctou",
        french=["Montreuil"],
        foreign=[("Tombouctou", "ML")],
        theme_path=CULTURE,
    )
    new = writer.save(data, origin="import", publication_state="published").project
    assert titles(search(client, q="tombouctou")) == [new.title]
    data["title"] = "Manuscrits de Tombouctou"
    writer.save(data, project=new, origin="admin")
    assert titles(search(client, q="manuscrits")) == ["Manuscrits de Tombouctou"]
    assert titles(search(client, q="bibliotheques")) == []


def test_authority_suggestions_find_names_among_the_current_results(client, atlas):
    with translation.override("fr"):
        url = reverse("search:authority_suggestions")
    found = client.get(url, {"name": "poit"}).json()["results"]
    assert [r["name"] for r in found] == ["Poitiers"]
    assert found[0]["count"] == 1
    assert client.get(url, {"name": "poit", "country": "ML"}).json()["results"] == []


def test_search_page_in_english(client, atlas):
    with translation.override("en"):
        url = reverse("search:projects")
    assert url == "/en/projects/"
    response = client.get(url, {"country": "BF"})
    assert "2 partnerships found" in response.text
    assert "Burkina Faso" in response.text
    assert "Water and sanitation" in response.text


def test_a_sheet_shows_partnerships_in_the_same_country_and_on_the_same_theme(client, atlas):
    response = client.get(atlas["water"].get_absolute_url())
    assert response.status_code == 200
    same_country = [p.title for p in response.context["related"]["same_country"]]
    same_theme = [p.title for p in response.context["related"]["same_theme"]]
    assert same_country == ["Santé maternelle à Bobo-Dioulasso"]  # the draft is not shown
    assert same_theme == ["Forages et châteaux d'eau à Kayes"]
    assert "Dans le même pays" in response.text
    assert "Sur le même thème" in response.text
    lonely = client.get(atlas["twinning"].get_absolute_url())
    assert "Aucun autre partenariat publié dans ce pays." in lonely.text


def test_an_overseas_collectivity_is_a_region_the_facet_offers_and_accepts(client, atlas):
    from tests.factories import FrenchAuthorityFactory, ProjectFactory

    saint_martin = FrenchAuthority.objects.get(kind="com", insee_code="978")
    marigot = FrenchAuthorityFactory(name="Marigot", region=saint_martin)
    project = ProjectFactory(title="Échanges avec Marigot", french=[marigot])
    assert facet(search(client), "region")["978"] == 1
    response = search(client, region="978")
    assert response.status_code == 200
    assert titles(response) == [project.title]
