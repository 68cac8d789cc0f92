"""The search page (/fr/projets/) and its JSON and CSV alternates, with the same filters."""

import csv

from django.core.paginator import InvalidPage
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from atlas.text import normalize_name
from opendata.writers import Echo
from partnerships.summaries import ProjectSummary, summaries
from territories.models import FrenchAuthority

from .facet_index import FACETS
from .facets import AUTHORITIES_SHOWN, build_facets
from .forms import SORTS, error_payload
from .service import authority_names, run_search, search_form

CSV_BATCH = 500
# The JSON alternate lists the busiest authorities only: there are thousands.
JSON_AUTHORITIES = 50


def _alternates(request) -> dict[str, str]:
    query = request.GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return {
        "json": reverse("search:projects_json") + suffix,
        "csv": reverse("search:projects_csv") + suffix,
    }


@require_safe
def projects(request):
    form, index, reference = search_form(request.GET)
    context = {"form": form, "alternates": _alternates(request), "sorts": SORTS}
    if not form.is_valid():
        return render(request, "search/projects.html", context, status=400)
    try:
        result = run_search(form, index)
    except InvalidPage:
        raise Http404(_("Cette page de résultats n'existe pas.")) from None
    counts = result.outcome.counts
    names = authority_names(counts, form.cleaned_data["authority"], AUTHORITIES_SHOWN)
    query = request.GET.copy()
    query.pop("page", None)
    context |= {
        "result": result,
        "page": result.page,
        "facets": build_facets(form, counts, request.GET, reference, names),
        "page_query": query.urlencode(),
        "year_span": (min(years), max(years)) if (years := result.outcome.years) else None,
        "active": any(
            form.cleaned_data.get(name) for name in form.fields if name not in ("sort", "page")
        ),
    }
    return render(request, "search/projects.html", context)


def _errors(form) -> JsonResponse:
    return JsonResponse(
        error_payload(form.errors),
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def _summary(request, project: ProjectSummary) -> dict:
    return {
        "id": project.pk,
        "url": request.build_absolute_uri(project.get_absolute_url()),
        "title": project.title,
        "french_authorities": project.french,
        "foreign_authorities": [partner.name for partner in project.foreign],
        "countries": project.countries,
        "partnership_type": project.type_fr,
        "status": project.status or None,
        "start_year": project.start_year,
        "updated_at": project.updated_at.isoformat(),
    }


@require_safe
def projects_json(request):
    form, index, _reference = search_form(request.GET)
    if not form.is_valid():
        return _errors(form)
    try:
        result = run_search(form, index)
    except InvalidPage:
        return JsonResponse(
            {"errors": {"page": [_("Cette page de résultats n'existe pas.")]}}, status=404
        )
    page = result.page
    return JsonResponse(
        {
            "count": result.total,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": [_summary(request, p) for p in page.object_list],
            "facets": {
                name: result.outcome.counts.top(
                    name, JSON_AUTHORITIES if name == "authority" else None
                )
                for name in FACETS
            },
            "start_years": result.outcome.years,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def _csv_rows(request, ids):
    header = [
        "id",
        "url",
        "title",
        "french_authorities",
        "foreign_authorities",
        "countries",
        "partnership_type",
        "status",
        "start_year",
        "updated_at",
    ]
    yield header
    for start in range(0, len(ids), CSV_BATCH):
        for project in summaries([int(i) for i in ids[start : start + CSV_BATCH]]):
            row = _summary(request, project)
            for key in ("french_authorities", "foreign_authorities", "countries"):
                row[key] = " | ".join(row[key])
            yield [row[key] if row[key] is not None else "" for key in header]


@require_safe
def projects_csv(request):
    """Every matching partnership (not one page), streamed as the rows are read."""
    form, index, _reference = search_form(request.GET)
    if not form.is_valid():
        return _errors(form)
    selection = form.selection(index)
    selection.counted = ()  # rows only: no facet to count
    ids = index.search(selection).ids
    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _csv_rows(request, ids)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="partenariats.csv"'
    return response


@require_safe
def authority_suggestions(request):
    """French authorities whose name contains ``name``, among those with partnerships
    in the current search (the other parameters), the busiest first."""
    text = normalize_name(request.GET.get("name", ""))
    if len(text) < 2:
        return JsonResponse({"results": []})
    form, index, _reference = search_form(request.GET)
    if not form.is_valid():
        return _errors(form)
    selection = form.selection(index)
    selection.values.pop("authority", None)
    selection.counted = ("authority",)
    counts = index.search(selection).counts
    found = []
    for authority in FrenchAuthority.objects.filter(normalized_name__contains=text)[:500]:
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
