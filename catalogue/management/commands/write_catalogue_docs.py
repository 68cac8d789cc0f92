"""python manage.py write_catalogue_docs"""

from django.core.management.base import BaseCommand
from django.utils import translation

from catalogue.docs import documents


class Command(BaseCommand):
    help = "Réécrit les parties de docs/ tirées du catalogue (paramètres, clés du JSON)."

    def handle(self, *args, **options):
        with translation.override("fr"):
            for path, (text, refreshed) in documents().items():
                if text != refreshed:
                    path.write_text(refreshed, "utf-8")
                    self.stdout.write(f"{path.name} : réécrit")
                else:
                    self.stdout.write(f"{path.name} : à jour")
