"""Declarations: the versions of a sheet that people write, the review's comments, and
the trail of every save.

A partnership is edited through its open ``Version``: the sheet's JSON representation as
the form last saved it. While the sheet has never been published, each save also writes
the partnership itself (a draft, which the public never sees); once it is published, the
published sheet stays as it is until a reviewer publishes the version. One open version
per sheet: two people editing it share it, and its ``lock`` counter refuses the second
of two saves made from the same starting point (no lost update).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Version(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumise")
        PUBLISHED = "published", _("Publiée")
        WITHDRAWN = "withdrawn", _("Abandonnée")

    OPEN = (State.DRAFT, State.SUBMITTED)

    project = models.ForeignKey(
        "partnerships.Project", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("numéro"))
    state = models.CharField(
        _("état"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    data = models.JSONField(_("contenu"), default=dict)
    # Raised by each save; a save made from an older value is refused.
    lock = models.PositiveIntegerField(default=0)
    # The sheet's last revision when this version was started: publishing it over later
    # changes made elsewhere (an import, the admin) is refused until it is reviewed.
    base_revision = models.PositiveBigIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("modifiée par"),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("soumise par"),
    )
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traitée par"),
    )
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("version d'une fiche")
        verbose_name_plural = _("versions des fiches")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="version_number_once"),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(state__in=["draft", "submitted"]),
                name="one_open_version_per_project",
                violation_error_message=_("Cette fiche a déjà une version en cours."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.number} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN


class Comment(models.Model):
    """What a reviewer or an author said about a version; kept after the decision."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Commentaire")
        SUBMITTED = "submitted", _("Soumission")
        SENT_BACK = "sent_back", _("Renvoi à l'auteur")
        PUBLISHED = "published", _("Publication")

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("texte"), blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")

    def __str__(self) -> str:
        return f"{self.version} · {self.get_kind_display()}"


class VersionEdit(models.Model):
    """One save of an open version: who, when, and the changed keys (before → after).
    What a publication applies to the sheet is the partnership's own revision."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="edits")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    lock = models.PositiveIntegerField()  # the version's lock once saved
    changes = models.JSONField(_("modifications"), default=dict)
    # The save also wrote the sheet (never published yet): its revision tells the history.
    reached_sheet = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("modification d'une version")
        verbose_name_plural = _("modifications des versions")

    def __str__(self) -> str:
        return f"{self.version} · {self.created_at:%Y-%m-%d %H:%M}"
