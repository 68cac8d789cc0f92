"""The files an export can give, each written from the ids of the partnerships it holds:
the same functions stream a search's files and write the whole atlas's ahead of time."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from atlas.addresses import page_addresses
from atlas.bulk_reads import id_list
from partnerships.models import ProjectForeignAuthority, ProjectFrenchAuthority

from .datasets import DATASETS
from .iati import iati_chunks
from .writers import csv_lines, geojson_chunks, json_chunks, spreadsheet_csv_lines
from .xlsx import xlsx_chunks

IATI_TYPE = "application/xml; charset=utf-8"


@dataclass(frozen=True)
class ExportFile:
    name: str  # the file name, as downloaded
    content_type: str
    # (ids of the partnerships, in file order; the site's address) -> the text (bytes for
    # a binary file), in chunks
    write: Callable[[Sequence[int], str], Iterator[str] | Iterator[bytes]]
    binary: bool = False


def _csv(name: str) -> ExportFile:
    def write(ids, base_url):
        return csv_lines(DATASETS[name], ids, base_url)

    return ExportFile(f"{name}.csv", "text/csv; charset=utf-8", write)


def _projects_xlsx(ids, base_url):
    return xlsx_chunks(DATASETS["projects"], ids, base_url)


def _projects_json(ids, base_url):
    return json_chunks(ids, page_addresses(base_url, "explore:project"))


def _projects_iati(all_countries: bool):
    """Aid only (partnerships with countries on the DAC list of ODA recipients), or all
    partnerships, the others marked as not aid (``?countries=all``)."""

    def write(ids, base_url):
        return iati_chunks(ids, base_url, reverse("api:themes"), all_countries)

    return write


def _partners_geojson(ids, base_url):
    """Where the partners of these partnerships are, with how many of them each takes
    part in (partners without known coordinates are left out)."""

    sides = [
        ("french", ProjectFrenchAuthority, page_addresses(base_url, "explore:french_authority")),
        ("foreign", ProjectForeignAuthority, page_addresses(base_url, "explore:foreign_authority")),
    ]

    def features():
        among = id_list(ids)
        for side, links, address in sides:
            located = (
                links.objects.filter(
                    project_id__in=among,
                    authority__latitude__isnull=False,
                    authority__longitude__isnull=False,
                )
                .values("authority_id")
                .annotate(projects=Count("project_id"))
                .values_list(
                    "authority_id",
                    "authority__name",
                    "authority__slug",
                    "authority__latitude",
                    "authority__longitude",
                    "projects",
                    *([] if side == "french" else ["authority__country_id"]),
                )
                .order_by("authority_id")
            )
            for pk, name, slug, latitude, longitude, projects, *country in located:
                yield {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                    "properties": {
                        "id": pk,
                        "side": side,
                        "name": name,
                        "country": country[0] if country else "FR",
                        "projects": projects,
                        "url": address(pk, slug),
                    },
                }

    return geojson_chunks(features())


FILES = {
    file.name: file
    for file in (
        *(_csv(name) for name in DATASETS),
        ExportFile(
            "projects.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _projects_xlsx,
            binary=True,
        ),
        ExportFile("projects.json", "application/json; charset=utf-8", _projects_json),
        ExportFile("partners.geojson", "application/geo+json; charset=utf-8", _partners_geojson),
        ExportFile("projects.iati.xml", IATI_TYPE, _projects_iati(all_countries=False)),
    )
}


def spreadsheet_name(name: str) -> str:
    """The name a CSV file's variant for a spreadsheet set to French is written under
    (``?separator=semicolon``); it is downloaded under the CSV file's own name."""
    return name.removesuffix(".csv") + ".semicolon.csv"


def _spreadsheet_csv(name: str) -> ExportFile:
    def write(ids, base_url):
        return spreadsheet_csv_lines(DATASETS[name], ids, base_url)

    return ExportFile(f"{name}.csv", "text/csv; charset=utf-8", write)


SPREADSHEET_FILES = {spreadsheet_name(f"{name}.csv"): _spreadsheet_csv(name) for name in DATASETS}

# The IATI file with every partnership, those outside the DAC list of ODA recipients
# marked as not aid (``?countries=all``), written under this name.
ALL_COUNTRIES_IATI = "projects.all-countries.iati.xml"
IATI_ALL_COUNTRIES = {
    ALL_COUNTRIES_IATI: ExportFile(
        "projects.iati.xml", IATI_TYPE, _projects_iati(all_countries=True)
    )
}

# What ``write_open_data`` writes, by the name of each file on disk.
WRITTEN = {**FILES, **SPREADSHEET_FILES, **IATI_ALL_COUNTRIES}
