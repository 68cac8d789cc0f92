"""The lists hanging off a partnership (partners, funding lines, contacts ...): for each,
where its entries come from and what every entry holds, declared once.

A list is read in bulk by ``reader.SheetReader`` (one flat query per batch of sheets); its
entries are dictionaries keyed by the names declared here. The JSON representation takes
the items marked ``json``; the list's open-data table (``funding-lines.csv`` ...) the items
marked ``exported``, in this order.
"""

from dataclasses import dataclass

from django.db.models import Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partnerships.models import (
    ForeignContact,
    FundingLine,
    ImplementingActor,
    OnePercentMechanism,
    PostContactAsImported,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectTheme,
    Volunteer,
)
from territories.models import FrenchAuthority

LINK_ORDER = ("project_id", "position", "pk")
# A partner's name as the sheet writes it, or else its official name.
NAME_ON_SHEET = Coalesce(NullIf("label", Value("")), "authority__name")


@dataclass(frozen=True)
class Item:
    """One value of a list's entries."""

    name: str
    label: Promise
    # The ORM path from the list's model (a string or an expression); None for a value
    # that is the same for every entry of the list (``constant``).
    source: str | Combinable | None = None
    type: str = "string"  # Frictionless Table Schema type: string, integer, number ...
    description: Promise | None = None  # for the open-data table; the label otherwise
    json: bool = True  # in the JSON representation's entries
    exported: bool = True  # in the list's open-data table
    decimals: int | None = None  # numbers known to a fixed precision (amounts: 2)
    choices: object = None  # a TextChoices: labels of a coded ``source``, read in French
    constant: object = None
    nullable: bool = False  # may be null in the JSON representation

    @property
    def column_description(self) -> Promise:
        return self.description or self.label

    @property
    def is_amount(self) -> bool:
        return self.type == "number" and self.decimals == 2


def Euros(name: str, label: Promise, **kwargs) -> Item:
    return Item(name, label, name, type="number", decimals=2, nullable=True, **kwargs)


@dataclass(frozen=True)
class SheetList:
    """A list of a partnership: its model, its order and its items."""

    name: str
    label: Promise
    model: type
    items: tuple[Item, ...]
    order: tuple[str, ...] = LINK_ORDER

    def item(self, name: str) -> Item:
        return next(item for item in self.items if item.name == name)

    def query(self, names: tuple[str, ...]):
        """What reads these items of the list (from the database: not constants) for a
        batch of partnerships (``among``), as rows of the partnership's id and the items,
        in the list's order."""
        sources = [self.item(name).source for name in names]
        return lambda among: (
            self.model.objects.filter(project_id__in=among)
            .order_by(*self.order)
            .values_list("project_id", *sources)
        )


SHARES = tuple(mechanism.field_name for mechanism in OnePercentMechanism)

THEME_LINKS = SheetList(
    "theme_links",
    _("Autres thématiques"),
    ProjectTheme,
    (
        Item("theme", _("Thématique"), "theme_id", type="integer"),
        Item("priority", _("Priorité"), "priority", type="integer", nullable=True),
    ),
    order=("project_id", "priority", "pk"),
)

ACTORS = SheetList(
    "actors",
    _("Acteurs de la mise en œuvre"),
    ImplementingActor,
    (
        Item("role", _("Rôle"), "role"),  # a code of ImplementingActor.Role
        Item("name", _("Nom"), "name"),
    ),
    order=("project_id", "role", "position", "pk"),
)

_PARTNER_POSITION = Item("position", _("Rang sur la fiche"), "position", type="integer", json=False)
_PARTNER_NAME = Item("name", _("Nom, comme la fiche l'écrit"), NAME_ON_SHEET)
_PARTNER_ID = Item(
    "authority_id",
    _("Identifiant de la collectivité dans l'Atlas"),
    "authority_id",
    type="integer",
    json=False,
)
_PARTNER_OFFICIAL = Item(
    "official_name", _("Nom officiel ou de référence"), "authority__name", json=False
)
# For links to the authority's page.
_PARTNER_SLUG = Item("slug", _("Adresse"), "authority__slug", json=False, exported=False)
_COORDINATES = (
    Item(
        "latitude",
        _("Latitude"),
        "authority__latitude",
        type="number",
        description=_("Latitude (WGS 84), quand elle est connue"),
        json=False,
    ),
    Item(
        "longitude",
        _("Longitude"),
        "authority__longitude",
        type="number",
        description=_("Longitude (WGS 84), quand elle est connue"),
        json=False,
    ),
)

FRENCH = SheetList(
    "french",
    _("Collectivités territoriales partenaires"),
    ProjectFrenchAuthority,
    (
        _PARTNER_POSITION,
        _PARTNER_NAME,
        _PARTNER_ID,
        _PARTNER_OFFICIAL,
        _PARTNER_SLUG,
        Item(
            "kind",
            _("Type de collectivité"),
            "authority__kind",
            description=_("Type de collectivité (code pour les françaises)"),
            json=False,
        ),
        Item(
            "kind_label",
            _("Type de collectivité"),
            "authority__kind",
            choices=FrenchAuthority.Kind,
            json=False,
        ),
        Item(
            "insee_code",
            _("Code INSEE"),
            "authority__insee_code",
            description=_("Code INSEE (collectivités françaises)"),
            json=False,
        ),
        Item(
            "siren",
            _("SIREN"),
            "authority__siren",
            description=_("SIREN (collectivités françaises)"),
            json=False,
        ),
        Item(
            "departement",
            _("Département"),
            "authority__departement__insee_code",
            json=False,
            exported=False,
        ),
        Item(
            "departement_name",
            _("Département"),
            "authority__departement__name",
            json=False,
            exported=False,
        ),
        # The département's and région's own pages, linked from the sheet.
        Item(
            "departement_id",
            _("Département"),
            "authority__departement_id",
            json=False,
            exported=False,
        ),
        Item(
            "departement_slug",
            _("Département"),
            "authority__departement__slug",
            json=False,
            exported=False,
        ),
        Item("region", _("Région"), "authority__region__insee_code", json=False, exported=False),
        Item("region_name", _("Région"), "authority__region__name", json=False, exported=False),
        Item("region_id", _("Région"), "authority__region_id", json=False, exported=False),
        Item("region_slug", _("Région"), "authority__region__slug", json=False, exported=False),
        Item(
            "country",
            _("Pays"),
            constant="FR",
            description=_("Pays (code ISO 3166 alpha-2)"),
            json=False,
        ),
        Item("country_name", _("Nom du pays"), constant="France", json=False),
        *_COORDINATES,
    ),
)

FOREIGN = SheetList(
    "foreign",
    _("Partenaires étrangers"),
    ProjectForeignAuthority,
    (
        _PARTNER_POSITION,
        _PARTNER_NAME,
        _PARTNER_ID,
        _PARTNER_OFFICIAL,
        _PARTNER_SLUG,
        Item("kind", _("Type de collectivité"), constant=None, json=False),
        # Abroad the kind is free text: a label, no code.
        Item("kind_label", _("Type de collectivité"), "authority__kind", json=False),
        Item("insee_code", _("Code INSEE"), constant=None, json=False),
        Item("siren", _("SIREN"), constant=None, json=False),
        Item(
            "country",
            _("Pays"),
            "authority__country_id",
            description=_("Pays (code ISO 3166 alpha-2)"),
        ),
        Item("country_name", _("Nom du pays"), "authority__country__name_fr", json=False),
        Item(
            "country_name_en",
            _("Nom du pays en anglais"),
            "authority__country__name_en",
            json=False,
            exported=False,
        ),
        Item(
            "zone",
            _("Zone géographique"),
            "authority__country__zone__code",
            json=False,
            exported=False,
        ),
        *_COORDINATES,
        # For open data that names the town by a shared identifier (IATI); not a column
        # of the partners' table.
        Item(
            "geonames_id",
            _("Identifiant GeoNames"),
            "authority__geonames_id",
            type="integer",
            nullable=True,
            json=False,
            exported=False,
        ),
    ),
)

CONTACTS = SheetList(
    "contacts",
    _("Contacts dans les partenaires étrangers"),
    ForeignContact,
    (
        Item("position", _("Rang sur la fiche"), "position", type="integer", json=False),
        Item(
            "authority",
            _("Collectivité étrangère"),
            "authority__name",
            description=_("Collectivité étrangère du contact"),
            nullable=True,
        ),
        Item("last_name", _("Nom"), "last_name"),
        Item("first_name", _("Prénom"), "first_name"),
        Item("function", _("Fonction"), "function"),
        Item(
            "email",
            _("Courriel"),
            "email",
            description=_("Courriel, tel que la fiche le publie"),
        ),
    ),
)

FUNDING = SheetList(
    "funding",
    _("Financement"),
    FundingLine,
    (
        Item(
            "position",
            _("Rang de la ligne sur la fiche"),
            "position",
            type="integer",
            json=False,
        ),
        Item(
            "funder", _("Financeur"), "funder", description=_("Financeur, comme la fiche le nomme")
        ),
        Item(
            "funder_kind",
            _("Type de financeur"),
            "funder_kind__code",
            description=_("Type de financeur (code)"),
            nullable=True,
        ),
        Item("funder_kind_label", _("Type de financeur"), "funder_kind__name_fr", json=False),
        Euros("amount_eur", _("Montant"), description=_("Montant en euros")),
        # xgettext:no-python-format
        Euros("water_1pct_eur", _("Dont « 1 % eau » (loi Oudin-Santini), en euros")),
        Euros("energy_1pct_eur", _("Dont « 1 % énergie » (amendement Pintat), en euros")),
        # xgettext:no-python-format
        Euros("waste_1pct_eur", _("Dont « 1 % déchets » (loi de 2014), en euros")),
        Euros("mobility_1pct_eur", _("Dont « 1 % mobilité » (loi de 2019), en euros")),
        Item("year", _("Année"), "year", type="integer", nullable=True),
    ),
)

VOLUNTEERS = SheetList(
    "volunteers",
    _("Volontaires"),
    Volunteer,
    (
        Item("last_name", _("Nom"), "last_name"),
        Item("first_name", _("Prénom"), "first_name"),
        Item("mission", _("Mission"), "mission"),
        Item("field_of_action", _("Champ d'action"), "field_of_action"),
        Item("host_entity", _("Entité d'affectation"), "host_entity"),
        Item("scheme", _("Dispositif"), "scheme__name_fr", nullable=True),
        Item("scheme_en", _("Dispositif"), "scheme__name_en", json=False, exported=False),
    ),
)

POST_CONTACTS = SheetList(
    "post_contacts",
    _("Contacts dans le poste diplomatique"),
    PostContactAsImported,
    (
        Item("role", _("Fonction"), "role"),
        Item("name", _("Nom"), "name"),
        Item("email", _("Courriel"), "email"),
    ),
)

# What a reader of sheets reads of their lists: list name -> the names of its items.
Needs = dict[str, tuple[str, ...]]


def merged(*needs: Needs) -> Needs:
    """Several needs as one (each list once, with every item any of them reads)."""
    found: dict[str, dict[str, None]] = {}
    for need in needs:
        for name, items in need.items():
            found.setdefault(name, {}).update(dict.fromkeys(items))
    return {name: tuple(items) for name, items in found.items()}


def json_items(sheet_list: "SheetList") -> tuple[str, ...]:
    return tuple(item.name for item in sheet_list.items if item.json)


LISTS = {
    sheet_list.name: sheet_list
    for sheet_list in (
        THEME_LINKS,
        ACTORS,
        FRENCH,
        FOREIGN,
        CONTACTS,
        FUNDING,
        VOLUNTEERS,
        POST_CONTACTS,
    )
}
