"""The index pages: countries by zone, French authorities by région and kind, embassies;
each with its partnerships counted by the facet index (published ones), names in the
reader's alphabetical order (``atlas.text.collation_key``)."""

import re

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from atlas.text import collation_key
from search.service import facet_counts
from territories.models import Country, DiplomaticPost, FrenchAuthority

from . import breadcrumbs
from .breadcrumbs import breadcrumb

REGION_KINDS = (FrenchAuthority.Kind.REGION, FrenchAuthority.Kind.COM)
REGION_CODE = re.compile(r"[0-9]{2,3}")


def _counts(facet: str, values: dict | None = None) -> dict[str, int]:
    return facet_counts(values or {}, (facet,)).top(facet)


def _by_zone(countries, counts: dict[str, int]) -> list[dict]:
    zones: dict = {}
    for country in countries:
        zones.setdefault(country.zone, []).append(country)
    return [
        {
            "zone": zone,
            "countries": sorted(members, key=lambda c: collation_key(c.name)),
            "count": sum(counts.get(c.code, 0) for c in members),
        }
        for zone, members in sorted(
            zones.items(), key=lambda item: (item[0] is None, item[0] and item[0].position)
        )
    ]


def countries_page() -> dict:
    """Every country with published partnerships, by zone."""
    counts = _counts("country")
    countries = list(Country.objects.select_related("zone").filter(code__in=list(counts)))
    for country in countries:
        country.count = counts[country.code]
    return {
        "zones": _by_zone(countries, counts),
        "total": len(countries),
        "breadcrumb_data": breadcrumb(breadcrumbs.countries()[1]),
    }


def embassies_page() -> dict:
    """Every French embassy (diplomatic post) by zone of its country, with the published
    partnerships of that country."""
    counts = _counts("country")
    posts = list(DiplomaticPost.objects.select_related("country__zone").exclude(country=None))
    by_country: dict = {}
    for post in posts:
        by_country.setdefault(post.country, []).append(post)
    for country, country_posts in by_country.items():
        country.count = counts.get(country.code, 0)
        country.posts = sorted(country_posts, key=lambda p: collation_key(p.name))
    return {
        "zones": _by_zone(by_country, counts),
        "total": len(posts),
        "breadcrumb_data": breadcrumb(breadcrumbs.embassies()[1]),
    }


def french_authorities_page(region_code: str | None, kind: str | None) -> dict:
    """Without a région: the régions (and overseas collectivities) with their published
    partnerships. With one: its authorities having published partnerships, by kind, in
    alphabetical order; ``kind`` keeps one kind."""
    if not region_code:
        counts = _counts("region")
        regions = FrenchAuthority.objects.filter(kind__in=REGION_KINDS, insee_code__in=list(counts))
        return {
            "regions": sorted(
                ({"region": r, "count": counts[r.insee_code]} for r in regions),
                key=lambda row: collation_key(row["region"].name),
            ),
            "breadcrumb_data": breadcrumb(breadcrumbs.french_authorities()[1]),
        }
    missing = Http404(_("Cette région ou ce type de collectivité n'existe pas."))
    # An INSEE code has two or three digits: anything else is not looked up at all (a NUL
    # byte would even be refused by PostgreSQL).
    if not REGION_CODE.fullmatch(region_code) or (kind and kind not in FrenchAuthority.Kind.values):
        raise missing
    region = FrenchAuthority.objects.filter(kind__in=REGION_KINDS, insee_code=region_code).first()
    if region is None:
        raise missing
    counts = _counts("authority", {"region": [region_code]})
    authorities = FrenchAuthority.objects.filter(pk__in=[int(pk) for pk in counts])
    # A partnership of the région may have partners elsewhere too: only its own are listed.
    authorities = authorities.filter(region=region) | authorities.filter(pk=region.pk)
    if kind:
        authorities = authorities.filter(kind=kind)
    kinds: dict[str, list] = {}
    for authority in authorities:
        authority.count = counts[str(authority.pk)]
        kinds.setdefault(authority.kind, []).append(authority)
    order = list(FrenchAuthority.Kind.values)
    return {
        "region": region,
        "kind": kind,
        "kinds": [
            {
                "label": FrenchAuthority.Kind(value).label,
                "value": value,
                "authorities": sorted(members, key=lambda a: collation_key(a.name)),
            }
            for value, members in sorted(kinds.items(), key=lambda item: order.index(item[0]))
        ],
        "breadcrumb_data": breadcrumb(region.name, breadcrumbs.french_authorities()),
    }
