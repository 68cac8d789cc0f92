"""sitemap.xml: every public page, in French and English with their ``hreflang``
alternates (an index of sections, each split in pages of 50,000 addresses at most)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from nomenclature.models import Theme
from partnerships.models import Project
from search.service import facet_counts
from territories.models import Country, DiplomaticPost, ForeignAuthority, FrenchAuthority


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    limit = 5000  # addresses per page: each page answers in about a second


class PagesSitemap(_Bilingual):
    """The pages without a parameter: home, search, indexes, map, statistics, open data."""

    changefreq = "daily"
    NAMES = (
        "explore:home",
        "search:projects",
        "explore:countries",
        "explore:french_authorities",
        "explore:themes",
        "explore:embassies",
        "explore:map",
        "explore:statistics",
        "opendata_pages:data",
        "explore:accessibility",
        "explore:legal_notice",
        "explore:personal_data",
        "explore:site_map",
    )

    def items(self):
        return list(self.NAMES)

    def location(self, item):
        return reverse(item)


class ProjectsSitemap(_Bilingual):
    """Published partnerships, with the date of their last change."""

    def items(self):
        return Project.objects.published().only("pk", "slug", "updated_at").order_by("pk")

    def lastmod(self, project):
        return project.updated_at

    def get_latest_lastmod(self):
        # The index asks for it: one aggregate, not every partnership read.
        return Project.objects.published().aggregate(latest=Max("updated_at"))["latest"]


def _held(facet: str) -> list[str]:
    """The values of a facet that some published partnership holds."""
    return list(facet_counts({}, (facet,)).top(facet))


class CountriesSitemap(_Bilingual):
    def items(self):
        return Country.objects.filter(code__in=_held("country")).order_by("code")


class FrenchAuthoritiesSitemap(_Bilingual):
    def items(self):
        ids = [int(pk) for pk in _held("authority")]
        return FrenchAuthority.objects.filter(pk__in=ids).only("pk", "slug").order_by("pk")


class ForeignAuthoritiesSitemap(_Bilingual):
    def items(self):
        ids = [int(pk) for pk in _held("foreign_authority")]
        return ForeignAuthority.objects.filter(pk__in=ids).only("pk", "slug").order_by("pk")


class ThemesSitemap(_Bilingual):
    def items(self):
        return Theme.objects.exclude(code="").order_by("code")

    def location(self, theme):
        return reverse("explore:theme", kwargs={"code": theme.code})


class EmbassiesSitemap(_Bilingual):
    def items(self):
        return DiplomaticPost.objects.exclude(country=None).order_by("pk")

    def location(self, post):
        return reverse("explore:embassy", kwargs={"pk": post.pk})


SITEMAPS = {
    "pages": PagesSitemap,
    "partenariats": ProjectsSitemap,
    "pays": CountriesSitemap,
    "collectivites": FrenchAuthoritiesSitemap,
    "collectivites-etrangeres": ForeignAuthoritiesSitemap,
    "thematiques": ThemesSitemap,
    "ambassades": EmbassiesSitemap,
}
