"""Browse pages: country, French and foreign authorities, themes, embassies, home."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from explore import browse
from nomenclature import reference as nomenclature_reference
from nomenclature.models import Theme
from partnerships.models import (
    Project,
)
from search import service
from search.index_updates import current_index
from territories.models import DiplomaticContact, DiplomaticPost, ForeignAuthority, FrenchAuthority
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"  # narrow no-break space: the French thousands separator
NBSP = "\u00a0"


def url(name, **kwargs) -> str:
    with translation.override("fr"):
        return reverse(name, kwargs=kwargs)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def euros(text: str) -> str:
    """ "3 500 €" as the French pages write it."""
    return text.replace(" ", NNBSP) + f"{NBSP}€"


def get(client, path: str) -> tuple[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert html.count("<h1") == 1
    return html, visible_text(html)


@pytest.fixture
def atlas(reference_data):
    """A small atlas: Lyon works in Senegal and Mali, Poitiers too, the Rhône in Senegal,
    Nantes in Argentina; drafts never count."""
    nomenclature_reference.load_themes()
    theme = {t.code: t for t in Theme.objects.all()}
    french = {
        name: FrenchAuthority.objects.create(name=name, kind=kind)
        for name, kind in [
            ("Lyon", "commune"),
            ("Rhône", "departement"),
            ("Poitiers", "commune"),
            ("Nantes", "commune"),
            ("Brest", "commune"),
        ]
    }
    foreign = {
        name: ForeignAuthority.objects.create(name=name, country_id=country)
        for name, country in [
            ("Dakar", "SN"),
            ("Saint-Louis", "SN"),
            ("Thiès", "SN"),
            ("Bamako", "ML"),
            ("Rosario", "AR"),
        ]
    }
    post = DiplomaticPost.objects.create(name="Ambassade de France au Sénégal", country_id="SN")
    DiplomaticContact.objects.create(
        post=post,
        role="correspondent",
        name="Awa DIOP",
        email="awa.diop@diplomatie.gouv.fr",
    )
    projects = {
        "eau-dakar": ProjectFactory(
            title="Eau potable à Dakar",
            french=[french["Lyon"], french["Rhône"]],
            foreign=[foreign["Dakar"]],
            main_theme=theme["reseaux-eau"],
            start_year=2019,
            funding=[("1000", 2019), ("500", 2020)],
            diplomatic_post=post,
        ),
        "assainissement": ProjectFactory(
            title="Assainissement à Dakar et Saint-Louis",
            french=[french["Lyon"]],
            foreign=[foreign["Dakar"], foreign["Saint-Louis"]],
            main_theme=theme["eau-assainissement"],
            other_themes=[theme["latrines"]],
            start_year=2020,
            funding=[("2000", 2020)],
        ),
        "sante": ProjectFactory(
            title="Santé à Thiès et Bamako",
            french=[french["Poitiers"]],
            foreign=[foreign["Thiès"], foreign["Bamako"]],
            main_theme=theme["sante"],
            other_themes=[theme["assainissement"]],
            start_year=2019,
        ),
        "bamako": ProjectFactory(
            title="Culture à Bamako",
            french=[french["Lyon"]],
            foreign=[foreign["Bamako"]],
            main_theme=theme["patrimoine"],
            start_year=2021,
            funding=[("700", None)],
        ),
        "rosario": ProjectFactory(
            title="Tourisme à Rosario",
            french=[french["Nantes"]],
            foreign=[foreign["Rosario"]],
            main_theme=theme["tourisme"],
            start_year=2018,
            funding=[("9000", 2018)],
        ),
        "brouillon": ProjectFactory(
            title="Brouillon à Dakar",
            french=[french["Brest"], french["Lyon"]],
            foreign=[foreign["Dakar"]],
            main_theme=theme["eau-assainissement"],
            start_year=2019,
            funding=[("100000", 2019)],
            diplomatic_post=post,
            publication_state=Project.PublicationState.DRAFT,
        ),
    }
    return {"theme": theme, "french": french, "foreign": foreign, "post": post, **projects}


# -- country --------------------------------------------------------------------------------


def test_the_country_page_counts_partnerships_partners_themes_and_years(client, atlas):
    html, text = get(client, url("explore:country", code="SN"))
    assert "3 partenariats" in text
    assert "Voir ces 3 partenariats dans la recherche" in text
    assert f'href="{url("search:projects")}?country=SN"' in html
    # French authorities, most involved first, linking to their pages; Brest only drafts.
    assert "3 collectivités françaises engagées" in text
    assert "Lyon 2 Poitiers 1 Rhône 1" in text
    assert f'href="{atlas["french"]["Lyon"].get_absolute_url()}"' in html
    assert "Brest" not in text
    assert "3 partenaires étrangers" in text
    assert "Dakar 2 Saint-Louis 1 Thiès 1" in text
    assert f'href="{atlas["foreign"]["Dakar"].get_absolute_url()}"' in html
    assert "Bamako" not in text.split("partenaires étrangers", 1)[1].split("Par thématique")[0]
    # By level-1 theme of the main theme: partnerships and the sum of their funding.
    assert f"Eau et assainissement 2 {euros('3 500')}" in text
    assert "Santé 1 " in text
    assert f'href="{url("explore:theme", code="eau-assainissement")}"' in html
    # By year: partnerships started, funding by the year of each line.
    assert f"2019 2 {euros('1 000')}" in text
    assert f"2020 1 {euros('2 500')}" in text


def test_the_country_page_shows_the_embassy_and_links_to_its_page(client, atlas):
    html, text = get(client, url("explore:country", code="SN"))
    assert "Ambassade de France au Sénégal" in text
    assert "Awa DIOP — awa.diop@diplomatie.gouv.fr" in text
    assert 'href="mailto:awa.diop@diplomatie.gouv.fr"' in html
    assert f'href="{url("explore:embassy", pk=atlas["post"].pk)}"' in html


def test_long_lists_show_the_most_involved_and_say_so(client, atlas, monkeypatch):
    monkeypatch.setattr(browse, "LONG_LIST", 2)
    _html, text = get(client, url("explore:country", code="SN"))
    assert "3 collectivités françaises engagées" in text
    assert "Les 2 plus engagées, par nombre de partenariats." in text
    assert "Lyon 2 Poitiers 1 3 partenaires" in text
    assert "Rhône 1" not in text


def test_the_next_page_of_partnerships_comes_back_to_the_list(client, atlas, monkeypatch):
    monkeypatch.setattr(service, "PAGE_SIZE", 2)
    html, text = get(client, url("explore:country", code="SN"))
    assert 'id="partenariats"' in html
    assert 'href="?page=2#partenariats"' in html
    _html, text = get(client, url("explore:country", code="SN") + "?page=2")
    assert "Eau potable à Dakar" in text  # the oldest of the three, alone on page 2


def test_a_country_without_partnership_says_so(client, atlas):
    _html, text = get(client, url("explore:country", code="JP"))
    assert "0 partenariat" in text
    assert "dans la recherche" not in text
    assert "Aucune collectivité française." in text
    assert "Aucun partenariat publié." in text


# -- French authority -------------------------------------------------------------------------


def test_the_french_authority_page_shows_countries_funding_and_neighbours(client, atlas):
    lyon = atlas["french"]["Lyon"]
    html, text = get(client, lyon.get_absolute_url())
    assert "3 partenariats" in text
    assert f'href="{url("search:projects")}?authority={lyon.pk}"' in html
    assert "Voir ces 3 partenariats dans la recherche" in text
    assert "Pays de coopération Pays Partenariats Sénégal 2 Mali 1" in text
    assert 'href="/fr/pays/SN/"' in html and 'href="/fr/pays/ML/"' in html
    # Funding of its partnerships (drafts excluded), overall and by year, beside the
    # partnerships started each year.
    assert f"Total des lignes de financement de ses partenariats{NBSP}: {euros('4 200')}" in text
    assert (
        f"2019 1 {euros('1 000')} 2020 1 {euros('2 500')} 2021 1 Non renseignée 0 {euros('700')}"
        in text
    )
    # Poitiers shares Senegal and Mali, the Rhône Senegal only; Nantes works elsewhere,
    # Brest only in a draft.
    assert "Poitiers 2 1 Rhône 1 1" in text
    neighbours = text.split("présentes dans les mêmes pays", 1)[1]
    assert "Nantes" not in neighbours and "Brest" not in neighbours
    assert f'href="{atlas["french"]["Poitiers"].get_absolute_url()}"' in html


def test_an_authority_without_partnership_has_an_empty_but_working_page(client, atlas):
    _html, text = get(client, atlas["french"]["Brest"].get_absolute_url())
    assert "0 partenariat" in text
    assert "Aucun pays." in text
    assert "Aucun partenariat publié." in text
    assert "Aucune autre collectivité française dans ces pays." in text


# -- foreign authority ------------------------------------------------------------------------


def test_the_foreign_authority_page_shows_its_country_french_partners_and_funding(client, atlas):
    dakar = atlas["foreign"]["Dakar"]
    html, text = get(client, dakar.get_absolute_url())
    assert 'href="/fr/pays/SN/"' in html
    assert "2 partenariats" in text
    assert "Partenaires français Collectivité française Partenariats Lyon 2 Rhône 1" in text
    assert "Brest" not in text
    assert f"Total des lignes de financement de ses partenariats{NBSP}: {euros('3 500')}" in text


# -- themes ---------------------------------------------------------------------------------


def test_the_theme_page_counts_main_and_other_themes_of_the_subtree(client, atlas):
    html, text = get(client, url("explore:theme", code="eau-assainissement"))
    assert url("explore:theme", code="eau-assainissement") == "/fr/thematiques/eau-assainissement/"
    # Main theme below it, main theme itself, another theme below it: each once.
    assert "3 partenariats" in text
    for title in ("Eau potable à Dakar", "Assainissement à Dakar", "Santé à Thiès"):
        assert title in text
    assert "Culture à Bamako" not in text and "Brouillon" not in text
    assert "Accès à l'eau potable (1 partenariat)" in text
    assert "Assainissement et hygiène (2 partenariats)" in text
    assert "Gestion intégrée de la ressource en eau (aucun partenariat)" in text
    assert f'href="{url("explore:theme", code="assainissement")}"' in html
    assert f'href="{url("search:projects")}?theme=eau-assainissement"' in html
    assert "Pays les plus représentés Pays Partenariats Sénégal 3 Mali 1" in text
    assert "Lyon 2 Poitiers 1 Rhône 1" in text


def test_a_deep_theme_has_its_ancestors_as_breadcrumb(client, atlas):
    html, text = get(client, url("explore:theme", code="reseaux-eau"))
    breadcrumb = html.split('class="fr-breadcrumb"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a class="fr-breadcrumb__link" href="([^"]+)">([^<]+)</a>', breadcrumb)
    assert [href for href, _title in links] == [
        "/fr/",
        "/fr/thematiques/",
        "/fr/thematiques/eau-assainissement/",
        "/fr/thematiques/acces-eau-potable/",
    ]
    assert 'aria-current="page">Réseaux d&#x27;adduction' in breadcrumb
    assert "1 partenariat" in text
    assert "Sous-thématiques" not in text


def test_the_theme_page_speaks_english_too(client, atlas):
    with translation.override("en"):
        path = reverse("explore:theme", kwargs={"code": "eau-assainissement"})
    assert path.startswith("/en/")
    _html, text = get(client, path)
    assert "Water and sanitation" in text
    assert "Sanitation and hygiene" in text


def test_an_unknown_theme_is_not_found(client, atlas):
    assert client.get("/fr/thematiques/inconnue/").status_code == 404


def test_the_theme_index_lists_level_one_themes_with_children_and_counts(client, atlas):
    html, text = get(client, url("explore:themes"))
    assert url("explore:themes") == "/fr/thematiques/"
    assert "Eau et assainissement 3 partenariats" in text
    assert "Assainissement et hygiène (2 partenariats)" in text
    assert "Santé 1 partenariat" in text
    assert "Culture et patrimoine 1 partenariat" in text
    assert "Patrimoine (1 partenariat)" in text
    assert "Gestion intégrée de la ressource en eau (aucun partenariat)" in text
    # In alphabetical order, whatever the accents.
    assert text.index("Economie durable") < text.index("Éducation et jeunesse")
    assert text.index("Éducation et jeunesse") < text.index("Enseignement supérieur")
    assert f'href="{url("explore:theme", code="patrimoine")}"' in html


# -- embassy --------------------------------------------------------------------------------


def test_the_embassy_page_shows_its_country_contacts_and_partnerships(client, atlas):
    post = atlas["post"]
    path = url("explore:embassy", pk=post.pk)
    assert path == f"/fr/ambassades/{post.pk}/"
    html, text = get(client, path)
    assert "Ambassade de France au Sénégal" in text
    assert 'href="/fr/pays/SN/"' in html
    assert f"Correspondant coopération décentralisée {NBSP}: Awa DIOP" in text  # (tags as spaces)
    assert 'href="mailto:awa.diop@diplomatie.gouv.fr"' in html
    assert "1 partenariat suivi par ce poste" in text
    assert atlas["eau-dakar"].get_absolute_url() in html
    assert "Brouillon" not in text


def test_the_seed_embassy_page_lists_the_seed(client, seed_project):
    post = seed_project.diplomatic_post
    html, text = get(client, url("explore:embassy", pk=post.pk))
    assert "Eric BOURLAND" in text
    assert seed_project.get_absolute_url() in html


def test_an_unknown_embassy_is_not_found(client, reference_data):
    assert client.get("/fr/ambassades/999999/").status_code == 404


# -- home -----------------------------------------------------------------------------------


def test_the_home_page_offers_zones_and_themes_with_counts(client, atlas):
    html, text = get(client, url("explore:home"))
    assert "5 partenariats" in text  # headline count: drafts excluded
    search = url("search:projects")
    assert f'href="{search}?zone=afrique-subsaharienne"' in html
    assert "Afrique subsaharienne (4 partenariats)" in text
    assert "Amérique latine et Caraïbes (1 partenariat)" in text
    assert "Europe (aucun partenariat)" in text
    assert "Eau et assainissement (3 partenariats)" in text
    assert "Economie durable (1 partenariat)" in text
    assert f'href="{url("explore:theme", code="sante")}"' in html
    assert f'href="{url("explore:themes")}"' in html
    assert "Dernières mises à jour" in text


# -- performance ----------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    current_index()  # brought up to date first: pages are measured, not the index
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_pages_run_a_fixed_number_of_queries_whatever_the_data(client, atlas):
    lyon, dakar = atlas["french"]["Lyon"], atlas["foreign"]["Dakar"]
    paths = [
        url("explore:home"),
        url("explore:country", code="SN"),
        lyon.get_absolute_url(),
        dakar.get_absolute_url(),
        url("explore:themes"),
        url("explore:theme", code="eau-assainissement"),
        url("explore:embassy", pk=atlas["post"].pk),
    ]
    before = [_queries(client, path) for path in paths]
    for n in range(8):
        other = FrenchAuthority.objects.create(name=f"Commune {n}", kind="commune")
        partner = ForeignAuthority.objects.create(name=f"Ville {n}", country_id="SN")
        ProjectFactory(
            title=f"Projet {n}",
            french=[lyon, other],
            foreign=[dakar, partner],
            main_theme=atlas["theme"]["latrines"],
            other_themes=[atlas["theme"]["sante"]],
            start_year=2010 + n,
            funding=[("100", 2010 + n)],
            diplomatic_post=atlas["post"],
        )
    assert [_queries(client, path) for path in paths] == before
