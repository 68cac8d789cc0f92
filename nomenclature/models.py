"""Nomenclatures maintained by the ministry: themes, partnership types, volunteer schemes,
kinds of funders; and the UN Sustainable Development Goals the themes map to."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from atlas.translated import TranslatedName

REVIEW_HELP = _("Créé par un import à partir d'un libellé inconnu ; à rattacher ou traduire.")


class Theme(TranslatedName):
    """A node of the three-level thematic tree.

    Thématique > sous-thématique > sous-sous-thématique.

    Level 1 nodes have no parent; a node's level is its parent's plus one.
    """

    MAX_LEVEL = 3

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thème parent"),
    )
    # Identity in nomenclature/data/themes.csv; empty for entries created by an import.
    code = models.SlugField(_("code"), max_length=60, blank=True)
    level = models.PositiveSmallIntegerField(_("niveau"))
    dac_code = models.CharField(
        _("code objet CAD (OCDE)"),
        max_length=5,
        blank=True,
        help_text=_("Code à cinq chiffres de la liste « Sector » de l'IATI."),
    )
    sdg_goals = models.JSONField(_("objectifs de développement durable"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    needs_review = models.BooleanField(_("à vérifier"), default=False, help_text=REVIEW_HELP)

    class Meta:
        ordering = ["level", "position", "name_fr"]
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3), name="theme_level_between_1_and_3"
            ),
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="theme_only_level_1_has_no_parent",
            ),
            # Two partial constraints because NULL parents are never equal in SQL.
            models.UniqueConstraint(
                fields=["name_fr"],
                condition=Q(parent__isnull=True),
                name="theme_unique_root_name",
            ),
            models.UniqueConstraint(
                fields=["parent", "name_fr"],
                condition=Q(parent__isnull=False),
                name="theme_unique_name_among_siblings",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="theme_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(dac_code="") | Q(dac_code__regex=r"^[0-9]{5}$"),
                name="theme_dac_code_five_digits",
            ),
        ]

    def ancestors_and_self(self) -> list["Theme"]:
        chain = [self]
        while chain[0].parent_id is not None:
            chain.insert(0, chain[0].parent)
        return chain

    def path(self) -> list[str]:
        """French labels from level 1 down to this node, as the JSON contract writes them."""
        return [node.name_fr for node in self.ancestors_and_self()]

    def save(self, *args, **kwargs):
        self.level = 1 if self.parent is None else self.parent.level + 1
        super().save(*args, **kwargs)


class PartnershipType(TranslatedName):
    """The form a partnership takes: decentralised cooperation project, twinning ..."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    needs_review = models.BooleanField(_("à vérifier"), default=False, help_text=REVIEW_HELP)

    class Meta:
        ordering = ["position", "name_fr"]
        verbose_name = _("type de partenariat")
        verbose_name_plural = _("types de partenariat")
        constraints = [
            models.UniqueConstraint(fields=["name_fr"], name="partnership_type_unique_name"),
        ]


class VolunteerScheme(TranslatedName):
    """A volunteering scheme (VSI, service civique ...) under which volunteers serve."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    needs_review = models.BooleanField(_("à vérifier"), default=False, help_text=REVIEW_HELP)

    class Meta:
        ordering = ["position", "name_fr"]
        verbose_name = _("dispositif de volontariat")
        verbose_name_plural = _("dispositifs de volontariat")
        constraints = [
            models.UniqueConstraint(fields=["name_fr"], name="volunteer_scheme_unique_name"),
        ]


class FunderKind(TranslatedName):
    """What kind of body a funder is: a French authority, the State, a water agency ..."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "name_fr"]
        verbose_name = _("type de financeur")
        verbose_name_plural = _("types de financeur")


class SustainableDevelopmentGoal(TranslatedName):
    """One of the 17 UN Sustainable Development Goals, as IATI's ``UNSDG-Goals`` codelist
    names them; themes list the goals they serve (``Theme.sdg_goals``)."""

    code = models.PositiveSmallIntegerField(_("numéro"), primary_key=True)
    # A goal's name is a sentence (285 characters for goal 16 in French).
    name_fr = models.TextField(_("nom (français)"))
    name_en = models.TextField(_("nom (anglais)"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("objectif de développement durable")
        verbose_name_plural = _("objectifs de développement durable")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=1, code__lte=17), name="sdg_goal_between_1_and_17"
            ),
        ]
