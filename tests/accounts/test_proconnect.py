"""Signing in with ProConnect (OpenID Connect) against a real provider (oidc_provider.mjs),
walked with the test client and plain HTTP: who gets in, who is sent back and told why,
what the sign-in page shows, and that nothing in the callback's address makes a 500."""

import json
import logging
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import Role
from tests.factories import person

from .proconnect import CALLBACK_PATH, through_provider
from .test_sign_in import sign_in, signed_in_as

pytestmark = pytest.mark.django_db

BUTTON = "S'identifier avec ProConnect"
HOSTILE = ["\x00", "a" * 10_000, "①", "<script>x</script>"]


@pytest.fixture
def editor(poitiers):
    return person(
        Role.EDITOR, poitiers, user__email="camille.martin@poitiers.fr", user__first_name=""
    )


def sign_in_with_proconnect(client, issuer: str, login: str, **parameters):
    """The agent clicks the button, signs in on the provider as ``login``, comes back."""
    start = client.get(reverse("oidc_authentication_init"), parameters)
    assert start.status_code == 302
    return client.get(through_provider(start["Location"], issuer, login))


def error_messages(response) -> str:
    return "\n".join(str(message) for message in response.context["messages"])


# -- off unless configured -----------------------------------------------------------------

PRODUCTION_ENVIRONMENT = {
    "ATLAS_OIDC_CLIENT_ID": "atlas",
    "ATLAS_OIDC_CLIENT_SECRET": "secret",
    "ATLAS_OIDC_AUTHORIZATION_ENDPOINT": "https://proconnect.example/api/v2/authorize",
    "ATLAS_OIDC_TOKEN_ENDPOINT": "https://proconnect.example/api/v2/token",
    "ATLAS_OIDC_USER_ENDPOINT": "https://proconnect.example/api/v2/userinfo",
    "ATLAS_OIDC_JWKS_ENDPOINT": "https://proconnect.example/api/v2/jwks",
    "ATLAS_OIDC_LOGOUT_ENDPOINT": "https://proconnect.example/api/v2/session/end",
}


def base_settings_with(environment: dict) -> subprocess.CompletedProcess:
    """atlas.settings.base imported afresh, in its own process, with ``environment``."""
    read = (
        "import json; from atlas.settings import base as s; print(json.dumps("
        "[s.ATLAS_OIDC_ENABLED, s.AUTHENTICATION_BACKENDS, s.INSTALLED_APPS, "
        "s.SECURE_CSP['form-action']]))"
    )
    variables = {k: v for k, v in os.environ.items() if not k.startswith("ATLAS_OIDC_")}
    return subprocess.run(
        [sys.executable, "-c", read],
        env=variables | environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_the_environment_turns_proconnect_on_with_its_backend_right_after_axes():
    enabled, backends, apps, form_action = json.loads(
        base_settings_with(PRODUCTION_ENVIRONMENT).stdout
    )
    assert enabled
    assert backends[:2] == [
        "axes.backends.AxesStandaloneBackend",
        "accounts.oidc.ProConnectBackend",
    ]
    assert "mozilla_django_oidc" in apps
    assert "https://proconnect.example/api/v2/session/end" in form_action  # the sign-out form
    enabled, backends, apps, _form_action = json.loads(base_settings_with({}).stdout)
    assert not enabled
    assert "accounts.oidc.ProConnectBackend" not in backends
    assert "mozilla_django_oidc" not in apps


def test_a_client_id_without_the_endpoints_stops_the_start_naming_what_is_missing():
    environment = dict(PRODUCTION_ENVIRONMENT)
    del environment["ATLAS_OIDC_TOKEN_ENDPOINT"]
    started = base_settings_with(environment)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert "set ATLAS_OIDC_TOKEN_ENDPOINT too" in started.stderr


def test_while_proconnect_is_off_there_is_no_button_and_its_addresses_answer_404(client):
    html = client.get(reverse("accounts:sign_in")).content.decode()
    assert BUTTON not in html
    assert "/oidc/" not in html
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get(CALLBACK_PATH, {"code": "x", "state": "y"}).status_code == 404


def test_the_sign_in_page_offers_proconnect_above_the_password_form(client, proconnect):
    html = client.get(reverse("accounts:sign_in")).content.decode()
    assert BUTTON in html
    assert 'href="https://www.proconnect.gouv.fr/"' in html
    assert html.index(BUTTON) < html.index('name="password"')  # the password form stays


def test_the_button_brings_the_agent_back_to_the_page_that_asked_them_to_sign_in(
    client, proconnect
):
    html = client.get(reverse("accounts:sign_in"), {"next": "/fr/espace/fiches/"}).content
    assert b"/oidc/authenticate/?next=%2Ffr%2Fespace%2Ffiches%2F" in html


def test_the_request_to_proconnect_asks_for_its_scopes_with_pkce(client, proconnect):
    location = client.get(reverse("oidc_authentication_init"))["Location"]
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{proconnect}/auth?")
    assert query["scope"] == ["openid email given_name usual_name"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]


# -- who gets in ---------------------------------------------------------------------------


def test_an_editor_signs_in_with_proconnect_and_lands_on_the_dashboard(client, proconnect, editor):
    response = sign_in_with_proconnect(client, proconnect, "Camille.Martin@Poitiers.FR")
    assert response.status_code == 302
    assert response["Location"] == reverse("declarations:dashboard")
    assert signed_in_as(client) == editor
    editor.refresh_from_db()
    # The blank first name comes from ProConnect; the last name typed at sign-up stays.
    assert editor.first_name == "Camille"
    assert editor.last_name != "Martin"
    assert client.get(response["Location"]).status_code == 200


def test_proconnect_lets_in_an_account_locked_out_by_wrong_passwords(client, proconnect, editor):
    """The lockout stops password guessing; the agent proved who they are to ProConnect."""
    for _attempt in range(5):
        sign_in(client, editor.email, "pas-le-bon")
    sign_in_with_proconnect(client, proconnect, editor.email)
    assert signed_in_as(client) == editor
    assert not AccessAttempt.objects.filter(username=editor.email).exists()


# -- who is sent back, and told why ---------------------------------------------------------


def test_an_agent_without_an_account_is_sent_back_and_invited_to_ask_for_one(client, proconnect):
    response = sign_in_with_proconnect(client, proconnect, "inconnu@ministere.gouv.fr")
    assert response["Location"] == reverse("accounts:sign_in")
    page = client.get(response["Location"])
    message = error_messages(page)
    assert "Aucun compte de l'Atlas n'est ouvert pour l'adresse inconnu@ministere.gouv.fr" in (
        message
    )
    assert f'<a href="{reverse("accounts:sign_up")}">Demandez-en un</a>' in page.content.decode()
    assert signed_in_as(client) is None
    assert not get_user_model().objects.filter(email="inconnu@ministere.gouv.fr").exists()


def test_failed_proconnect_sign_ins_never_lock_an_address_out(client, proconnect, editor):
    """Five agents without an account behind one proxy must not lock out the sixth."""
    for number in range(6):
        sign_in_with_proconnect(client, proconnect, f"agent{number}@ministere.gouv.fr")
    assert AccessAttempt.objects.count() == 0
    sign_in_with_proconnect(client, proconnect, editor.email)
    assert signed_in_as(client) == editor


@pytest.mark.parametrize("login", ["unverified:camille.martin@poitiers.fr", "no-email"])
def test_an_address_missing_or_unverified_is_refused(client, proconnect, editor, login):
    response = sign_in_with_proconnect(client, proconnect, login)
    assert response["Location"] == reverse("accounts:sign_in")
    message = error_messages(client.get(response["Location"]))
    assert "ProConnect n'a pas transmis d'adresse électronique vérifiée" in message
    assert signed_in_as(client) is None


def test_a_deactivated_account_is_refused_and_told_so(client, proconnect, editor):
    editor.is_active = False
    editor.save()
    response = sign_in_with_proconnect(client, proconnect, editor.email)
    assert "Ce compte est désactivé" in error_messages(client.get(response["Location"]))
    assert signed_in_as(client) is None


# -- signing out -----------------------------------------------------------------------------


def test_signing_out_after_proconnect_goes_on_to_sign_out_of_proconnect(client, proconnect, editor):
    sign_in_with_proconnect(client, proconnect, editor.email)
    response = client.post(reverse("accounts:sign_out"))
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{proconnect}/session/end"
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert query["id_token_hint"][0].count(".") == 2  # the JWT ProConnect gave
    assert signed_in_as(client) is None


def test_signing_out_after_a_password_stays_on_the_atlas(client, proconnect, editor):
    sign_in(client, editor.email)
    response = client.post(reverse("accounts:sign_out"))
    assert response["Location"] == reverse("explore:home")


# -- hostile or broken answers: a redirect or a 400, never a 500 --------------------------------


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("parameter", ["state", "code"])
def test_nonsense_in_the_callback_is_refused_without_a_500(client, proconnect, parameter, value):
    client.get(reverse("oidc_authentication_init"))  # a state waits in the session
    response = client.get(CALLBACK_PATH, {"state": "x", "code": "y"} | {parameter: value})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response["Location"] == reverse("accounts:sign_in")
    assert signed_in_as(client) is None


@pytest.mark.parametrize("query", [{}, {"state": "x"}, {"code": "y"}, {"error": "access_denied"}])
def test_a_callback_missing_its_parameters_goes_back_to_the_sign_in_page(client, proconnect, query):
    response = client.get(CALLBACK_PATH, query)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_in")


@pytest.mark.parametrize("code", HOSTILE)
def test_a_nonsense_code_with_the_right_state_is_refused_by_the_provider_and_said_so(
    client, proconnect, code
):
    start = client.get(reverse("oidc_authentication_init"))["Location"]
    state = parse_qs(urlsplit(start).query)["state"][0]
    response = client.get(CALLBACK_PATH, {"state": state, "code": code})
    assert response["Location"] == reverse("accounts:sign_in")
    message = error_messages(client.get(response["Location"]))
    assert "La connexion avec ProConnect n'a pas abouti." in message


def test_an_unreachable_provider_sends_the_agent_back_with_a_message(
    client, proconnect, settings, editor
):
    start = client.get(reverse("oidc_authentication_init"))["Location"]
    back = through_provider(start, proconnect, editor.email)
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # nothing listens there
    response = client.get(back)
    assert response["Location"] == reverse("accounts:sign_in")
    assert signed_in_as(client) is None


def test_a_password_sign_in_whose_address_carries_a_code_never_calls_proconnect(
    client, proconnect, editor, caplog
):
    with caplog.at_level(logging.WARNING):
        response = client.post(
            reverse("accounts:sign_in") + "?code=x&state=y",
            {"username": editor.email, "password": "pas-le-bon"},
        )
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert [record for record in caplog.records if record.name == "accounts.oidc"] == []
