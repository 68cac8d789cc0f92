"""The map page (/fr/carte/): partnerships by country for the search's own filters, as a
table (the content, and what is read without JavaScript) that a world choropleth draws:
shapes from world-atlas (Natural Earth), copied into static files at install."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_safe

from search.index_updates import current_index
from territories.models import Country

from .statistics_views import filters_context, search_figures


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
    form, index, found = search_figures(request)
    context = {"form": form}
    if found is None:
        return render(request, "explore/map.html", context, status=400)
    countries = Country.objects.in_bulk(list(found["by"]["country"]))
    amounts = found["amount_by_country"]
    rows = [
        {
            "country": countries[code],
            "count": count,
            "amount": round(amounts.get(code, 0)),
        }
        for code, count in found["by"]["country"].items()
        if code in countries
    ]
    context |= filters_context(request, form, index) | {"figures": found, "rows": rows}
    return render(request, "explore/map.html", context)
