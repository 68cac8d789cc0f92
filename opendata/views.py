"""Exports of the whole atlas or of any search (same parameters as the search page and
the API), under /api/v1/exports/. Every file streams: rows are read in batches; the
whole atlas's files come from disk when they have been written for today's data."""

import math
from functools import partial, wraps

from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle

from atlas.addresses import site_address
from search.forms import error_payload
from search.service import matching_ids, search_form

from . import dumps
from .datasets import DATASETS
from .files import FILES
from .writers import datapackage, spreadsheet_csv_lines


def limited(view):
    """The API's limit per client address (DRF's throttle) counts exports too: they are
    its heaviest requests."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        throttle = AnonRateThrottle()
        if throttle.allow_request(request, None):
            return view(request, *args, **kwargs)
        wait = throttle.wait()
        response = JsonResponse({"detail": str(Throttled(wait).detail)}, status=429)
        if wait is not None:
            response["Retry-After"] = str(math.ceil(wait))
        return response

    return checked


def _matching(request):
    """The ids of the partnerships the request's parameters choose, in id order unless
    ``sort`` is given, or None and the 400 answer for wrong parameters."""
    form, index = search_form(request.GET)
    if not form.is_valid():
        return None, JsonResponse(error_payload(form.errors), status=400)
    return matching_ids(form, index), None


def _from_disk(dump: dumps.Dump, name: str, content_type: str) -> FileResponse:
    response = FileResponse(dumps.path_of(name).open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = content_type
    response["Last-Modified"] = http_date(dump.written.timestamp())
    response["ETag"] = f'"{dump.version}-{dump.stamp}-{dump.sizes[name]}"'
    return response


@require_safe
@limited
def export(request, filename: str):
    file = FILES.get(filename)
    if file is None:
        raise Http404(filename)
    base_url = site_address(request)
    if not request.GET:  # the whole atlas
        dump = dumps.current_dump(base_url)
        if dump and filename in dump.sizes:
            return _from_disk(dump, filename, file.content_type)
        ids = dumps.published_ids()
    else:
        ids, error = _matching(request)
        if error:
            return error
    write = file.write
    if filename.endswith(".csv") and request.GET.get("separator") == "semicolon":
        dataset = DATASETS[filename.removesuffix(".csv")]
        write = partial(spreadsheet_csv_lines, dataset)  # for a spreadsheet set to French
    response = StreamingHttpResponse(write(ids, base_url), content_type=file.content_type)
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
