"""The facets of the search, each declared once: its URL parameter (the API's too), its
label, how a partnership's values are read, which values it accepts and how they are
labelled and ordered. One class per kind of facet, as Datasette's ``facets.py`` has:

- ``ManyValuesFacet``: a partnership may hold several values (its partners' countries);
- ``SingleValueFacet``: one value at most (its partnership type); ``BooleanFacet``: yes/no;
- ``TreeFacet``: values in a tree, a partnership holding a node holds its ancestors;
- ``YearRangeFacet``: a range of years, given as two parameters.

The search form, its documentation (docs/search.md), the OpenAPI parameters, the search
documents, the facet index, the search page's filters, the browse pages, the statistics
and the open-data table ``projects.csv`` (facets with a ``column``) read ``FACETS``.
Adding a facet is one entry there (docs/architecture.md says how).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from nomenclature.models import FunderKind, PartnershipType, SustainableDevelopmentGoal, Theme
from partnerships.models import OnePercentMechanism, Project
from partnerships.models.project import YEAR_MAX, YEAR_MIN
from territories.models import Country, FrenchAuthority, Zone

from .fields import Column, joined
from .lists import SHARES, Needs
from .reader import Sheet, SheetReader, theme_token

Labels = dict[str, tuple[str, str]]  # value -> (French label, English label)


def in_language(french: str, english: str) -> str:
    return english if english and (get_language() or "fr").startswith("en") else french


def _choice_labels(choices) -> Labels:
    with translation.override("fr"):
        french = {c.value: str(c.label) for c in choices}
    with translation.override("en"):
        english = {c.value: str(c.label) for c in choices}
    return {value: (french[value], english[value]) for value in french}


def _rows(queryset) -> Labels:
    return {str(value): (french, english) for value, french, english in queryset}


# -- how a value is checked -------------------------------------------------------------------


class ReferenceChoiceField(forms.MultipleChoiceField):
    """Values checked against the facet's labels, cached with the facet index, rather than
    a list of choices read from the database at every request."""

    def __init__(self, *, facet: "Facet", **kwargs):
        super().__init__(required=False, **kwargs)
        self.facet = facet
        self.labels: Labels = {}

    def valid_value(self, value) -> bool:
        return str(value) in self.labels


class IdListField(forms.MultipleChoiceField):
    """Ids in the database; whether they exist is checked by the facet, in one query."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def valid_value(self, value) -> bool:
        text = str(value)
        # ``isdigit`` accepts "²" and "①", which int() refuses; a bigint holds 19 digits.
        return text.isascii() and text.isdigit() and len(text) <= 18

    def clean(self, value) -> list[int]:
        return [int(v) for v in super().clean(value)]


# -- facets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """A value of a facet as the search page offers it."""

    value: str
    label: str
    count: int
    selected: bool
    level: int = 1


class Facet:
    """What every facet knows: its parameter, label and the message for a wrong value
    (``error``, with ``%(value)s``), what its documentation says it accepts (``accepts``,
    ``example``), how many values the search page shows before "the others" (``shown``;
    None: all of them), whether the statistics count it and whether ``projects.csv`` has
    a column of its values."""

    name: str
    label: Promise
    error: Promise = _("« %(value)s » : valeur inconnue.")
    accepts = ""
    example = ""
    shown: int | None = 8
    offered = True  # a filter of the search (else indexed for the browse pages only)
    in_statistics = False
    reads: Needs = {}  # the items of the sheet's lists ``values`` reads
    column: Column | None = None

    def __init__(self, name: str, label: Promise, **options):
        self.name, self.label = name, label
        for key, value in options.items():
            if not hasattr(type(self), key):
                raise TypeError(f"{type(self).__name__} has no option {key!r}")
            setattr(self, key, value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    # Values of a partnership, as text: what the search documents and the index hold.
    def values(self, sheet: Sheet, reader: SheetReader) -> Iterable[str]:
        raise NotImplementedError

    def token(self, value: str) -> str:
        """How the search documents write the value (``country:BF``)."""
        return f"{self.name}:{value}"

    # Accepted values and their labels, read once per process (``facet_labels``).
    def load_labels(self) -> Labels:
        return {}

    def form_fields(self) -> dict[str, forms.Field]:
        return {
            self.name: ReferenceChoiceField(
                facet=self, label=self.label, error_messages={"invalid_choice": self.error}
            )
        }

    def chosen(self, cleaned_data: dict) -> list[str]:
        """The valid form's values for this facet, as text."""
        value = cleaned_data.get(self.name)
        if value in (None, ""):
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def clean(self, form) -> None:
        """Checks across this facet's parameters, or needing the database."""

    def documented(self) -> list[tuple[str, str, str]]:
        """Its parameters as docs/search.md lists them: (name, what it accepts, example)."""
        return [(self.name, self.accepts, self.example)]

    def cell(self, sheet: Sheet, reader: SheetReader) -> str | None:
        """Its value in ``projects.csv`` (facets with a ``column``)."""
        values = self.values(sheet, reader)
        return joined(sorted(values, key=_natural)) if len(values) > 1 else joined(values)


def _natural(value: str):
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


class ManyValuesFacet(Facet):
    """Values a partnership may hold several of, read from one of its lists (``cell``:
    how its column of ``projects.csv`` is written, when faster than from its values)."""

    def __init__(self, name, label, *, read, labels=None, cell=None, **options):
        super().__init__(name, label, **options)
        self._read, self._labels = read, labels
        if cell is not None:
            self.cell = cell

    def values(self, sheet, reader):
        return self._read(sheet, reader)

    def load_labels(self) -> Labels:
        return self._labels() if self._labels else {}


class ChoicesFacet(ManyValuesFacet):
    """Values from fixed choices (a TextChoices): checked without the database."""

    def __init__(self, name, label, *, choices, **options):
        super().__init__(name, label, labels=lambda: _choice_labels(choices), **options)
        self.choices = choices

    def form_fields(self):
        return {
            self.name: forms.MultipleChoiceField(
                label=self.label,
                required=False,
                choices=[(c.value, c.label) for c in self.choices],
                error_messages={"invalid_choice": self.error},
            )
        }


class SingleValueFacet(ManyValuesFacet):
    """One value at most per partnership: a column of its own."""

    def __init__(self, name, label, *, field: str, **options):
        super().__init__(
            name,
            label,
            read=lambda sheet, reader: [v] if (v := sheet.fields[field]) else [],
            **options,
        )


class AuthorityFacet(ManyValuesFacet):
    """French authorities, by id: thousands of them, so only the busiest are offered and
    their names are read for the page shown, not cached; the others are found by name."""

    shown = 15

    def form_fields(self):
        return {
            self.name: IdListField(label=self.label, error_messages={"invalid_choice": self.error})
        }

    def clean(self, form) -> None:
        wanted = form.cleaned_data.get(self.name) or []
        found = set(FrenchAuthority.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if missing := sorted(set(wanted) - found):
            form.add_error(
                self.name,
                forms.ValidationError(
                    _("Collectivité inconnue : %(ids)s."),
                    params={"ids": ", ".join(map(str, missing))},
                    code="invalid_choice",
                ),
            )
        elif self.name in form.cleaned_data:
            form.cleaned_data[self.name] = sorted(set(wanted))

    @staticmethod
    def names(ids: Iterable[str]) -> dict[str, str]:
        return {
            str(pk): name
            for pk, name in FrenchAuthority.objects.filter(
                pk__in=[int(i) for i in ids]
            ).values_list("pk", "name")
        }


class BooleanFacet(Facet):
    """Yes or no: one parameter, ``true`` or ``false``."""

    shown = None

    def __init__(self, name, label, *, field: str, **options):
        super().__init__(name, label, **options)
        self.field = field

    def values(self, sheet, reader):
        return ["true" if sheet.fields[self.field] else "false"]

    def load_labels(self) -> Labels:
        return {"true": (str(_("oui")), "yes"), "false": (str(_("non")), "no")}

    def form_fields(self):
        return {
            self.name: forms.ChoiceField(
                label=self.label,
                required=False,
                choices=[("", "—"), ("true", _("oui")), ("false", _("non"))],
                error_messages={"invalid_choice": self.error},
            )
        }


@dataclass(frozen=True)
class TreeNode:
    value: str
    parent: str | None
    level: int


class TreeFacet(Facet):
    """The theme tree: a partnership holds its themes and their ancestors; the search page
    opens the tree below the chosen values."""

    shown = None
    reads = {"theme_links": ("theme",)}

    def values(self, sheet, reader):
        themes = reader.themes
        chosen = [sheet.fields["main_theme_id"]] if sheet.fields["main_theme_id"] else []
        chosen += [link["theme"] for link in sheet.lists["theme_links"]]
        return {token for theme in chosen for token in themes[theme].lineage}

    def load_labels(self) -> Labels:
        return {node: labels for node, (_tree, labels) in self.load_tree().items()}

    @staticmethod
    def load_tree() -> dict[str, tuple[TreeNode, tuple[str, str]]]:
        """Every node, in display order (level, position, name), with its labels."""
        rows = list(
            Theme.objects.order_by("level", "position", "name_fr").values_list(
                "pk", "code", "parent_id", "level", "name_fr", "name_en"
            )
        )
        tokens = {pk: theme_token(code, pk) for pk, code, *_ in rows}
        return {
            tokens[pk]: (TreeNode(tokens[pk], tokens.get(parent), level), (name_fr, name_en))
            for pk, _code, parent, level, name_fr, name_en in rows
        }


class YearRangeFacet(Facet):
    """A range of years, as ``<name>_min`` and ``<name>_max``: the index holds the year of
    each partnership rather than its values."""

    def __init__(
        self, name, label, *, field: str, bounds_labels: tuple[Promise, Promise], **options
    ):
        super().__init__(name, label, **options)
        self.field = field
        self.low, self.high = f"{name}_min", f"{name}_max"
        self.bounds_labels = bounds_labels

    def values(self, sheet, reader):
        return ()

    def documented(self) -> list[tuple[str, str, str]]:
        span = f"{YEAR_MIN}–{YEAR_MAX}"
        return [
            (self.low, f"{self.accepts}: the first ({span})", self.example),
            (self.high, f"{self.accepts}: the last ({span}), not before `{self.low}`", "2020"),
        ]

    def year(self, sheet: Sheet) -> int | None:
        return sheet.fields[self.field]

    def form_fields(self):
        low_label, high_label = self.bounds_labels
        return {
            self.low: forms.IntegerField(
                label=low_label, required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
            ),
            self.high: forms.IntegerField(
                label=high_label, required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
            ),
        }

    def chosen(self, cleaned_data):
        return [str(v) for v in (cleaned_data.get(self.low), cleaned_data.get(self.high)) if v]

    def bounds(self, cleaned_data) -> tuple[int | None, int | None]:
        return cleaned_data.get(self.low), cleaned_data.get(self.high)

    def clean(self, form) -> None:
        low, high = self.bounds(form.cleaned_data)
        if low is not None and high is not None and low > high:
            form.add_error(self.high, _("L'année de fin de la période précède son année de début."))


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
        labels=lambda: _rows(Zone.objects.values_list("code", "name_fr", "name_en")),
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
        labels=lambda: _rows(Country.objects.values_list("code", "name_fr", "name_en")),
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
        labels=lambda: _rows(
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
        labels=lambda: _rows(PartnershipType.objects.values_list("code", "name_fr", "name_en")),
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
        labels=lambda: _rows(FunderKind.objects.values_list("code", "name_fr", "name_en")),
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
