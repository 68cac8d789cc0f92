"""The public project sheet, as a visitor reads it in French and in English."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from catalogue.representation import says
from partnerships.models import Project

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"  # narrow no-break space: the French thousands separator
NBSP = "\u00a0"


def sheet_url(project, language="fr"):
    with translation.override(language):
        return project.get_absolute_url()


def visible_text(html: str) -> str:
    """The page's text without tags, scripts or attributes, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Collapse ASCII whitespace only: amounts keep their (narrow) no-break spaces.
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def test_the_canonical_urls_are_french_and_english(seed_project):
    slug = "cooperation-decentralisee-dans-le-domaine-des-biotechnologies-liees-a-la-sante"
    assert sheet_url(seed_project) == f"/fr/projets/{seed_project.pk}-{slug}/"
    assert sheet_url(seed_project, "en") == f"/en/projects/{seed_project.pk}-{slug}/"


def test_the_french_sheet_shows_every_value_of_the_seed(client, seed_project):
    response = client.get(sheet_url(seed_project))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    expected = [
        "Coopération décentralisée dans le domaine des biotechnologies liées à la santé",
        "Contacts dans le poste diplomatique « Ambassade de France à Buenos Aires »",
        "Correspondant coopération décentralisée",
        "Eric BOURLAND",
        "Conseiller de coopération et d'action culturelle",
        "Yann LORVO",
        "Année de première signature de la convention 2013",
        "Thématique d'intervention Economie durable",
        "Sous-thématique d'intervention Attractivité des territoires",
        "Sous-sous-thématique d'intervention Pôles de compétitivité, clusters, filières",
        "Aucune autre thématique.",
        "Année de début du partenariat 2013",
        "État du partenariat Terminé",
        "Date de fin du partenariat 31 janvier 2015",
        "La santé publique est au cœur des enjeux sociétaux",
        "production de protéines recombinantes.",
        "1/ Coopération universitaire",
        "Ce projet vise trois objectifs",
        "Phase 4 : Formalisation d’accords de partenariat",
        "Projet de coopération décentralisée",
        "Aucun maître d'œuvre renseigné.",
        "Aucun maître d'ouvrage renseigné.",
        "Aucun bénéficiaire renseigné.",
        "Santa Fe Argentine",
        "Aucun contact renseigné.",
        "Grand Poitiers",
        "Le partenariat n'est pas triennal.",
        f"Ministère de l'Europe et des Affaires étrangères 10{NNBSP}515{NBSP}€ 2013",
        f"Grand Poitiers 10{NNBSP}515{NBSP}€ 0{NBSP}€ 2013",
        f"Ville de Santa Fe 21{NNBSP}030{NBSP}€ 2013",
        f"Total 42{NNBSP}060{NBSP}€ 0{NBSP}€",  # the "1 %" column has its total too
        "Aucune communication n'a été engagée en France.",
        "Aucune communication n'a été engagée dans les pays partenaires.",
        "Aucune politique d'évaluation n'a été engagée.",
        "Aucun volontaire.",
    ]
    for fragment in expected:
        assert fragment in text, fragment
    # Sections in the order of the former Atlas's sheet (after the table of contents).
    body = visible_text(response.content.decode().split('<section id="ambassade"', 1)[1])
    positions = [
        body.index(f)
        for f in (
            "Contacts dans le poste diplomatique",
            "Année de première signature",
            "Autres thématiques mises en œuvre",
            "Année de début du partenariat",
            "Contexte",
            "Historique",
            "Objectifs du partenariat",
            "Description détaillée",
            "Mise en œuvre du partenariat",
            "Partenaires étrangers du partenariat",
            "Contacts dans les partenaires étrangers",
            "Collectivités territoriales partenaires",
            "Financement du partenariat",
            "Évaluation, communication et perspectives",
            "Volontaires impliqués",
        )
    ]
    assert positions == sorted(positions)


def test_only_the_one_percent_columns_with_a_value_are_shown(client, seed_project):
    text = visible_text(client.get(sheet_url(seed_project)).content.decode())
    # A short header a phone can hold, the law in a note under the table.
    assert text.count("dont 1 % eau") == 1
    assert "1 % eau : loi Oudin-Santini du 9 février 2005." in text
    for absent in ("1 % énergie", "1 % déchets", "1 % mobilité", "Loi Oudin 2005"):
        assert absent not in text


def test_the_sheet_carries_no_residue_of_the_former_site(client, seed_project):
    html = client.get(sheet_url(seed_project)).content.decode()
    for residue in ("???", "pagination.page", "commun.ico", "menu.atlas"):
        assert residue not in html


def test_email_addresses_are_links_as_the_data_files_give_them(client, seed_project):
    # One policy for contacts' addresses, the page's and the files' (docs/personal-data.md).
    html = client.get(sheet_url(seed_project)).content.decode()
    link = '<a class="fr-link" href="mailto:eric.bourland@diplomatie.gouv.fr">'
    assert link + "eric.bourland@diplomatie.gouv.fr</a>" in html


def test_the_sheet_links_to_partners_and_country(client, seed_project):
    html = client.get(sheet_url(seed_project)).content.decode()
    santa_fe = seed_project.foreign_authorities.get()
    poitiers = seed_project.french_authorities.get()
    for url in (santa_fe.get_absolute_url(), poitiers.get_absolute_url(), "/fr/pays/AR/"):
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200


def test_the_english_sheet_is_entirely_in_english(client, seed_project):
    response = client.get(sheet_url(seed_project, "en"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    for fragment in (
        "Contacts at the diplomatic post “Ambassade de France à Buenos Aires”",
        "Decentralised cooperation correspondent",
        "Year the agreement was first signed 2013",
        "Status of the partnership Completed",
        "End date of the partnership 31 January 2015",
        "Decentralised cooperation project",
        "Santa Fe Argentina",
        "The partnership is not triennial.",
        "of which 1% water",
        "1% water: Oudin-Santini law of 9 February 2005.",
        "Ministère de l'Europe et des Affaires étrangères €10,515 2013",
        "Total €42,060",
        "No communication was undertaken in France.",
        "No volunteer.",
        "eric.bourland@diplomatie.gouv.fr",
    ):
        assert fragment in text, fragment
    for french in ("Aucun volontaire", "Terminé", "Financement du partenariat", "janvier"):
        assert french not in text
    # The sheet's own texts stay French, and say so to screen readers.
    assert '<h1 lang="fr">Coopération décentralisée' in response.content.decode()


def test_the_short_url_and_an_old_slug_lead_to_the_canonical_sheet(client, seed_project):
    canonical = sheet_url(seed_project)
    short = client.get(f"/fr/projets/{seed_project.pk}/")
    assert (short.status_code, short["Location"]) == (301, canonical)
    old_slug = client.get(f"/fr/projets/{seed_project.pk}-ancien-titre/")
    assert (old_slug.status_code, old_slug["Location"]) == (301, canonical)
    english = client.get(f"/en/projects/{seed_project.pk}/")
    assert english["Location"] == sheet_url(seed_project, "en")


def test_the_sheet_advertises_its_json_which_is_the_importers_representation(
    client, seed_project, seed_expected
):
    html = client.get(sheet_url(seed_project)).content.decode()
    match = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"', html)
    assert match
    response = client.get(match.group(1))
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["id"] == seed_project.pk
    assert data["url"].endswith(sheet_url(seed_project))
    assert says(data, seed_expected)


def test_an_unpublished_or_unknown_sheet_is_not_found(client, seed_project):
    Project.objects.filter(pk=seed_project.pk).update(publication_state="draft")
    assert client.get(sheet_url(seed_project)).status_code == 404
    assert client.get("/fr/projets/999999/").status_code == 404


def test_a_multi_country_sheet_shows_all_partners_and_every_one_percent_law(
    client, multi_country_project
):
    text = visible_text(client.get(sheet_url(multi_country_project)).content.decode())
    for fragment in (
        "Ville de Kinshasa République démocratique du Congo",
        "Ouagadougou Burkina Faso",
        "District autonome d'Abidjan Côte d'Ivoire",
        "Département de la Seine-Saint-Denis",
        "Ville de Montreuil",
        "OUEDRAOGO Aminata Directrice de l'eau",
        "dont 1 % eau",
        "dont 1 % énergie",
        "dont 1 % déchets",
        "dont 1 % mobilité",
        f"120{NNBSP}000,50{NBSP}€",
        "Le partenariat est triennal.",
        "Exposition au conseil départemental en 2021.",
        "MARTIN Léa Suivi des travaux",
        "Santé Prévention et hygiène Lavage des mains 1",
    ):
        assert fragment in text, fragment


def test_the_home_page_counts_what_is_published(client, seed_project, multi_country_project):
    text = visible_text(client.get(reverse("explore:home")).content.decode())
    assert "2 partenariats" in text
    assert "3 collectivités françaises" in text  # Grand Poitiers, Seine-Saint-Denis, Montreuil
    assert "4 collectivités étrangères" in text
    assert "4 pays" in text  # AR, CD, BF, CI


def test_markup_in_imported_text_is_shown_as_text_never_run(client, multi_country_project):
    contact = multi_country_project.foreign_contacts.first()
    contact.function = '<script>alert("x")</script>'
    contact.save()
    multi_country_project.volunteers.update(mission="<b>gras</b>")
    html = client.get(sheet_url(multi_country_project)).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html


def test_the_sheet_links_places_and_themes_and_says_how_to_report_an_error(
    client, seed_project, atlas, settings
):
    from lxml import html as lxml_html

    from accounts.models import Role
    from nomenclature.models import Theme
    from partnerships.models import ProjectTheme
    from territories.models import FrenchAuthority
    from tests.factories import person

    def links(project) -> dict[str, str]:
        tree = lxml_html.fromstring(client.get(sheet_url(project)).content.decode())
        return {a.text_content().strip(): a.get("href") for a in tree.iter("a")}

    # The French partner's département and région, each with its own page.
    poitiers = FrenchAuthority.objects.get(name="Poitiers", kind="commune")
    found = links(atlas["water"])
    assert found["Vienne"] == poitiers.departement.get_absolute_url()
    assert found["Nouvelle-Aquitaine"] == poitiers.region.get_absolute_url()
    # The other themes lead to their pages.
    health = Theme.objects.get(code="sante")
    ProjectTheme.objects.create(project=atlas["water"], theme=health, priority=1)
    page = client.get(sheet_url(atlas["water"])).content.decode()
    other_themes = lxml_html.fromstring(page).get_element_by_id("autres-thematiques")
    assert [a.get("href") for a in other_themes.iter("a")] == ["/fr/thematiques/sante/"]
    settings.ATLAS_CONTACT_EMAIL = "atlas@example.org"
    # Anyone can report an error; only the sheet's editors see "propose a change".
    found = links(seed_project)
    report = found["Signaler une erreur sur cette fiche"]
    assert report.startswith("mailto:atlas@example.org?subject=Erreur%20sur%20la%20fiche")
    assert "Proposer une modification" not in found
    client.force_login(person(Role.EDITOR, seed_project.french_authorities.get()))
    assert links(seed_project)["Proposer une modification"] == (
        f"/fr/espace/fiches/{seed_project.pk}/modifier/"
    )
    client.force_login(person(Role.EDITOR, poitiers))  # another authority's editor
    assert "Proposer une modification" not in links(seed_project)
