"""Signing in with an e-mail address, the lockout after five failures, signing out,
passwords forgotten or changed, and the production password hasher."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.test import override_settings
from django.urls import reverse

from atlas.settings import base as base_settings
from tests.factories import UserFactory

from .conftest import PASSWORD
from .mail import links_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(db):
    return UserFactory(email="camille.martin@poitiers.fr", first_name="Camille")


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:sign_in"), {"username": email, "password": password})


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def test_the_sign_in_page_asks_for_an_email_address_and_offers_the_ways_out(client):
    html = client.get(reverse("accounts:sign_in")).content.decode()
    assert "Adresse électronique" in html
    assert reverse("accounts:password_reset") in html
    assert reverse("accounts:sign_up") in html


@pytest.mark.parametrize(
    "typed",
    ["camille.martin@poitiers.fr", "Camille.Martin@Poitiers.FR", "  CAMILLE.MARTIN@POITIERS.FR "],
)
def test_a_person_signs_in_with_their_address_in_any_case(client, agent, typed):
    response = sign_in(client, typed)
    assert response.status_code == 302
    assert signed_in_as(client) == agent


def test_a_wrong_password_says_so_without_telling_which_part_is_wrong(client, agent):
    response = sign_in(client, agent.email, "pas-le-bon")
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert signed_in_as(client) is None


def test_after_five_failures_even_the_right_password_is_refused_with_a_clear_page(client, agent):
    for _attempt in range(5):
        sign_in(client, agent.email.upper(), "pas-le-bon")
    response = sign_in(client, agent.email, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Connexion bloquée pour un moment" in html
    assert "60 minutes" in html
    assert reverse("accounts:password_reset") in html  # what to do
    assert signed_in_as(client) is None


def test_four_failures_do_not_lock_the_account_out(client, agent):
    for _attempt in range(4):
        sign_in(client, agent.email, "pas-le-bon")
    assert sign_in(client, agent.email).status_code == 302


def test_a_new_password_chosen_by_email_lifts_the_lockout(client, agent, mailoutbox):
    for _attempt in range(5):
        sign_in(client, agent.email, "pas-le-bon")
    client.post(reverse("accounts:password_reset"), {"email": agent.email})
    client.post(
        client.get(links_in(mailoutbox[0])[0]).url,
        {
            "new_password1": "Un nouveau mot de passe 42",
            "new_password2": "Un nouveau mot de passe 42",
        },
    )
    assert sign_in(client, agent.email, "Un nouveau mot de passe 42").status_code == 302


def test_sign_in_follows_a_next_page_of_the_site_but_not_another_site(client, agent):
    profile = reverse("accounts:profile")
    response = client.post(
        reverse("accounts:sign_in"),
        {"username": agent.email, "password": PASSWORD, "next": profile},
    )
    assert response.url == profile
    client.logout()
    response = client.post(
        reverse("accounts:sign_in"),
        {"username": agent.email, "password": PASSWORD, "next": "https://evil.example.com/"},
    )
    assert response.status_code == 302
    assert "evil.example.com" not in response.url


def test_sign_out_is_a_button_not_a_link(client, agent):
    client.force_login(agent)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    html = client.get(reverse("accounts:profile")).content.decode()
    assert f'action="{reverse("accounts:sign_out")}"' in html
    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert signed_in_as(client) is None


def test_a_forgotten_password_is_reset_through_the_emailed_link(client, agent, mailoutbox):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "CAMILLE.MARTIN@poitiers.fr"}
    )
    assert response.url == reverse("accounts:password_reset_done")
    (message,) = mailoutbox
    assert message.to == [agent.email]
    assert "nouveau mot de passe" in message.body
    link = links_in(message)[0]
    assert link.startswith("/fr/")
    form_page = client.get(link, follow=True)
    assert "Choisir un mot de passe" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Coopération 2026 !", "new_password2": "Coopération 2026 !"},
    )
    assert response.url == reverse("accounts:password_reset_complete")
    assert sign_in(client, agent.email, "Coopération 2026 !").status_code == 302
    # The link served once.
    client.logout()
    html = client.get(link, follow=True).content.decode()
    assert "Ce lien ne sert plus" in html


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "personne@nulle-part.fr"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_a_signed_in_person_changes_their_password(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Autre phrase 2027",
            "new_password2": "Autre phrase 2027",
        },
        follow=True,
    )
    assert "Votre mot de passe est changé." in response.content.decode()
    client.logout()
    assert sign_in(client, agent.email, "Autre phrase 2027").status_code == 302


def test_the_password_change_refuses_a_wrong_current_password(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "faux",
            "new_password1": "Autre phrase 2027",
            "new_password2": "Autre phrase 2027",
        },
    )
    assert response.status_code == 200
    agent.refresh_from_db()
    assert agent.check_password(PASSWORD)


def test_production_stores_passwords_with_argon2():
    hasher = base_settings.PASSWORD_HASHERS[0]
    assert hasher == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS):
        encoded = make_password("Coopération 2026 !")
        assert encoded.startswith("argon2$")
        assert check_password("Coopération 2026 !", encoded)
        assert not check_password("autre chose", encoded)
