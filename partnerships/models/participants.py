"""Who takes part in a partnership: authorities, implementing actors, contacts, volunteers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectFrenchAuthority(models.Model):
    """A French authority partner of the partnership, in the order the sheet lists them."""

    project = models.ForeignKey("Project", on_delete=models.CASCADE, related_name="french_links")
    authority = models.ForeignKey(
        "territories.FrenchAuthority", on_delete=models.PROTECT, related_name="project_links"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "authority"], name="french_partner_once"),
        ]

    def __str__(self) -> str:
        return str(self.authority)


class ProjectForeignAuthority(models.Model):
    """A foreign authority partner of the partnership, in the order the sheet lists them."""

    project = models.ForeignKey("Project", on_delete=models.CASCADE, related_name="foreign_links")
    authority = models.ForeignKey(
        "territories.ForeignAuthority", on_delete=models.PROTECT, related_name="project_links"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "authority"], name="foreign_partner_once"),
        ]

    def __str__(self) -> str:
        return str(self.authority)


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
