"""Funding lines of a partnership and the shares raised under the "1%" laws."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

AMOUNT = {"max_digits": 14, "decimal_places": 2, "null": True, "blank": True}


class OnePercentMechanism(models.TextChoices):
    """The "1%" laws letting authorities fund cooperation from a public-service budget.

    The value is the prefix of the matching FundingLine field (``water`` -> ``water_1pct_eur``).
    """

    # The labels contain "% e" and "% d", which are not format directives.
    # xgettext:no-python-format
    WATER = "water", _("1 % eau (loi Oudin-Santini du 9 février 2005)")
    ENERGY = "energy", _("1 % énergie (amendement Pintat du 7 décembre 2006)")
    # xgettext:no-python-format
    WASTE = "waste", _("1 % déchets (loi du 7 juillet 2014)")
    MOBILITY = "mobility", _("1 % mobilité (loi du 24 décembre 2019)")

    @property
    def field_name(self) -> str:
        return f"{self.value}_1pct_eur"

    @property
    def short_label(self) -> str:
        """The label without its law ("1 % eau"), for a column header a phone can hold."""
        return {
            # xgettext:no-python-format
            "water": _("1 % eau"),
            # xgettext:no-python-format
            "energy": _("1 % énergie"),
            # xgettext:no-python-format
            "waste": _("1 % déchets"),
            # xgettext:no-python-format
            "mobility": _("1 % mobilité"),
        }[self.value]

    @property
    def law(self) -> str:
        return {
            "water": _("loi Oudin-Santini du 9 février 2005"),
            "energy": _("amendement Pintat du 7 décembre 2006"),
            "waste": _("loi du 7 juillet 2014"),
            "mobility": _("loi du 24 décembre 2019"),
        }[self.value]


ONE_PERCENT_FIELDS = [mechanism.field_name for mechanism in OnePercentMechanism]


def _share_constraints() -> list[models.CheckConstraint]:
    constraints = []
    for field in ONE_PERCENT_FIELDS:
        constraints += [
            models.CheckConstraint(
                condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                name=f"funding_{field}_not_negative",
                violation_error_message=_("Un montant « 1 % » ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(**{f"{field}__isnull": True})
                | Q(amount_eur__isnull=True)
                | Q(**{f"{field}__lte": F("amount_eur")}),
                name=f"funding_{field}_within_amount",
                violation_error_message=_(
                    "Une part « 1 % » ne peut pas dépasser le montant de sa ligne."
                ),
            ),
        ]
    return constraints


class FundingLine(models.Model):
    """One funder's contribution to a partnership, for one year."""

    project = models.ForeignKey("Project", on_delete=models.CASCADE, related_name="funding_lines")
    funder = models.CharField(_("financeur"), max_length=255)
    funder_kind = models.ForeignKey(
        "nomenclature.FunderKind",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("type de financeur"),
    )
    amount_eur = models.DecimalField(_("montant en euros"), **AMOUNT)
    # xgettext:no-python-format
    water_1pct_eur = models.DecimalField(_("dont 1 % eau (loi Oudin-Santini 2005)"), **AMOUNT)
    energy_1pct_eur = models.DecimalField(_("dont 1 % énergie (amendement Pintat 2006)"), **AMOUNT)
    # xgettext:no-python-format
    waste_1pct_eur = models.DecimalField(_("dont 1 % déchets (loi de 2014)"), **AMOUNT)
    mobility_1pct_eur = models.DecimalField(_("dont 1 % mobilité (loi de 2019)"), **AMOUNT)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("ligne de financement")
        verbose_name_plural = _("lignes de financement")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__isnull=True) | Q(amount_eur__gte=Decimal(0)),
                name="funding_amount_not_negative",
                violation_error_message=_("Un montant ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="funding_year_plausible",
            ),
            *_share_constraints(),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount_eur} €"
