"""The partnership's JSON representation (docs/json-representation.md), written from the
fields of the catalogue.

One representation serves the API, the JSON export, the sheet's JSON alternate and the
revision history, written from sheets read in bulk (``reader``). Labels are the French
reference labels, whatever the language of the request, so that the data reads the same
for every consumer.
"""

import json
from collections.abc import Callable, Iterator
from decimal import Decimal

from .fields import FIELDS
from .lists import merged
from .reader import Sheet, SheetReader

REPRESENTED = tuple(field for field in FIELDS.values() if field.json)
# The lists' items the representation reads.
NEEDS = merged(*(field.reads for field in REPRESENTED))


def reader(published: bool = False) -> SheetReader:
    """A reader of what the representation writes."""
    return SheetReader(published, items=NEEDS)


def representation(sheet: Sheet, reader: SheetReader) -> dict:
    """The representation of a sheet read by ``reader``."""
    return {field.name: field.value(sheet, reader) for field in REPRESENTED}


def load_representation(project_id: int) -> dict:
    """The representation of one partnership, whatever its state (empty if none)."""
    found = reader()
    sheet = found.read([project_id]).get(project_id)
    return representation(sheet, found) if sheet else {}


class RepresentationEncoder(json.JSONEncoder):
    """Amounts are Decimals in Python and plain numbers in JSON (10515, not "10515.00")."""

    def default(self, o):
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def dumps(data, **kwargs) -> str:
    return json.dumps(data, cls=RepresentationEncoder, ensure_ascii=False, **kwargs)


def to_plain(data):
    """The value as JSON would give it back: Decimals become numbers, tuples lists."""
    return json.loads(dumps(data))


def says(current, given) -> bool:
    """Whether ``current`` says everything ``given`` says, the same (both in plain form):
    keys ``given`` leaves out (extra keys of the representation, such as a funding line's
    ``funder_kind``, which an imported page does not give) are not compared."""
    if isinstance(given, dict):
        return isinstance(current, dict) and all(
            key in current and says(current[key], value) for key, value in given.items()
        )
    if isinstance(given, list):
        return (
            isinstance(current, list)
            and len(current) == len(given)
            and all(says(c, g) for c, g in zip(current, given, strict=True))
        )
    return current == given


def documents(reader: SheetReader, ids, address: Callable[[int, str], str]) -> Iterator[dict]:
    """The partnerships with these ids, in this order, as published documents: their id
    and address on top of the representation."""
    for sheet in reader.sheets(ids):
        yield {
            "id": sheet.pk,
            "url": address(sheet.pk, sheet.fields["slug"]),
            **representation(sheet, reader),
        }
