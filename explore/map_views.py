"""The map page (/fr/carte/): partnerships by country for the search's own filters, as a
table (the content, and what is read without JavaScript) that a world choropleth draws:
shapes from world-atlas (Natural Earth), copied into static files at install. Its other
layers come as JSON for the same filters (/fr/carte/lieux.json): the located partner
towns, the French partners by région and département, and the lines between partners of
a small selection; a town chosen on the map lists its partnerships (/fr/carte/lieux/<id>.json).
See docs/map-and-statistics.md."""

import json
from urllib.parse import urlencode

import numpy as np
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from atlas.text import normalize_name
from partnerships.models import Project, ProjectForeignAuthority, ProjectFrenchAuthority
from search.index_updates import current_index
from search.service import search_form
from search.statistics import amounts_by_country
from territories.models import Country, ForeignAuthority, FrenchAuthority

from .breadcrumbs import breadcrumb
from .statistics_views import filters_context

# Flow lines are drawn for a selection up to this size: beyond it they hide the map.
FLOW_LIMIT = 500
DETAIL_LIMIT = 10  # partnerships listed under a place chosen on the map
# A foreign partner whose kind says one of these is placed at its seat, not in a town.
REGIONAL_WORDS = frozenset(
    {"region", "province", "etat", "state", "oblast", "departement", "county", "comte"}
    | {"prefecture", "district", "voivodie", "voivodeship", "land", "canton", "provincia"}
)
PRECISIONS = {
    "town": _("position de la ville (GeoNames)"),
    "region": _("position du chef-lieu de la région ou province (GeoNames)"),
}


def map_block(values: dict[str, list[str]]) -> dict:
    """The small map of a page (home, country, French authority, theme): its partnerships
    by country, and the address of the whole map with the same filter."""
    index = current_index()
    counts = index.counts_within(("country",), index.mask(values)).top("country")
    countries = Country.objects.in_bulk(list(counts))
    return {
        "rows": [
            {"country": countries[code], "count": count}
            for code, count in counts.items()
            if code in countries
        ],
        "query": urlencode(values, doseq=True),
    }


@require_safe
def world_map(request):
    """Only the figures the map shows, from one pass over the index: partnerships and
    amounts by country, partnerships by French région and département."""
    form, index = search_form(request.GET)
    context = {"form": form}
    if not form.is_valid():
        return render(request, "explore/map.html", context, status=400)
    within = index.matching(form.selection(index))
    counts = index.counts_within(("country", "region", "departement"), within)
    by_country = counts.top("country")
    countries = Country.objects.in_bulk(list(by_country))
    amounts = amounts_by_country(index, within)
    rows = [
        {
            "country": countries[code],
            "count": count,
            "amount": round(amounts.get(code, 0)),
        }
        for code, count in by_country.items()
        if code in countries
    ]
    found = {"projects": int(within.sum()), "countries": counts.distinct("country")}
    context |= filters_context(request, form, index) | {
        "figures": found,
        "rows": rows,
        "french_rows": {
            facet: [
                {"label": index.labels.label(facet, code), "count": count}
                for code, count in counts.top(facet).items()
            ]
            for facet in ("region", "departement")
        },
        "texts": map_texts(),
        "breadcrumb_data": breadcrumb(_("Carte des partenariats")),
        "controls": map_controls(),
        "flow_limit": FLOW_LIMIT,
    }
    return render(request, "explore/map.html", context)


def map_controls() -> list[dict]:
    """The map's segmented controls (map.js reads them by name): the view, what colours
    the countries, and (in the France view) the French partners' grouping."""
    return [
        {
            "name": "map-view",
            "legend": _("Vue"),
            "choices": [("world", _("le monde"), True), ("france", _("la France"), False)],
        },
        {
            "name": "map-measure",
            "legend": _("Couleur des pays selon"),
            "choices": [
                ("count", _("le nombre de partenariats"), True),
                ("amount", _("les montants déclarés"), False),
            ],
        },
        {
            "name": "map-french",
            "legend": _("Collectivités françaises par"),
            "choices": [("region", _("région"), False), ("departement", _("département"), True)],
            "hidden": True,
        },
    ]


def map_texts() -> dict:
    """What the map's script writes, in the page's language: each text in its singular and
    plural forms, chosen by the number (``Intl.PluralRules``)."""

    def forms(one, other):
        return {"one": str(one), "other": str(other)}

    return {
        "cluster": forms(
            _("%(towns)s villes partenaires, %(count)s partenariat : cliquer pour agrandir"),
            _("%(towns)s villes partenaires, %(count)s partenariats : cliquer pour agrandir"),
        ),
        "place": forms(
            _("%(name)s : %(count)s partenariat"), _("%(name)s : %(count)s partenariats")
        ),
        "flow": forms(
            _("%(from)s → %(to)s : %(count)s partenariat"),
            _("%(from)s → %(to)s : %(count)s partenariats"),
        ),
        "found": forms(
            _("%(count)s partenariat de la recherche dans ce lieu :"),
            _("%(count)s partenariats de la recherche dans ce lieu :"),
        ),
        "more": str(_("Tous les partenariats de cette collectivité")),
        "together": str(_("Plusieurs collectivités partenaires à cette position :")),
        "failed": str(_("Les partenariats de ce lieu n'ont pas pu être lus ; réessayez.")),
    }


# -- the map's points and lines ------------------------------------------------------------


def precision(kind: str) -> str:
    """How precisely a foreign partner is placed: its coordinates are those of a GeoNames
    town, or, for a province or a region, of its seat."""
    words = normalize_name(kind).split()
    return "region" if REGIONAL_WORDS.intersection(words) else "town"


def _located_foreign(index) -> list[str | None]:
    """For each value of the index's foreign partner facet (in its count arrays' order),
    the partner's place as the start of a JSON array ``[id, longitude, latitude, name,
    precision,`` that its count of partnerships closes; None for a partner without
    coordinates. Read and encoded once per version of the atlas (the index's): a partner
    enters the map with the publication of its partnership."""
    located = index.memo.get("foreign_places")
    if located is None:
        first, last = index.facet_tokens["foreign_authority"]
        ids = [int(pk) for pk in index.values_of("foreign_authority", range(last - first))]
        rows = ForeignAuthority.objects.filter(
            latitude__isnull=False, longitude__isnull=False
        ).values_list("pk", "longitude", "latitude", "name", "kind")
        encoded = {
            pk: json.dumps([pk, round(lon, 4), round(lat, 4), name, precision(kind)])[:-1] + ","
            for pk, lon, lat, name, kind in rows
        }
        located = index.memo["foreign_places"] = [encoded.get(pk) for pk in ids]
    return located


def _foreign_places(index, within) -> tuple[str, int]:
    """The located foreign partners of the partnerships of ``within`` as a JSON array of
    [id, longitude, latitude, name, precision, partnerships], and how many have no
    coordinates (they are not placed: never an invented position). Written as text: at
    100,000 partnerships the whole atlas has some 15,000 towns, and encoding them again for
    each request cost more than everything else."""
    counts = index.counts_within(("foreign_authority",), within).arrays["foreign_authority"]
    held = np.flatnonzero(counts)
    located = _located_foreign(index)
    places = [
        f"{located[i]}{count}]"
        for i, count in zip(held.tolist(), counts[held].tolist(), strict=True)
        if located[i] is not None
    ]
    return "[" + ",".join(places) + "]", len(held) - len(places)


def _located_areas(index) -> dict[str, dict[str, tuple]]:
    """French régions (and overseas collectivities) and départements with a located
    chef-lieu: facet -> INSEE code -> (name, longitude, latitude); once per version."""
    located = index.memo.get("french_areas")
    if located is None:
        located = {}
        for facet, kinds in (("region", ["region", "com"]), ("departement", ["departement"])):
            rows = FrenchAuthority.objects.filter(
                kind__in=kinds, latitude__isnull=False, longitude__isnull=False
            ).values_list("insee_code", "name", "longitude", "latitude")
            located[facet] = {
                code: (name, round(lon, 4), round(lat, 4)) for code, name, lon, lat in rows
            }
        index.memo["french_areas"] = located
    return located


def _french_areas(index, within) -> dict[str, list[list]]:
    """Partnerships by French région and département of their French partners, placed at
    the chef-lieu of each (those without a located chef-lieu are left to the tables), the
    largest first: [code, name, longitude, latitude, partnerships]."""
    counts = index.counts_within(("region", "departement"), within)
    located = _located_areas(index)
    return {
        facet: [
            [code, *located[facet][code], count]
            for code, count in counts.top(facet).items()
            if code in located[facet]
        ]
        for facet in ("region", "departement")
    }


def _flows(project_ids: list[int]) -> list[list]:
    """Lines from each located French partner to each located foreign partner of the same
    partnerships: [from longitude, latitude, to longitude, latitude, partnerships, from name,
    to name], the most travelled first."""
    ends = {}
    for side, links in (("french", ProjectFrenchAuthority), ("foreign", ProjectForeignAuthority)):
        rows = links.objects.filter(
            project_id__in=project_ids,
            authority__latitude__isnull=False,
            authority__longitude__isnull=False,
        ).values_list(
            "project_id",
            "authority_id",
            "authority__longitude",
            "authority__latitude",
            "authority__name",
        )
        for project, *end in rows:
            ends.setdefault(project, {"french": [], "foreign": []})[side].append(end)
    pairs: dict[tuple[int, int], list] = {}
    for sides in ends.values():
        for french_id, *start, start_name in sides["french"]:
            for foreign_id, *end, end_name in sides["foreign"]:
                pair = pairs.setdefault(
                    (french_id, foreign_id),
                    [
                        *(round(c, 4) for c in start),
                        *(round(c, 4) for c in end),
                        0,
                        start_name,
                        end_name,
                    ],
                )
                pair[4] += 1
    return sorted(pairs.values(), key=lambda flow: -flow[4])


def _invalid(form) -> JsonResponse:
    return JsonResponse({"errors": form.errors}, status=400)


@require_safe
def map_places(request):
    """The map's layers for the search's filters, as JSON: the located foreign partners
    (clustered by the page), the French partners by région and département, and the flow
    lines when the selection is small enough to read them."""
    form, index = search_form(request.GET)
    if not form.is_valid():
        return _invalid(form)
    within = index.matching(form.selection(index))
    projects = int(within.sum())
    places, unplaced = _foreign_places(index, within)
    flows = None
    if projects <= FLOW_LIMIT:
        flows = _flows([int(pk) for pk in index.ids[within]])
    layers = {
        "projects": projects,
        "unplaced": unplaced,
        "french": _french_areas(index, within),
        "flows": flows,
        "flow_limit": FLOW_LIMIT,
    }
    # The towns, already JSON, go in as they are.
    body = json.dumps(layers, ensure_ascii=False)[:-1] + ',"places":' + places + "}"
    return HttpResponse(body, content_type="application/json")


@require_safe
def map_place(request, pk: int):
    """One foreign partner chosen on the map: where it is placed and how precisely, and
    its partnerships among the search's (the first few, the rest on its page)."""
    form, index = search_form(request.GET)
    if not form.is_valid():
        return _invalid(form)
    place = get_object_or_404(ForeignAuthority.objects.select_related("country"), pk=pk)
    within = index.matching(form.selection(index))
    held = index.holders("foreign_authority", str(place.pk))
    ids = [int(pk) for pk in index.ids[held[within[held]]]]
    projects = Project.objects.published().filter(pk__in=ids).order_by("title")
    return JsonResponse(
        {
            "name": place.name,
            "country": place.country.name,
            "url": place.get_absolute_url(),
            "precision": str(PRECISIONS[precision(place.kind)]),
            "count": len(ids),
            "projects": [
                {"title": project.title, "url": project.get_absolute_url()}
                for project in projects[:DETAIL_LIMIT]
            ],
        }
    )
