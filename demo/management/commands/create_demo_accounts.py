"""python manage.py create_demo_accounts: one account per role over the demo portfolio."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import create_demo_accounts
from partnerships.models import Project


class Command(BaseCommand):
    help = "Crée (ou remet à zéro) un compte de démonstration par rôle, mots de passe publics."

    def handle(self, *args, **options):
        if not getattr(settings, "ATLAS_DEMO_ACCOUNTS", False):
            raise CommandError(
                "Comptes de démonstration refusés par ces réglages (ATLAS_DEMO_ACCOUNTS) : "
                "leurs mots de passe sont publics."
            )
        if not Project.objects.filter(is_demo=True).exists():
            self.stdout.write("Pas de données de démonstration : aucun compte créé.")
            return
        self.stdout.write(
            "Comptes de démonstration (mots de passe publics, démonstration seulement) :"
        )
        for account, scope in create_demo_accounts():
            where = f" — {scope}" if scope else ""
            self.stdout.write(
                f"  {account.role.label}{where}\n"
                f"    courriel : {account.email}   mot de passe : {account.password}"
            )
