"""Exports of the whole atlas or of any search (same parameters as the search page and
the API), under /api/v1/exports/. Every file streams: rows are read in batches."""

import numpy as np
from django.conf import settings
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from search.forms import error_payload
from search.service import search_form
from territories.models import ForeignAuthority, FrenchAuthority

from .datasets import DATASETS, ExportContext
from .iati import iati_chunks
from .writers import csv_lines, datapackage, geojson_chunks, json_chunks


def _search(request, counted: tuple[str, ...] = ()):
    """The request's search (every published partnership without parameters) as
    (form, outcome, None), or (None, None, the 400 answer) for wrong parameters."""
    form, index, _reference = search_form(request.GET)
    if not form.is_valid():
        return None, None, JsonResponse(error_payload(form.errors), status=400)
    selection = form.selection(index)
    selection.counted = counted
    return form, index.search(selection), None


def _matching(request):
    """The ids of the matching partnerships, in id order unless ``sort`` is given, or an
    error response."""
    form, outcome, error = _search(request)
    if error:
        return None, error
    if form.cleaned_data.get("sort"):
        return outcome.ids, None
    return np.sort(outcome.ids), None  # files read best in id order, as the database does


def _context(request) -> ExportContext:
    return ExportContext(request.build_absolute_uri("/").rstrip("/"))


def _streamed(chunks, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def table(request, name: str):
    dataset = DATASETS.get(name)
    if dataset is None:
        raise Http404(name)
    ids, error = _matching(request)
    if error:
        return error
    lines = csv_lines(dataset, ids, _context(request))
    return _streamed(lines, "text/csv; charset=utf-8", f"{name}.csv")


@require_safe
def package(request):
    _form, _outcome, error = _search(request)  # the parameters the files will be read with
    if error:
        return error
    base = request.build_absolute_uri(reverse("api:opendata:package")).rsplit("/", 1)[0] + "/"
    return JsonResponse(
        datapackage(base, request.GET.urlencode()),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@require_safe
def projects_json(request):
    ids, error = _matching(request)
    if error:
        return error
    chunks = json_chunks(ids, _context(request))
    return _streamed(chunks, "application/json; charset=utf-8", "projects.json")


@require_safe
def partners_geojson(request):
    """Where the partners of the matching partnerships are, with how many of these
    partnerships each takes part in (partners without known coordinates are left out)."""
    _form, outcome, error = _search(request, counted=("authority", "foreign_authority"))
    if error:
        return error
    counts = outcome.counts
    base = request.build_absolute_uri("/").rstrip("/")

    def features():
        for side, model, facet in (
            ("french", FrenchAuthority, "authority"),
            ("foreign", ForeignAuthority, "foreign_authority"),
        ):
            found = counts.top(facet)
            located = model.objects.filter(
                pk__in=[int(pk) for pk in found], latitude__isnull=False, longitude__isnull=False
            ).order_by("pk")
            for authority in located.iterator(chunk_size=2000):
                country = "FR" if side == "french" else authority.country_id
                yield {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [authority.longitude, authority.latitude],
                    },
                    "properties": {
                        "id": authority.pk,
                        "side": side,
                        "name": authority.name,
                        "country": country,
                        "projects": found[str(authority.pk)],
                        "url": base + authority.get_absolute_url(),
                    },
                }

    return _streamed(
        geojson_chunks(features()), "application/geo+json; charset=utf-8", "partners.geojson"
    )


@require_safe
def projects_iati(request):
    """IATI 2.03 activities of the matching partnerships."""
    ids, error = _matching(request)
    if error:
        return error
    prefix = f"{settings.ATLAS_IATI_REPORTING_ORG['ref']}-ATLAS"
    themes = request.build_absolute_uri(reverse("api:themes"))
    return _streamed(
        iati_chunks(ids, prefix, themes), "application/xml; charset=utf-8", "projects.iati.xml"
    )
