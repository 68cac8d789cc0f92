"""Every public page, found by walking the URL resolver (as djangoproject.com's
``Header1Tests`` do): in French and in English it answers 200, and an HTML page has exactly
one h1, its language and a skip link. A page added without a sample here fails the test,
and a page turning into a 404 fails it too."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from nomenclature import reference as nomenclature_reference

PUBLIC = ("explore", "search", "opendata_pages")  # namespaces of the public pages


def _routes(patterns, namespace=None, localized=False):
    """(view name, its parameter names) of every route, with whether it is under the
    language prefix."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(
                entry.url_patterns,
                entry.namespace or namespace,
                localized or isinstance(entry.pattern, LocalePrefixPattern),
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}:{entry.name}", set(entry.pattern.converters), localized


def public_routes() -> list[tuple[str, set[str]]]:
    return sorted(
        (name, parameters)
        for name, parameters, localized in _routes(get_resolver().url_patterns)
        if localized and name.split(":")[0] in PUBLIC
    )


@pytest.fixture
def samples(seed_project):
    """Parameters for each public route that takes some (one or more sets)."""
    nomenclature_reference.load_themes()
    project = seed_project
    french = project.french_authorities.get()
    foreign = project.foreign_authorities.get()
    return {
        "explore:project": [{"pk": project.pk, "slug": project.slug}],
        "explore:project_json": [{"pk": project.pk, "slug": project.slug}],
        "explore:project_short": [{"pk": project.pk}],
        "explore:country": [{"code": "AR"}],
        "explore:french_authority": [{"pk": french.pk, "slug": french.slug}],
        "explore:foreign_authority": [{"pk": foreign.pk, "slug": foreign.slug}],
        "explore:theme": [{"code": "eau-assainissement"}],
        "explore:embassy": [{"pk": project.diplomatic_post_id}],
        "search:projects_alternate": [{"extension": "json"}, {"extension": "csv"}],
        "explore:statistics_table": [{"table": "countries"}],
        "explore:map_place": [{"pk": foreign.pk}],
    }


def test_the_crawl_finds_the_pages_it_should():
    names = {name for name, _parameters in public_routes()}
    assert {"explore:home", "explore:project", "search:projects", "opendata_pages:data"} <= names


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_public_page_answers_with_one_h1_its_language_and_a_skip_link(
    client, samples, language
):
    visited = []
    for name, parameters in public_routes():
        if parameters and name not in samples:
            pytest.fail(f"{name} takes {sorted(parameters)}: give it a sample in this test")
        for kwargs in samples.get(name, [{}]):
            with translation.override(language):
                url = reverse(name, kwargs=kwargs)
            # (``name``: what the type-ahead of authorities searches; other pages ignore it)
            response = client.get(url, {"name": "poit"}, follow=True)
            assert response.status_code == 200, (url, response.status_code)
            visited.append(url)
            if not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            assert len(re.findall(r"<h1[\s>]", html)) == 1, url
            assert f'<html lang="{language}"' in html, url
            assert 'href="#content"' in html and 'id="content"' in html, url
    assert len(visited) >= 14


# French words of the interface that an English page must not show outside what is marked
# as French (``lang="fr"``: sheets' titles and texts, as declared).
FRENCH_INTERFACE_WORDS = {
    "Rechercher",
    "Télécharger",
    "Retirer",
    "Aucun",
    "Aucune",
    "partenariats",
    "Filtrer",
    "Courriel",
    "Sommaire",
    "Accueil",
    "Suivant",
    "Précédent",
    "Fermer",
    "Voir",
    "Trier",
    "Thématiques",
    "Données",
    "renseigné",
    "renseignée",
}


def english_words(html: str) -> set[str]:
    """The words an English reader sees, without the parts marked as French."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(html)
    for french in tree.xpath("//body//*[@lang='fr']"):
        french.drop_tree()
    for hidden in tree.xpath("//script|//style|//template"):
        hidden.drop_tree()
    return set(re.findall(r"\w+", tree.body.text_content()))


def test_english_pages_show_no_french_interface_word(client, samples):
    found = {}
    for name, _parameters in public_routes():
        for kwargs in samples.get(name, [{}]):
            with translation.override("en"):
                url = reverse(name, kwargs=kwargs)
            response = client.get(url, follow=True)
            if not response["Content-Type"].startswith("text/html"):
                continue
            if words := english_words(response.content.decode()) & FRENCH_INTERFACE_WORDS:
                found[url] = sorted(words)
    assert found == {}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_facets_name_their_values_rather_than_show_codes(client, samples, language):
    with translation.override(language):
        response = client.get(reverse("search:projects"))
    raw = [
        (facet.name, option.value)
        for facet in response.context["facets"]
        for option in facet.options + facet.more
        if option.label == option.value and facet.name != "authority"
    ]
    assert raw == []
