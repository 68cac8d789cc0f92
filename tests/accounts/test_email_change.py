"""A new e-mail address, proved by a signed link sent to it: the account's user name
follows, the old address is told; a taken address, an expired, forged or spent link are
refused with a page that says why."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.tokens import make_email_change_token
from tests.factories import UserFactory

from .conftest import PASSWORD
from .mail import links_in, sent_to

pytestmark = pytest.mark.django_db

NEW = "camille.martin@grandpoitiers.fr"


@pytest.fixture
def agent(db):
    return UserFactory(email="camille.martin@poitiers.fr")


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def ask(client, new_email=NEW, password=PASSWORD):
    return client.post(
        reverse("accounts:email_change"),
        {"new_email": new_email, "password": password},
        follow=True,
    )


def test_the_profile_links_to_the_email_and_password_changes(signed_in, agent):
    html = signed_in.get(reverse("accounts:profile")).content.decode()
    assert agent.email in html
    assert reverse("accounts:email_change") in html
    assert reverse("accounts:password_change") in html


def test_a_new_address_is_confirmed_from_the_link_sent_to_it(
    signed_in, agent, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(signed_in, "Camille.Martin@GrandPoitiers.fr")
    assert f"Un lien de confirmation est envoyé à {NEW}" in response.content.decode()
    agent.refresh_from_db()
    assert agent.email == "camille.martin@poitiers.fr"  # nothing changes before the link

    (message,) = mailoutbox
    assert message.to == [NEW]
    link = links_in(message)[0]
    assert NEW in signed_in.get(link).content.decode()  # GET asks to confirm only
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(link, follow=True)
    assert f"Votre adresse est désormais {NEW}." in response.content.decode()
    agent.refresh_from_db()
    assert (agent.email, agent.username) == (NEW, NEW)
    (notice,) = sent_to("camille.martin@poitiers.fr")
    assert NEW in notice.body

    signed_in.logout()
    response = signed_in.post(reverse("accounts:sign_in"), {"username": NEW, "password": PASSWORD})
    assert response.status_code == 302


def test_the_link_works_from_another_device_without_signing_in(client, agent):
    token = make_email_change_token(agent, NEW)
    response = client.post(reverse("accounts:email_confirm", args=[token]))
    assert response.status_code == 200
    assert "Adresse changée" in response.content.decode()
    agent.refresh_from_db()
    assert agent.username == NEW


def test_an_address_of_another_account_is_refused_in_the_form(signed_in, mailoutbox):
    UserFactory(email="deja.pris@poitiers.fr")
    response = ask(signed_in, "Deja.Pris@poitiers.fr")
    assert (
        "Cette adresse est déjà celle d&#x27;un compte de l&#x27;Atlas."
        in response.content.decode()
    )
    assert mailoutbox == []


def test_the_current_password_is_required(signed_in, mailoutbox):
    response = ask(signed_in, password="pas-le-bon")
    assert "Ce mot de passe n&#x27;est pas le vôtre." in response.content.decode()
    assert mailoutbox == []


def test_an_address_taken_after_the_link_was_sent_is_refused_on_confirmation(client, agent):
    token = make_email_change_token(agent, NEW)
    UserFactory(email=NEW)
    response = client.post(reverse("accounts:email_confirm", args=[token]))
    assert response.status_code == 400
    assert "déjà celle d&#x27;un compte" in response.content.decode()
    agent.refresh_from_db()
    assert agent.email == "camille.martin@poitiers.fr"


def test_an_expired_link_says_so(client, agent):
    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
        token = make_email_change_token(agent, NEW)
    response = client.get(reverse("accounts:email_confirm", args=[token]))
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    response = client.post(reverse("accounts:email_confirm", args=[token]))
    assert response.status_code == 400
    agent.refresh_from_db()
    assert agent.email == "camille.martin@poitiers.fr"


@pytest.mark.parametrize(
    "token", ["n-importe-quoi", "eyJ1c2VyIjoxfQ:1tZz:abc", "\x00", "①" * 50, "a" * 10_000]
)
def test_a_forged_link_says_so(client, agent, token):
    response = client.post(reverse("accounts:email_confirm", args=[token]))
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "Ce lien n&#x27;est pas valide" in response.content.decode()


def test_a_link_serves_once(client, agent):
    token = make_email_change_token(agent, NEW)
    client.post(reverse("accounts:email_confirm", args=[token]))
    response = client.post(reverse("accounts:email_confirm", args=[token]))
    assert response.status_code == 400
    assert "Ce lien a déjà servi" in response.content.decode()
    assert get_user_model().objects.filter(email=NEW).count() == 1
