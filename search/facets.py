"""Facets as the search page shows them: each offered facet of the catalogue with its
labelled values and their counts, in the order and number its declaration says."""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from atlas.text import collation_key
from catalogue.facet_kinds import AuthorityFacet, Facet, Option, TreeFacet, YearRangeFacet
from catalogue.facets import OFFERED, FacetLabels

from .facet_index import FacetCounts
from .forms import SearchForm


@dataclass
class ShownFacet:
    facet: Facet
    options: list[Option] = field(default_factory=list)
    more: list[Option] = field(default_factory=list)
    removals: list[tuple[str, str]] = field(default_factory=list)  # (label, URL)
    bound: list = field(default_factory=list)  # a year range's two bound fields

    @property
    def name(self) -> str:
        return self.facet.name

    @property
    def label(self) -> str:
        return str(self.facet.label)

    @property
    def kind(self) -> str:
        """Which template shows it: a year range, or a list of checkboxes."""
        return "years" if isinstance(self.facet, YearRangeFacet) else "values"


def remove_value_url(params: QueryDict, name: str, value: str) -> str:
    """The query string of the same search without one selected value (and from page 1)."""
    query = params.copy()
    query.setlist(name, [v for v in query.getlist(name) if v != value])
    query.pop("page", None)
    return "?" + query.urlencode()


def _year_removal(facet: YearRangeFacet, form: SearchForm, params: QueryDict):
    """The chosen period as one removable tag ("2010 – 2020", "à partir de 2010" ...)."""
    low, high = facet.bounds(form.cleaned_data)
    if low is None and high is None:
        return []
    if low is not None and high is not None:
        label = f"{low} – {high}" if low != high else str(low)
    elif low is not None:
        label = _("à partir de %(year)s") % {"year": low}
    else:
        label = _("jusqu'en %(year)s") % {"year": high}
    query = params.copy()
    for name in (facet.low, facet.high, "page"):
        query.pop(name, None)
    return [(label, "?" + query.urlencode())]


def build_facets(
    form: SearchForm, counts: FacetCounts, params: QueryDict, labels: FacetLabels
) -> list[ShownFacet]:
    shown = []
    for facet in OFFERED:
        if isinstance(facet, YearRangeFacet):
            bound = [form[name] for name in facet.form_fields()]
            shown.append(
                ShownFacet(facet, removals=_year_removal(facet, form, params), bound=bound)
            )
            continue
        chosen = facet.chosen(form.cleaned_data)
        if isinstance(facet, TreeFacet):
            options, more = _tree_options(facet, labels, counts.top(facet.name), chosen), []
        else:
            options, more = _options(facet, labels, counts, chosen)
        removals = [
            (o.label, remove_value_url(params, facet.name, o.value))
            for o in options + more
            if o.selected
        ]
        shown.append(ShownFacet(facet, options, more, removals))
    return shown


def _options(facet: Facet, labels: FacetLabels, counts: FacetCounts, chosen: list[str]):
    """The chosen values, then the others by count; beyond the facet's ``shown``, the
    rest in alphabetical order under "the others" (authorities: only the busiest, found
    by name otherwise)."""
    found = counts.top(facet.name, facet.shown if isinstance(facet, AuthorityFacet) else None)
    values = chosen + [v for v in found if v not in chosen]
    names = facet.names(values) if isinstance(facet, AuthorityFacet) else {}
    options = [
        Option(
            value=v,
            label=names.get(v, v) if names else labels.label(facet.name, v),
            count=found[v] if v in found else counts.get(facet.name, v),
            selected=v in chosen,
        )
        for v in values
    ]
    if facet.shown is None:
        return options, []
    head = max(facet.shown, len(chosen))
    if isinstance(facet, AuthorityFacet):
        return options[:head], []
    return options[:head], sorted(options[head:], key=lambda o: collation_key(o.label))


def _tree_options(facet: TreeFacet, labels: FacetLabels, found: dict[str, int], chosen):
    """Level-1 values, and below each chosen value (and its ancestors) its children: the
    tree opens where the user went."""
    parent_of = {node.value: node.parent for node in labels.tree.values()}
    open_nodes = set()
    for value in chosen:
        while value is not None and value not in open_nodes:
            open_nodes.add(value)
            value = parent_of.get(value)
    children: dict[str | None, list] = {}
    for node in labels.tree.values():
        children.setdefault(node.parent, []).append(node)
    for siblings in children.values():  # in the reader's language and alphabet
        siblings.sort(key=lambda node: collation_key(labels.label(facet.name, node.value)))
    options: list[Option] = []

    def walk(parent):
        for node in children.get(parent, []):
            if not found.get(node.value) and node.value not in chosen:
                continue
            options.append(
                Option(
                    value=node.value,
                    label=labels.label(facet.name, node.value),
                    count=found.get(node.value, 0),
                    selected=node.value in chosen,
                    level=node.level,
                )
            )
            if node.value in open_nodes:
                walk(node.value)

    walk(None)
    return options
