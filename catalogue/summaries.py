"""What a list of partnerships shows for each (search results, country, authority and theme
pages, the home page, related partnerships on a sheet): title, partners and their
countries, start year, status, type; read in bulk, three queries for any number of them."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from partnerships.models import Project

from .facet_kinds import in_language
from .reader import SheetReader

# Only what a list shows is read.
FIELDS = ("title", "partnership_type", "start_year", "status")
ITEMS = {"french": ("name",), "foreign": ("name", "country", "country_name", "country_name_en")}


@dataclass
class ForeignPartner:
    name: str
    country: str  # ISO alpha-2
    country_fr: str
    country_en: str

    @property
    def country_name(self) -> str:
        return in_language(self.country_fr, self.country_en)


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
    french: list[str]
    foreign: list[ForeignPartner]

    def get_absolute_url(self) -> str:
        return reverse("explore:project", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def status_label(self) -> str:
        return str(Project.Status(self.status).label) if self.status else ""

    @property
    def partnership_type(self) -> str | None:
        return in_language(self.type_fr, self.type_en) if self.type_fr else None

    @property
    def countries(self) -> list[str]:
        return sorted({partner.country for partner in self.foreign})


def summaries(ids: list[int]) -> list[ProjectSummary]:
    """The published partnerships with these ids, in this order (others left out)."""
    reader = SheetReader(
        published=True, items=ITEMS, fields=FIELDS, extra=["partnership_type_label_en"]
    )
    return [
        ProjectSummary(
            pk=sheet.pk,
            title=sheet.fields["title"],
            slug=sheet.fields["slug"],
            start_year=sheet.fields["start_year"],
            status=sheet.fields["status"],
            updated_at=sheet.updated_at,
            type_fr=sheet.fields["partnership_type_label"],
            type_en=sheet.fields["partnership_type_label_en"],
            french=[partner["name"] for partner in sheet.lists["french"]],
            foreign=[
                ForeignPartner(p["name"], p["country"], p["country_name"], p["country_name_en"])
                for p in sheet.lists["foreign"]
            ],
        )
        for sheet in reader.sheets(ids)
    ]
