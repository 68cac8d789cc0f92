"""The reference values a search accepts and shows (zones, countries, régions, themes ...),
read once per process and refreshed with the facet index or after a few minutes, so that
neither validating parameters nor labelling facets costs a query per request."""

import threading
import time
from dataclasses import dataclass

from django.utils.translation import get_language

from nomenclature.models import FunderKind, PartnershipType, Theme
from partnerships.models import OnePercentMechanism, Project
from territories.models import Country, FrenchAuthority, Zone

from .documents import theme_token

MAX_AGE = 300  # seconds: how long a rename of a reference entry may take to show


@dataclass(frozen=True)
class ThemeNode:
    value: str
    parent: str | None
    level: int
    name_fr: str
    name_en: str


@dataclass
class ReferenceValues:
    """Per facet: accepted value -> (French label, English label)."""

    state: tuple
    loaded_at: float
    values: dict[str, dict[str, tuple[str, str]]]
    themes: list[ThemeNode]  # in display order (level, position, name)

    def accepts(self, facet: str, value: str) -> bool:
        return value in self.values[facet]

    def label(self, facet: str, value: str) -> str:
        pair = self.values.get(facet, {}).get(value)
        if pair is None:
            return value
        french, english = pair
        return english if (get_language() or "fr").startswith("en") and english else french


def _translated(rows) -> dict[str, tuple[str, str]]:
    return {str(key): (fr, en) for key, fr, en in rows}


def _choices(choices) -> dict[str, tuple[str, str]]:
    from django.utils import translation

    with translation.override("fr"):
        french = {c.value: str(c.label) for c in choices}
    with translation.override("en"):
        english = {c.value: str(c.label) for c in choices}
    return {value: (french[value], english[value]) for value in french}


def _load(state) -> ReferenceValues:
    french = FrenchAuthority.objects.exclude(insee_code="")
    rows = list(
        Theme.objects.order_by("level", "position", "name_fr").values_list(
            "pk", "code", "parent_id", "level", "name_fr", "name_en"
        )
    )
    tokens = {pk: theme_token(code, pk) for pk, code, *_ in rows}
    themes = [
        ThemeNode(tokens[pk], tokens.get(parent), level, name_fr, name_en)
        for pk, _code, parent, level, name_fr, name_en in rows
    ]
    values = {
        "zone": _translated(Zone.objects.values_list("code", "name_fr", "name_en")),
        "country": _translated(Country.objects.values_list("code", "name_fr", "name_en")),
        # The count follows in brackets: a département's code goes first ("86 · Vienne").
        "region": {
            code: (name, name)
            for code, name in french.filter(kind="region").values_list("insee_code", "name")
        },
        "departement": {
            code: (f"{code} · {name}",) * 2
            for code, name in french.filter(kind="departement").values_list("insee_code", "name")
        },
        "authority_kind": _choices(FrenchAuthority.Kind),
        "theme": {n.value: (n.name_fr, n.name_en) for n in themes},
        "type": _translated(PartnershipType.objects.values_list("code", "name_fr", "name_en")),
        "status": _choices(Project.Status),
        "funder_kind": _translated(FunderKind.objects.values_list("code", "name_fr", "name_en")),
        "funding_mechanism": _choices(OnePercentMechanism),
        "triennial": {"true": ("oui", "yes"), "false": ("non", "no")},
    }
    return ReferenceValues(state, time.monotonic(), values, themes)


_lock = threading.Lock()
_current: ReferenceValues | None = None


def reference_values(state) -> ReferenceValues:
    """The reference values, reloaded when the search documents changed (``state``, as
    the facet index reads it) or when they are older than MAX_AGE."""
    global _current
    current = _current
    if current and current.state == state and time.monotonic() - current.loaded_at < MAX_AGE:
        return current
    with _lock:
        _current = _load(state)
        return _current
