"""The back office the ministry uses to maintain nomenclatures and sheets."""

import pytest
from django.contrib import admin
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
