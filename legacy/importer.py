"""Importing legacy Atlas pages: one file, one transaction, one report."""

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction

from atlas.text import normalize_name
from catalogue.representation import load_representation, says, to_plain
from catalogue.writer import ProjectWriter
from partnerships.models import Project, ProjectRevision

from . import checks
from .models import ImportedEntry
from .parser import Finding, NotAnAtlasPage, parse_legacy_page
from .vocabulary import Vocabulary

OUTCOME_LABELS = {
    "created": "créé",
    "updated": "mis à jour",
    "unchanged": "inchangé",
    "checked": "vérifié (rien n'est écrit)",
    "failed": "en échec",
}


class ReferenceDataMissing(RuntimeError):
    """Countries are needed to read partner rows; load_reference has not run."""


@dataclass
class FileReport:
    path: str
    outcome: str = "failed"
    project_id: int | None = None
    title: str = ""
    warnings: list[Finding] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        report = asdict(self)
        report["warnings"] = [asdict(w) for w in self.warnings]
        report["errors"] = [asdict(e) for e in self.errors]
        return report


def legacy_key(data: dict) -> str:
    """What identifies a sheet across re-imports: its title, its French partners and the
    year of first signature. Texts, amounts and contacts may change; those may not."""
    identity = [
        normalize_name(data.get("title") or ""),
        sorted(normalize_name(a["name"]) for a in data.get("french_authorities", [])),
        data.get("first_signature_year"),
    ]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()


class PageTooLarge(ValueError):
    """The file weighs more than a page of the former Atlas ever did."""


def read_page(path: Path, report: FileReport) -> str | None:
    # No more than the limit is read, so a huge file costs nothing (the size given is the
    # file's, unless it grows under us or is no regular file).
    with path.open("rb") as file:
        raw = file.read(checks.MAX_PAGE_BYTES + 1)
        size = max(len(raw), os.fstat(file.fileno()).st_size)
    too_large = checks.page_too_large(path.name, size)
    if too_large:
        raise PageTooLarge(too_large)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        report.warnings.append(Finding(None, "fichier non UTF-8, lu en Windows-1252"))
        return raw.decode("cp1252", errors="replace")


class LegacyImporter:
    def __init__(self, *, dry_run: bool = False):
        self.dry_run = dry_run
        self.vocabulary = Vocabulary.from_database()
        if not self.vocabulary.countries:
            raise ReferenceDataMissing(
                "aucun pays en base : lancez d'abord « python manage.py load_reference »"
            )

    def import_file(self, path: Path) -> tuple[FileReport, dict | None]:
        """Read, check and (unless dry run) write one page. Never raises for bad input:
        whatever goes wrong ends in the report, and nothing of the file is written."""
        report = FileReport(str(path))
        try:
            text = read_page(path, report)
            parsed = parse_legacy_page(text, self.vocabulary)
        except (OSError, NotAnAtlasPage, PageTooLarge) as exc:
            report.errors.append(Finding(None, str(exc)))
            return report, None
        report.title = parsed.data["title"]
        report.warnings += parsed.warnings
        report.errors += parsed.errors
        if report.errors:
            return report, None
        if self.dry_run:
            report.outcome = "checked"
            return report, parsed.data
        self.write(parsed.data, path, text, report)
        return report, parsed.data

    def write(self, data: dict, path: Path, text: str, report: FileReport) -> None:
        key = legacy_key(data)
        sha256 = hashlib.sha256(text.encode()).hexdigest()
        project = Project.objects.filter(legacy_key=key).first()
        current = load_representation(project.pk) if project else {}
        if project and says(to_plain(current), to_plain(data)):
            report.outcome, report.project_id = "unchanged", project.pk
            return
        try:
            with transaction.atomic():
                outcome = ProjectWriter().save(
                    data,
                    project=project,
                    origin=ProjectRevision.Origin.IMPORT,
                    source=str(path),
                    legacy_key=key,
                    source_sha256=sha256,
                    # The pages were public on the former Atlas: they stay public.
                    publication_state=Project.PublicationState.PUBLISHED,
                    before=current,
                )
                ImportedEntry.objects.bulk_create(
                    ImportedEntry.for_entry(entry, source_file=str(path), project=outcome.project)
                    for entry in outcome.created_entries
                )
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                prefix = "" if field_name == NON_FIELD_ERRORS else f"{field_name} : "
                report.errors += [Finding(None, prefix + message) for message in messages]
            return
        except DatabaseError as exc:
            report.errors.append(Finding(None, f"refusé par la base de données : {exc}"))
            return
        report.outcome = "created" if outcome.created else "updated"
        report.project_id = outcome.project.pk
        report.notes = outcome.notes
        report.changed_fields = sorted(outcome.changes)
        self.vocabulary.add_themes([data["theme"]["path"]] if data.get("theme") else [])
        self.vocabulary.add_themes(item["path"] for item in data.get("other_themes", []))
