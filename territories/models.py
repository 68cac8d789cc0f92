"""Places: zones, countries, French and foreign authorities, French embassies."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atlas.text import normalize_name
from atlas.translated import TranslatedName

from .matching import authority_match_key


def _coordinates_constraints(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            name=f"{prefix}_latitude_range",
        ),
        models.CheckConstraint(
            condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            name=f"{prefix}_longitude_range",
        ),
    ]


class Zone(TranslatedName):
    """A geographic zone used to split statistics and open data (e.g. "Afrique subsaharienne")."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("zone géographique")
        verbose_name_plural = _("zones géographiques")


class Country(TranslatedName):
    """A country of ISO 3166-1, keyed by its alpha-2 code as the API exposes it."""

    code = models.CharField(_("code ISO alpha-2"), max_length=2, primary_key=True)
    iso3 = models.CharField(_("code ISO alpha-3"), max_length=3, unique=True)
    numeric = models.CharField(_("code ISO numérique"), max_length=3, unique=True)
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="countries",
        verbose_name=_("zone"),
    )
    capital = models.CharField(_("capitale"), max_length=120, blank=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = pgettext_lazy("un pays", "pays")
        verbose_name_plural = pgettext_lazy("des pays", "pays")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso2"
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("explore:country", kwargs={"code": self.code})


class CountryAlias(models.Model):
    """Another spelling of a country met in Atlas pages ("Viêt Nam", "Vietnam", "RDC")."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(_("graphie"), max_length=255)
    normalized = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = _("autre nom de pays")
        verbose_name_plural = _("autres noms de pays")

    def __str__(self) -> str:
        return f"{self.alias} → {self.country_id}"

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.alias)
        super().save(*args, **kwargs)


class FrenchAuthority(models.Model):
    """A French local authority or grouping of authorities (official geographic code)."""

    class Kind(models.TextChoices):
        REGION = "region", _("Région")
        DEPARTEMENT = "departement", _("Département")
        COMMUNE = "commune", _("Commune")
        METROPOLE = "metropole", _("Métropole")
        CU = "cu", _("Communauté urbaine")
        CA = "ca", _("Communauté d'agglomération")
        CC = "cc", _("Communauté de communes")
        EPT = "ept", _("Établissement public territorial")
        COM = "com", _("Collectivité d'outre-mer")
        OTHER = "other", _("Autre collectivité ou groupement")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(_("nom"), max_length=255)
    # The name without its legal form ("CU du Grand Poitiers" -> "grand poitiers").
    normalized_name = models.CharField(max_length=255, db_index=True, editable=False)
    # Identity in the official geographic code ("commune-86194", "epci-200069854"), so that
    # reloading it updates rather than duplicates; empty for authorities added by hand.
    reference_key = models.CharField(max_length=40, blank=True, editable=False)
    slug = models.SlugField(max_length=120, editable=False)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    departement = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Kind.DEPARTEMENT},
        verbose_name=_("département"),
    )
    region = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Kind.REGION},
        verbose_name=_("région"),
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    needs_review = models.BooleanField(
        _("à vérifier"),
        default=False,
        help_text=_("Créée par un import sans correspondance dans le code officiel géographique."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("collectivité française")
        verbose_name_plural = _("collectivités françaises")
        constraints = [
            # Région 75 and département 75 share a code: unique per kind only.
            models.UniqueConstraint(
                fields=["kind", "insee_code"],
                condition=~Q(insee_code=""),
                name="french_authority_unique_insee_code_per_kind",
            ),
            models.UniqueConstraint(
                fields=["siren"], condition=~Q(siren=""), name="french_authority_unique_siren"
            ),
            models.UniqueConstraint(
                fields=["reference_key"],
                condition=~Q(reference_key=""),
                name="french_authority_unique_reference_key",
            ),
            models.CheckConstraint(
                condition=Q(siren="") | Q(siren__regex=r"^[0-9]{9}$"),
                name="french_authority_siren_nine_digits",
            ),
            *_coordinates_constraints("french_authority"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = authority_match_key(self.name)[0]
        self.slug = slugify(self.name)[:120] or "collectivite"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("explore:french_authority", kwargs={"pk": self.pk, "slug": self.slug})


class ForeignAuthority(models.Model):
    """A local authority abroad, partner of French ones."""

    name = models.CharField(_("nom"), max_length=255)
    normalized_name = models.CharField(max_length=255, editable=False)
    slug = models.SlugField(max_length=120, editable=False)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="foreign_authorities",
        verbose_name=pgettext_lazy("un pays", "pays"),
    )
    kind = models.CharField(_("type"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # The GeoNames town it was placed from (a form's suggestion, the demo), for open data
    # that names places by a shared identifier; empty for partners placed otherwise.
    geonames_id = models.PositiveIntegerField(_("identifiant GeoNames"), null=True, blank=True)
    # Created by `generate_demo` (a real town, a fictitious partnership).
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("collectivité étrangère")
        verbose_name_plural = _("collectivités étrangères")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "normalized_name"], name="foreign_authority_unique_per_country"
            ),
            *_coordinates_constraints("foreign_authority"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        self.slug = slugify(self.name)[:120] or "collectivite"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("explore:foreign_authority", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def kind_label(self) -> str:
        """Its kind in the page's language when it is a usual one ("Ville" reads "Town" in
        English), as declared otherwise."""
        return str(FOREIGN_KINDS.get(normalize_name(self.kind), self.kind))


# The usual kinds of foreign partners, as declarations write them (normalized).
FOREIGN_KINDS = {
    "ville": _("Ville"),
    "commune": _("Commune"),
    "municipalite": _("Municipalité"),
    "province": _("Province"),
    "region": _("Région"),
    "district": _("District"),
    "departement": _("Département"),
    "etat": _("État"),
    "comte": _("Comté"),
}


class DiplomaticPost(models.Model):
    """A French embassy ("Ambassade de France à Buenos Aires") and the country it covers."""

    name = models.CharField(_("nom"), max_length=255, unique=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diplomatic_posts",
        verbose_name=pgettext_lazy("un pays", "pays"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("poste diplomatique")
        verbose_name_plural = _("postes diplomatiques")

    def __str__(self) -> str:
        return self.name


class DiplomaticContact(models.Model):
    """A person of an embassy whom authorities can reach about their partnerships."""

    class Role(models.TextChoices):
        CORRESPONDENT = "correspondent", _("Correspondant coopération décentralisée")
        COUNSELLOR = "counsellor", _("Conseiller de coopération et d'action culturelle")
        OTHER = "other", _("Autre fonction")

    post = models.ForeignKey(DiplomaticPost, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("fonction"), max_length=20, choices=Role.choices)
    role_title = models.CharField(
        _("intitulé de la fonction"),
        max_length=255,
        blank=True,
        help_text=_("Pour une fonction autre que les deux fonctions usuelles."),
    )
    name = models.CharField(_("nom"), max_length=255)
    email = models.EmailField(_("courriel"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["post", "position", "pk"]
        verbose_name = _("contact d'un poste diplomatique")
        verbose_name_plural = _("contacts des postes diplomatiques")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def role_label(self) -> str:
        return self.role_title if self.role == self.Role.OTHER else self.get_role_display()
