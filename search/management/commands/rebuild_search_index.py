"""python manage.py rebuild_search_index [--all]"""

import time

from django.core.management.base import BaseCommand
from django.db.models import F, Q

from catalogue import events
from partnerships.models import Project
from search.documents import written_with_current_catalogue
from search.models import SearchDocument


class Command(BaseCommand):
    help = (
        "Écrit les documents de recherche des partenariats publiés qui n'en ont pas ou dont "
        "la fiche a changé depuis, et retire ceux des partenariats qui ne sont plus publiés ; "
        "--all les réécrit tous, ce qui se fait aussi quand une facette ou un champ cherché "
        "a été ajouté au catalogue. Chaque processus met son index à jour à sa requête suivante."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="réécrire tous les documents")

    def handle(self, *args, all, **options):
        started = time.perf_counter()
        if all or not written_with_current_catalogue():
            events.emit(events.Event.Kind.REBUILT, None, subject="rebuild_search_index --all")
            count = SearchDocument.objects.count()
        else:
            stale = set(
                Project.objects.published()
                .filter(
                    Q(search_document__isnull=True)
                    | ~Q(search_document__updated_at=F("updated_at"))
                )
                .values_list("pk", flat=True)
            )
            stale |= set(
                SearchDocument.objects.exclude(project__publication_state="published").values_list(
                    "project_id", flat=True
                )
            )
            events.emit(events.Event.Kind.CHANGED, stale, subject="rebuild_search_index")
            count = len(stale)
        self.stdout.write(
            f"Index de recherche : {count} document(s) écrit(s) ou retiré(s) en "
            f"{time.perf_counter() - started:.1f} s."
        )
