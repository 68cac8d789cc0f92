"""Exports of the whole atlas or of any search (same parameters as the search page and
the API), under /api/v1/exports/. Every file streams: rows are read in batches; the
whole atlas's files come from disk when they have been written for today's data."""

from functools import wraps

from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from atlas.addresses import site_address
from atlas.throttling import CountedStream, take_stream_slot, throttled_response
from search.forms import error_payload
from search.service import matching_ids, search_form

from . import dumps
from .files import (
    ALL_COUNTRIES_IATI,
    FILES,
    IATI_ALL_COUNTRIES,
    SPREADSHEET_FILES,
    ExportFile,
    spreadsheet_name,
)
from .writers import datapackage

COUNTRIES_ERROR = _(
    "« oda » (partenariats avec des pays bénéficiaires de l'aide publique au "
    "développement, par défaut) ou « all » (tous, les autres marqués comme n'étant pas "
    "de l'aide) ; seul le fichier IATI en tient compte."
)


def limited(view):
    """The API's limit per client address (DRF's throttle) counts exports too: they are
    its heaviest requests."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        return throttled_response(request) or view(request, *args, **kwargs)

    return checked


def _from_disk(dump: dumps.Dump, stored: str, file: ExportFile) -> FileResponse:
    response = FileResponse(
        dumps.path_of(stored).open("rb"), as_attachment=True, filename=file.name
    )
    response["Content-Type"] = file.content_type
    response["Last-Modified"] = http_date(dump.written.timestamp())
    response["ETag"] = f'"{dump.version}-{dump.stamp}-{dump.sizes[stored]}"'
    response["Cache-Control"] = "public, no-cache"
    return response


@require_safe
@limited
def export(request, filename: str):
    """A file of the partnerships the parameters choose. Parameters that choose them all
    (none, or ones that filter nothing) get the whole atlas's written file when it is
    current; any other file streams, at most ``ATLAS_STREAMS_PER_CLIENT`` at once per
    client."""
    file = FILES.get(filename)
    if file is None:
        raise Http404(filename)
    form, index = search_form(request.GET)
    if not form.is_valid():
        return JsonResponse(error_payload(form.errors), status=400)
    countries = request.GET.get("countries", "oda")
    if countries not in ("oda", "all"):
        return JsonResponse(error_payload({"countries": [COUNTRIES_ERROR]}), status=400)
    if filename.endswith(".csv") and request.GET.get("separator") == "semicolon":
        stored = spreadsheet_name(filename)  # for a spreadsheet set to French
        file = SPREADSHEET_FILES[stored]
    elif filename == "projects.iati.xml" and countries == "all":
        stored = ALL_COUNTRIES_IATI  # not aid too, marked so
        file = IATI_ALL_COUNTRIES[stored]
    else:
        stored = filename
    base_url = site_address(request)
    if not form.active and not form.cleaned_data.get("sort"):  # the whole atlas
        dump = dumps.current_dump(base_url)
        if dump and stored in dump.sizes:
            return _from_disk(dump, stored, file)
        ids = dumps.published_ids()
    else:
        ids = matching_ids(form, index)
    refused = take_stream_slot(request)
    if refused is not None:
        return refused
    chunks = CountedStream(request, file.write(ids, base_url))
    response = StreamingHttpResponse(chunks, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


@require_safe
def table(request, name: str):  # limited by export()
    return export(request, f"{name}.csv")


@require_safe
@limited
def package(request):
    form, _index = search_form(request.GET)  # the files' parameters, checked
    if not form.is_valid():
        return JsonResponse(error_payload(form.errors), status=400)
    base = request.build_absolute_uri(reverse("api:opendata:package")).rsplit("/", 1)[0] + "/"
    return JsonResponse(
        datapackage(base, request.GET.urlencode()),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
