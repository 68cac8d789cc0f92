"""What the search reads for each partnership: its text, and its facet values as tokens."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One row per partnership, rewritten whenever the partnership or its partners change.

    ``title`` and ``body`` feed the full-text index (an FTS5 table on SQLite, an
    expression GIN index on PostgreSQL, both kept up to date by the database itself).
    ``facets`` holds the partnership's facet values as space-separated ``name:value``
    tokens spelled like the search URL's parameters (``country:BF theme:eau-assainissement``),
    which the in-memory facet index reads in one pass. Every change to this table stamps
    the time in ``search_state`` (a trigger), which tells each process its index is stale.
    """

    project = models.OneToOneField(
        "partnerships.Project",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    title = models.TextField(_("titre"))
    body = models.TextField(_("texte indexé"))
    facets = models.TextField(_("valeurs des facettes"))
    published = models.BooleanField(default=False)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")

    def __str__(self) -> str:
        return self.title
