"""Chainable queries over partnerships."""

from django.db import models
from django.db.models import Sum


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state="published")

    def in_country(self, code: str):
        return self.filter(foreign_authorities__country_id=code.upper()).distinct()

    def with_funding_totals(self):
        return self.annotate(funding_total_eur=Sum("funding_lines__amount_eur"))
