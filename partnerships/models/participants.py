"""Who takes part in a partnership: authorities, implementing actors, contacts, volunteers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerLink(models.Model):
    """What links a sheet to a partner authority: its rank, and its name as the sheet
    writes it when that differs from the authority's official name ("Grand Poitiers" for
    "CU du Grand Poitiers"), so that the sheet says what its authors wrote."""

    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("nom sur la fiche"), max_length=255, blank=True)

    class Meta:
        abstract = True
        ordering = ["project", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.label or self.authority.name


class ProjectFrenchAuthority(PartnerLink):
    """A French authority partner of the partnership, in the order the sheet lists them."""

    project = models.ForeignKey("Project", on_delete=models.CASCADE, related_name="french_links")
    authority = models.ForeignKey(
        "territories.FrenchAuthority", on_delete=models.PROTECT, related_name="project_links"
    )

    class Meta(PartnerLink.Meta):
        constraints = [
            models.UniqueConstraint(fields=["project", "authority"], name="french_partner_once"),
        ]


class ProjectForeignAuthority(PartnerLink):
    """A foreign authority partner of the partnership, in the order the sheet lists them."""

    project = models.ForeignKey("Project", on_delete=models.CASCADE, related_name="foreign_links")
    authority = models.ForeignKey(
        "territories.ForeignAuthority", on_delete=models.PROTECT, related_name="project_links"
    )

    class Meta(PartnerLink.Meta):
        constraints = [
            models.UniqueConstraint(fields=["project", "authority"], name="foreign_partner_once"),
        ]


class ImplementingActor(models.Model):
    """An organisation implementing the partnership, by role."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Maître d'ouvrage")
        MANAGER = "manager", _("Maître d'œuvre")
        BENEFICIARY = "beneficiary", _("Bénéficiaire")

    project = models.ForeignKey(
        "Project", on_delete=models.CASCADE, related_name="implementing_actors"
    )
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices)
    name = models.CharField(_("nom"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "role", "position", "pk"]
        verbose_name = _("acteur de la mise en œuvre")
        verbose_name_plural = _("acteurs de la mise en œuvre")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ForeignContact(models.Model):
    """A person to contact in a foreign partner authority."""

    project = models.ForeignKey(
        "Project", on_delete=models.CASCADE, related_name="foreign_contacts"
    )
    authority = models.ForeignKey(
        "territories.ForeignAuthority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collectivité étrangère"),
    )
    last_name = models.CharField(_("nom"), max_length=255, blank=True)
    first_name = models.CharField(_("prénom"), max_length=255, blank=True)
    function = models.CharField(_("fonction"), max_length=255, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("contact dans une collectivité étrangère")
        verbose_name_plural = _("contacts dans les collectivités étrangères")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Volunteer(models.Model):
    """A volunteer involved in the partnership (VSI, service civique ...)."""

    project = models.ForeignKey("Project", on_delete=models.CASCADE, related_name="volunteers")
    last_name = models.CharField(_("nom"), max_length=255, blank=True)
    first_name = models.CharField(_("prénom"), max_length=255, blank=True)
    mission = models.CharField(_("mission"), max_length=500, blank=True)
    field_of_action = models.CharField(_("champ d'action"), max_length=500, blank=True)
    host_entity = models.CharField(_("entité d'affectation"), max_length=500, blank=True)
    scheme = models.ForeignKey(
        "nomenclature.VolunteerScheme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("dispositif"),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("volontaire")
        verbose_name_plural = _("volontaires")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PostContactAsImported(models.Model):
    """A contact of the embassy as a sheet gives it (an imported page lists the post's
    contacts of the day). Kept on the partnership: the embassy's own list
    (``territories.DiplomaticContact``) is changed only by the embassy."""

    project = models.ForeignKey("Project", on_delete=models.CASCADE, related_name="post_contacts")
    role = models.CharField(_("fonction"), max_length=255)
    name = models.CharField(_("nom"), max_length=255)
    email = models.EmailField(_("courriel"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("contact du poste diplomatique cité par la fiche")
        verbose_name_plural = _("contacts du poste diplomatique cités par la fiche")

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"
