"""python manage.py merge_entries KIND KEEP DUPLICATE"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from catalogue.references import merge
from nomenclature.models import Theme
from territories.models import Country, DiplomaticPost, ForeignAuthority, FrenchAuthority

KINDS = {  # kind -> (model, the field its entries are named by on the command line)
    "country": (Country, "code"),
    "french_authority": (FrenchAuthority, "pk"),
    "foreign_authority": (ForeignAuthority, "pk"),
    "embassy": (DiplomaticPost, "pk"),
    "theme": (Theme, "code"),
}


class Command(BaseCommand):
    help = (
        "Fusionne une entrée de référence en double (DUPLICATE) dans celle qui reste (KEEP) : "
        "partenariats, partenaires et contacts passent à KEEP, DUPLICATE est supprimée, et "
        "les partenariats publiés concernés sont réindexés. Pays et thématiques par code, "
        "les autres par identifiant."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("keep")
        parser.add_argument("duplicate")

    def handle(self, *args, kind, keep, duplicate, **options):
        model, key = KINDS[kind]
        entries = []
        for value in (keep, duplicate):
            try:
                entries.append(model.objects.get(**{key: value}))
            except (ObjectDoesNotExist, ValueError):
                raise CommandError(f"{kind} « {value} » : introuvable.") from None
        try:
            event = merge(*entries)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        count = len(event.projects) if event else 0
        self.stdout.write(
            f"« {entries[1]} » fusionnée dans « {entries[0]} » ; {count} partenariat(s) publié(s) "
            "réindexé(s)."
        )
