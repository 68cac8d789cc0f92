"""What the browse pages show (country, authorities, themes, embassies, home).

Every count and sum is computed by the database over published partnerships; Python
only receives the few rows a page displays. A page's partnerships are a queryset
(``*_projects``) that the other functions take as a subquery, so that no page reads
a whole table, whatever the number of partnerships.
"""

import numpy as np
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    QuerySet,
    Sum,
    When,
)
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atlas.text import collation_key
from catalogue.reader import theme_token
from catalogue.summaries import summaries
from nomenclature.models import Theme
from partnerships.models import (
    FundingLine,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
)
from search import service
from search.funding import funding_figures
from search.index_updates import current_index
from search.service import facet_counts, listing
from territories.models import (
    Country,
    DiplomaticContact,
    DiplomaticPost,
    ForeignAuthority,
    FrenchAuthority,
    Zone,
)

from . import breadcrumbs
from .breadcrumbs import breadcrumb
from .embassies import embassy_projects, post_contacts
from .sheets import _link, _table
from .templatetags.atlas_format import euros

TOP = 10  # rows of a "top" list (countries or authorities of a theme)
NEIGHBOURS = 20  # other French authorities working in the same countries
LONG_LIST = 20  # rows of a page's longer lists (authorities of a country ...)

COUNTRY = pgettext_lazy("un pays", "Pays")
FRENCH_AUTHORITY = _("Collectivité française")
FOREIGN_AUTHORITY = _("Collectivité étrangère")
PROJECTS = _("Partenariats")
FUNDING = _("Financements")
YEAR = _("Année")
NOT_GIVEN = _("Non renseignée")


# -- which partnerships a page is about ---------------------------------------------------


def _with_links(links: QuerySet) -> QuerySet:
    """Published partnerships among those of the link rows: ``pk IN (subquery)`` lets the
    database start from the few link rows rather than from every partnership."""
    return Project.objects.published().filter(pk__in=links.values("project"))


def country_projects(code: str) -> QuerySet:
    """Published partnerships with a foreign partner in the country (each once)."""
    return _with_links(ProjectForeignAuthority.objects.filter(authority__country_id=code))


def french_authority_projects(authority: FrenchAuthority) -> QuerySet:
    return _with_links(ProjectFrenchAuthority.objects.filter(authority=authority))


def foreign_authority_projects(authority: ForeignAuthority) -> QuerySet:
    return _with_links(ProjectForeignAuthority.objects.filter(authority=authority))


# -- counts and sums over a set of partnerships --------------------------------------------


def funding_total(projects: QuerySet):
    """The sum of the partnerships' funding lines (None when no amount is given)."""
    lines = FundingLine.objects.filter(project__in=projects.values("pk"))
    return lines.aggregate(total=Sum("amount_eur"))["total"]


def funding_by_year(projects: QuerySet) -> dict:
    lines = FundingLine.objects.filter(project__in=projects.values("pk"), amount_eur__isnull=False)
    rows = lines.values("year").annotate(total=Sum("amount_eur")).order_by("year")
    return {row["year"]: row["total"] for row in rows}


def starts_by_year(projects: QuerySet) -> dict:
    rows = projects.values("start_year").annotate(n=Count("pk")).order_by("start_year")
    return {row["start_year"]: row["n"] for row in rows}


def _ancestor_at(level: int, theme_path: str) -> Case:
    """The id of the level-``level`` node above (or at) the theme at ``theme_path``,
    None when that theme sits higher in the tree."""
    whens = [When(**{f"{theme_path}__level": level}, then=F(theme_path))]
    if level < 3:
        whens.append(When(**{f"{theme_path}__level": level + 1}, then=F(f"{theme_path}__parent")))
    if level < 2:
        whens.append(When(**{f"{theme_path}__level": 3}, then=F(f"{theme_path}__parent__parent")))
    return Case(*whens, default=None, output_field=IntegerField())


def theme_counts(values: dict[str, list[str]] | None = None) -> dict[int, int]:
    """Theme id -> how many published partnerships (holding ``values``) have their main
    theme or one of their other themes under it, each partnership once per theme."""
    counts = facet_counts(values or {}, ("theme",))
    return {
        pk: counts.get("theme", theme_token(code, pk))
        for pk, code in Theme.objects.values_list("pk", "code")
    }


def _counted(model, counts, name: str, limit: int | None, **only) -> list:
    """The ``limit`` entries of ``model`` most counted in facet ``name`` (all when None),
    each with ``n``, ties in alphabetical order; ``only`` filters the entries."""
    top = counts.top(name) if limit is None or only else counts.at_least(name, limit)
    keys = {model._meta.pk.to_python(value): n for value, n in top.items()}
    rows = list(model.objects.filter(pk__in=list(keys), **only))
    for row in rows:
        row.n = keys[row.pk]
    rows.sort(key=lambda row: (-row.n, collation_key(row.name)))
    return rows if limit is None else rows[:limit]


def _ranked(model, counts, name: str, limit: int, **only) -> dict:
    """The first ``limit`` rows of a ranked list and how many rows it has in all."""
    if only:
        rows = _counted(model, counts, name, None, **only)
        return {"rows": rows[:limit], "total": len(rows), "limit": limit}
    rows = _counted(model, counts, name, limit)
    return {"rows": rows, "total": counts.distinct(name), "limit": limit}


def zone_counts() -> list[dict]:
    """Each zone with the number of published partnerships having a partner there."""
    counts = facet_counts({}, ("zone",))
    return [{"zone": zone, "count": counts.get("zone", zone.code)} for zone in Zone.objects.all()]


# -- tables ---------------------------------------------------------------------------------


def in_order(themes) -> list[Theme]:
    """Themes in the nomenclature's order, then alphabetically whatever the accents."""
    return sorted(themes, key=lambda theme: (theme.position, collation_key(theme.name)))


def theme_link(theme: Theme) -> str:
    if not theme.code:  # entries an import created have no page until they get a code
        return theme.name
    return format_html('<a href="{}">{}</a>', theme_url(theme), theme.name)


def theme_url(theme: Theme) -> str:
    return reverse("explore:theme", kwargs={"code": theme.code})


def _count_table(caption, first_header, rows, empty) -> dict:
    """Named things (links) with their number of partnerships."""
    return _table(
        caption,
        [first_header, PROJECTS],
        [[_link(item), intcomma(item.n)] for item in rows],
        empty,
    )


def theme_totals_table(projects: QuerySet) -> dict:
    """Partnerships and funding by level-1 theme of the partnerships' main theme."""
    rows = list(
        projects.values(node=_ancestor_at(1, "main_theme"))
        .annotate(n=Count("pk", distinct=True), total=Sum("funding_lines__amount_eur"))
        .order_by("-n", "node")
    )
    themes = Theme.objects.in_bulk([row["node"] for row in rows if row["node"]])
    return _table(
        _("Par thématique"),
        [_("Thématique"), PROJECTS, FUNDING],
        [
            [
                theme_link(themes[row["node"]]) if row["node"] else NOT_GIVEN,
                intcomma(row["n"]),
                euros(row["total"]),
            ]
            for row in rows
        ],
        _("Aucun partenariat publié."),
    )


def year_table(projects: QuerySet) -> dict:
    """By year: partnerships started (start year) and funding (year of the funding line)."""
    return _year_table(starts_by_year(projects), funding_by_year(projects))


def indexed_year_table(values: dict[str, list[str]]) -> dict:
    """The same table for the partnerships a filter of the facet index finds (a theme and
    its sub-themes), from the index and its funding table: no query."""
    index = current_index()
    within = index.mask(values)
    funding = funding_figures(index, within)["by_year_and_funder_kind"]
    return _year_table(
        index.years_within(within),
        {year: sum(kinds.values()) for year, kinds in funding.items()},
    )


def _year_table(starts: dict, funding: dict) -> dict:
    years = sorted(set(starts) | set(funding), key=lambda year: (year is None, year))
    return _table(
        _("Par année"),
        [YEAR, _("Partenariats débutés"), FUNDING],
        [
            [
                NOT_GIVEN if year is None else str(year),
                intcomma(starts.get(year, 0)),
                euros(funding.get(year)),
            ]
            for year in years
        ],
        _("Aucun partenariat publié."),
    )


# -- pages ----------------------------------------------------------------------------------
# Counts and lists come from the search's facet index (the same numbers as the search
# page, in milliseconds); funding sums come from the database.


def diplomatic_posts() -> QuerySet:
    """Embassies with their country and their contacts in order."""
    contacts = DiplomaticContact.objects.order_by("position", "pk")
    return DiplomaticPost.objects.select_related("country").prefetch_related(
        Prefetch("contacts", queryset=contacts)
    )


def country_page(country: Country, page_number) -> dict:
    values = {"country": [country.code]}
    counts = facet_counts(values, ("authority", "foreign_authority"))
    french = _ranked(FrenchAuthority, counts, "authority", LONG_LIST)
    # Partnerships in this country may have partners elsewhere too: only this country's.
    foreign = _ranked(
        ForeignAuthority, counts, "foreign_authority", LONG_LIST, country_id=country.code
    )
    projects = country_projects(country.code)
    return {
        "country": country,
        "page": listing(values, page_number),
        "search_query": urlencode(values, doseq=True),
        "posts": [post_contacts(post) for post in diplomatic_posts().filter(country=country)],
        "french": french,
        "french_table": _count_table(
            _("Collectivités françaises engagées"),
            FRENCH_AUTHORITY,
            french["rows"],
            _("Aucune collectivité française."),
        ),
        "foreign": foreign,
        "foreign_table": _count_table(
            _("Partenaires étrangers"),
            FOREIGN_AUTHORITY,
            foreign["rows"],
            _("Aucun partenaire étranger."),
        ),
        "theme_table": theme_totals_table(projects),
        "year_table": year_table(projects),
    }


def neighbours(authority: FrenchAuthority, countries: list[str]) -> list[FrenchAuthority]:
    """Other French authorities with published partnerships in these countries (where
    this one works), with how many of them they share (``shared_countries``) and their
    partnerships there (``shared_projects``): most shared countries first."""
    if not countries:
        return []
    index = current_index()
    values = {"country": countries}
    projects = facet_counts(values, ("authority",)).arrays["authority"]
    shared = index.spread("authority", "country", countries, index.mask(values))
    own = index.value_position("authority", str(authority.pk))
    if own is not None:
        projects[own] = 0
    order = np.lexsort((-projects, -shared))
    order = order[projects[order] > 0][: NEIGHBOURS * 2]  # ties beyond are cut below
    keys = [int(v) for v in index.values_of("authority", order)]
    others = FrenchAuthority.objects.in_bulk(keys)
    rows = []
    for key, i in zip(keys, order, strict=True):
        other = others[key]
        other.shared_countries, other.shared_projects = int(shared[i]), int(projects[i])
        rows.append(other)
    # Ties in both counts go in alphabetical order.
    rows.sort(key=lambda a: (-a.shared_countries, -a.shared_projects, collation_key(a.name)))
    return rows[:NEIGHBOURS]


def french_authority_page(authority: FrenchAuthority, page_number) -> dict:
    values = {"authority": [str(authority.pk)]}
    countries = _counted(Country, facet_counts(values, ("country",)), "country", None)
    projects = french_authority_projects(authority)
    return {
        "authority": authority,
        "page": listing(values, page_number),
        "search_query": urlencode(values, doseq=True),
        "country_table": _count_table(
            _("Pays de coopération"), COUNTRY, countries, _("Aucun pays.")
        ),
        "funding_total": funding_total(projects),
        "year_table": year_table(projects),
        "neighbour_limit": NEIGHBOURS,
        "neighbour_table": _table(
            _("Autres collectivités françaises présentes dans les mêmes pays"),
            [FRENCH_AUTHORITY, _("Pays en commun"), _("Partenariats dans ces pays")],
            [
                [_link(other), intcomma(other.shared_countries), intcomma(other.shared_projects)]
                for other in neighbours(authority, [c.code for c in countries])
            ],
            _("Aucune autre collectivité française dans ces pays."),
        ),
    }


def foreign_authority_page(authority: ForeignAuthority, page_number) -> dict:
    values = {"foreign_authority": [str(authority.pk)]}
    counts = facet_counts(values, ("authority",))
    french = _ranked(FrenchAuthority, counts, "authority", LONG_LIST)
    return {
        "authority": authority,
        "page": listing(values, page_number),
        "french": french,
        "french_table": _count_table(
            _("Partenaires français"),
            FRENCH_AUTHORITY,
            french["rows"],
            _("Aucune collectivité française."),
        ),
        "funding_total": funding_total(foreign_authority_projects(authority)),
    }


def theme_page(theme: Theme, page_number) -> dict:
    values = {"theme": [theme_token(theme.code, theme.pk)]}
    counts = facet_counts(values, ("theme", "country", "authority"))
    children = in_order(theme.children.all())
    ancestors = theme.ancestors_and_self()[:-1]
    return {
        "theme": theme,
        "page": listing(values, page_number),
        "search_query": urlencode(values, doseq=True),
        "breadcrumb_data": breadcrumb(
            theme.name,
            breadcrumbs.themes(),
            *((theme_url(node), node.name) for node in ancestors if node.code),
        ),
        "children": [
            {"theme": child, "count": counts.get("theme", theme_token(child.code, child.pk))}
            for child in children
        ],
        "country_table": _count_table(
            _("Pays les plus représentés"),
            COUNTRY,
            _counted(Country, counts, "country", TOP),
            _("Aucun pays."),
        ),
        "french_table": _count_table(
            _("Collectivités françaises les plus engagées"),
            FRENCH_AUTHORITY,
            _counted(FrenchAuthority, counts, "authority", TOP),
            _("Aucune collectivité française."),
        ),
        "year_table": indexed_year_table(values),
    }


def theme_index_page() -> dict:
    """Level-1 themes with their children, each with its number of partnerships."""
    roots = Theme.objects.filter(level=1).prefetch_related("children")
    counts = theme_counts()
    return {
        "breadcrumb_data": breadcrumb(breadcrumbs.themes()[1]),
        "roots": [
            {
                "theme": root,
                "count": counts.get(root.pk, 0),
                "children": [
                    {"theme": child, "count": counts.get(child.pk, 0)}
                    for child in in_order(root.children.all())
                ],
            }
            for root in in_order(roots)
        ],
    }


def embassy_page(post: DiplomaticPost, page_number) -> dict:
    ids = embassy_projects(post).values_list("pk", flat=True)
    page = Paginator(ids, service.PAGE_SIZE).get_page(page_number)
    page.object_list = summaries(list(page.object_list))
    return {
        "post": post,
        "contacts": post_contacts(post),
        "page": page,
        "breadcrumb_data": breadcrumb(post.name, breadcrumbs.embassies()),
    }


def home_page() -> dict:
    counts = theme_counts()
    return {
        "zones": zone_counts(),
        "themes": [
            {"theme": theme, "count": counts.get(theme.pk, 0)}
            for theme in in_order(Theme.objects.filter(level=1))
        ],
    }
