"""python manage.py atlas_summary: the atlas's headline counts as one JSON object."""

import json

from django.core.management.base import BaseCommand
from django.db.models import Count, Q

from nomenclature.models import Theme
from partnerships.models import Project, ProjectFrenchAuthority
from territories.models import Country, DiplomaticPost, ForeignAuthority, FrenchAuthority, Zone

EPCI_KINDS = ["cc", "ca", "cu", "metropole"]


def atlas_summary() -> dict:
    """Counted by the database, never by loading rows into Python."""
    kinds = FrenchAuthority.objects.aggregate(
        regions=Count("pk", filter=Q(kind="region")),
        departements=Count("pk", filter=Q(kind="departement")),
        overseas_collectivities=Count("pk", filter=Q(kind="com")),
        communes=Count("pk", filter=Q(kind="commune")),
        epci=Count("pk", filter=Q(kind__in=EPCI_KINDS)),
    )
    themes = Theme.objects.aggregate(
        **{f"level_{level}": Count("pk", filter=Q(level=level)) for level in (1, 2, 3)}
    )
    projects = Project.objects.aggregate(
        projects=Count("pk"), demo_projects=Count("pk", filter=Q(is_demo=True))
    )
    return {
        "countries": Country.objects.count(),
        "zones": Zone.objects.count(),
        **kinds,
        "embassies": DiplomaticPost.objects.count(),
        "themes": themes,
        **projects,
        "french_authorities_with_partnerships": ProjectFrenchAuthority.objects.aggregate(
            n=Count("authority", distinct=True)
        )["n"],
        "foreign_authorities": ForeignAuthority.objects.count(),
    }


class Command(BaseCommand):
    help = "Affiche les chiffres clés de l'atlas (référentiels et partenariats) en JSON."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(atlas_summary(), indent=2))
