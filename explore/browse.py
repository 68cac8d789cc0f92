"""What the browse pages show (country, authorities, themes, embassies, home).

Every count and sum is computed by the database over published partnerships; Python
only receives the few rows a page displays. A page's partnerships are a queryset
(``*_projects``) that the other functions take as a subquery, so that no page reads
a whole table, whatever the number of partnerships.
"""

from collections import Counter
from itertools import chain

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from atlas.text import normalize_name
from nomenclature.models import Theme
from partnerships.models import (
    FundingLine,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectTheme,
)
from territories.models import (
    Country,
    DiplomaticContact,
    DiplomaticPost,
    ForeignAuthority,
    FrenchAuthority,
    Zone,
)

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


def theme_subtree(theme: Theme) -> QuerySet:
    """The ids of the theme and its descendants (the tree has three levels)."""
    return Theme.objects.filter(Q(pk=theme.pk) | Q(parent=theme) | Q(parent__parent=theme)).values(
        "pk"
    )


def theme_projects(theme: Theme) -> QuerySet:
    """Published partnerships whose main theme or one of the other themes is the theme or
    one of its descendants."""
    subtree = theme_subtree(theme)
    other = ProjectTheme.objects.filter(theme__in=subtree).values("project")
    return Project.objects.published().filter(Q(main_theme__in=subtree) | Q(pk__in=other))


def embassy_projects(post: DiplomaticPost) -> QuerySet:
    return Project.objects.published().filter(diplomatic_post=post)


# -- counts and sums over a set of partnerships --------------------------------------------


def french_authorities_of(projects: QuerySet) -> QuerySet:
    """The French partners of the partnerships, most involved first, with ``n``."""
    return (
        FrenchAuthority.objects.filter(project_links__project__in=projects.values("pk"))
        .annotate(n=Count("project_links"))
        .order_by("-n", "name", "pk")
    )


def foreign_authorities_in(code: str) -> QuerySet:
    """The country's foreign authorities with published partnerships, with ``n``. Counted
    authority by authority: the database starts from the country's few authorities."""
    published = Project.objects.published().filter(pk=OuterRef("project"))
    links = (
        ProjectForeignAuthority.objects.filter(authority=OuterRef("pk"))
        .filter(Exists(published))
        .order_by()
        .values("authority")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ForeignAuthority.objects.filter(country_id=code)
        .annotate(n=Subquery(links))
        .filter(n__gt=0)
        .order_by("-n", "name", "pk")
    )


def countries_of(projects: QuerySet) -> QuerySet:
    """Countries of the partnerships' foreign partners, with ``n`` partnerships in each."""
    path = "foreign_authorities__project_links__project"
    return (
        Country.objects.filter(**{f"{path}__in": projects.values("pk")})
        .annotate(n=Count(path, distinct=True))
        .order_by("-n", "name_fr")
    )


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


def theme_counts(level: int, projects: QuerySet | None = None) -> Counter:
    """For each theme of the level: how many partnerships have their main theme or one of
    their other themes under it (each partnership once per theme), in two grouped queries.

    The second query counts what the first missed: partnerships reaching the theme only
    through their other themes.
    """
    projects = Project.objects.published() if projects is None else projects
    by_main = (
        projects.annotate(node=_ancestor_at(level, "main_theme"))
        .filter(node__isnull=False)
        .values("node")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_other = (
        ProjectTheme.objects.filter(project__in=projects.values("pk"))
        .annotate(
            node=_ancestor_at(level, "theme"),
            main=_ancestor_at(level, "project__main_theme"),
        )
        .filter(node__isnull=False)
        .filter(Q(main__isnull=True) | Q(main__lt=F("node")) | Q(main__gt=F("node")))
        .values("node")
        .annotate(n=Count("project", distinct=True))
        .order_by()
    )
    counts = Counter()
    for row in chain(by_main, by_other):
        counts[row["node"]] += row["n"]
    return counts


def zone_counts() -> list[dict]:
    """Each zone with the number of published partnerships having a partner there."""
    rows = (
        ProjectForeignAuthority.objects.filter(
            project__publication_state=Project.PublicationState.PUBLISHED
        )
        .values("authority__country__zone")
        .annotate(n=Count("project", distinct=True))
        .order_by()
    )
    counts = {row["authority__country__zone"]: row["n"] for row in rows}
    return [{"zone": zone, "count": counts.get(zone.pk, 0)} for zone in Zone.objects.all()]


# -- tables ---------------------------------------------------------------------------------


def in_order(themes) -> list[Theme]:
    """Themes in the nomenclature's order, then alphabetically whatever the accents."""
    return sorted(themes, key=lambda theme: (theme.position, normalize_name(theme.name)))


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
    starts, funding = starts_by_year(projects), funding_by_year(projects)
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


def funding_year_table(projects: QuerySet) -> dict:
    funding = funding_by_year(projects)
    return _table(
        _("Financements par année"),
        [YEAR, FUNDING],
        [
            [NOT_GIVEN if year is None else str(year), euros(total)]
            for year, total in sorted(funding.items(), key=lambda item: (item[0] is None, item[0]))
        ],
        _("Aucun financement renseigné."),
    )


def _with_total(queryset: QuerySet, limit: int) -> dict:
    """The first ``limit`` rows of a ranked list and how many rows it has in all."""
    return {"rows": list(queryset[:limit]), "total": queryset.count(), "limit": limit}


# -- pages ----------------------------------------------------------------------------------


def diplomatic_posts() -> QuerySet:
    """Embassies with their country and their contacts in order."""
    contacts = DiplomaticContact.objects.order_by("position", "pk")
    return DiplomaticPost.objects.select_related("country").prefetch_related(
        Prefetch("contacts", queryset=contacts)
    )


def country_page(country: Country) -> dict:
    projects = country_projects(country.code)
    french = _with_total(french_authorities_of(projects), LONG_LIST)
    foreign = _with_total(foreign_authorities_in(country.code), LONG_LIST)
    return {
        "country": country,
        "projects": projects.with_place_summary(),
        "search_query": urlencode({"country": country.code}),
        "posts": diplomatic_posts().filter(country=country),
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


def neighbours(authority: FrenchAuthority, projects: QuerySet) -> list[FrenchAuthority]:
    """Other French authorities with published partnerships in the countries where this
    one works, with how many of these countries they share (``shared_countries``) and
    their partnerships there (``shared_projects``): most shared countries first."""
    countries = ProjectForeignAuthority.objects.filter(project__in=projects.values("pk")).values(
        "authority__country"
    )
    published = Exists(Project.objects.published().filter(pk=OuterRef("project")))
    # From the partners in these countries to the French partners of the same partnerships;
    # the counts run over the joined rows the filter kept.
    there = ProjectForeignAuthority.objects.filter(authority__country__in=countries).filter(
        published
    )
    rows = (
        ProjectFrenchAuthority.objects.filter(project__foreign_links__in=there)
        .exclude(authority=authority)
        .values("authority")
        .annotate(
            shared_countries=Count("project__foreign_links__authority__country", distinct=True),
            shared_projects=Count("project", distinct=True),
        )
        .order_by("-shared_countries", "-shared_projects", "authority__name", "authority")[
            :NEIGHBOURS
        ]
    )
    rows = list(rows)
    others = FrenchAuthority.objects.in_bulk([row["authority"] for row in rows])
    for row in rows:
        others[row["authority"]].shared_countries = row["shared_countries"]
        others[row["authority"]].shared_projects = row["shared_projects"]
    return [others[row["authority"]] for row in rows]


def french_authority_page(authority: FrenchAuthority) -> dict:
    projects = french_authority_projects(authority)
    return {
        "authority": authority,
        "projects": projects.with_place_summary(),
        "search_query": urlencode({"authority": authority.pk}),
        "country_table": _count_table(
            _("Pays de coopération"), COUNTRY, countries_of(projects), _("Aucun pays.")
        ),
        "funding_total": funding_total(projects),
        "funding_table": funding_year_table(projects),
        "neighbour_limit": NEIGHBOURS,
        "neighbour_table": _table(
            _("Autres collectivités françaises présentes dans les mêmes pays"),
            [FRENCH_AUTHORITY, _("Pays en commun"), _("Partenariats dans ces pays")],
            [
                [_link(other), intcomma(other.shared_countries), intcomma(other.shared_projects)]
                for other in neighbours(authority, projects)
            ],
            _("Aucune autre collectivité française dans ces pays."),
        ),
    }


def foreign_authority_page(authority: ForeignAuthority) -> dict:
    projects = foreign_authority_projects(authority)
    french = _with_total(french_authorities_of(projects), LONG_LIST)
    return {
        "authority": authority,
        "projects": projects.with_place_summary(),
        "french": french,
        "french_table": _count_table(
            _("Partenaires français"),
            FRENCH_AUTHORITY,
            french["rows"],
            _("Aucune collectivité française."),
        ),
        "funding_total": funding_total(projects),
    }


def theme_page(theme: Theme) -> dict:
    projects = theme_projects(theme)
    children = in_order(theme.children.all())
    counts = theme_counts(theme.level + 1, projects) if children else {}
    ancestors = theme.ancestors_and_self()[:-1]
    return {
        "theme": theme,
        "projects": projects.with_place_summary(),
        "search_query": urlencode({"theme": theme.code}),
        "breadcrumb_data": {
            "root_dir": reverse("explore:home"),
            "links": [{"url": reverse("explore:themes"), "title": _("Thématiques")}]
            + [{"url": theme_url(node), "title": node.name} for node in ancestors if node.code],
            "current": theme.name,
        },
        "children": [{"theme": child, "count": counts.get(child.pk, 0)} for child in children],
        "country_table": _count_table(
            _("Pays les plus représentés"), COUNTRY, countries_of(projects)[:TOP], _("Aucun pays.")
        ),
        "french_table": _count_table(
            _("Collectivités françaises les plus engagées"),
            FRENCH_AUTHORITY,
            french_authorities_of(projects)[:TOP],
            _("Aucune collectivité française."),
        ),
    }


def theme_index_page() -> dict:
    """Level-1 themes with their children, each with its number of partnerships."""
    roots = Theme.objects.filter(level=1).prefetch_related("children")
    counts = theme_counts(1) + theme_counts(2)  # theme ids are unique across levels
    return {
        "breadcrumb_data": {"root_dir": reverse("explore:home"), "current": _("Thématiques")},
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


def embassy_page(post: DiplomaticPost) -> dict:
    country = post.country
    return {
        "post": post,
        "projects": embassy_projects(post).with_place_summary(),
        "breadcrumb_data": {
            "root_dir": reverse("explore:home"),
            "links": [{"url": country.get_absolute_url(), "title": country.name}]
            if country
            else [],
            "current": post.name,
        },
    }


def home_page() -> dict:
    counts = theme_counts(1)
    return {
        "zones": zone_counts(),
        "themes": [
            {"theme": theme, "count": counts.get(theme.pk, 0)}
            for theme in in_order(Theme.objects.filter(level=1))
        ],
    }
