"""The log of what changed in the published atlas: one event per publication, change of a
published partnership or change of a reference entry it shows, each with the partnerships
it touches, numbered in the order they were committed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Clock(models.Model):
    """One row: the version of the published atlas, the number of its last event.

    Taking the next number locks this row until the transaction ends, so versions become
    visible in the order they are numbered: a process that has read version 12 has seen
    every event up to 12.
    """

    version = models.BigIntegerField(default=0)
    # Drawn anew with each version: a number that a rolled-back transaction had taken (and a
    # process in that transaction had read) is told apart from the same number taken later.
    stamp = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("version de l'atlas publié")

    def __str__(self) -> str:
        return str(self.version)


class Event(models.Model):
    class Kind(models.TextChoices):
        PUBLISHED = "published", _("Publication")
        UNPUBLISHED = "unpublished", _("Retrait de la publication")
        CHANGED = "changed", _("Modification d'un partenariat publié")
        DELETED = "deleted", _("Suppression d'un partenariat publié")
        REFERENCE = "reference", _("Modification d'une entrée de référence")
        MERGED = "merged", _("Fusion d'entrées de référence")
        REBUILT = "rebuilt", _("Reconstruction de l'index")

    version = models.BigIntegerField(_("version"), primary_key=True)
    stamp = models.BigIntegerField(default=0)  # the clock's stamp for this version
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    # What changed beyond the partnerships: "country:BF", "theme:12 → theme:7" ...
    subject = models.CharField(_("objet"), max_length=255, blank=True)
    # Ids of the partnerships whose public data changed; null: all of them.
    projects = models.JSONField(_("partenariats"), null=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["version"]
        verbose_name = _("évènement de publication")
        verbose_name_plural = _("évènements de publication")

    def __str__(self) -> str:
        return f"{self.version} · {self.get_kind_display()} {self.subject}".strip()

    @property
    def changes_labels(self) -> bool:
        """Whether labels shown for facet values may have changed (names of countries,
        themes ...), beyond the partnerships' own data."""
        return self.kind in {self.Kind.REFERENCE, self.Kind.MERGED, self.Kind.REBUILT}
