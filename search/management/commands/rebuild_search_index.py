"""python manage.py rebuild_search_index [--all]"""

import time

from django.core.management.base import BaseCommand
from django.db.models import F, Q

from partnerships.models import Project
from search.documents import index_projects
from search.models import SearchDocument


class Command(BaseCommand):
    help = (
        "Écrit les documents de recherche des partenariats qui n'en ont pas ou dont la fiche "
        "a changé depuis ; --all les réécrit tous (après un changement de nom d'une "
        "collectivité ou d'un pays, par exemple)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="réécrire tous les documents")

    def handle(self, *args, all, **options):
        started = time.perf_counter()
        if all:
            written = index_projects()
        else:
            stale = Project.objects.filter(
                Q(search_document__isnull=True)
                | ~Q(search_document__updated_at=F("updated_at"))
                | Q(publication_state="published", search_document__published=False)
                | (~Q(publication_state="published") & Q(search_document__published=True))
            ).values_list("pk", flat=True)
            written = index_projects(list(stale))
            orphans = SearchDocument.objects.filter(project__isnull=True).delete()[0]
            written += orphans
        self.stdout.write(
            f"Index de recherche : {written} document(s) écrit(s) en "
            f"{time.perf_counter() - started:.1f} s."
        )
