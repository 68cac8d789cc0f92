"""The search page (/fr/projets/), its alternates (/fr/projets.json, .csv ...: written by
the registered renderers) and the type-ahead of French authorities."""

from django.core.paginator import InvalidPage
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from atlas.text import normalize_name
from catalogue.facets import YEAR_RANGE
from territories.models import FrenchAuthority

from . import renderers
from .facets import build_facets
from .forms import SORTS, error_payload
from .service import run_search, search_form


def _alternates(request) -> list[dict]:
    query = request.GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return [
        {
            "extension": r.extension,
            "media_type": r.media_type,
            "title": r.title,
            "url": reverse("search:projects_alternate", kwargs={"extension": r.extension}) + suffix,
        }
        for r in renderers.renderers()
    ]


@require_safe
def projects(request):
    form, index = search_form(request.GET)
    context = {
        "form": form,
        "alternates": _alternates(request),
        "sorts": SORTS,
        "breadcrumb_data": {"root_dir": reverse("explore:home"), "current": _("Rechercher")},
    }
    if not form.is_valid():
        return render(request, "search/projects.html", context, status=400)
    try:
        result = run_search(form, index)
    except InvalidPage:
        raise Http404(_("Cette page de résultats n'existe pas.")) from None
    query = request.GET.copy()
    query.pop("page", None)
    context |= {
        "result": result,
        "page": result.page,
        "facets": (facets := build_facets(form, result.outcome.counts, request.GET, index.labels)),
        "active_count": sum(len(facet.removals) for facet in facets),
        "page_query": query.urlencode(),
        "year_span": _year_span(form, result.outcome.years),
        "clear_query": urlencode({"q": q}) if (q := form.cleaned_data.get("q")) else "",
        "active": form.active,
    }
    return render(request, "search/projects.html", context)


def _year_span(form, years: dict[int, int]) -> tuple[int, int] | None:
    """The first and last start years of the results (``years`` counts them before the
    period is applied, for the period's own bounds to be chosen among them)."""
    low, high = YEAR_RANGE.bounds(form.cleaned_data)
    within = [
        year for year in years if (low is None or year >= low) and (high is None or year <= high)
    ]
    return (min(within), max(within)) if within else None


@require_safe
def projects_alternate(request, extension: str):
    """The search's results in another form, by the renderer registered for it."""
    found = renderers.renderer(extension)
    if found is None:
        raise Http404(extension)
    return found.render(request)


@require_safe
def authority_suggestions(request):
    """French authorities whose name contains ``name``, among those with partnerships
    in the current search (the other parameters), the busiest first."""
    text = normalize_name(request.GET.get("name", ""))
    if len(text) < 2:
        return JsonResponse({"results": []})
    form, index = search_form(request.GET)
    if not form.is_valid():
        return JsonResponse(error_payload(form.errors), status=400)
    selection = form.selection(index)
    selection.values.pop("authority", None)
    selection.counted = ("authority",)
    counts = index.search(selection).counts
    found = []
    for authority in FrenchAuthority.objects.filter(normalized_name__contains=text[:100])[:500]:
        count = counts.get("authority", str(authority.pk))
        if count:
            found.append((count, authority))
    found.sort(key=lambda pair: (-pair[0], pair[1].name))
    return JsonResponse(
        {
            "results": [
                {
                    "id": a.pk,
                    "name": a.name,
                    "kind": a.get_kind_display(),
                    "count": count,
                }
                for count, a in found[:10]
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )
