"""Every page of accounts, found by walking the URL resolver: it answers, in French and in
English, with exactly one h1 and a title of its own. A page added without a sample here
fails the test."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import get_resolver, reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Role
from accounts.tokens import make_email_change_token
from tests.factories import UserFactory, account_records

pytestmark = pytest.mark.django_db


def account_routes() -> set[str]:
    resolver = get_resolver()
    return {
        f"accounts:{name}"
        for name in resolver.namespace_dict["accounts"][1].reverse_dict
        if isinstance(name, str)
    }


@pytest.fixture
def samples(poitiers, embassy_in_mali, administrator):
    records = account_records(poitiers, embassy_in_mali)
    request, mayor, contact = records["request"], records["mayor"], records["contact"]
    newcomer = UserFactory(email="nouveau@poitiers.fr")
    return {
        "accounts:request": [{"pk": request.pk}],
        "accounts:authority": [{"pk": poitiers.pk}],
        "accounts:embassy": [{"pk": embassy_in_mali.pk}],
        "accounts:person_edit": [{"pk": mayor.pk}],
        "accounts:person_delete": [{"pk": mayor.pk}],
        "accounts:contact_edit": [{"pk": contact.pk}],
        "accounts:contact_delete": [{"pk": contact.pk}],
        "accounts:sign_up_step": [{"step": 2}, {"step": 3}],
        "accounts:email_confirm": [
            {"token": make_email_change_token(administrator, "autre@atlas.example.fr")}
        ],
        "accounts:password_reset_confirm": [
            {
                "uidb64": urlsafe_base64_encode(force_bytes(newcomer.pk)),
                "token": default_token_generator.make_token(newcomer),
            }
        ],
    }


ANONYMOUS = {  # pages for people not signed in (the sign-in page sends others on)
    "accounts:sign_in",
    "accounts:sign_up",
    "accounts:sign_up_step",
    "accounts:sign_up_sent",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:email_confirm",
}
NOT_PAGES = {"accounts:sign_out", "accounts:authority_suggestions"}  # a POST; JSON


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_has_one_h1_and_its_own_title(client, samples, administrator, language):
    # The sign-up's later steps need the earlier answers.
    with translation.override(language):
        client.post(reverse("accounts:sign_up"), {"role": Role.CORRESPONDENT})
        client.post(reverse("accounts:sign_up_step", kwargs={"step": 2}), {"country": "ML"})
    names = account_routes() - NOT_PAGES
    for name in sorted(names):
        if name not in ANONYMOUS:
            client.force_login(administrator)
        for kwargs in samples.get(name, [{}]):
            with translation.override(language):
                url = reverse(name, kwargs=kwargs)
            response = client.get(url, follow=True)
            assert response.status_code == 200, (url, response.status_code)
            html = response.content.decode()
            assert len(re.findall(r"<h1[\s>]", html)) == 1, url
            assert f'<html lang="{language}"' in html, url
            title = re.search(r"<title>(.*?) — ", html, re.S)
            assert title and title.group(1).strip(), url
        client.logout()
    assert len(names) >= 20
