"""The project's JSON representation (docs/json-representation.md).

One representation serves the API, the JSON export, the sheet's JSON alternate and
the revision history, written from sheets read in bulk (``sheet_reader``). Labels are
the French reference labels, whatever the language of the request, so that the data
reads the same for every consumer.
"""

import json
from collections.abc import Callable, Iterator
from decimal import Decimal

from .models.funding import ONE_PERCENT_FIELDS, OnePercentMechanism
from .sheet_reader import SheetReader

ONE_PERCENT_MECHANISMS = [mechanism.value for mechanism in OnePercentMechanism]
IMPLEMENTATION_ROLES = {
    "project_owners": "owner",
    "project_managers": "manager",
    "beneficiaries": "beneficiary",
}


def funding_total(amounts) -> Decimal | None:
    """Sum of the known amounts; None when none is known."""
    known = [amount for amount in amounts if amount is not None]
    return sum(known, Decimal(0)) if known else None


def representation(sheet, reader) -> dict:
    """The representation of a sheet from ``reader`` (a ``SheetReader``)."""
    fields = sheet.fields
    themes = reader.themes
    funding = [
        {
            "funder": line["funder"],
            "amount_eur": line["amount_eur"],
            **{field: line[field] for field in ONE_PERCENT_FIELDS},
            "year": line["year"],
        }
        for line in sheet.funding
    ]
    main_theme = fields["main_theme_id"]
    return {
        "title": fields["title"],
        "partnership_type": fields["partnership_type__name_fr"],
        "first_signature_year": fields["first_signature_year"],
        "start_year": fields["start_year"],
        "status": fields["status"] or None,
        "end_date": fields["end_date"].isoformat() if fields["end_date"] else None,
        "triennial": fields["triennial"],
        "theme": {"path": list(themes[main_theme].path)} if main_theme else None,
        "other_themes": [
            {"path": list(themes[theme].path), "priority": priority}
            for theme, priority in sheet.theme_links
        ],
        "context": fields["context"],
        "history": fields["history"],
        "objectives": fields["objectives"],
        "description": fields["description"],
        "implementation": {
            key: [{"name": name} for role, name in sheet.actors if role == wanted]
            for key, wanted in IMPLEMENTATION_ROLES.items()
        },
        "french_authorities": [{"name": name} for _authority, name in sheet.french],
        "foreign_authorities": [
            {"name": partner.name, "country": partner.country} for partner in sheet.foreign
        ],
        "foreign_contacts": sheet.contacts,
        "funding": funding,
        "funding_total_eur": funding_total(line["amount_eur"] for line in funding),
        "communication_france": fields["communication_france"] or None,
        "communication_partner_countries": fields["communication_partner_countries"] or None,
        "evaluation": fields["evaluation"] or None,
        "volunteers": sheet.volunteers,
        "diplomatic_post": reader.post(fields["diplomatic_post_id"]),
    }


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


def documents(reader: SheetReader, ids, address: Callable[[int, str], str]) -> Iterator[dict]:
    """The partnerships with these ids, in this order, as published documents: their id
    and address on top of the representation."""
    for sheet in reader.sheets(ids):
        yield {
            "id": sheet.pk,
            "url": address(sheet.pk, sheet.fields["slug"]),
            **representation(sheet, reader),
        }
