"""Streamed writers: CSV per dataset, the Frictionless data package that describes them,
the partnerships in their JSON representation, partner locations in GeoJSON."""

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import chain

from atlas.text import spreadsheet_safe
from catalogue.events import changed_at, current_version
from catalogue.field_kinds import Column
from catalogue.representation import documents, dumps
from catalogue.representation import reader as representation_reader

from .datasets import DATASETS, Dataset

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
JSON_CHUNK = 50  # documents (partnerships) per chunk
CHUNK_ROWS = 500  # CSV rows or GeoJSON features per chunk
# The time of an atlas that was never published: the earliest a zip archive can say.
NEVER_PUBLISHED = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


def data_time() -> datetime.datetime:
    """When the published atlas last changed (UTC, to the second): the time a file says it
    was made (IATI's generated-datetime, the spreadsheet's properties), so that the same
    data always gives the same bytes: a data portal that compares checksums sees no
    change where there is none, and a restored backup writes the files it was made from."""
    changed = changed_at(current_version())
    if changed is None:
        return NEVER_PUBLISHED
    return changed.astimezone(datetime.UTC).replace(microsecond=0)


def plain_number(value: Decimal | int | float) -> str:
    """An amount as a plain number: 10515, 10515.5, never 10515.00 nor 1.0515E+4."""
    if type(value) is Decimal:
        return str(int(value)) if value == value.to_integral_value() else str(value.normalize())
    return str(value)


def _text(value) -> str:
    """A CSV field as the csv module writes it, quoted only when it must be, at a third of
    its cost (millions of fields go through here); never the start of a formula."""
    if value is None:
        return ""
    value = spreadsheet_safe(value)
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


def in_chunks(pieces: Iterable[str], size: int) -> Iterator[str]:
    """The pieces joined ``size`` at a time: one chunk per row or per document would
    cost the server more in handing chunks over than in writing them."""
    chunk = []
    for piece in pieces:
        chunk.append(piece)
        if len(chunk) >= size:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _listed(items: Iterable[str]) -> Iterator[str]:
    """JSON array members, one per line: the separator goes before each but the first."""
    separator = "\n"
    for item in items:
        yield separator + item
        separator = ",\n"


def csv_lines(dataset: Dataset, ids, base_url: str) -> Iterator[str]:
    """The CSV text, a few hundred rows per chunk."""
    formats = [cell_format(column) for column in dataset.columns]
    lines = (
        ",".join([write(value) for write, value in zip(formats, row, strict=True)]) + "\n"
        for row in dataset.rows(ids, base_url)
    )
    return in_chunks(chain([",".join(dataset.column_names) + "\n"], lines), CHUNK_ROWS)


def spreadsheet_csv_lines(dataset: Dataset, ids, base_url: str) -> Iterator[str]:
    """The same table for a spreadsheet set to French (``?separator=semicolon``): a
    byte-order mark so that it reads UTF-8, ";" between fields and a decimal comma, as
    Excel and LibreOffice expect them in France. Text is quoted as RFC 4180 says."""
    specs = [(cell_format(column), column.type == "number") for column in dataset.columns]

    def field(write, decimal, value) -> str:
        text = write(value)
        if decimal:
            return text.replace(".", ",")
        if ";" in text and not text.startswith('"'):
            return '"' + text + '"'
        return text

    lines = (
        ";".join([field(*spec, value) for spec, value in zip(specs, row, strict=True)]) + "\r\n"
        for row in dataset.rows(ids, base_url)
    )
    header = "\ufeff" + ";".join(dataset.column_names) + "\r\n"
    return in_chunks(chain([header], lines), CHUNK_ROWS)


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


def json_chunks(ids, address: Callable[[int, str], str]) -> Iterator[str]:
    """The partnerships as one JSON array, written one partnership at a time;
    ``address`` gives a sheet's address from its id and slug."""
    reader = representation_reader(published=True)
    members = _listed(dumps(document) for document in documents(reader, ids, address))
    return in_chunks(chain(["["], members, ["\n]\n"]), JSON_CHUNK)


def geojson_chunks(features: Iterable[dict]) -> Iterator[str]:
    members = _listed(json.dumps(feature, ensure_ascii=False) for feature in features)
    start = '{"type": "FeatureCollection", "features": ['
    return in_chunks(chain([start], members, ["\n]}\n"]), CHUNK_ROWS)
