"""The declaration form as a person uses it without JavaScript: what the page holds is
what is posted, errors are listed and linked to their fields, nothing typed is lost."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from accounts.models import Role
from declarations.models import Version
from partnerships.models import Project
from territories import towns
from tests.factories import ForeignAuthorityFactory, FrenchAuthorityFactory, person


def form_fields(page: str, form_id: str = "sheet-form") -> dict[str, str]:
    """What a browser would post from the page's form, as it stands (no button)."""
    form = html.fromstring(page).get_element_by_id(form_id)
    fields: dict[str, str] = {}
    for element in form.iter("input", "select", "textarea"):
        name = element.get("name")
        kind = element.get("type", "")
        if not name or kind == "submit" or element.tag == "button":
            continue
        if kind == "checkbox":
            if element.get("checked") is not None:
                fields[name] = element.get("value", "on")
            continue
        if element.tag == "select":
            chosen = [o for o in element.iter("option") if o.get("selected") is not None]
            fields[name] = chosen[0].get("value", "") if chosen else ""
        elif element.tag == "textarea":  # a browser drops the newline after the tag
            fields[name] = (element.text or "").removeprefix("\n")
        else:
            fields[name] = element.get("value", "")
    return fields


@pytest.fixture
def editor(reference_data, client):
    poitiers = FrenchAuthorityFactory(name="Poitiers", insee_code="86194")
    ForeignAuthorityFactory(name="Dakar", country_id="SN")
    user = person(Role.EDITOR, poitiers, user__email="redactrice@poitiers.fr")
    client.force_login(user)
    return user


def filled(page: str, **values) -> dict:
    fields = form_fields(page)
    fields.update(
        {
            "title": "Eau potable à Dakar",
            "partnership_type": "Projet de coopération décentralisée",
            "start_year": "2020",
            "status": "ongoing",
            "foreign_authorities-0-country": "SN",
            "foreign_authorities-0-name": "Dakar",
            "funding-0-funder": "Poitiers",
            "funding-0-amount_eur": "10000",
            "funding-0-water_1pct_eur": "2500",
            "funding-0-year": "2021",
            "save": "1",
        }
    )
    fields.update(values)
    return fields


def test_an_editor_declares_a_partnership_with_their_authority_offered_first(editor, client):
    page = client.get(reverse("declarations:new")).text
    assert form_fields(page)["french_authorities-0-authority"].startswith("Poitiers (")
    response = client.post(reverse("declarations:new"), filled(page))
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("declarations:sheet", kwargs={"pk": project.pk})
    assert project.publication_state == Project.PublicationState.DRAFT
    version = Version.objects.get()
    assert version.data["funding"][0]["water_1pct_eur"] == 2500
    assert [a.name for a in project.french_authorities.all()] == ["Poitiers"]
    assert [a.name for a in project.foreign_authorities.all()] == ["Dakar"]
    sheet = client.get(response["Location"]).text
    assert "Eau potable à Dakar" in sheet and "Soumettre pour publication" in sheet


def test_errors_are_listed_linked_to_their_fields_and_nothing_typed_is_lost(editor, client):
    page = client.get(reverse("declarations:new")).text
    response = client.post(
        reverse("declarations:new"),
        filled(
            page,
            end_date="2019-05-01",
            **{"funding-0-water_1pct_eur": "20000", "funding-0-amount_eur": "-5"},
            objectives="Former des fontainiers",
        ),
    )
    assert response.status_code == 200
    assert not Project.objects.exists()
    summary = html.fromstring(response.text).get_element_by_id("errors")
    links = {a.get("href"): a.text_content() for a in summary.iter("a")}
    assert "précède son année de début" in links["#id_end_date"]
    assert "#id_funding-0-amount_eur" in links
    kept = form_fields(response.text)
    assert kept["objectives"] == "Former des fontainiers"
    assert kept["title"] == "Eau potable à Dakar"


def test_a_partnership_whose_end_is_still_to_come_cannot_be_declared_completed(editor, client):
    later = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page = client.get(reverse("declarations:new")).text
    response = client.post(
        reverse("declarations:new"), filled(page, status="completed", end_date=later)
    )
    assert response.status_code == 200
    assert not Project.objects.exists()
    summary = html.fromstring(response.text).get_element_by_id("errors")
    links = {a.get("href"): a.text_content() for a in summary.iter("a")}
    assert "encore à venir est en cours, pas terminé" in links["#id_end_date"]
    # Ongoing, the same date is its planned end.
    response = client.post(
        reverse("declarations:new"), filled(page, status="ongoing", end_date=later)
    )
    assert response.status_code == 302
    assert Project.objects.get().end_date.isoformat() == later


def test_a_sheet_outside_the_editors_authorities_is_refused_with_a_reason(editor, client):
    FrenchAuthorityFactory(name="Lyon", insee_code="69123")
    page = client.get(reverse("declarations:new")).text
    response = client.post(
        reverse("declarations:new"),
        filled(page, **{"french_authorities-0-authority": "Lyon"}),
    )
    assert response.status_code == 200
    assert "une de vos collectivités" in response.text
    assert not Project.objects.exists()


def test_a_namesake_must_be_chosen_among_the_labels_offered(editor, client):
    kind = FrenchAuthorityFactory._meta.model.Kind.DEPARTEMENT
    for name, code, departement in (
        ("Montreuil", "93048", "Seine-Saint-Denis"),
        ("Montreuil", "62588", "Pas-de-Calais"),
    ):
        FrenchAuthorityFactory(
            name=name,
            insee_code=code,
            departement=FrenchAuthorityFactory(name=departement, kind=kind),
        )
    page = client.get(reverse("declarations:new")).text
    response = client.post(
        reverse("declarations:new"),
        filled(page, **{"french_authorities-1-authority": "Montreuil"}),
    )
    assert "Précisez laquelle" in response.text
    assert "Montreuil (commune, Pas-de-Calais)" in response.text
    chosen = filled(
        response.text, **{"french_authorities-1-authority": "Montreuil (commune, Pas-de-Calais)"}
    )
    assert client.post(reverse("declarations:new"), chosen).status_code == 302
    assert Project.objects.get().french_authorities.get(insee_code="62588")


def test_the_second_of_two_people_editing_a_sheet_keeps_their_input(editor, client, db):
    page = client.get(reverse("declarations:new")).text
    client.post(reverse("declarations:new"), filled(page))
    project = Project.objects.get()
    edit = reverse("declarations:edit", kwargs={"pk": project.pk})

    colleague = person(Role.EDITOR, project.french_authorities.get())
    other = type(client)()
    other.force_login(colleague)
    mine, theirs = client.get(edit).text, other.get(edit).text

    assert client.post(edit, filled(mine, title="Titre de la première")).status_code == 302
    response = other.post(edit, filled(theirs, objectives="Ce que la seconde a écrit"))
    assert response.status_code == 409
    assert "Quelqu'un d'autre a enregistré cette fiche" in response.text
    assert "Titre de la première" in response.text  # what changed meanwhile
    assert form_fields(response.text)["objectives"] == "Ce que la seconde a écrit"
    assert Project.objects.get().title == "Titre de la première"
    # Saving again, having seen the change, is deliberate and goes through.
    again = other.post(edit, filled(response.text, objectives="Ce que la seconde a écrit"))
    assert again.status_code == 302


def test_a_form_posted_after_the_session_expired_comes_back_after_signing_in(editor, client):
    page = client.get(reverse("declarations:new")).text
    client.post(reverse("declarations:new"), filled(page))
    project = Project.objects.get()
    edit = reverse("declarations:edit", kwargs={"pk": project.pk})
    typed = filled(client.get(edit).text, description="Un long texte tapé pendant une heure")
    client.logout()

    response = client.post(edit, typed)
    assert response.status_code == 302 and reverse("accounts:sign_in") in response["Location"]
    client.force_login(editor)
    restored = client.get(edit)
    assert form_fields(restored.text)["description"] == "Un long texte tapé pendant une heure"


HOSTILE = ["\x00", "x" * 10_000, "9223372036854775808", "①", "-1e309", "２０２０", "<script>"]


@pytest.mark.parametrize("value", HOSTILE)
def test_nonsense_in_any_field_gets_an_answer_never_a_server_error(editor, client, value):
    page = client.get(reverse("declarations:new")).text
    base = filled(page)
    management = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
    everywhere = {name: value for name in base if not name.endswith(management)}
    response = client.post(reverse("declarations:new"), {**base, **everywhere})
    assert response.status_code == 200
    assert not Project.objects.exists()
    for name in ("funding-TOTAL_FORMS", "french_authorities-INITIAL_FORMS", "add-funding"):
        response = client.post(reverse("declarations:new"), {**base, name: value})
        assert response.status_code in {200, 302}, name


def test_a_line_is_added_to_a_list_without_javascript(editor, client):
    page = client.get(reverse("declarations:new")).text
    assert "funding-1-funder" not in form_fields(page)
    response = client.post(reverse("declarations:new"), {**filled(page), "add-funding": "1"})
    assert response.status_code == 200
    fields = form_fields(response.text)
    assert fields["funding-0-funder"] == "Poitiers"  # what was typed stays
    assert "funding-1-funder" in fields
    assert not Project.objects.exists()


def test_input_with_errors_waits_for_the_person_to_come_back(editor, client):
    page = client.get(reverse("declarations:new")).text
    typed = filled(page, start_year="1200", description="Trois heures de rédaction")
    assert client.post(reverse("declarations:new"), typed).status_code == 200
    client.get(reverse("declarations:dashboard"))  # the person goes elsewhere

    back = client.get(reverse("declarations:new"))
    assert 'id="restored"' in back.text
    assert form_fields(back.text)["description"] == "Trois heures de rédaction"
    assert 'id="restored"' not in client.get(reverse("declarations:new")).text  # once


def test_the_theme_picker_follows_the_tree(editor, client, themes):
    page = html.fromstring(client.get(reverse("declarations:new")).text)
    groups = page.xpath('//select[@id="id_theme"]/optgroup')
    assert "Eau et assainissement" in [group.get("label") for group in groups]
    water = next(g for g in groups if g.get("label") == "Eau et assainissement")
    labels = [option.text for option in water.iter("option")]
    assert labels == ["Eau et assainissement", "Eau et assainissement › Accès à l'eau potable"]


def test_foreign_partners_suggested_from_the_atlas_then_from_geonames(editor, client):
    found = client.get(reverse("declarations:towns"), {"country": "SN", "q": "Dak"}).json()
    labels = [item["label"] for item in found["results"]]
    assert labels[0] == "Dakar" and found["results"][0].get("known")
    assert labels.count("Dakar") == 1  # the Atlas's Dakar, not GeoNames' again
    thies = client.get(reverse("declarations:towns"), {"country": "sn", "q": "thi"}).json()
    assert any(item["label"] == "Thiès" and item["latitude"] for item in thies["results"])
    for nonsense in ({"country": "①", "q": "x" * 10_000}, {"q": "\x00"}, {}):
        assert client.get(reverse("declarations:towns"), nonsense).status_code == 200


def test_a_new_foreign_partner_found_in_geonames_keeps_its_geonames_id(editor, client):
    thies = towns.named("SN", "Thiès")
    page = client.get(reverse("declarations:new")).text
    posted = filled(page, **{"foreign_authorities-0-name": "Thiès"})
    assert client.post(reverse("declarations:new"), posted).status_code == 302
    partner = Project.objects.get().foreign_authorities.get()
    assert (partner.name, partner.geonames_id) == ("Thiès", thies.geonames_id)
    assert (partner.latitude, partner.longitude) == (thies.latitude, thies.longitude)
