"""python manage.py validate_iati [FILE] [--now DATE]"""

import datetime
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opendata.dumps import current_dump, path_of, published_ids
from opendata.files import FILES
from opendata.iati_rules import Finding, validate

IATI_FILE = "projects.iati.xml"
SEVERITY = {"critical": "critique", "error": "erreur", "warning": "avertissement"}
EXAMPLES = 3  # contexts shown for each failing rule


class Command(BaseCommand):
    help = (
        "Vérifie un fichier IATI avec les règles du validateur de l'IATI (schéma, listes de "
        "codes, règles du standard 2.03) et résume ce qu'il y trouve ; sort en erreur s'il "
        "trouve une erreur (les avertissements sont admis). Sans fichier : le fichier IATI "
        "de l'Atlas entier, écrit par write_open_data ou à défaut produit à la volée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", type=Path, help="fichier IATI à vérifier (défaut : l'Atlas entier)"
        )
        parser.add_argument(
            "--now",
            type=datetime.datetime.fromisoformat,
            metavar="DATE",
            help="date et heure ISO 8601 que les dates ne doivent pas dépasser (défaut : "
            "maintenant ; sans fuseau : UTC)",
        )

    def handle(self, *args, file, now, **options):
        if file is None:
            document, source = self._whole_atlas()
        elif file.is_file():
            document, source = file, str(file)
        else:
            raise CommandError(f"Fichier introuvable : {file}")
        self.stdout.write(f"Fichier vérifié : {source}")
        report = validate(document, now=now)
        self.stdout.write(f"Activités vérifiées : {report.activities}")
        rank = {severity: order for order, severity in enumerate(SEVERITY)}
        counts = sorted(report.counts().items(), key=lambda item: (rank[item[0][1]], -item[1]))
        for (rule, severity, message), count in counts:
            self.stdout.write(f"  {rule} {SEVERITY[severity]} × {count} : {message}")
        examples: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
        for finding in report.errors:
            examples[finding.id, finding.severity, finding.message].append(finding)
        if examples:
            self.stdout.write("Premières erreurs :")
        for key, _count in counts:
            for finding in examples.get(key, [])[:EXAMPLES]:
                self.stdout.write(f"  {finding.id} {finding.identifier} : {finding.context}")
        if not report:
            raise CommandError(
                f"{len(report.errors)} erreur(s) : le validateur de l'IATI refuserait ce fichier."
            )
        self.stdout.write(f"Aucune erreur ({len(report.warnings)} avertissement(s)).")

    @staticmethod
    def _whole_atlas() -> tuple[Path | bytes, str]:
        """The written file while it holds today's data, otherwise the same file made now."""
        dump = current_dump(settings.ATLAS_SITE_URL)
        if dump and IATI_FILE in dump.sizes:
            return path_of(IATI_FILE), str(path_of(IATI_FILE))
        chunks = FILES[IATI_FILE].write(published_ids(), settings.ATLAS_SITE_URL)
        document = "".join(chunks).encode("utf-8")
        return document, f"{IATI_FILE} de l'Atlas entier, produit à la volée"
