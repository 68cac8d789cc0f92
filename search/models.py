"""What the search reads for each partnership: its text, and its facet values as tokens."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One row per published partnership (the public index), rewritten by each publication
    event that names it (``catalogue.events``).

    ``title`` and ``body`` feed the full-text index (an FTS5 table on SQLite, stored
    ``tsvector`` columns with GIN indexes on PostgreSQL, both kept up to date by the
    database itself). ``facets`` holds the partnership's facet values as space-separated
    tokens written by the catalogue's facets (``country:BF theme:eau-assainissement``),
    which the in-memory facet index reads in one pass.
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
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")

    def __str__(self) -> str:
        return self.title


class WrittenWith(models.Model):
    """One row: the fingerprint of the catalogue's declarations (facets, searched fields)
    the documents were written with. When a facet or a searched field is added, the
    documents lack it: ``rebuild_search_index`` then rewrites them all."""

    fingerprint = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("version des documents de recherche")

    def __str__(self) -> str:
        return self.fingerprint
