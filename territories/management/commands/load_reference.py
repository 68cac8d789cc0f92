"""Load every committed reference table; safe to run again at any time."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from nomenclature import reference as nomenclature_reference
from territories import reference as territories_reference
from territories.embassies import load_embassies

STEPS = [
    territories_reference.load_zones,
    territories_reference.load_countries,
    territories_reference.load_country_aliases,
    territories_reference.load_french_authorities,
    load_embassies,
    nomenclature_reference.load_partnership_types,
    nomenclature_reference.load_volunteer_schemes,
    nomenclature_reference.load_funder_kinds,
    nomenclature_reference.load_sdg_goals,
    nomenclature_reference.load_themes,
]


class Command(BaseCommand):
    help = "Charge les données de référence (zones, pays, nomenclatures). Idempotent."

    def handle(self, *args, **options):
        for step in STEPS:
            started = time.perf_counter()
            with transaction.atomic():
                results = step()
            for result in results if isinstance(results, list) else [results]:
                self.stdout.write(str(result))
            self.stdout.write(f"  ({time.perf_counter() - started:.1f} s)")
