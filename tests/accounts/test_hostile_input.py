"""Hostile input in every form field and parameter of the accounts' pages (a NUL byte,
10 kB, a circled digit, a number beyond 64 bits): a clear form error, a 404 or a 400,
never a 500 (the test client raises the view's exception if there is one), and nothing
written."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import AccessRequest, Membership, PersonInCharge, Role
from territories.models import DiplomaticContact
from tests.factories import account_records, person

pytestmark = pytest.mark.django_db

HOSTILE = ["\x00", "a" * 10_000, "①", "9223372036854775808", "-1", "<script>x</script>"]
HUGE = 9223372036854775808


@pytest.fixture
def world(poitiers, embassy_in_mali, administrator):
    return account_records(poitiers, embassy_in_mali)


def counts():
    return (
        get_user_model().objects.count(),
        Membership.objects.count(),
        AccessRequest.objects.count(),
        PersonInCharge.objects.count(),
        DiplomaticContact.objects.count(),
    )


def shows_an_error(response) -> bool:
    html = response.content.decode()
    return "fr-error-text" in html or "fr-alert--error" in html or "Aucune collectivité" in html


ANONYMOUS_FORMS = {
    "accounts:sign_in": ["username", "password"],
    "accounts:password_reset": ["email"],
    "accounts:sign_up": ["role"],
}


@pytest.mark.parametrize("value", HOSTILE)
def test_anonymous_forms_answer_with_form_errors(client, world, value):
    before = counts()
    for name, fields in ANONYMOUS_FORMS.items():
        response = client.post(reverse(name), dict.fromkeys(fields, value))
        assert response.status_code == 200, name
        assert shows_an_error(response), name
    assert counts() == before


@pytest.mark.parametrize("value", HOSTILE)
def test_the_sign_up_steps_answer_with_form_errors(client, world, reference_data, value):
    before = counts()
    step2 = reverse("accounts:sign_up_step", kwargs={"step": 2})
    step3 = reverse("accounts:sign_up_step", kwargs={"step": 3})
    for role, field in ((Role.EDITOR, "french_authority"), (Role.CORRESPONDENT, "country")):
        client.post(reverse("accounts:sign_up"), {"role": role})
        response = client.post(step2, {"authority_search": value, field: value})
        assert response.status_code == 200
        assert shows_an_error(response)
        assert client.post(step2, {"authority_search": value, "search": "1"}).status_code == 200
    client.post(step2, {"country": "ML"})
    fields = ["first_name", "last_name", "function", "email"]
    response = client.post(step3, dict.fromkeys(fields, value))
    assert response.status_code == 200
    assert shows_an_error(response)
    assert counts() == before


@pytest.mark.parametrize("value", HOSTILE)
def test_query_parameters_are_harmless(client, world, value):
    assert client.get(reverse("accounts:authority_suggestions"), {"q": value}).json() == {
        "results": []
    }
    client.force_login(person(Role.ANALYST))
    assert client.get(reverse("accounts:scopes"), {"q": value}).status_code == 200


def test_numbers_beyond_64_bits_in_paths_give_404(client, administrator):
    client.force_login(administrator)
    for name in (
        "accounts:request",
        "accounts:authority",
        "accounts:embassy",
        "accounts:person_edit",
        "accounts:person_delete",
        "accounts:contact_edit",
        "accounts:contact_delete",
    ):
        assert client.get(reverse(name, args=[HUGE])).status_code == 404, name
        assert client.post(reverse(name, args=[HUGE])).status_code == 404, name
    step = reverse("accounts:sign_up_step", kwargs={"step": HUGE})
    assert client.get(step).status_code in (302, 404)


@pytest.mark.parametrize("uidb64", ["\x00", "①", "a" * 10_000, "OTIyMzM3MjAzNjg1NDc3NTgwOA"])
def test_a_forged_password_link_says_it_no_longer_serves(client, uidb64):
    url = reverse("accounts:password_reset_confirm", args=[uidb64, "abc-def"])
    response = client.get(url)
    assert response.status_code == 200
    assert "Ce lien ne sert plus" in response.content.decode()


@pytest.mark.parametrize("value", HOSTILE)
def test_back_office_forms_answer_with_form_errors(client, world, poitiers, embassy_in_mali, value):
    client.force_login(person(Role.ADMINISTRATOR))
    before = counts()
    person_fields = ["kind", "first_name", "last_name", "function", "email"]
    contact_fields = ["role", "role_title", "name", "email"]
    invite_fields = [
        "email",
        "first_name",
        "last_name",
        "function",
        "role",
        "authority_search",
        "french_authority",
        "country",
        "message",
    ]
    posts = [
        (reverse("accounts:authority", args=[poitiers.pk]), person_fields),
        (reverse("accounts:person_edit", args=[world["mayor"].pk]), person_fields),
        (reverse("accounts:embassy", args=[embassy_in_mali.pk]), contact_fields),
        (reverse("accounts:contact_edit", args=[world["contact"].pk]), contact_fields),
        (reverse("accounts:invite"), invite_fields),
        (reverse("accounts:email_change"), ["new_email", "password"]),
        (reverse("accounts:password_change"), ["old_password", "new_password1", "new_password2"]),
        (reverse("accounts:request", args=[world["request"].pk]), ["decision"]),
    ]
    for url, fields in posts:
        response = client.post(url, dict.fromkeys(fields, value))
        assert response.status_code == 200, url
        assert shows_an_error(response), url
    world["mayor"].refresh_from_db()
    assert world["mayor"].last_name == "M"
    assert counts() == before


@pytest.mark.parametrize("value", ["\x00", "a" * 10_000])
def test_a_refusal_message_with_a_nul_byte_or_of_10_kb_is_refused(client, world, value):
    client.force_login(person(Role.ADMINISTRATOR))
    url = reverse("accounts:request", args=[world["request"].pk])
    response = client.post(url, {"decision": "refuse", "message": value})
    assert response.status_code == 200
    assert shows_an_error(response)
    world["request"].refresh_from_db()
    assert world["request"].state == AccessRequest.State.PENDING


def test_an_overlong_address_is_refused_before_any_sign_in_is_attempted(client):
    """django-axes records attempts in a 255-character column: PostgreSQL would refuse a
    longer user name with a 500."""
    response = client.post(
        reverse("accounts:sign_in"), {"username": "a" * 10_000 + "@x.fr", "password": "x"}
    )
    assert "au plus 150 caractères" in response.content.decode()
    assert not AccessAttempt.objects.exists()
