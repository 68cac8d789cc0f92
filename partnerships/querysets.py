"""Chainable queries over partnerships."""

from django.db import models
from django.db.models import Prefetch, Sum


class ProjectQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state="published")

    def in_country(self, code: str):
        return self.filter(foreign_authorities__country_id=code.upper()).distinct()

    def with_funding_totals(self):
        return self.annotate(funding_total_eur=Sum("funding_lines__amount_eur"))

    def with_sheet_data(self):
        """Everything the sheet, the JSON representation and exports read, in a fixed
        number of queries whatever the number of partners or funding lines."""
        from territories.models import DiplomaticContact

        return self.select_related(
            "partnership_type",
            "main_theme__parent__parent",
            "diplomatic_post__country",
        ).prefetch_related(
            "theme_links__theme__parent__parent",
            "implementing_actors",
            "french_links__authority",
            "foreign_links__authority__country",
            "foreign_contacts__authority",
            "funding_lines",
            "volunteers__scheme",
            "post_contacts",
            Prefetch(
                "diplomatic_post__contacts",
                queryset=DiplomaticContact.objects.order_by("position", "pk"),
            ),
        )
