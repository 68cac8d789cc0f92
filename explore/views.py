"""Public pages: home, project sheet (HTML and JSON), country, authority, theme and
embassy pages, the indexes, the legal pages and robots.txt. What they compute lives in
``sheets``, ``browse`` and ``indexes``."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts.permissions import Action, allowed
from atlas.addresses import page_addresses, site_address
from atlas.forms import integer_in_range
from catalogue.reader import theme_token
from catalogue.representation import documents, dumps
from catalogue.representation import reader as representation_reader
from catalogue.summaries import summaries
from nomenclature.models import Theme
from partnerships.models import Project
from search.service import headline_counts, related_projects
from territories.models import Country, ForeignAuthority, FrenchAuthority

from . import breadcrumbs, browse, indexes, sheets
from .breadcrumbs import breadcrumb
from .map_views import map_block


def _page_number(request) -> int | None:
    """The page asked for, None for anything but a number (``Paginator.get_page`` then
    shows the first page, and the last one for a number beyond it)."""
    return integer_in_range(request.GET.get("page"), 1)


@require_safe
def home(request):
    return render(
        request,
        "explore/home.html",
        {
            "counts": headline_counts(),
            **browse.home_page(),
            "latest": summaries(
                list(Project.objects.published().values_list("pk", flat=True)[:10])
            ),
            "map_block": map_block({}),
        },
    )


@require_safe
def project_redirect(request, pk: int):
    """Short and outdated URLs lead to the canonical one, whose slug follows the title."""
    project = get_object_or_404(Project.objects.published(), pk=pk)
    return redirect(project, permanent=True)


@require_safe
def project_detail(request, pk: int, slug: str):
    reader, sheet = sheets.read_sheet(pk)
    if sheet is None:
        raise Http404(pk)
    page = sheets.sheet_page(sheet, reader)
    if slug != page.slug:
        return redirect(page, permanent=True)
    theme = reader.themes.get(sheet.fields["main_theme_id"])
    related = related_projects(page.pk, theme.code if theme else None)
    context = {
        "sheet": page,
        "breadcrumb_data": page.breadcrumb_data,
        "related": related,
        "contact_email": settings.ATLAS_CONTACT_EMAIL,
        # Its editors and correspondents propose a change in the workspace instead.
        "can_edit": request.user.is_authenticated
        and allowed(request.user, Action.EDIT, Project(pk=page.pk)),
    }
    return render(request, "explore/project_detail.html", context)


@require_safe
def project_json(request, pk: int, slug: str):
    project = get_object_or_404(Project.objects.published(), pk=pk)
    if slug != project.slug:
        return redirect("explore:project_json", pk=project.pk, slug=project.slug, permanent=True)
    address = page_addresses(site_address(request), "explore:project")
    (data,) = documents(representation_reader(), [project.pk], address)
    return HttpResponse(dumps(data, indent=2), content_type="application/json; charset=utf-8")


@require_safe
def country_detail(request, code: str):
    if not (len(code) == 2 and code.isascii() and code.isalpha()):
        # Not an ISO code, and PostgreSQL could not even compare a NUL byte with one.
        raise Http404(code)
    if code != code.upper():
        return redirect("explore:country", code=code.upper(), permanent=True)
    country = get_object_or_404(Country.objects.select_related("zone"), code=code)
    context = browse.country_page(country, _page_number(request))
    context["map_block"] = map_block({"country": [country.code]})
    context["breadcrumb_data"] = breadcrumb(country.name, breadcrumbs.countries())
    return render(request, "explore/country_detail.html", context)


def _authority_page(request, queryset, pk: int, slug: str, page_data, template: str):
    """An authority's page with its published partnerships; old slugs redirect."""
    authority = get_object_or_404(queryset, pk=pk)
    if slug != authority.slug:
        return redirect(authority, permanent=True)
    return render(request, template, page_data(authority, _page_number(request)))


@require_safe
def french_authority_detail(request, pk: int, slug: str):
    return _authority_page(
        request,
        FrenchAuthority.objects.select_related("departement", "region"),
        pk,
        slug,
        lambda authority, page_number: {
            **browse.french_authority_page(authority, page_number),
            "map_block": map_block({"authority": [str(authority.pk)]}),
            "breadcrumb_data": breadcrumbs.of_french_authority(authority),
        },
        "explore/french_authority_detail.html",
    )


@require_safe
def foreign_authority_detail(request, pk: int, slug: str):
    return _authority_page(
        request,
        ForeignAuthority.objects.select_related("country"),
        pk,
        slug,
        lambda authority, page_number: {
            **browse.foreign_authority_page(authority, page_number),
            "breadcrumb_data": breadcrumb(
                authority.name,
                breadcrumbs.countries(),
                (authority.country.get_absolute_url(), authority.country.name),
            ),
        },
        "explore/foreign_authority_detail.html",
    )


@require_safe
def theme_index(request):
    return render(request, "explore/theme_index.html", browse.theme_index_page())


@require_safe
def theme_detail(request, code: str):
    theme = get_object_or_404(Theme.objects.select_related("parent__parent"), code=code)
    context = browse.theme_page(theme, _page_number(request))
    context["map_block"] = map_block({"theme": [theme_token(theme.code, theme.pk)]})
    return render(request, "explore/theme_detail.html", context)


@require_safe
def embassy_detail(request, pk: int):
    post = get_object_or_404(browse.diplomatic_posts(), pk=pk)
    context = browse.embassy_page(post, _page_number(request))
    return render(request, "explore/embassy_detail.html", context)


@require_safe
def countries(request):
    return render(request, "explore/countries.html", indexes.countries_page())


@require_safe
def french_authorities(request):
    region, kind = request.GET.get("region", "")[:10], request.GET.get("kind", "")[:20]
    page = indexes.french_authorities_page(region, kind)
    return render(request, "explore/french_authorities.html", page)


@require_safe
def embassies(request):
    return render(request, "explore/embassies.html", indexes.embassies_page())


@require_safe
def robots(request):
    """For crawlers: everything public, nothing of the workspace, the accounts or the
    admin, where the sitemap is."""
    private = []
    for language in ("fr", "en"):
        with translation.override(language):
            private += [reverse("declarations:dashboard"), reverse("admin:index")]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in private)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _legal(template: str, title):
    """A legal page of the footer: its template reads the settings that name who
    publishes, hosts and answers."""

    @require_safe
    def page(request):
        return render(
            request,
            f"explore/legal/{template}.html",
            {
                "contact_email": settings.ATLAS_CONTACT_EMAIL,
                "publisher": settings.ATLAS_PUBLISHER,
                "director": settings.ATLAS_PUBLICATION_DIRECTOR,
                "host": settings.ATLAS_HOST,
                "breadcrumb_data": breadcrumb(title),
            },
        )

    return page


accessibility = _legal("accessibility", _("Déclaration d'accessibilité"))
legal_notice = _legal("notice", _("Mentions légales"))
personal_data = _legal("personal_data", _("Données personnelles"))
site_map = _legal("site_map", _("Plan du site"))
