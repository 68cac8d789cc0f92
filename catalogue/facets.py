"""The facets of the search, each declared once (``FACETS``), of one of the kinds of
``facet_kinds``: its URL parameter (the API's too), its label, how a partnership's values
are read, which values it accepts and how they are labelled and ordered.

The search form, its documentation (docs/search.md), the OpenAPI parameters, the search
documents, the facet index, the search page's filters, the browse pages, the statistics
and the open-data table ``projects.csv`` (facets with a ``column``) read ``FACETS``.
Adding a facet is one entry there (docs/architecture.md says how).
"""

from dataclasses import dataclass

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from nomenclature.models import FunderKind, PartnershipType, SustainableDevelopmentGoal
from partnerships.models import OnePercentMechanism, Project
from territories.models import Country, FrenchAuthority, Zone

from .facet_kinds import (
    AuthorityFacet,
    BooleanFacet,
    ChoicesFacet,
    Facet,
    Labels,
    ManyValuesFacet,
    SingleValueFacet,
    TreeFacet,
    TreeNode,
    YearRangeFacet,
    rows_labels,
)
from .field_kinds import Column, joined
from .lists import SHARES
from .reader import Sheet

# -- how values are read from a sheet -----------------------------------------------------


def _french_places(sheet: Sheet, reader) -> tuple[set[str], set[str]]:
    """Régions and départements of the French partners (a région or département partner
    is its own)."""
    regions, departements = set(), set()
    for partner in sheet.lists["french"]:
        kind, code = partner["kind"], partner["insee_code"]
        if region := code if kind == FrenchAuthority.Kind.REGION else partner["region"]:
            regions.add(region)
        if (
            departement := code
            if kind == FrenchAuthority.Kind.DEPARTEMENT
            else partner["departement"]
        ):
            departements.add(departement)
    return regions, departements


def _places(sheet: Sheet, reader, key: str) -> set[str]:
    """Countries (or zones) of the foreign partners; without any, the embassy's."""
    found = {partner[key] for partner in sheet.lists["foreign"] if partner[key]}
    if not found and (post := reader.post(sheet.fields["diplomatic_post_id"])) and post.country:
        value = post.country if key == "country" else post.zone
        return {value} if value else set()
    return found


def _themes_of(sheet: Sheet, reader) -> list:
    themes = reader.themes
    chosen = [sheet.fields["main_theme_id"]] if sheet.fields["main_theme_id"] else []
    return [
        themes[theme] for theme in chosen + [link["theme"] for link in sheet.lists["theme_links"]]
    ]


def _goals_cell(sheet: Sheet, reader) -> str | None:
    """The SDGs of a partnership's themes in ``projects.csv``, in numeric order: most
    sheets have one theme, whose goals are written once per reader."""
    themes, main = reader.themes, sheet.fields["main_theme_id"]
    links = sheet.lists["theme_links"]
    if not links:
        return themes[main].sdg_cell if main else None
    goals = set(themes[main].sdg_goals) if main else set()
    for link in links:
        goals.update(themes[link["theme"]].sdg_goals)
    return joined(map(str, sorted(goals)))


FRENCH_PLACES = {"french": ("kind", "insee_code", "region", "departement")}


def _departement_labels() -> Labels:
    departements = FrenchAuthority.objects.filter(kind="departement").exclude(insee_code="")
    # The count follows in brackets: a département's code goes first ("86 · Vienne").
    return {
        code: (f"{code} · {name}",) * 2
        for code, name in departements.values_list("insee_code", "name")
    }


DECLARED = (
    ManyValuesFacet(
        "zone",
        _("Zone géographique"),
        error=_("« %(value)s » : zone inconnue."),
        accepts="geographic zone code",
        example="afrique-subsaharienne",
        shown=None,
        in_statistics=True,
        reads={"foreign": ("country", "zone")},
        read=lambda sheet, reader: _places(sheet, reader, "zone"),
        labels=lambda: rows_labels(Zone.objects.values_list("code", "name_fr", "name_en")),
    ),
    ManyValuesFacet(
        "country",
        pgettext_lazy("un pays", "Pays"),
        error=_("« %(value)s » : pays inconnu (code ISO à deux lettres, par exemple BF)."),
        accepts="ISO 3166 alpha-2 code of a partner's country (case-insensitive)",
        example="BF",
        in_statistics=True,
        reads={"foreign": ("country", "zone")},
        read=lambda sheet, reader: _places(sheet, reader, "country"),
        labels=lambda: rows_labels(Country.objects.values_list("code", "name_fr", "name_en")),
    ),
    ManyValuesFacet(
        "region",
        _("Région française"),
        error=_("« %(value)s » : région inconnue (code INSEE, par exemple 75)."),
        accepts="INSEE code of a French région (of any French partner)",
        example="75",
        reads=FRENCH_PLACES,
        read=lambda sheet, reader: _french_places(sheet, reader)[0],
        labels=lambda: {
            code: (name, name)
            # Overseas collectivities (978 Saint-Martin ...) stand as régions for the
            # communes in them.
            for code, name in FrenchAuthority.objects.filter(kind__in=["region", "com"])
            .exclude(insee_code="")
            .values_list("insee_code", "name")
        },
    ),
    ManyValuesFacet(
        "departement",
        _("Département"),
        error=_("« %(value)s » : département inconnu (code INSEE, par exemple 86)."),
        accepts="INSEE code of a French département",
        example="86",
        reads=FRENCH_PLACES,
        read=lambda sheet, reader: _french_places(sheet, reader)[1],
        labels=_departement_labels,
    ),
    ChoicesFacet(
        "authority_kind",
        _("Type de collectivité française"),
        error=_("« %(value)s » : type de collectivité inconnu."),
        accepts="kind of French authority: "
        + ", ".join(f"`{kind}`" for kind in FrenchAuthority.Kind.values),
        example="commune",
        shown=None,
        in_statistics=True,
        choices=FrenchAuthority.Kind,
        reads={"french": ("kind",)},
        read=lambda sheet, reader: {p["kind"] for p in sheet.lists["french"]},
    ),
    AuthorityFacet(
        "authority",
        _("Collectivité française"),
        error=_("« %(value)s » : collectivité inconnue (identifiant numérique attendu)."),
        accepts="id of a French authority (as in its page's URL)",
        example="33061",
        reads={"french": ("authority_id",)},
        read=lambda sheet, reader: {str(p["authority_id"]) for p in sheet.lists["french"]},
    ),
    TreeFacet(
        "theme",
        _("Thématique"),
        error=_("« %(value)s » : thématique inconnue."),
        accepts="theme code, at any level; a theme includes its sub-themes",
        example="eau-assainissement",
        in_statistics=True,
    ),
    ManyValuesFacet(
        "sdg",
        _("Objectif de développement durable"),
        error=_("« %(value)s » : objectif inconnu (un numéro de 1 à 17)."),
        accepts="number of a UN Sustainable Development Goal (1 to 17), from the themes",
        example="6",
        shown=None,
        in_statistics=True,
        column=Column(
            "sdg",
            "string",
            _("Objectifs de développement durable de ses thématiques (numéros de 1 à 17)"),
        ),
        reads={"theme_links": ("theme",)},
        read=lambda sheet, reader: {
            goal for theme in _themes_of(sheet, reader) for goal in theme.sdg_values
        },
        cell=lambda sheet, reader: _goals_cell(sheet, reader),
        labels=lambda: rows_labels(
            SustainableDevelopmentGoal.objects.values_list("code", "name_fr", "name_en")
        ),
    ),
    SingleValueFacet(
        "type",
        _("Type de partenariat"),
        error=_("« %(value)s » : type de partenariat inconnu."),
        accepts="partnership type code",
        example="jumelage",
        in_statistics=True,
        field="partnership_type",
        labels=lambda: rows_labels(
            PartnershipType.objects.values_list("code", "name_fr", "name_en")
        ),
    ),
    ChoicesFacet(
        "status",
        _("État"),
        error=_("« %(value)s » : état inconnu (ongoing ou completed)."),
        accepts="`ongoing` or `completed`",
        example="ongoing",
        shown=None,
        in_statistics=True,
        choices=Project.Status,
        read=lambda sheet, reader: [s] if (s := sheet.fields["status"]) else [],
    ),
    YearRangeFacet(
        "start_year",
        _("Année de début"),
        error=_("Saisissez un nombre entier."),
        accepts="start year of the partnership",
        example="2010",
        field="start_year",
        bounds_labels=(_("Début à partir de"), _("Début jusqu'en")),
    ),
    ManyValuesFacet(
        "funder_kind",
        _("Type de financeur"),
        error=_("« %(value)s » : type de financeur inconnu."),
        accepts="kind of funder of a funding line",
        example="agence-eau",
        reads={"funding": ("funder_kind",)},
        read=lambda sheet, reader: {
            kind for line in sheet.lists["funding"] if (kind := line["funder_kind"])
        },
        labels=lambda: rows_labels(FunderKind.objects.values_list("code", "name_fr", "name_en")),
    ),
    ChoicesFacet(
        "funding_mechanism",
        _("Dispositif « 1 % »"),
        error=_("« %(value)s » : dispositif inconnu (water, energy, waste ou mobility)."),
        accepts='"1 %" mechanism used: ' + ", ".join(f"`{m}`" for m in OnePercentMechanism.values),
        example="water",
        shown=None,
        in_statistics=True,
        choices=OnePercentMechanism,
        reads={"funding": SHARES},
        read=lambda sheet, reader: {
            m.value
            for m in OnePercentMechanism
            if any(line[m.field_name] for line in sheet.lists["funding"])
        },
    ),
    BooleanFacet(
        "triennial",
        _("Partenariat triennal"),
        error=_("« %(value)s » : valeur inconnue (true ou false)."),
        accepts="`true` or `false`",
        example="true",
        field="triennial",
    ),
    # Indexed for the browse pages (a foreign authority's French partners, how many
    # foreign authorities take part), not offered as a filter.
    ManyValuesFacet(
        "foreign_authority",
        _("Collectivité étrangère"),
        error=_("« %(value)s » : collectivité inconnue."),
        offered=False,
        reads={"foreign": ("authority_id",)},
        read=lambda sheet, reader: {str(p["authority_id"]) for p in sheet.lists["foreign"]},
    ),
)
FACETS: dict[str, Facet] = {facet.name: facet for facet in DECLARED}

OFFERED = tuple(facet for facet in FACETS.values() if facet.offered)
# Facets whose values the index holds as tokens (the year range is an array of its own).
TOKEN_FACETS = tuple(facet for facet in FACETS.values() if not isinstance(facet, YearRangeFacet))
YEAR_RANGE = next(facet for facet in FACETS.values() if isinstance(facet, YearRangeFacet))
COLUMNS = tuple(facet for facet in FACETS.values() if facet.column)


@dataclass
class FacetLabels:
    """The values each facet accepts, with their French and English labels, and the theme
    tree in display order: read once per process, again when a reference entry changes."""

    values: dict[str, Labels]
    tree: dict[str, TreeNode]

    def accepts(self, facet: str, value: str) -> bool:
        return value in self.values.get(facet, {})

    def label(self, facet: str, value: str) -> str:
        english = (get_language() or "fr").startswith("en")
        pair = self.values.get(facet, {}).get(value)
        if pair is None:
            return value
        return pair[1] if english and pair[1] else pair[0]


def load_labels() -> FacetLabels:
    tree = TreeFacet.load_tree()
    values = {facet.name: facet.load_labels() for facet in FACETS.values()}
    return FacetLabels(values, {value: node for value, (node, _labels) in tree.items()})
