"""Reference entries that legacy imports created, for administrators to review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nomenclature.models import PartnershipType, Theme, VolunteerScheme
from partnerships.models import Project
from territories.models import DiplomaticPost, ForeignAuthority, FrenchAuthority

# The kinds of entries an import creates when a page names one the database does not know,
# each with the field of ImportedEntry that points to it.
ENTRY_FIELDS = {
    Theme: "theme",
    PartnershipType: "partnership_type",
    VolunteerScheme: "volunteer_scheme",
    FrenchAuthority: "french_authority",
    ForeignAuthority: "foreign_authority",
    DiplomaticPost: "diplomatic_post",
}


def _entry(model, verbose_name):
    # Deleting a junk entry deletes its record here too; one record per entry.
    return models.OneToOneField(
        model,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class ImportedEntryQuerySet(models.QuerySet):
    def to_review(self):
        return self.filter(reviewed=False)

    def mark_reviewed(self, user) -> int:
        """Mark these entries reviewed by ``user``, and the entries themselves no longer
        awaiting review where their model says so (``needs_review``). Returns how many
        were waiting."""
        waiting = list(self.to_review())
        for entry in waiting:
            target = entry.target
            if getattr(target, "needs_review", False):
                type(target).objects.filter(pk=target.pk).update(needs_review=False)
        return self.filter(pk__in=[entry.pk for entry in waiting]).update(
            reviewed=True, reviewed_by=user, reviewed_at=timezone.now()
        )


class ImportedEntry(models.Model):
    """A theme, partnership type, volunteer scheme, authority or embassy that an import
    created because a page named one the database did not know.

    A broken page can name a paragraph as a partnership type, or an embassy with a typo
    beside the real one: each such entry waits here until an administrator has checked
    it (kept, renamed, merged or deleted), which the admin's index counts.
    """

    class Kind(models.TextChoices):  # values: the names of the fields below
        THEME = "theme", _("Thématique")
        PARTNERSHIP_TYPE = "partnership_type", _("Type de partenariat")
        VOLUNTEER_SCHEME = "volunteer_scheme", _("Dispositif de volontariat")
        FRENCH_AUTHORITY = "french_authority", _("Collectivité française")
        FOREIGN_AUTHORITY = "foreign_authority", _("Collectivité étrangère")
        DIPLOMATIC_POST = "diplomatic_post", _("Poste diplomatique")

    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    theme = _entry(Theme, _("thématique"))
    partnership_type = _entry(PartnershipType, _("type de partenariat"))
    volunteer_scheme = _entry(VolunteerScheme, _("dispositif de volontariat"))
    french_authority = _entry(FrenchAuthority, _("collectivité française"))
    foreign_authority = _entry(ForeignAuthority, _("collectivité étrangère"))
    diplomatic_post = _entry(DiplomaticPost, _("poste diplomatique"))
    source_file = models.CharField(_("fichier importé"), max_length=500, blank=True)
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partenariat importé"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    reviewed = models.BooleanField(_("vérifiée"), default=False, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vérifiée par"),
    )
    reviewed_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True)

    objects = ImportedEntryQuerySet.as_manager()

    class Meta:
        ordering = ["reviewed", "-created_at", "-pk"]
        verbose_name = _("entrée créée par un import")
        verbose_name_plural = _("entrées créées par un import")
        constraints = [
            # The entry of its kind is set, and only that one.
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(kind=name, **{f"{name}__isnull": False})
                        & Q(
                            **{
                                f"{other}__isnull": True
                                for other in ENTRY_FIELDS.values()
                                if other != name
                            }
                        )
                        for name in ENTRY_FIELDS.values()
                    ],
                    _connector=Q.OR,
                ),
                name="imported_entry_points_to_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.label}"

    @classmethod
    def for_entry(cls, entry: models.Model, **fields) -> "ImportedEntry":
        """An unsaved record of ``entry`` (a Theme, a DiplomaticPost ...)."""
        name = ENTRY_FIELDS[type(entry)]
        return cls(kind=name, **{name: entry}, **fields)

    @property
    def target(self) -> models.Model:
        return getattr(self, self.kind)

    @property
    def label(self) -> str:
        """The entry as the page named it: a theme with its path of labels."""
        target = self.target
        if isinstance(target, Theme):
            return " > ".join(target.path())
        return str(target)
