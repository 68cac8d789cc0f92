"""python manage.py import_legacy [--dry-run] [--format json|text] PATH..."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalogue.representation import dumps
from legacy.importer import OUTCOME_LABELS, LegacyImporter, ReferenceDataMissing


def collect_files(paths: list[str]) -> list[Path]:
    """Files as given, and the .txt files of folders (recursively, in name order)."""
    files = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.exists():
            files.append(path)
        else:
            raise CommandError(f"« {given} » n'existe pas.")
    return files


class Command(BaseCommand):
    help = (
        "Importe des fiches projet de l'ancien Atlas (texte des pages). Chaque fichier est "
        "importé entièrement ou pas du tout ; réimporter une fiche la met à jour."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="fichiers ou dossiers")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="lire et vérifier sans rien écrire en base",
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="text : rapport lisible ; json : avec --dry-run, la représentation JSON de "
            "chaque projet, sinon le rapport en JSON",
        )

    def handle(self, *args, paths, dry_run, format, **options):
        files = collect_files(paths)
        if not files:
            raise CommandError("Aucun fichier .txt à importer.")
        try:
            importer = LegacyImporter(dry_run=dry_run)
        except ReferenceDataMissing as exc:
            raise CommandError(str(exc)) from exc

        # With --format json, stdout carries only JSON; the human report goes to stderr.
        human = self.stderr if format == "json" else self.stdout
        reports, projects = [], []
        progress = tqdm(
            files, unit="fichier", disable=len(files) < 2, file=sys.stderr, dynamic_ncols=True
        )
        for path in progress:
            report, data = importer.import_file(path)
            reports.append(report)
            if data is not None:
                projects.append(data)
            progress.write(self.describe(report), file=human._out)

        counts = dict.fromkeys(OUTCOME_LABELS, 0)
        for report in reports:
            counts[report.outcome] += 1
        summary = f"{len(reports)} fichier(s) : " + ", ".join(
            f"{count} {OUTCOME_LABELS[outcome]}" for outcome, count in counts.items() if count
        )
        human.write(summary)

        if format == "json":
            payload = projects if dry_run else [report.as_dict() for report in reports]
            self.stdout.write(
                dumps(payload, indent=2)
                if dry_run
                else json.dumps(payload, ensure_ascii=False, indent=2)
            )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} fichier(s) en échec, rien n'en a été écrit.")

    @staticmethod
    def describe(report) -> str:
        head = f"{OUTCOME_LABELS[report.outcome]:>10}  {report.path}"
        if report.project_id:
            head += f"  → projet {report.project_id}"
        if report.title:
            title = report.title if len(report.title) <= 70 else report.title[:69] + "…"
            head += f" « {title} »"
        lines = [head]
        if report.changed_fields and report.outcome == "updated":
            lines.append("            champs modifiés : " + ", ".join(report.changed_fields))
        lines += [f"            erreur, {finding}" for finding in report.errors]
        lines += [f"            avertissement, {finding}" for finding in report.warnings]
        lines += [f"            note : {note}" for note in report.notes]
        return "\n".join(lines)
