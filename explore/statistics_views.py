"""The statistics page (/fr/statistiques/): the figures of the search's own filters as
tables (the content), charts drawn from them, and each table as a CSV file."""

import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from atlas.text import spreadsheet_safe
from search.facets import build_facets
from search.service import search_form
from search.statistics import figures

from .breadcrumbs import breadcrumb
from .statistics import tables


def search_figures(request):
    """The search form of the request's parameters, its index, and its figures (None
    when the form is not valid)."""
    form, index = search_form(request.GET)
    if not form.is_valid():
        return form, index, None
    return form, index, figures(form, index)


def filters_context(request, form, index) -> dict:
    """What the pages following the search's filters show of them: the removable tags, and
    the query (without page nor order) for their links to one another."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    counts = index.search(form.selection(index)).counts
    return {
        "facets": build_facets(form, counts, request.GET, index.labels),
        "active": form.active,
        "query": query.urlencode(),
        "query_dict": query,
    }


@require_safe
def statistics(request):
    form, index, found = search_figures(request)
    context = {"form": form}
    if found is None:
        return render(request, "explore/statistics.html", context, status=400)
    context |= filters_context(request, form, index)
    context |= {
        "figures": found,
        "tables": tables(found, index.labels, context["query_dict"]),
        "breadcrumb_data": breadcrumb(_("Statistiques")),
    }
    return render(request, "explore/statistics.html", context)


@require_safe
def statistics_table(request, table: str):
    """One table of the page as CSV: its rows, the same numbers."""
    form, index, found = search_figures(request)
    if found is None:
        return HttpResponse(
            "\n".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    chosen = next((t for t in tables(found, index.labels, request.GET) if t.slug == table), None)
    if chosen is None:
        raise Http404(table)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["", *chosen.columns])
    for row in chosen.rows:
        writer.writerow([spreadsheet_safe(str(row.label)), *row.values])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistiques-{chosen.slug}.csv"'
    return response
