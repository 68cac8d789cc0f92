"""The one search service behind the search page, its alternates and the API."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from partnerships.models import Project
from partnerships.summaries import ProjectSummary, summaries
from territories.models import FrenchAuthority

from .documents import theme_token
from .facet_index import FacetCounts, FacetIndex, Outcome, Selection, current_index
from .forms import SearchForm
from .models import SearchDocument
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
    outcome = index.search(form.selection(index))
    paginator = Paginator(outcome.ids, page_size)
    return SearchResult(outcome, _summarised(paginator.page(form.cleaned_data.get("page") or 1)))


def _summarised(page: Page) -> Page:
    """The page, its partnership ids replaced by their summaries."""
    page.object_list = summaries([int(i) for i in page.object_list])
    return page


def authority_names(counts: FacetCounts, chosen: list, limit: int) -> dict[str, str]:
    """Names of the chosen authorities and of the ``limit`` busiest in ``counts``."""
    ids = {int(v) for v in counts.top("authority", limit)} | {int(v) for v in chosen}
    return {
        str(pk): name
        for pk, name in FrenchAuthority.objects.filter(pk__in=ids).values_list("pk", "name")
    }


def facet_counts(values: dict[str, list[str]], counted: tuple[str, ...]) -> FacetCounts:
    """Counts of the ``counted`` facets over the published partnerships holding these
    facet values (for the browse pages: a country's French partners, a theme's countries)."""
    return current_index().search(Selection(values=values, counted=counted)).counts


def listing(values: dict[str, list[str]], page_number, page_size: int | None = None) -> Page:
    """One page (``Paginator.get_page`` rules) of the published partnerships holding these
    facet values, the most recently updated first."""
    ids = current_index().search(Selection(values=values, counted=())).ids
    return _summarised(Paginator(ids, page_size or PAGE_SIZE).get_page(page_number))


def related_projects(project: Project, limit: int = 4) -> dict[str, list[ProjectSummary]]:
    """Partnerships to know about when reading a sheet, to pool efforts: in the same
    countries, and on the same main theme; those alike in other ways (theme, French
    région, kind of partner, funders) first."""
    tokens = (
        SearchDocument.objects.filter(project_id=project.pk)
        .values_list("facets", flat=True)
        .first()
        or ""
    ).split()
    alike = [t for t in tokens if not t.startswith(("status:", "triennial:"))]
    index = current_index()
    countries = [t for t in tokens if t.startswith("country:")]
    theme = (
        [f"theme:{theme_token(project.main_theme.code, project.main_theme_id)}"]
        if project.main_theme_id
        else []
    )
    return {
        "same_country": summaries(index.neighbours(countries, alike, project.pk, limit)),
        "same_theme": summaries(index.neighbours(theme, alike, project.pk, limit)),
    }
