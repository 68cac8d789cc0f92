"""python manage.py generate_demo --projects N --seed S [--clear]"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from demo.generator import DemoGenerator, ReferenceDataMissing, clear_demo_data, demo_source
from partnerships.models import Project


class Command(BaseCommand):
    help = (
        "Génère un portefeuille de démonstration déterministe (partenariats fictifs entre "
        "collectivités réelles), marqué comme tel. --clear retire les données de démonstration, "
        "et elles seules."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, help="nombre de partenariats à générer")
        parser.add_argument("--seed", type=int, default=1, help="graine (défaut : 1)")
        parser.add_argument(
            "--clear", action="store_true", help="retirer les données de démonstration existantes"
        )

    def handle(self, *args, projects, seed, clear, **options):
        if projects is None and not clear:
            raise CommandError("Indiquez --projects N, ou --clear pour retirer la démonstration.")
        if projects is not None and projects < 0:
            raise CommandError("--projects doit être un nombre positif.")
        existing = Project.objects.filter(is_demo=True)
        if (
            projects
            and not clear
            and existing.count() == projects
            and not existing.exclude(source_file=demo_source(seed)).exists()
        ):
            self.stdout.write(
                f"{projects} partenariats de démonstration (graine {seed}) déjà "
                "présents : rien à faire."
            )
            return
        if existing.exists() or clear:
            sheets, authorities = clear_demo_data()
            self.stdout.write(
                f"Démonstration retirée : {sheets} partenariats, "
                f"{authorities} collectivités étrangères."
            )
        if not projects:
            return
        try:
            generator = DemoGenerator(seed)
        except ReferenceDataMissing as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        with tqdm(total=projects, unit="partenariat", file=sys.stderr, dynamic_ncols=True) as bar:
            generator.generate(projects, progress=bar.update)
        self.stdout.write(
            f"{projects} partenariats de démonstration générés (graine {seed}) en "
            f"{time.perf_counter() - started:.1f} s."
        )
