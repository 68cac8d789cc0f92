"""The one search service behind the search page, its alternates, the API, the exports and
the browse pages."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from catalogue.facets import FACETS
from catalogue.summaries import summaries

from .facet_index import FacetCounts, FacetIndex, Outcome, Selection
from .forms import SearchForm
from .index_updates import current_index

PAGE_SIZE = 25


@dataclass
class SearchResult:
    outcome: Outcome
    page: Page

    @property
    def total(self) -> int:
        return len(self.outcome.ids)


def search_form(params) -> tuple[SearchForm, FacetIndex]:
    """The bound form for these URL parameters, with the index it was checked against."""
    index = current_index()
    return SearchForm(params, labels=index.labels), index


def run_search(form: SearchForm, index: FacetIndex, page_size: int = PAGE_SIZE) -> SearchResult:
    """Search with a valid form. Raises ``django.core.paginator.InvalidPage`` for a page
    beyond the last."""
    outcome = index.search(form.selection(index))
    paginator = Paginator(outcome.ids, page_size)
    return SearchResult(outcome, _summarised(paginator.page(form.cleaned_data.get("page") or 1)))


def matching_ids(form: SearchForm, index: FacetIndex) -> list[int]:
    """Every partnership a valid form chooses (not one page), in its order when a ``sort``
    is given, else in id order (the order files are written in)."""
    selection = form.selection(index)
    selection.counted = ()  # rows only: no facet to count
    ids = index.search(selection).ids
    return ids.tolist() if form.cleaned_data.get("sort") else sorted(ids.tolist())


def _summarised(page: Page) -> Page:
    """The page, its partnership ids replaced by their summaries."""
    page.object_list = summaries([int(i) for i in page.object_list])
    return page


def facet_counts(values: dict[str, list[str]], counted: tuple[str, ...]) -> FacetCounts:
    """Counts of the ``counted`` facets over the published partnerships holding these
    facet values (for the browse pages: a country's French partners, a theme's countries)."""
    return current_index().search(Selection(values=values, counted=counted)).counts


def listing(values: dict[str, list[str]], page_number, page_size: int | None = None) -> Page:
    """One page (``Paginator.get_page`` rules) of the published partnerships holding these
    facet values, the most recently updated first."""
    ids = current_index().search(Selection(values=values, counted=())).ids
    return _summarised(Paginator(ids, page_size or PAGE_SIZE).get_page(page_number))


def headline_counts() -> dict[str, int]:
    """The atlas in four numbers, over published partnerships, as the search counts them."""
    counts = facet_counts({}, ("authority", "foreign_authority", "country"))
    return {
        "projects": len(current_index()),
        "french_authorities": counts.distinct("authority"),
        "foreign_authorities": counts.distinct("foreign_authority"),
        "countries": counts.distinct("country"),
    }


# Values that say nothing about how alike two partnerships are.
NOT_ALIKE = {FACETS["status"].name, FACETS["triennial"].name}


def related_projects(project_id: int, main_theme: str | None, limit: int = 4):
    """Partnerships to know about when reading a sheet, to pool efforts: in the same
    countries, and on the same main theme (its value in the theme facet); those alike in
    other ways (theme, French région, kind of partner, funders) first."""
    index = current_index()
    held = index.values_held(project_id)
    alike = [(facet, value) for facet, value in held if facet not in NOT_ALIKE]
    countries = [value for facet, value in held if facet == "country"]
    same_country = index.neighbours({"country": countries}, alike, project_id, limit)
    same_theme = (
        index.neighbours({"theme": [main_theme]}, alike, project_id, limit) if main_theme else []
    )
    return {"same_country": summaries(same_country), "same_theme": summaries(same_theme)}
