"""Facets as the search page shows them: labelled values with their counts."""

from dataclasses import dataclass, field

from django.http import QueryDict

from .facet_index import FACETS, FacetCounts
from .forms import SearchForm
from .reference import ReferenceValues

# Values shown before "show the others"; the authority facet only shows its busiest
# (there are thousands) and is searched by name instead.
SHOWN = 8
AUTHORITIES_SHOWN = 15
SHORT_FACETS = ("authority_kind", "status", "triennial", "funding_mechanism", "zone")


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool
    level: int = 1


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option] = field(default_factory=list)
    more: list[Option] = field(default_factory=list)
    removals: list[tuple[str, str]] = field(default_factory=list)  # (label, URL)


def remove_value_url(params: QueryDict, name: str, value: str) -> str:
    """The query string of the same search without one selected value (and from page 1)."""
    query = params.copy()
    query.setlist(name, [v for v in query.getlist(name) if v != value])
    query.pop("page", None)
    return "?" + query.urlencode()


def build_facets(
    form: SearchForm,
    counts: FacetCounts,
    params: QueryDict,
    reference: ReferenceValues,
    authority_names: dict[str, str],
) -> list[Facet]:
    facets = []
    for name in FACETS:
        chosen = form.chosen(name)
        found = counts.top(name, AUTHORITIES_SHOWN if name == "authority" else None)
        if name == "theme":
            options, more = _theme_options(reference, found, chosen), []
        else:
            values = chosen + [v for v in found if v not in chosen]
            label = authority_names.get if name == "authority" else None
            options = [
                Option(
                    value=v,
                    label=(label(v, v) if label else reference.label(name, v)),
                    count=found[v] if v in found else counts.get(name, v),
                    selected=v in chosen,
                )
                for v in values
            ]
            if name == "authority":
                options, more = options[: max(AUTHORITIES_SHOWN, len(chosen))], []
            elif name in SHORT_FACETS:
                more = []
            else:
                head = max(SHOWN, len(chosen))
                options, more = options[:head], sorted(options[head:], key=lambda o: o.label)
        removals = [
            (o.label, remove_value_url(params, name, o.value)) for o in options + more if o.selected
        ]
        facets.append(Facet(name, str(form.fields[name].label), options, more, removals))
    return facets


def _theme_options(reference: ReferenceValues, found: dict[str, int], chosen: list[str]):
    """Level-1 themes, and below each chosen theme (and its ancestors) its children:
    the tree opens where the user went."""
    parent_of = {n.value: n.parent for n in reference.themes}
    open_nodes = set()
    for value in chosen:
        while value is not None and value not in open_nodes:
            open_nodes.add(value)
            value = parent_of.get(value)
    children: dict[str | None, list] = {}
    for node in reference.themes:
        children.setdefault(node.parent, []).append(node)
    options: list[Option] = []

    def walk(parent):
        for node in children.get(parent, []):
            if not found.get(node.value) and node.value not in chosen:
                continue
            options.append(
                Option(
                    value=node.value,
                    label=reference.label("theme", node.value),
                    count=found.get(node.value, 0),
                    selected=node.value in chosen,
                    level=node.level,
                )
            )
            if node.value in open_nodes:
                walk(node.value)

    walk(None)
    return options
