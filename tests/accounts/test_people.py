"""An authority's people in charge and an embassy's contacts in the back office: kept by
the authority's editors (the country's correspondents) and the administrators, read by
analysts, refused to anybody else."""

import pytest
from django.urls import reverse

from accounts.models import PersonInCharge, Role
from territories.models import DiplomaticContact
from tests.factories import person

pytestmark = pytest.mark.django_db

MAYOR = {
    "kind": PersonInCharge.Kind.ELECTED,
    "first_name": "Léonore",
    "last_name": "Moncond'huy",
    "function": "Maire",
    "email": "maire@poitiers.fr",
}


@pytest.fixture
def mayor(poitiers):
    return PersonInCharge.objects.create(french_authority=poitiers, **MAYOR)


@pytest.fixture
def counsellor(embassy_in_mali):
    return DiplomaticContact.objects.create(
        post=embassy_in_mali,
        role=DiplomaticContact.Role.COUNSELLOR,
        name="Jean Dupré",
        email="scac@ambafrance-ml.org",
    )


def test_my_authorities_and_embassies_link_to_their_pages(client, poitiers, embassy_in_mali):
    editor = person(Role.EDITOR, poitiers)
    client.force_login(editor)
    page = client.get(reverse("accounts:scopes")).content.decode()
    assert reverse("accounts:authority", args=[poitiers.pk]) in page
    assert "Poitiers (commune, Vienne)" in page
    assert 'name="q"' not in page  # the search over every authority is not theirs
    client.force_login(person(Role.CORRESPONDENT, "ML"))
    page = client.get(reverse("accounts:scopes")).content.decode()
    assert reverse("accounts:embassy", args=[embassy_in_mali.pk]) in page


def test_an_administrator_opens_any_authority_or_embassy_from_a_search(
    client, administrator, poitiers, embassy_in_mali
):
    client.force_login(administrator)
    page = client.get(reverse("accounts:scopes"), {"q": "Poitiers"}).content.decode()
    assert reverse("accounts:authority", args=[poitiers.pk]) in page
    page = client.get(reverse("accounts:scopes"), {"q": "Mali"}).content.decode()
    assert reverse("accounts:embassy", args=[embassy_in_mali.pk]) in page


def test_an_editor_of_the_authority_adds_changes_and_removes_a_person(client, poitiers):
    editor = person(Role.EDITOR, poitiers, user__email="redaction@poitiers.fr")
    client.force_login(editor)
    page_url = reverse("accounts:authority", args=[poitiers.pk])
    page = client.get(page_url).content.decode()
    assert "redaction@poitiers.fr" in page  # the accounts attached to it
    response = client.post(page_url, MAYOR, follow=True)
    assert "Personne ajoutée : Léonore Moncond&#x27;huy (Maire)." in response.content.decode()
    mayor = PersonInCharge.objects.get(french_authority=poitiers)

    edit = reverse("accounts:person_edit", args=[mayor.pk])
    assert edit in client.get(page_url).content.decode()
    client.post(edit, {**MAYOR, "function": "Maire de Poitiers"})
    mayor.refresh_from_db()
    assert mayor.function == "Maire de Poitiers"

    delete = reverse("accounts:person_delete", args=[mayor.pk])
    assert "Retirer Léonore" in client.get(delete).content.decode()  # asks first
    assert client.post(delete).url == page_url
    assert not PersonInCharge.objects.exists()


def test_new_people_come_after_those_already_listed(client, poitiers, mayor):
    client.force_login(person(Role.EDITOR, poitiers))
    client.post(
        reverse("accounts:authority", args=[poitiers.pk]),
        {**MAYOR, "first_name": "Anne", "last_name": "Adjointe", "function": "Adjointe"},
    )
    assert list(PersonInCharge.objects.values_list("last_name", flat=True)) == [
        "Moncond'huy",
        "Adjointe",
    ]


def test_form_errors_are_shown_beside_their_fields(client, poitiers):
    client.force_login(person(Role.EDITOR, poitiers))
    response = client.post(
        reverse("accounts:authority", args=[poitiers.pk]),
        {**MAYOR, "last_name": "", "email": "pas-une-adresse"},
    )
    html = response.content.decode()
    assert 'aria-describedby="id_last_name-desc-error"' in html
    assert 'id="id_last_name-desc-error"' in html
    assert "Saisissez une adresse e-mail valide." in html
    assert not PersonInCharge.objects.exists()


def test_an_editor_of_another_authority_is_refused(client, poitiers, lyon, mayor):
    client.force_login(person(Role.EDITOR, lyon))
    assert client.get(reverse("accounts:authority", args=[poitiers.pk])).status_code == 403
    assert client.post(reverse("accounts:authority", args=[poitiers.pk]), MAYOR).status_code == 403
    assert client.get(reverse("accounts:person_edit", args=[mayor.pk])).status_code == 403
    assert client.post(reverse("accounts:person_delete", args=[mayor.pk])).status_code == 403
    assert PersonInCharge.objects.count() == 1


def test_an_analyst_reads_but_does_not_change(client, poitiers, analyst, mayor):
    client.force_login(analyst)
    page = client.get(reverse("accounts:authority", args=[poitiers.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Moncond&#x27;huy" in html
    assert "Ajouter une personne" not in html
    assert reverse("accounts:person_edit", args=[mayor.pk]) not in html
    assert client.post(reverse("accounts:authority", args=[poitiers.pk]), MAYOR).status_code == 403
    assert client.post(reverse("accounts:person_delete", args=[mayor.pk])).status_code == 403


def test_an_administrator_keeps_any_authority(client, administrator, poitiers, mayor):
    client.force_login(administrator)
    client.post(reverse("accounts:person_delete", args=[mayor.pk]))
    assert not PersonInCharge.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client, poitiers, mayor, embassy_in_mali):
    for url in (
        reverse("accounts:scopes"),
        reverse("accounts:authority", args=[poitiers.pk]),
        reverse("accounts:person_edit", args=[mayor.pk]),
        reverse("accounts:person_delete", args=[mayor.pk]),
        reverse("accounts:embassy", args=[embassy_in_mali.pk]),
        reverse("accounts:profile"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:sign_in") + "?next="), url
    assert client.post(reverse("accounts:authority", args=[poitiers.pk]), MAYOR).status_code == 302
    assert PersonInCharge.objects.count() == 1


def test_a_correspondent_of_the_country_keeps_the_embassy_contacts(
    client, embassy_in_mali, counsellor
):
    client.force_login(
        person(Role.CORRESPONDENT, "ML", user__email="cooperation@ambafrance-ml.org")
    )
    page_url = reverse("accounts:embassy", args=[embassy_in_mali.pk])
    html = client.get(page_url).content.decode()
    assert "Jean Dupré" in html and "cooperation@ambafrance-ml.org" in html
    client.post(
        page_url,
        {"role": DiplomaticContact.Role.OTHER, "role_title": "Attachée", "name": "Awa Diallo"},
    )
    assert embassy_in_mali.contacts.get(name="Awa Diallo").role_label == "Attachée"
    client.post(
        reverse("accounts:contact_edit", args=[counsellor.pk]),
        {
            "role": DiplomaticContact.Role.COUNSELLOR,
            "name": "Jean Dupré",
            "email": "jd@ambafrance-ml.org",
        },
    )
    counsellor.refresh_from_db()
    assert counsellor.email == "jd@ambafrance-ml.org"
    client.post(reverse("accounts:contact_delete", args=[counsellor.pk]))
    assert list(embassy_in_mali.contacts.values_list("name", flat=True)) == ["Awa Diallo"]


def test_another_function_needs_its_title(client, embassy_in_mali):
    client.force_login(person(Role.CORRESPONDENT, "ML"))
    response = client.post(
        reverse("accounts:embassy", args=[embassy_in_mali.pk]),
        {"role": DiplomaticContact.Role.OTHER, "role_title": "", "name": "Awa Diallo"},
    )
    assert "Dites quelle est cette fonction." in response.content.decode()
    assert not embassy_in_mali.contacts.exists()


def test_embassy_contacts_are_refused_to_other_countries_and_to_editors(
    client, embassy_in_mali, counsellor, poitiers, analyst
):
    for outsider in (person(Role.CORRESPONDENT, "SN"), person(Role.EDITOR, poitiers)):
        client.force_login(outsider)
        assert client.get(reverse("accounts:embassy", args=[embassy_in_mali.pk])).status_code == 403
        assert client.get(reverse("accounts:contact_edit", args=[counsellor.pk])).status_code == 403
    client.force_login(analyst)
    assert client.get(reverse("accounts:embassy", args=[embassy_in_mali.pk])).status_code == 200
    assert client.post(reverse("accounts:contact_delete", args=[counsellor.pk])).status_code == 403
    assert DiplomaticContact.objects.count() == 1
