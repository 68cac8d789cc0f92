"""The back office the ministry uses to maintain nomenclatures and sheets."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def test_every_admin_list_and_the_imported_sheet_open(staff_client, seed_project):
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert staff_client.get(url).status_code == 200, url
    change = reverse("admin:partnerships_project_change", args=[seed_project.pk])
    response = staff_client.get(change)
    assert response.status_code == 200
    assert "Ville de Santa Fe" in response.content.decode()  # funding inline


def test_the_admin_sign_in_locks_out_after_five_wrong_passwords(client, django_user_model):
    """The admin's own sign-in form is watched as the site's is (django-axes): 50 wrong
    passwords no longer lead to the right one being accepted."""
    django_user_model.objects.create_superuser("chef", "chef@example.org", "le-bon-mot-de-passe")
    url = reverse("admin:login")
    first = Client().post(url, {"username": "chef", "password": "le-bon-mot-de-passe"})
    assert first.status_code == 302  # the right password works, before any failure
    for _attempt in range(5):
        wrong = client.post(url, {"username": "chef", "password": "pas-le-bon"})
        assert wrong.status_code in {200, 429}
    right = client.post(url, {"username": "chef", "password": "le-bon-mot-de-passe"})
    assert right.status_code == 429  # locked out: even the right password is refused
    assert "_auth_user_id" not in client.session
