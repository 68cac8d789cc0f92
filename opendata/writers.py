"""Streamed writers: CSV per dataset, the Frictionless data package that describes them,
the partnerships in their JSON representation, partner locations in GeoJSON."""

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from partnerships.models import Project
from partnerships.representation import documents, dumps
from partnerships.sheet_reader import SheetReader

from .datasets import DATASETS, Column, Dataset, ExportContext

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
JSON_CHUNK = 50  # documents per chunk
CHUNK_ROWS = 500


def plain_number(value: Decimal | int | float) -> str:
    """An amount as a plain number: 10515, 10515.5, never 10515.00 nor 1.0515E+4."""
    if type(value) is Decimal:
        return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
    return str(value)


def _text(value) -> str:
    """A CSV field as the csv module writes it, quoted only when it must be, at a third of
    its cost (millions of fields go through here)."""
    if value is None:
        return ""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def _integer(value) -> str:
    return "" if value is None else str(value)


def _number(decimals: int | None):
    def number(value) -> str:
        if value is None:
            return ""
        if type(value) is float and decimals is not None:
            value = round(value, decimals)  # SQLite keeps decimals as binary floats
            if value.is_integer():
                return str(int(value))
        return plain_number(value)

    return number


def _boolean(value) -> str:
    return "" if value is None else ("true" if value else "false")


def _date(value) -> str:
    return "" if value is None else value.isoformat()


def _datetime(value) -> str:
    """ISO 8601 in UTC. Django's SQLite driver gives naive datetimes, which are in UTC;
    PostgreSQL's, aware ones."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


class Echo:
    """A file-like object for ``csv.writer`` that hands each written row back, so that
    rows can be streamed instead of accumulated."""

    def write(self, value):
        return value


def cell_format(column: Column) -> Callable[[object], str]:
    """How a column's values are written, from what either database driver gives."""
    if column.type == "number":
        return _number(column.decimals)
    return {
        "string": _text,
        "integer": _integer,
        "boolean": _boolean,
        "date": _date,
        "datetime": _datetime,
    }[column.type]


def csv_lines(dataset: Dataset, ids, context: ExportContext) -> Iterator[str]:
    """The CSV text, a few hundred rows per chunk: one chunk per row would cost the
    server more in handing chunks over than in writing them."""
    formats = [cell_format(column) for column in dataset.columns]
    chunk = [",".join(dataset.column_names) + "\n"]
    for row in dataset.rows(ids, context):
        chunk.append(
            ",".join([write(value) for write, value in zip(formats, row, strict=True)]) + "\n"
        )
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
