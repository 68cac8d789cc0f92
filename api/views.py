"""The read API, /api/v1/: partnerships with the search's filters, reference entries,
statistics. JSON only; errors are 400 with ``{"errors": {parameter: [messages]}}``."""

from django import forms
from django.core.paginator import InvalidPage
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from atlas.addresses import page_addresses, site_address
from atlas.forms import IntegerParameter
from atlas.text import normalize_name
from catalogue.facet_kinds import AuthorityFacet
from catalogue.facets import FACETS
from catalogue.representation import documents, to_plain
from catalogue.representation import reader as representation_reader
from nomenclature.models import Theme
from search.forms import error_payload
from search.service import run_search, search_form
from search.statistics import figures
from territories.models import Country, DiplomaticPost, ForeignAuthority, FrenchAuthority, Zone

from . import representation, serializers
from .errors import error_response
from .parameters import search_parameters

MAX_PAGE_SIZE = 100
# The search page's JSON lists the busiest French authorities only: there are thousands.
JSON_AUTHORITIES = 50
AUTHORITY = next(name for name, facet in FACETS.items() if isinstance(facet, AuthorityFacet))
ERRORS, NOT_FOUND = representation.ERRORS, representation.NOT_FOUND


def _errors(errors) -> Response:
    return Response(error_payload(errors), 400)


def _with_page(request, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def represented(request, ids: list[int]) -> list[dict]:
    """The published partnerships with these ids in the JSON representation of DESIGN.md,
    with the API's id and URL on top, in this order."""
    reader = representation_reader(published=True)
    address = page_addresses(site_address(request), "explore:project")
    return [to_plain(document) for document in documents(reader, ids, address)]


class PageSizeForm(forms.Form):
    page_size = IntegerParameter(required=False, min_value=1, max_value=MAX_PAGE_SIZE)


def results_page(request, params, *, with_facets: bool = False) -> tuple[dict, int]:
    """A page of the search of these parameters, in the JSON representation (and every
    facet's counts): the API's answer, and the search page's JSON alternate."""
    form, index = search_form(params)
    size = PageSizeForm(params)
    checked = [form.is_valid(), size.is_valid()]  # both, to report every error
    if not all(checked):
        return error_payload(form.errors | size.errors), 400
    try:
        result = run_search(form, index, size.cleaned_data["page_size"] or 25)
    except InvalidPage:
        return error_payload({"page": [_("Cette page de résultats n'existe pas.")]}), 400
    page = result.page
    answer = {
        "count": result.total,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "next": _with_page(request, page.number + 1) if page.has_next() else None,
        "previous": _with_page(request, page.number - 1) if page.has_previous() else None,
        "results": represented(request, [summary.pk for summary in page.object_list]),
    }
    if with_facets:
        counts = result.outcome.counts
        answer["facets"] = {
            name: counts.top(name, JSON_AUTHORITIES if name == AUTHORITY else None)
            for name in representation.SEARCH_PAGE["properties"]["facets"]["properties"]
        }
        answer["start_years"] = result.outcome.years
    return answer, 200


def search_page_json(request):
    """The search page's JSON alternate (``search.renderers``)."""
    answer, status = results_page(request, request.GET, with_facets=True)
    return JsonResponse(
        answer, status=status, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


class ProjectList(APIView):
    """Published partnerships with the search page's filters and orders."""

    @extend_schema(
        operation_id="projects_list",
        parameters=search_parameters(),
        responses={200: representation.PROJECT_PAGE, 400: ERRORS},
    )
    def get(self, request):
        answer, status = results_page(request, request.query_params)
        return Response(answer, status)


class ProjectDetail(APIView):
    """One published partnership, in the JSON representation."""

    @extend_schema(
        operation_id="projects_retrieve",
        responses={200: representation.PROJECT, 404: NOT_FOUND},
    )
    def get(self, request, pk: int):
        found = represented(request, [pk])
        if not found:
            raise NotFound(_("Aucun partenariat publié ne porte cet identifiant."))
        return Response(found[0])


class ZoneList(generics.ListAPIView):
    queryset = Zone.objects.all()
    serializer_class = serializers.ZoneSerializer
    pagination_class = None


class CountryList(generics.ListAPIView):
    queryset = Country.objects.select_related("zone").order_by("code")
    serializer_class = serializers.CountrySerializer
    pagination_class = None


class ThemeList(generics.ListAPIView):
    queryset = Theme.objects.select_related("parent")
    serializer_class = serializers.ThemeSerializer
    pagination_class = None


class EmbassyList(generics.ListAPIView):
    queryset = DiplomaticPost.objects.prefetch_related("contacts").order_by("country", "name")
    serializer_class = serializers.EmbassySerializer
    pagination_class = None


class Pages(PageNumberPagination):
    page_size = MAX_PAGE_SIZE


class PageForm(forms.Form):
    """The page of a list that DRF's pagination reads: checked here first, as every
    integer parameter is (DRF would read "٣" as 3)."""

    page = IntegerParameter(required=False, min_value=1)


class FrenchAuthorityFilters(PageForm):
    q = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *FrenchAuthority.Kind.choices])
    departement = forms.CharField(required=False, max_length=3)
    region = forms.CharField(required=False, max_length=3)


class ForeignAuthorityFilters(PageForm):
    q = forms.CharField(required=False, max_length=100)
    country = forms.CharField(required=False, max_length=2)


class FilteredList(generics.ListAPIView):
    """A paginated list narrowed by a small form of query parameters."""

    pagination_class = Pages
    filters: type[forms.Form]

    def list(self, request, *args, **kwargs):
        self.form = self.filters(request.query_params)
        if not self.form.is_valid():
            return _errors(self.form.errors)
        try:
            return super().list(request, *args, **kwargs)
        except NotFound:
            return _errors({"page": [_("Cette page de résultats n'existe pas.")]})


class FrenchAuthorityList(FilteredList):
    """French authorities (all of them, with or without partnerships), by name."""

    serializer_class = serializers.FrenchAuthoritySerializer
    filters = FrenchAuthorityFilters

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Part of the name"),
            OpenApiParameter("kind", str, enum=FrenchAuthority.Kind.values),
            OpenApiParameter("departement", str, description="INSEE code"),
            OpenApiParameter("region", str, description="INSEE code"),
        ],
        responses={200: serializers.FrenchAuthoritySerializer(many=True), 400: ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        data = self.form.cleaned_data
        found = FrenchAuthority.objects.select_related("departement", "region").order_by(
            "name", "pk"
        )
        if data["q"]:
            found = found.filter(normalized_name__contains=normalize_name(data["q"]))
        if data["kind"]:
            found = found.filter(kind=data["kind"])
        if data["departement"]:
            found = found.filter(departement__insee_code=data["departement"])
        if data["region"]:
            found = found.filter(region__insee_code=data["region"])
        return found


class ForeignAuthorityList(FilteredList):
    """Foreign authorities, by country and name."""

    serializer_class = serializers.ForeignAuthoritySerializer
    filters = ForeignAuthorityFilters

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Part of the name"),
            OpenApiParameter("country", str, description="ISO 3166 alpha-2 code"),
        ],
        responses={200: serializers.ForeignAuthoritySerializer(many=True), 400: ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        data = self.form.cleaned_data
        found = ForeignAuthority.objects.order_by("name", "pk")
        if data["q"]:
            found = found.filter(normalized_name__contains=normalize_name(data["q"]))
        if data["country"]:
            found = found.filter(country_id=data["country"].upper())
        return found


class Stats(APIView):
    """The figures behind the statistics page and the map, for the search page's filters:
    headline counts, every facet of the catalogue counted in statistics, start years (in
    all and by zone), the most involved French authorities."""

    @extend_schema(
        parameters=search_parameters(with_pages=False),
        responses={200: representation.STATS, 400: ERRORS},
    )
    def get(self, request):
        form, index = search_form(request.query_params)
        if not form.is_valid():
            return Response(error_payload(form.errors), 400)
        return Response(figures(form, index))


def not_found(request):
    return error_response(request, 404)


# The site's error handlers (atlas/urls.py names them): under /api/, errors are JSON,
# whichever view raised them (an export's unknown file, an unexpected failure); elsewhere,
# the site's own pages.


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return error_response(request, 500)
    return defaults.server_error(request)
