"""Asking for an account in three steps without JavaScript, then an administrator's
decision: the accepted person chooses a password from the e-mail and signs in; a refusal
sends the administrator's message. Invitations give any role at once."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import AccessRequest, Membership, Role
from tests.factories import UserFactory, person

from .mail import links_in, sent_to

pytestmark = pytest.mark.django_db


def step(number: int) -> str:
    return reverse("accounts:sign_up_step", kwargs={"step": number})


CAMILLE = {
    "first_name": "Camille",
    "last_name": "Martin",
    "function": "Chargée de mission relations internationales",
    "email": "Camille.Martin@Poitiers.fr",
}


def ask_for_an_account(client, poitiers, **person_data):
    """The three steps, as a person without JavaScript goes through them."""
    assert "Étape 1 sur 3" in client.get(reverse("accounts:sign_up")).content.decode()
    response = client.post(reverse("accounts:sign_up"), {"role": Role.EDITOR})
    assert response.url == step(2)
    found = client.post(step(2), {"authority_search": "poit", "search": "1"})
    assert f'value="{poitiers.pk}"' in found.content.decode()
    response = client.post(step(2), {"authority_search": "poit", "french_authority": poitiers.pk})
    assert response.url == step(3)
    return client.post(step(3), {**CAMILLE, **person_data}, follow=True)


def test_a_person_asks_for_an_account_then_signs_in_once_accepted(
    client, poitiers, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_for_an_account(client, poitiers)
    assert "Votre demande est envoyée" in response.content.decode()
    assert "camille.martin@poitiers.fr" in response.content.decode()
    request = AccessRequest.objects.get()
    assert (request.state, request.email, request.french_authority) == (
        AccessRequest.State.PENDING,
        "camille.martin@poitiers.fr",
        poitiers,
    )
    (to_admin,) = sent_to(administrator.email)
    assert "Poitiers" in to_admin.body
    assert reverse("accounts:request", args=[request.pk]) in links_in(to_admin)

    client.force_login(administrator)
    page = client.get(reverse("accounts:requests")).content.decode()
    assert "Camille Martin" in page and "1 demande en attente" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:request", args=[request.pk]),
            {"decision": "accept", "message": "Bienvenue dans l'Atlas !"},
            follow=True,
        )
    assert "Demande acceptée" in response.content.decode()
    user = get_user_model().objects.get(username="camille.martin@poitiers.fr")
    assert not user.has_usable_password()
    assert Membership.objects.filter(
        user=user, role=Role.EDITOR, french_authority=poitiers
    ).exists()

    client.logout()
    (welcome,) = sent_to("camille.martin@poitiers.fr")
    assert "Bienvenue dans l'Atlas !" in welcome.body
    choose = client.get(links_in(welcome)[0], follow=True)
    assert "Choisir un mot de passe" in choose.content.decode()
    client.post(
        choose.redirect_chain[-1][0],
        {"new_password1": "Coopération 2026 !", "new_password2": "Coopération 2026 !"},
    )
    response = client.post(
        reverse("accounts:sign_in"),
        {"username": "camille.martin@poitiers.fr", "password": "Coopération 2026 !"},
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:scopes")).content.decode()
    assert "Poitiers (commune, Vienne)" in page


def test_the_steps_keep_their_answers_for_the_back_links(client, poitiers):
    client.post(reverse("accounts:sign_up"), {"role": Role.EDITOR})
    client.post(step(2), {"french_authority": poitiers.pk})
    page = client.get(step(3)).content.decode()
    assert "Étape 3 sur 3" in page and "Poitiers (commune, Vienne)" in page
    assert f'href="{step(2)}"' in page  # back link
    page = client.get(step(2)).content.decode()
    assert re.search(rf'value="{poitiers.pk}"[^>]*checked', page)  # still chosen
    assert 'value="editor"' in client.get(reverse("accounts:sign_up")).content.decode()


def test_a_correspondent_chooses_the_country_of_their_embassy(client, reference_data):
    client.post(reverse("accounts:sign_up"), {"role": Role.CORRESPONDENT})
    page = client.get(step(2)).content.decode()
    assert "Mali" in page and "Pays de l&#x27;ambassade" in page
    assert client.post(step(2), {"country": "ML"}).url == step(3)
    client.post(step(3), {**CAMILLE, "email": "cooperation@ambafrance-ml.org"})
    request = AccessRequest.objects.get()
    assert (request.role, request.country_id, request.french_authority) == (
        Role.CORRESPONDENT,
        "ML",
        None,
    )


def test_administrators_and_analysts_cannot_be_asked_for(client):
    for role in (Role.ADMINISTRATOR, Role.ANALYST):
        response = client.post(reverse("accounts:sign_up"), {"role": role})
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in response.content.decode()
    assert client.get(step(2)).url == reverse("accounts:sign_up")


def test_a_later_step_without_the_earlier_ones_goes_back_to_them(client):
    assert client.get(step(3)).url == reverse("accounts:sign_up")
    client.post(reverse("accounts:sign_up"), {"role": Role.EDITOR})
    assert client.get(step(3)).url == step(2)
    assert client.get(reverse("accounts:sign_up_step", kwargs={"step": 4})).status_code == 404


def test_step_two_asks_to_choose_an_authority(client, poitiers):
    client.post(reverse("accounts:sign_up"), {"role": Role.EDITOR})
    response = client.post(step(2), {"authority_search": "", "next": "1"})
    assert "Cherchez votre collectivité, puis choisissez-la dans la liste." in (
        response.content.decode()
    )
    response = client.post(step(2), {"authority_search": "zzzz", "search": "1"})
    assert "Aucune collectivité de ce nom ou de ce code" in response.content.decode()


def test_a_second_request_for_the_same_address_is_refused(client, poitiers):
    ask_for_an_account(client, poitiers)
    response = ask_for_an_account(client, poitiers, email="camille.martin@POITIERS.fr")
    assert "Une demande pour cette adresse attend déjà" in response.content.decode()
    assert AccessRequest.objects.count() == 1


def test_an_address_with_an_account_is_sent_to_sign_in(client, poitiers):
    UserFactory(email="camille.martin@poitiers.fr")
    response = ask_for_an_account(client, poitiers)
    assert "Un compte existe déjà pour cette adresse" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_a_refusal_needs_a_message_and_emails_it(
    client, poitiers, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_an_account(client, poitiers)
    request = AccessRequest.objects.get()
    client.force_login(administrator)
    url = reverse("accounts:request", args=[request.pk])
    response = client.post(url, {"decision": "refuse", "message": "  "})
    assert "Dites à la personne pourquoi sa demande est refusée." in response.content.decode()
    request.refresh_from_db()
    assert request.state == AccessRequest.State.PENDING

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "refuse", "message": "Merci de passer par votre DGS."})
    request.refresh_from_db()
    assert request.state == AccessRequest.State.REFUSED
    assert request.decided_by == administrator
    (refusal,) = mailoutbox
    assert refusal.to == ["camille.martin@poitiers.fr"]
    assert "Merci de passer par votre DGS." in refusal.body
    assert not get_user_model().objects.filter(username="camille.martin@poitiers.fr").exists()
    # Decided once: no more buttons, and a second decision changes nothing.
    assert 'value="accept"' not in client.get(url).content.decode()
    client.post(url, {"decision": "accept"})
    request.refresh_from_db()
    assert request.state == AccessRequest.State.REFUSED


def test_an_administrator_invites_an_analyst(
    client, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invite"),
            {
                "email": "Alix.Dupont@diplomatie.gouv.fr",
                "first_name": "Alix",
                "last_name": "Dupont",
                "function": "Statisticienne",
                "role": Role.ANALYST,
                "message": "Pour les statistiques annuelles.",
            },
            follow=True,
        )
    assert "Invitation envoyée à alix.dupont@diplomatie.gouv.fr." in response.content.decode()
    request = AccessRequest.objects.get()
    assert request.invited_by == administrator
    assert request.state == AccessRequest.State.ACCEPTED
    user = get_user_model().objects.get(username="alix.dupont@diplomatie.gouv.fr")
    assert user.memberships.get().role == Role.ANALYST
    (invitation,) = mailoutbox
    assert "Pour les statistiques annuelles." in invitation.body
    assert "/mot-de-passe/nouveau/" in links_in(invitation)[0]


def test_an_invitation_of_an_editor_finds_the_authority_without_javascript(
    client, administrator, poitiers
):
    client.force_login(administrator)
    data = {
        "email": "redaction@poitiers.fr",
        "first_name": "Dominique",
        "last_name": "Bernard",
        "function": "Directrice des relations internationales",
        "role": Role.EDITOR,
        "authority_search": "86194",
    }
    found = client.post(reverse("accounts:invite"), {**data, "search": "1"})
    html = found.content.decode()
    assert "Poitiers (commune, Vienne)" in html
    assert 'value="Dominique"' in html  # the other answers are kept
    response = client.post(reverse("accounts:invite"), data)
    assert "Choisissez la collectivité du rédacteur." in response.content.decode()
    client.post(reverse("accounts:invite"), {**data, "french_authority": poitiers.pk})
    user = get_user_model().objects.get(username="redaction@poitiers.fr")
    assert user.memberships.get().french_authority == poitiers


def test_an_invitation_adds_a_role_to_an_existing_account(client, administrator, poitiers, lyon):
    editor = person(Role.EDITOR, lyon, user__email="elu@lyon.fr")
    client.force_login(administrator)
    client.post(
        reverse("accounts:invite"),
        {
            "email": "ELU@lyon.fr",
            "first_name": "Sacha",
            "last_name": "Petit",
            "function": "Adjoint",
            "role": Role.EDITOR,
            "french_authority": poitiers.pk,
        },
    )
    assert {m.french_authority for m in editor.memberships.all()} == {lyon, poitiers}
    assert get_user_model().objects.filter(email="elu@lyon.fr").count() == 1


def test_only_administrators_see_and_decide_requests(client, poitiers, analyst, someone):
    ask_for_an_account(client, poitiers)
    request = AccessRequest.objects.get()
    urls = [
        reverse("accounts:requests"),
        reverse("accounts:request", args=[request.pk]),
        reverse("accounts:invite"),
    ]
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))
    for user in (analyst, someone, person(Role.EDITOR, poitiers)):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(urls[1], {"decision": "accept"}).status_code == 403
    request.refresh_from_db()
    assert request.state == AccessRequest.State.PENDING


def test_superusers_are_told_of_requests_too(
    client, poitiers, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    superuser = UserFactory(email="root@atlas.example.fr", is_superuser=True)
    UserFactory(email="sans-role@atlas.example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        ask_for_an_account(client, poitiers)
    (message,) = mailoutbox
    assert sorted(message.to) == sorted([administrator.email, superuser.email])
    # In French, then in English, each with its link.
    french, english = message.body.split("\n---\n")
    assert "/fr/espace/" in french and "/en/" in english


def test_accepting_a_person_who_has_an_account_adds_the_role_and_says_sign_in(
    client, poitiers, lyon, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_an_account(client, poitiers)
    existing = person(Role.EDITOR, lyon, user__email="camille.martin@poitiers.fr")
    client.force_login(administrator)
    request = AccessRequest.objects.get()
    page = client.get(reverse("accounts:request", args=[request.pk])).content.decode()
    assert "Cette adresse a déjà un compte" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:request", args=[request.pk]), {"decision": "accept"})
    assert {m.french_authority for m in existing.memberships.all()} == {lyon, poitiers}
    existing.refresh_from_db()
    assert existing.check_password("mot-de-passe-de-test")  # untouched
    (welcome,) = mailoutbox
    assert links_in(welcome)[0] == reverse("accounts:sign_in")


def test_an_invitation_waits_for_a_pending_request_to_be_decided(client, poitiers, administrator):
    ask_for_an_account(client, poitiers)
    client.force_login(administrator)
    response = client.post(
        reverse("accounts:invite"),
        {**CAMILLE, "role": Role.EDITOR, "french_authority": poitiers.pk},
    )
    assert "Une demande de cette personne attend déjà" in response.content.decode()
    assert AccessRequest.objects.count() == 1
