"""Streamed writers: CSV per dataset, the Frictionless data package that describes them,
the partnerships in their JSON representation, partner locations in GeoJSON."""

import csv
import datetime
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal

from partnerships.models import Project
from partnerships.representation import documents, dumps
from partnerships.sheet_reader import SheetReader

from .datasets import DATASETS, Dataset, ExportContext

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
JSON_CHUNK = 50  # documents per chunk
CHUNK_ROWS = 500


def _decimal(value: Decimal) -> str:
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def _datetime(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


_CONVERTERS = {
    bool: lambda value: "true" if value else "false",
    Decimal: _decimal,
    datetime.datetime: _datetime,
    datetime.date: datetime.date.isoformat,
}


def cell(value):
    """A value as the CSV writes it: amounts as plain numbers, ISO dates, true/false.
    Dispatched on the exact type: millions of cells go through here."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str or kind is int or kind is float:
        return value  # the csv module writes these itself
    convert = _CONVERTERS.get(kind)
    return convert(value) if convert else str(value)


class Echo:
    """A file-like object for ``csv.writer`` that hands each written row back, so that
    rows can be streamed instead of accumulated."""

    def write(self, value):
        return value


def csv_lines(dataset: Dataset, ids, context: ExportContext) -> Iterator[str]:
    """The CSV text, a few hundred rows per chunk: one chunk per row would cost the
    server more in handing chunks over than in writing them."""
    writer = csv.writer(Echo(), lineterminator="\n")
    names = dataset.column_names
    chunk = [writer.writerow(names)]
    for row in dataset.rows(ids, context):
        chunk.append(writer.writerow([cell(row[name]) for name in names]))
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def datapackage(base_url: str, query: str = "") -> dict:
    """The Frictionless descriptor of the CSV files (for these search parameters)."""
    suffix = f"?{query}" if query else ""
    resources = []
    for dataset in DATASETS.values():
        schema = {
            "fields": [
                {"name": c.name, "type": c.type, "description": str(c.description)}
                for c in dataset.columns
            ],
            "missingValues": [""],
        }
        if dataset.primary_key:
            schema["primaryKey"] = list(dataset.primary_key)
        if dataset.joins_projects:
            schema["foreignKeys"] = [
                {"fields": "project_id", "reference": {"resource": "projects", "fields": "id"}}
            ]
        resources.append(
            {
                "name": dataset.name,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "path": f"{base_url}{dataset.name}.csv{suffix}",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": "atlas-cooperation-decentralisee",
        "title": "Atlas français de la coopération décentralisée",
        "licenses": [LICENCE],
        "resources": resources,
    }


def json_chunks(ids, context: ExportContext) -> Iterator[str]:
    """The partnerships as one JSON array, written one partnership at a time."""
    yield "["
    separator = "\n"
    chunk = []
    reader = SheetReader(Project.objects.published())
    for document in documents(reader, ids, context.project_address):
        chunk.append(separator + dumps(document))
        separator = ",\n"
        if len(chunk) >= JSON_CHUNK:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "\n]\n"


def geojson_chunks(features: Iterable[dict]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for feature in features:
        yield ("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "\n]}\n"
