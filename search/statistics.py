"""The figures of a search: what the statistics page, its charts and tables, the map and
``/api/v1/stats/`` show for the search's own URL parameters, from the facet index.

Every count is over the partnerships the search finds, every filter applied (where the
search page's facets count each value under the *other* filters, so that a person can
widen a choice): a statistics page filtered on Mali counts Mali's partnerships only.
"""

from catalogue.facets import FACETS

from .facet_index import FacetIndex
from .forms import SearchForm
from .funding import amounts_by_partnership, funding_figures

STATISTICS = tuple(facet.name for facet in FACETS.values() if facet.in_statistics)
TOP_AUTHORITIES = 20
# Counted as well, for the headline numbers and the top French authorities.
ALSO_COUNTED = ("authority", "foreign_authority")


def figures(form: SearchForm, index: FacetIndex) -> dict:
    """The figures of a valid search form."""
    within = index.matching(form.selection(index))
    counts = index.counts_within((*STATISTICS, *ALSO_COUNTED), within)
    return {
        "projects": int(within.sum()),
        "french_authorities": counts.distinct("authority"),
        "foreign_authorities": counts.distinct("foreign_authority"),
        "countries": counts.distinct("country"),
        "by": {name: counts.top(name) for name in STATISTICS},
        "by_start_year": index.years_within(within),
        "by_start_year_and_zone": {
            zone: index.years_within(within & index.mask({"zone": [zone]}))
            for zone in counts.top("zone")
        },
        "top_french_authorities": counts.top("authority", TOP_AUTHORITIES),
        "funding": funding_figures(index, within),
        "amount_by_country": amounts_by_country(index, within),
    }


def amounts_by_country(index: FacetIndex, within) -> dict[str, float]:
    """Amounts declared for the partnerships of ``within`` (a mask), by partner country."""
    return {
        code: round(amount, 2)
        for code, amount in index.sums_within(
            "country", amounts_by_partnership(index, within)
        ).items()
    }
