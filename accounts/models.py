"""Who may write what: people's roles over French authorities and countries, the requests
to get an account, and each authority's people in charge.

A person signs in with Django's ``User`` (the e-mail is the user name, lower-cased); what
they may do comes from their ``Membership`` rows, one per role and scope, read by
``accounts.permissions``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("Rédacteur d'une collectivité")
    CORRESPONDENT = "correspondent", _("Correspondant d'ambassade")
    ADMINISTRATOR = "administrator", _("Administrateur")
    ANALYST = "analyst", _("Analyste")


# Which scope each role is given over: one French authority, one country, or none (all).
SCOPED_BY = {
    Role.EDITOR: "french_authority",
    Role.CORRESPONDENT: "country",
    Role.ADMINISTRATOR: None,
    Role.ANALYST: None,
}


def _one_scope_per_role() -> models.CheckConstraint:
    """An editor names one authority, a correspondent one country, the others neither."""
    return models.CheckConstraint(
        condition=(
            Q(role=Role.EDITOR, french_authority__isnull=False, country__isnull=True)
            | Q(role=Role.CORRESPONDENT, country__isnull=False, french_authority__isnull=True)
            | Q(
                role__in=[Role.ADMINISTRATOR, Role.ANALYST],
                country__isnull=True,
                french_authority__isnull=True,
            )
        ),
        name="%(class)s_scope_fits_role",
        violation_error_message=_(
            "Un rédacteur est rattaché à une collectivité, un correspondant à un pays ; "
            "un administrateur ou un analyste à aucun des deux."
        ),
    )


class Membership(models.Model):
    """One role of a person, over one scope: a French authority (editor), a country
    (embassy correspondent), or the whole atlas (administrator, analyst)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    french_authority = models.ForeignKey(
        "territories.FrenchAuthority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("collectivité"),
    )
    country = models.ForeignKey(
        "territories.Country",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("pays"),
    )
    function = models.CharField(_("fonction"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rôle d'une personne")
        verbose_name_plural = _("rôles des personnes")
        constraints = [
            _one_scope_per_role(),
            # One per role and scope; three partial constraints rather than NULLS NOT
            # DISTINCT, which SQLite does not have.
            models.UniqueConstraint(
                fields=["user", "role", "french_authority"],
                condition=Q(french_authority__isnull=False),
                name="membership_once_per_authority",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "country"],
                condition=Q(country__isnull=False),
                name="membership_once_per_country",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(french_authority__isnull=True, country__isnull=True),
                name="membership_once_unscoped",
            ),
        ]

    def __str__(self) -> str:
        scope = self.french_authority or self.country
        return f"{self.user} · {self.get_role_display()}" + (f" · {scope}" if scope else "")


class AccessRequest(models.Model):
    """A request for an account, in the former Atlas's three steps (role, then the
    authority or the country, then name and function), accepted or refused by an
    administrator with a message. An invitation is a request an administrator made."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    email = models.EmailField(_("adresse électronique"))
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    french_authority = models.ForeignKey(
        "territories.FrenchAuthority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collectivité"),
    )
    country = models.ForeignKey(
        "territories.Country",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pays"),
    )
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    function = models.CharField(_("fonction"), max_length=200)
    state = models.CharField(
        _("état"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    message = models.TextField(_("message de l'administrateur"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitée par"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traitée par"),
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande de compte")
        verbose_name_plural = _("demandes de compte")
        constraints = [
            _one_scope_per_role(),
            # Addresses are stored lower-cased (accounts.services): one waiting request
            # each, even when the form is sent twice at the same moment.
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(state="pending"),
                name="access_request_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} <{self.email}> · {self.get_role_display()}"

    @property
    def scope(self):
        return self.french_authority or self.country


class PersonInCharge(models.Model):
    """An elected official or a member of staff in charge of an authority's
    international action, as its editors keep them current."""

    class Kind(models.TextChoices):
        ELECTED = "elected", _("Élu")
        STAFF = "staff", _("Agent")

    french_authority = models.ForeignKey(
        "territories.FrenchAuthority",
        on_delete=models.CASCADE,
        related_name="people_in_charge",
        verbose_name=_("collectivité"),
    )
    kind = models.CharField(_("qualité"), max_length=10, choices=Kind.choices)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    function = models.CharField(_("fonction"), max_length=200)
    email = models.EmailField(_("adresse électronique"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        ordering = ["french_authority", "kind", "position", "pk"]
        verbose_name = _("personne en charge")
        verbose_name_plural = _("personnes en charge")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.function})"
