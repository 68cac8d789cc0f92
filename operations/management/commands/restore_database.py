"""python manage.py restore_database FILE"""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from operations.backups import BackupError, describe, next_steps, restore


class Command(BaseCommand):
    # The checks would open the database before the command can say what is wrong with it.
    requires_system_checks = []

    @property
    def help(self):  # translated when asked for, not at import
        return _(
            "Restaure une sauvegarde de backup_database dans la base configurée, qui doit être "
            "vide (refusé sinon : rien n'est mêlé ni écrasé), puis dit ce qu'il reste à lancer. "
            "SQLite : copie par l'API de sauvegarde ; PostgreSQL : pg_restore en une transaction."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("fichier de sauvegarde à restaurer"))
        parser.add_argument(
            "--database", default="default", help=_("base où restaurer (défaut : default)")
        )

    def handle(self, *args, file, database, **options):
        try:
            self.stdout.write(
                _("Restauration de %(file)s dans la base %(database)s…")
                % {"file": file, "database": describe(database)}
            )
            done = restore(file, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Sauvegarde restaurée : %(size)s en %(seconds)s s.")
            % {"size": filesizeformat(done.size), "seconds": number_format(done.seconds, 1)}
        )
        steps = next_steps(database)
        self.stdout.write(_("À faire ensuite :"))
        for number, step in enumerate(steps, start=1):
            self.stdout.write(f"  {number}. {step}")
