"""The partnership sheet itself, its secondary themes and its change history."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..querysets import ProjectQuerySet

YEAR_MIN, YEAR_MAX = 1900, 2100


class CalendarYear(models.Func):
    """The year of a date as plain SQL on every backend.

    Django's ``__year`` lookup calls a Python function on SQLite, which would make
    the CHECK constraint below unusable from any other SQLite client.
    """

    output_field = models.IntegerField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(substr(%(expressions)s, 1, 4) AS INTEGER)",
            **extra_context,
        )

    def as_sql(
        self, compiler, connection, template="EXTRACT(YEAR FROM %(expressions)s)", **extra_context
    ):
        return super().as_sql(compiler, connection, template=template, **extra_context)


END_STILL_TO_COME = _(
    "Un partenariat dont la date de fin est encore à venir est en cours, pas terminé."
)


def completed_before_its_end(
    status: str, end_date: datetime.date | None, today: datetime.date | None = None
) -> bool:
    """Whether a partnership is said to be completed while its end date is still to come.

    Such a partnership is ongoing with a planned end: the open data must not report as
    done what has not happened yet. Every path that writes a status (the model, the
    declaration form, the legacy import, the demo) asks this one function.
    """
    if status != Project.Status.COMPLETED or end_date is None:
        return False
    return end_date > (today or timezone.localdate())


def _year_in_range(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX}),
        name=f"project_{field}_plausible",
    )


class Project(models.Model):
    """One partnership sheet of the Atlas ("fiche projet")."""

    class Status(models.TextChoices):
        ONGOING = "ongoing", _("En cours")
        COMPLETED = "completed", _("Terminé")

    class PublicationState(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumis")
        PUBLISHED = "published", _("Publié")
        ARCHIVED = "archived", _("Archivé")

    title = models.CharField(_("titre"), max_length=500)
    slug = models.SlugField(max_length=80, editable=False)
    partnership_type = models.ForeignKey(
        "nomenclature.PartnershipType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("type de partenariat"),
    )
    first_signature_year = models.PositiveSmallIntegerField(
        _("année de première signature de la convention"), null=True, blank=True
    )
    start_year = models.PositiveSmallIntegerField(
        _("année de début du partenariat"), null=True, blank=True
    )
    status = models.CharField(
        _("état du partenariat"), max_length=10, choices=Status.choices, blank=True
    )
    end_date = models.DateField(_("date de fin du partenariat"), null=True, blank=True)
    triennial = models.BooleanField(_("partenariat triennal"), default=False)
    main_theme = models.ForeignKey(
        "nomenclature.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="main_projects",
        verbose_name=_("thématique principale"),
    )
    context = models.TextField(_("contexte"), blank=True)
    history = models.TextField(_("historique"), blank=True)
    objectives = models.TextField(_("objectifs du partenariat"), blank=True)
    description = models.TextField(_("description détaillée du partenariat"), blank=True)
    # Empty means "none was undertaken", which the sheet says in words.
    communication_france = models.TextField(_("communication en France"), blank=True)
    communication_partner_countries = models.TextField(
        _("communication dans les pays partenaires"), blank=True
    )
    evaluation = models.TextField(_("évaluation"), blank=True)
    diplomatic_post = models.ForeignKey(
        "territories.DiplomaticPost",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("poste diplomatique"),
    )
    french_authorities = models.ManyToManyField(
        "territories.FrenchAuthority",
        through="ProjectFrenchAuthority",
        related_name="projects",
        verbose_name=_("collectivités territoriales partenaires"),
    )
    foreign_authorities = models.ManyToManyField(
        "territories.ForeignAuthority",
        through="ProjectForeignAuthority",
        related_name="projects",
        verbose_name=_("partenaires étrangers"),
    )
    other_themes = models.ManyToManyField(
        "nomenclature.Theme",
        through="ProjectTheme",
        related_name="secondary_projects",
        verbose_name=_("autres thématiques"),
    )

    publication_state = models.CharField(
        _("état de publication"),
        max_length=10,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    # Provenance: where the sheet came from, so a re-import finds it again.
    legacy_key = models.CharField(
        _("clé de l'ancien Atlas"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )
    source_file = models.CharField(_("fichier d'origine"), max_length=500, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    # Generated by `generate_demo`: shown with a notice, removed by `generate_demo --clear`.
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False, db_index=True)

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mis à jour par"),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("partenariat")
        verbose_name_plural = _("partenariats")
        constraints = [
            _year_in_range("first_signature_year"),
            _year_in_range("start_year"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_year__isnull=True)
                | Q(start_year__lte=CalendarYear("end_date")),
                name="project_end_date_not_before_start_year",
                violation_error_message=_(
                    "La date de fin du partenariat précède son année de début."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:80].strip("-") or "partenariat"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("explore:project", kwargs={"pk": self.pk, "slug": self.slug})

    def clean(self):
        # Validation, not a CHECK constraint: SQLite refuses the current date in a CHECK
        # (it is not deterministic), so the database cannot hold this rule itself. An end
        # date its field refused is still the raw value here, and has its own error.
        end = self.end_date
        if isinstance(end, datetime.date) and completed_before_its_end(self.status, end):
            raise ValidationError({"end_date": END_STILL_TO_COME})


class ProjectTheme(models.Model):
    """A secondary theme of a partnership, with its priority (1 = most important)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="theme_links")
    theme = models.ForeignKey(
        "nomenclature.Theme",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thématique"),
    )
    priority = models.PositiveSmallIntegerField(_("priorité"), null=True, blank=True)

    class Meta:
        ordering = ["project", "priority", "pk"]
        verbose_name = _("autre thématique")
        verbose_name_plural = _("autres thématiques")
        constraints = [
            models.UniqueConstraint(fields=["project", "theme"], name="project_theme_once"),
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.priority})"


class ProjectRevision(models.Model):
    """Who changed what on a sheet and when: one row per save, with the changed fields."""

    class Origin(models.TextChoices):
        IMPORT = "import", _("Import")
        ADMIN = "admin", _("Administration")
        FORM = "form", _("Formulaire")
        API = "api", _("API")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    origin = models.CharField(_("origine"), max_length=10, choices=Origin.choices)
    source = models.CharField(_("source"), max_length=500, blank=True)
    # {"field": {"old": ..., "new": ...}} over the JSON representation's top-level keys.
    changes = models.JSONField(_("modifications"), default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("révision")
        verbose_name_plural = _("révisions")

    def __str__(self) -> str:
        return f"{self.project_id} · {self.created_at:%Y-%m-%d %H:%M} · {self.origin}"
