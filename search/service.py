"""The one search service behind the search page, its alternates and the API."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from partnerships.models import Project
from territories.models import FrenchAuthority

from .facet_index import FacetCounts, FacetIndex, Outcome, current_index
from .forms import SearchForm
from .reference import ReferenceValues, reference_values

PAGE_SIZE = 25


@dataclass
class SearchResult:
    outcome: Outcome
    page: Page

    @property
    def total(self) -> int:
        return len(self.outcome.ids)


def search_form(params) -> tuple[SearchForm, FacetIndex, ReferenceValues]:
    """The bound form for these URL parameters, with the index and reference values it
    was checked against."""
    index = current_index()
    reference = reference_values(index.state)
    return SearchForm(params, reference=reference), index, reference


def run_search(form: SearchForm, index: FacetIndex, page_size: int = PAGE_SIZE) -> SearchResult:
    """Search with a valid form. Raises ``django.core.paginator.InvalidPage`` for a page
    beyond the last."""
    outcome = index.search(form.selection())
    paginator = Paginator(outcome.ids, page_size)
    page = paginator.page(form.cleaned_data.get("page") or 1)
    page.object_list = projects_in_order([int(i) for i in page.object_list])
    return SearchResult(outcome, page)


def authority_names(counts: FacetCounts, chosen: list, limit: int) -> dict[str, str]:
    """Names of the chosen authorities and of the ``limit`` busiest in ``counts``."""
    ids = {int(v) for v in counts.top("authority", limit)} | {int(v) for v in chosen}
    return {
        str(pk): name
        for pk, name in FrenchAuthority.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def projects_in_order(ids: list[int], queryset=None) -> list[Project]:
    """The published partnerships with these ids, in this order."""
    queryset = queryset if queryset is not None else Project.objects.with_place_summary()
    found = {p.pk: p for p in queryset.published().filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def related_projects(project: Project, limit: int = 5) -> dict[str, list[Project]]:
    """Partnerships to know about when reading a sheet: in the same countries (those
    sharing most of its facets first), and on the same main theme."""
    from .documents import theme_token

    index = current_index()
    tokens = project.search_document.facets.split() if hasattr(project, "search_document") else []
    countries = [t for t in tokens if t.startswith("country:")]
    same_country = index.neighbours(countries, project.pk, limit * 4) if countries else []
    # Order those in the country by how much else they share (themes, authorities ...).
    if same_country:
        scored = index.neighbours(tokens, project.pk, len(index))
        rank = {pk: i for i, pk in enumerate(scored)}
        same_country = sorted(same_country, key=lambda pk: rank.get(pk, len(rank)))[:limit]
    same_theme = []
    if project.main_theme_id:
        theme = project.main_theme
        same_theme = index.neighbours(
            [f"theme:{theme_token(theme.code, theme.pk)}"], project.pk, limit
        )
    return {
        "same_country": projects_in_order(same_country),
        "same_theme": projects_in_order(same_theme),
    }
