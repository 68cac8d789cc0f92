"""Public pages: home, project sheet (HTML and JSON), country and authority pages."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from partnerships.models import Project
from partnerships.representation import dumps, project_representation
from territories.models import Country, ForeignAuthority, FrenchAuthority

from . import sheets

PAGE_SIZE = 25


def _published_project(pk: int) -> Project:
    return get_object_or_404(Project.objects.published().with_sheet_data(), pk=pk)


def _paginated(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
def home(request):
    return render(
        request,
        "explore/home.html",
        {
            "counts": sheets.headline_counts(),
            "latest": Project.objects.published().with_place_summary()[:10],
        },
    )


@require_safe
def project_redirect(request, pk: int):
    """Short and outdated URLs lead to the canonical one, whose slug follows the title."""
    project = get_object_or_404(Project.objects.published(), pk=pk)
    return redirect(project, permanent=True)


@require_safe
def project_detail(request, pk: int, slug: str):
    project = _published_project(pk)
    if slug != project.slug:
        return redirect(project, permanent=True)
    return render(request, "explore/project_detail.html", sheets.project_sheet_context(project))


@require_safe
def project_json(request, pk: int, slug: str):
    project = _published_project(pk)
    if slug != project.slug:
        return redirect("explore:project_json", pk=project.pk, slug=project.slug, permanent=True)
    data = {
        "id": project.pk,
        "url": request.build_absolute_uri(project.get_absolute_url()),
        **project_representation(project),
    }
    return HttpResponse(dumps(data, indent=2), content_type="application/json; charset=utf-8")


@require_safe
def country_detail(request, code: str):
    if code != code.upper():
        return redirect("explore:country", code=code.upper(), permanent=True)
    country = get_object_or_404(Country.objects.select_related("zone"), code=code)
    projects = Project.objects.published().in_country(country.code).with_place_summary()
    return render(
        request,
        "explore/country_detail.html",
        {
            "country": country,
            "page": _paginated(request, projects),
            "posts": country.diplomatic_posts.prefetch_related("contacts"),
        },
    )


def _authority_page(request, queryset, pk: int, slug: str, partner_field: str, template: str):
    """An authority's page with its published partnerships; old slugs redirect."""
    authority = get_object_or_404(queryset, pk=pk)
    if slug != authority.slug:
        return redirect(authority, permanent=True)
    projects = Project.objects.published().filter(**{partner_field: authority})
    return render(
        request,
        template,
        {
            "authority": authority,
            "page": _paginated(request, projects.with_place_summary()),
        },
    )


@require_safe
def french_authority_detail(request, pk: int, slug: str):
    return _authority_page(
        request,
        FrenchAuthority.objects.select_related("departement", "region"),
        pk,
        slug,
        "french_authorities",
        "explore/french_authority_detail.html",
    )


@require_safe
def foreign_authority_detail(request, pk: int, slug: str):
    return _authority_page(
        request,
        ForeignAuthority.objects.select_related("country"),
        pk,
        slug,
        "foreign_authorities",
        "explore/foreign_authority_detail.html",
    )
