"""The statistics page's tables, from the figures of a search (``search.statistics``).

Each table is the content (a chart only draws it, when JavaScript runs), says what it
counts, and is also a CSV file of the same rows. Labels are read in the page's language.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnerships.models import OnePercentMechanism
from territories.models import FrenchAuthority

COUNTED = _(
    "Partenariats publiés que la recherche trouve ; un partenariat compte une fois dans chaque "
    "ligne qui le concerne (plusieurs pays, plusieurs thématiques), les lignes ne s'additionnent "
    "donc pas toujours."
)
TOP = 20


@dataclass
class Row:
    label: str
    values: list[int]
    url: str = ""  # the search (or a narrower statistics page) behind the row


@dataclass
class StatTable:
    slug: str  # also the CSV's name
    title: str
    counted: str  # what a number is
    columns: list[str]  # headers of the value columns
    rows: list[Row] = field(default_factory=list)
    chart: str = "bar"  # bar, stacked (one series per column), line

    @property
    def total(self) -> int:
        return sum(sum(row.values) for row in self.rows)


def _search(query, **narrowed) -> str:
    params = query.copy()
    params.pop("page", None)
    for name, value in narrowed.items():
        params.setlist(name, [value])
    return reverse("search:projects") + "?" + params.urlencode()


def _facet_table(slug, title, counts: dict, labels, facet, query, *, limit=None, order=None):
    items = list(counts.items())
    if order is not None:
        items.sort(key=order)
    if limit is not None:
        items = items[:limit]
    return StatTable(
        slug,
        title,
        COUNTED,
        [str(_("Partenariats"))],
        [
            Row(labels.label(facet, value), [count], _search(query, **{facet: value}))
            for value, count in items
        ],
    )


def _themes(figures: dict, labels, query) -> StatTable:
    """Level-1 themes; below the one theme chosen in the filters, its sub-themes (the
    drill-down: each row narrows the page to its theme)."""
    chosen = query.getlist("theme")
    parent = chosen[0] if len(chosen) == 1 and chosen[0] in labels.tree else None
    rows = []
    for value, count in figures["by"]["theme"].items():
        node = labels.tree.get(value)
        if node is None or node.parent != parent:
            continue
        params = query.copy()
        params.setlist("theme", [value])
        url = reverse("explore:statistics") + "?" + params.urlencode()
        rows.append(Row(labels.label("theme", value), [count], url))
    title = (
        _("Partenariats par sous-thématique de « %(theme)s »")
        % {"theme": labels.label("theme", parent)}
        if parent
        else _("Partenariats par thématique")
    )
    return StatTable("themes", str(title), COUNTED, [str(_("Partenariats"))], rows)


def _years_by_zone(figures: dict, labels) -> StatTable:
    zones = list(figures["by_start_year_and_zone"])
    years = sorted(figures["by_start_year"])
    return StatTable(
        "start-years",
        str(_("Partenariats par année de début et par zone géographique")),
        str(
            _(
                "Partenariats publiés que la recherche trouve, par année de début ; ceux dont "
                "les partenaires sont dans plusieurs zones comptent dans chacune."
            )
        ),
        [labels.label("zone", zone) for zone in zones],
        [
            Row(str(year), [figures["by_start_year_and_zone"][zone].get(year, 0) for zone in zones])
            for year in years
        ],
        chart="stacked",
    )


def _authorities(figures: dict, query) -> StatTable:
    ids = [int(value) for value in figures["top_french_authorities"]]
    names = dict(FrenchAuthority.objects.filter(pk__in=ids).values_list("pk", "name"))
    return StatTable(
        "french-authorities",
        str(_("Les %(n)s collectivités françaises les plus engagées") % {"n": TOP}),
        COUNTED,
        [str(_("Partenariats"))],
        [
            Row(names.get(int(value), value), [count], _search(query, authority=value))
            for value, count in figures["top_french_authorities"].items()
        ],
    )


AMOUNTS_COUNTED = _(
    "Montants déclarés par les collectivités pour les partenariats publiés que la recherche "
    "trouve, en euros arrondis ; ils ne sont pas audités. Les lignes sans année comptent "
    "dans le total seulement."
)


def _by_year(slug, title, table: dict, columns: dict[str, str]) -> StatTable:
    """Amounts per year (rows) and per key (columns, in ``columns`` order)."""
    keys = [key for key in columns if any(key in row for row in table.values())]
    return StatTable(
        slug,
        str(title),
        str(AMOUNTS_COUNTED),
        [columns[key] for key in keys],
        [
            Row(str(year), [round(amounts.get(key, 0)) for key in keys])
            for year, amounts in sorted(table.items(), key=lambda item: int(item[0]))
        ],
        chart="stacked",
    )


def _funding(figures: dict, labels) -> list[StatTable]:
    funding = figures["funding"]
    kinds = {
        code: labels.label("funder_kind", code) if code else str(_("Type de financeur inconnu"))
        for amounts in funding["by_year_and_funder_kind"].values()
        for code in amounts
    }
    return [
        _by_year(
            "funding",
            _("Montants déclarés par année et par type de financeur (euros)"),
            funding["by_year_and_funder_kind"],
            dict(sorted(kinds.items(), key=lambda item: item[1])),
        ),
        _by_year(
            "one-percent-amounts",
            _("Parts « 1 % » déclarées par année et par mécanisme (euros)"),
            funding["by_year_and_one_percent"],
            {mechanism.value: str(mechanism.label) for mechanism in OnePercentMechanism},
        ),
    ]


def tables(figures: dict, labels, query) -> list[StatTable]:
    """Every table of the page, in its order."""
    by = figures["by"]
    return [
        _years_by_zone(figures, labels),
        _themes(figures, labels, query),
        _facet_table(
            "countries",
            str(_("Les %(n)s pays qui comptent le plus de partenariats") % {"n": TOP}),
            by["country"],
            labels,
            "country",
            query,
            limit=TOP,
        ),
        _authorities(figures, query),
        _facet_table(
            "authority-kinds",
            str(_("Partenariats par type de collectivité française")),
            by["authority_kind"],
            labels,
            "authority_kind",
            query,
        ),
        *_funding(figures, labels),
        _facet_table(
            "one-percent",
            str(_("Partenariats financés par un mécanisme « 1 % »")),
            by["funding_mechanism"],
            labels,
            "funding_mechanism",
            query,
        ),
        _facet_table(
            "status", str(_("Partenariats par état")), by["status"], labels, "status", query
        ),
        _facet_table(
            "types",
            str(_("Partenariats par type de partenariat")),
            by["type"],
            labels,
            "type",
            query,
        ),
        _facet_table(
            "sdg",
            str(_("Partenariats par objectif de développement durable")),
            by["sdg"],
            labels,
            "sdg",
            query,
            order=lambda item: int(item[0]) if item[0].isdigit() else 99,
        ),
    ]
