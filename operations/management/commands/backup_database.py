"""python manage.py backup_database FILE [--force]"""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from operations.backups import BackupError, backup, describe


class Command(BaseCommand):
    # A backup must not wait for the rest of the configuration to pass its checks.
    requires_system_checks = []

    @property
    def help(self):  # translated when asked for, not at import
        return _(
            "Sauvegarde la base de données dans un fichier, pendant que le site tourne : copie "
            "en ligne de SQLite (API de sauvegarde), pg_dump --format=custom pour PostgreSQL. "
            "Le fichier s'écrit sous un nom temporaire puis est renommé. À restaurer avec "
            "restore_database (docs/backups.md)."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("fichier de sauvegarde à écrire"))
        parser.add_argument(
            "--force", action="store_true", help=_("remplacer le fichier s'il existe")
        )
        parser.add_argument(
            "--database", default="default", help=_("base à sauvegarder (défaut : default)")
        )

    def handle(self, *args, file, force, database, **options):
        try:
            self.stdout.write(
                _("Sauvegarde de la base %(database)s vers %(file)s…")
                % {"database": describe(database), "file": file}
            )
            done = backup(file, force=force, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Sauvegarde écrite : %(path)s, %(size)s en %(seconds)s s.")
            % {
                "path": done.path,
                "size": filesizeformat(done.size),
                "seconds": number_format(done.seconds, 1),
            }
        )
