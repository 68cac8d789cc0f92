"""One demonstration account per role, so that a newcomer can try each at once.

Only over demo data, and only where settings allow it (``ATLAS_DEMO_ACCOUNTS``, on in
development, off everywhere else): the passwords are public, written in the README.
The editor is given the French authority with the most demo partnerships, the embassy
correspondent the country with the most, so that both find work on their dashboard.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count

from accounts.models import Membership, Role
from partnerships.models import ProjectForeignAuthority, ProjectFrenchAuthority


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: Role
    first_name: str
    last_name: str


ACCOUNTS = (
    DemoAccount("redaction@demo.atlas.test", "demo-redaction", Role.EDITOR, "Camille", "Rédaction"),
    DemoAccount(
        "ambassade@demo.atlas.test", "demo-ambassade", Role.CORRESPONDENT, "Dominique", "Ambassade"
    ),
    DemoAccount(
        "administration@demo.atlas.test",
        "demo-administration",
        Role.ADMINISTRATOR,
        "Claude",
        "Administration",
    ),
    DemoAccount("analyse@demo.atlas.test", "demo-analyse", Role.ANALYST, "Alix", "Analyse"),
)


def _busiest(links, field: str):
    row = (
        links.objects.filter(project__is_demo=True)
        .values(field)
        .annotate(n=Count("project", distinct=True))
        .order_by("-n", field)
        .first()
    )
    return row[field] if row else None


@transaction.atomic
def create_demo_accounts() -> list[tuple[DemoAccount, object]]:
    """The demo accounts, created or reset (password, role); each with its scope."""
    scopes = {
        Role.EDITOR: {"french_authority_id": _busiest(ProjectFrenchAuthority, "authority_id")},
        Role.CORRESPONDENT: {"country_id": _busiest(ProjectForeignAuthority, "authority__country")},
        Role.ADMINISTRATOR: {},
        Role.ANALYST: {},
    }
    made = []
    for account in ACCOUNTS:
        user, _created = get_user_model().objects.get_or_create(
            username=account.email,
            defaults={"email": account.email},
        )
        user.first_name, user.last_name, user.email = (
            account.first_name,
            account.last_name,
            account.email,
        )
        user.is_active = True
        user.set_password(account.password)
        user.save()
        user.memberships.all().delete()
        membership = Membership.objects.create(
            user=user, role=account.role, function="Démonstration", **scopes[account.role]
        )
        made.append((account, membership.french_authority or membership.country))
    return made
