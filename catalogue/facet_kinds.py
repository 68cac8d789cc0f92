"""The kinds of facet, one class each, as Datasette's ``facets.py`` has them (the facets
themselves are declared in ``facets.py``):

- ``ManyValuesFacet``: a partnership may hold several values (its partners' countries);
  ``ChoicesFacet`` when the values are fixed choices, ``AuthorityFacet`` for the thousands
  of French authorities;
- ``SingleValueFacet``: one value at most (its partnership type); ``BooleanFacet``: yes/no;
- ``TreeFacet``: values in a tree, a partnership holding a node holds its ancestors;
- ``YearRangeFacet``: a range of years, given as two parameters.

Each knows its URL parameter, label and error message, how a partnership's values are
read from its sheet, which values it accepts and how they are labelled, its form fields,
and its line in docs/search.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from atlas.forms import IntegerParameter, integer_in_range
from nomenclature.models import Theme
from partnerships.models.project import YEAR_MAX, YEAR_MIN
from territories.models import FrenchAuthority

from .field_kinds import Column, joined
from .lists import Needs
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


def rows_labels(queryset) -> Labels:
    """Labels read from (value, French, English) rows."""
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
        return integer_in_range(value) is not None

    def clean(self, value) -> list[int]:
        return [integer_in_range(v) for v in super().clean(value)]


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
            self.low: IntegerParameter(
                label=low_label, required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
            ),
            self.high: IntegerParameter(
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
