"""A person holds a role over a scope once, on SQLite as on PostgreSQL."""

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Membership, Role
from tests.factories import FrenchAuthorityFactory, UserFactory


@pytest.mark.parametrize(
    "scope",
    [{"role": Role.ADMINISTRATOR}, {"role": Role.CORRESPONDENT, "country_id": "ML"}, "editor"],
)
def test_the_same_role_over_the_same_scope_is_held_once(reference_data, scope):
    if scope == "editor":
        scope = {"role": Role.EDITOR, "french_authority": FrenchAuthorityFactory()}
    user = UserFactory()
    Membership.objects.create(user=user, **scope)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, **scope)


def test_the_same_role_over_two_scopes_is_two_memberships(reference_data):
    user = UserFactory()
    Membership.objects.create(user=user, role=Role.CORRESPONDENT, country_id="ML")
    Membership.objects.create(user=user, role=Role.CORRESPONDENT, country_id="SN")
    Membership.objects.create(user=user, role=Role.ANALYST)
    assert user.memberships.count() == 3
