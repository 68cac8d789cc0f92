"""What a list of partnerships shows for each: title, partners and their countries, start
year and status, read with three flat queries for any number of them.

Lists are everywhere (search results, country, authority and theme pages, the home page,
related partnerships on a sheet): building full model instances with prefetched partners
cost more than the search that chose them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils.translation import get_language

from .models import Project, ProjectForeignAuthority, ProjectFrenchAuthority


def _in_language(french: str, english: str) -> str:
    return english if english and (get_language() or "fr").startswith("en") else french


@dataclass
class ForeignPartner:
    name: str
    country: str  # ISO alpha-2
    country_fr: str
    country_en: str

    @property
    def country_name(self) -> str:
        return _in_language(self.country_fr, self.country_en)


@dataclass
class ProjectSummary:
    pk: int
    title: str
    slug: str
    start_year: int | None
    status: str
    updated_at: datetime
    type_fr: str | None
    type_en: str | None
    french: list[str] = field(default_factory=list)
    foreign: list[ForeignPartner] = field(default_factory=list)

    def get_absolute_url(self) -> str:
        return reverse("explore:project", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def status_label(self) -> str:
        return str(Project.Status(self.status).label) if self.status else ""

    @property
    def partnership_type(self) -> str | None:
        return _in_language(self.type_fr, self.type_en) if self.type_fr else None

    @property
    def countries(self) -> list[str]:
        return sorted({partner.country for partner in self.foreign})


def summaries(ids: list[int]) -> list[ProjectSummary]:
    """The published partnerships with these ids, in this order (others left out)."""
    rows = (
        Project.objects.published()
        .filter(pk__in=ids)
        .values_list(
            "pk",
            "title",
            "slug",
            "start_year",
            "status",
            "updated_at",
            "partnership_type__name_fr",
            "partnership_type__name_en",
        )
    )
    found = {row[0]: ProjectSummary(*row) for row in rows}
    french, foreign = defaultdict(list), defaultdict(list)
    for project, label, name in (
        ProjectFrenchAuthority.objects.filter(project_id__in=list(found))
        .order_by("project_id", "position", "pk")
        .values_list("project_id", "label", "authority__name")
    ):
        french[project].append(label or name)
    for project, label, name, *country in (
        ProjectForeignAuthority.objects.filter(project_id__in=list(found))
        .order_by("project_id", "position", "pk")
        .values_list(
            "project_id",
            "label",
            "authority__name",
            "authority__country_id",
            "authority__country__name_fr",
            "authority__country__name_en",
        )
    ):
        foreign[project].append(ForeignPartner(label or name, *country))
    for pk, summary in found.items():
        summary.french, summary.foreign = french[pk], foreign[pk]
    return [found[pk] for pk in ids if pk in found]
