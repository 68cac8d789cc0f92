"""python manage.py write_open_data [--base-url URL] [--force]"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.formats import number_format

from opendata.dumps import current_dump, directory, write_dumps


class Command(BaseCommand):
    help = (
        "Écrit les fichiers de l'Atlas entier (CSV, JSON, GeoJSON, IATI) servis tels quels "
        "tant que les données ne changent pas ; ne fait rien s'ils sont à jour (--force : "
        "les réécrire quand même). À lancer régulièrement, après chaque import par exemple."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.ATLAS_SITE_URL,
            help="adresse publique du site, pour les liens des fichiers (ATLAS_SITE_URL)",
        )
        parser.add_argument("--force", action="store_true", help="réécrire des fichiers à jour")

    def handle(self, *args, base_url, force, **options):
        base_url = base_url.rstrip("/")
        if not force and current_dump(base_url):
            self.stdout.write(f"Fichiers ouverts à jour dans {directory()}.")
            return

        def report(name: str, size: int, seconds: float) -> None:
            with translation.override("fr"):
                took = number_format(seconds, 1)
                self.stdout.write(f"  {name} : {filesizeformat(size)} en {took} s")

        self.stdout.write(f"Écriture des fichiers ouverts dans {directory()} ({base_url}) :")
        write_dumps(base_url, report)
        self.stdout.write("Fichiers ouverts écrits.")
