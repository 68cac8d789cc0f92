"""IATI 2.03 activities: one ``iati-activity`` per published partnership, streamed.

Rules the XSD does not check, kept here: at least one start date, at least one sector,
percentages of recipient countries and of sectors (per vocabulary) summing to 100,
budgets of at most a year, each with its value date.

Activities are written as text from sheets read in bulk: building an element tree per
partnership cost more than everything else in an export of the whole atlas.
"""

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from itertools import chain
from xml.sax.saxutils import quoteattr

from django.conf import settings

from catalogue.reader import Sheet, SheetReader

from .writers import data_time, in_chunks, plain_number

# Sector vocabularies: 1 = OECD DAC CRS purpose codes (5 digits); 99 = the reporting
# organisation's own, here the Atlas's theme codes.
DAC, OWN = "1", "99"
STATUS = {"ongoing": "2", "completed": "4"}  # ActivityStatus: implementation, closed
ORGANISATION_TYPE = {  # FunderKind code -> IATI OrganisationType
    "collectivite-francaise": "11",
    "collectivite-partenaire": "11",
    "etat": "10",
    "agence-eau": "15",
    "afd": "15",
    "union-europeenne": "40",
    "autre": "90",
}
LOCAL_GOVERNMENT = "11"
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"  # OrganisationRole
ACTIVITIES_PER_CHUNK = 50
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# Characters XML 1.0 cannot carry at all (control characters pasted from office files).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """Text as XML character data. Attribute values are codes, dates and numbers, which
    need no escaping, except the few settings quoted once per export."""
    if not value.isprintable():  # line breaks, and the rare characters XML cannot carry
        value = NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _narrative(tag: str, text: str, attributes: str = "") -> str:
    return f"<{tag}{attributes}><narrative>{_text(text)}</narrative></{tag}>"


@cache
def _percentages(count: int) -> tuple[str, ...]:
    """``count`` shares summing to exactly 100, with two decimals at most."""
    if not count:
        return ()
    base = (Decimal(100) / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    shares = [base] * count
    shares[0] += Decimal(100) - base * count
    return tuple(plain_number(share) for share in shares)


class ActivityWriter:
    """Writes partnerships as IATI activities; ``themes_uri`` describes the Atlas's own
    sector vocabulary (its themes, in the API)."""

    # What activities say of the sheets' lists.
    NEEDS = {
        "theme_links": ("theme",),
        "french": ("name",),
        "foreign": ("name", "country", "latitude", "longitude"),
        "funding": ("funder", "funder_kind", "amount_eur", "year"),
    }

    def __init__(self, reader: SheetReader, identifier_prefix: str, themes_uri: str):
        self.reader = reader
        self.prefix = _text(identifier_prefix)
        self.themes_uri = quoteattr(themes_uri)
        reporting = settings.ATLAS_IATI_REPORTING_ORG
        self.reporting_org = _narrative(
            "reporting-org", reporting["name"], f' ref={quoteattr(reporting["ref"])} type="10"'
        )

    def activity(self, sheet: Sheet) -> str:
        fields = sheet.fields
        updated = sheet.updated_at.astimezone(datetime.UTC).isoformat()
        parts = [
            f'<iati-activity last-updated-datetime="{updated}" xml:lang="fr" '
            'default-currency="EUR">',
            f"<iati-identifier>{self.prefix}-{sheet.pk}</iati-identifier>",
            self.reporting_org,
            _narrative("title", fields["title"]),
        ]
        summary = fields["description"] or fields["objectives"] or fields["context"]
        parts.append(_narrative("description", summary or fields["title"], ' type="1"'))
        if fields["objectives"]:  # DescriptionType 2: objectives
            parts.append(_narrative("description", fields["objectives"], ' type="2"'))
        parts += self._participants(sheet)
        parts += self._status_and_dates(sheet)
        parts += self._places(sheet)
        parts += self._sectors(sheet)
        parts += self._budgets(sheet)
        parts.append("</iati-activity>")
        return "".join(parts)

    def _participants(self, sheet: Sheet) -> Iterator[str]:
        kinds: dict[str, str | None] = {}  # each funder once, with the first kind given
        for line in sheet.lists["funding"]:
            if kinds.get(line["funder"]) is None:
                kinds[line["funder"]] = line["funder_kind"]
        for funder, kind in kinds.items():
            kind = f' type="{ORGANISATION_TYPE[kind]}"' if kind in ORGANISATION_TYPE else ""
            yield _narrative("participating-org", funder, f' role="{FUNDING}"{kind}')
        accountable = f' role="{ACCOUNTABLE}" type="{LOCAL_GOVERNMENT}"'
        for partner in sheet.lists["french"]:
            yield _narrative("participating-org", partner["name"], accountable)
        implementing = f' role="{IMPLEMENTING}" type="{LOCAL_GOVERNMENT}"'
        for partner in sheet.lists["foreign"]:
            yield _narrative("participating-org", partner["name"], implementing)

    def _status_and_dates(self, sheet: Sheet) -> Iterator[str]:
        fields, end = sheet.fields, sheet.end_date
        status = STATUS.get(fields["status"]) or ("4" if end else "2")
        yield f'<activity-status code="{status}"/>'
        start = fields["start_year"] or fields["first_signature_year"]
        if start:
            yield f'<activity-date type="2" iso-date="{start}-01-01"/>'
        else:  # the start is unknown: the sheet's creation stands as the planned start
            yield f'<activity-date type="1" iso-date="{sheet.created_at.date().isoformat()}"/>'
        if end:
            end_type = "4" if fields["status"] == "completed" else "3"
            yield f'<activity-date type="{end_type}" iso-date="{end.isoformat()}"/>'

    def _places(self, sheet: Sheet) -> Iterator[str]:
        foreign = sheet.lists["foreign"]
        countries = list(dict.fromkeys(partner["country"] for partner in foreign))
        post = self.reader.post(sheet.fields["diplomatic_post_id"])
        if not countries and post and post.country:
            countries = [post.country]
        for code, share in zip(countries, _percentages(len(countries)), strict=True):
            yield f'<recipient-country code="{code}" percentage="{share}"/>'
        for partner in foreign:
            if partner["latitude"] is None or partner["longitude"] is None:
                continue
            yield (
                f"<location>{_narrative('name', partner['name'])}"
                f'<point srsName="{WGS84}"><pos>{partner["latitude"]} {partner["longitude"]}</pos>'
                '</point><exactness code="1"/></location>'
            )

    def _sectors(self, sheet: Sheet) -> Iterator[str]:
        themes = self.reader.themes
        chosen = [sheet.fields["main_theme_id"]] if sheet.fields["main_theme_id"] else []
        chosen += [link["theme"] for link in sheet.lists["theme_links"]]
        dac = list(dict.fromkeys(themes[t].dac_code for t in chosen if themes[t].dac_code))
        own = list(dict.fromkeys(themes[t].code for t in chosen))
        if not dac and not own:
            own = ["non-renseignee"]  # a sector is required: the theme is not given
        for code, share in zip(dac, _percentages(len(dac)), strict=True):
            yield f'<sector vocabulary="{DAC}" code="{code}" percentage="{share}"/>'
        for code, share in zip(own, _percentages(len(own)), strict=True):
            yield (
                f'<sector vocabulary="{OWN}" vocabulary-uri={self.themes_uri} code="{code}" '
                f'percentage="{share}"/>'
            )

    def _budgets(self, sheet: Sheet) -> Iterator[str]:
        by_year: dict[int, Decimal] = {}
        for line in sheet.lists["funding"]:
            if line["year"] and line["amount_eur"] is not None:
                by_year[line["year"]] = by_year.get(line["year"], Decimal(0)) + line["amount_eur"]
        for year in sorted(by_year):
            yield (
                f'<budget type="1" status="2"><period-start iso-date="{year}-01-01"/>'
                f'<period-end iso-date="{year}-12-31"/><value currency="EUR" '
                f'value-date="{year}-01-01">{plain_number(by_year[year])}</value></budget>'
            )


def iati_chunks(ids, identifier_prefix: str, themes_uri: str) -> Iterator[str]:
    generated = data_time().isoformat()
    start = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<iati-activities version="2.03" generated-datetime="{generated}">\n'
    )
    reader = SheetReader(published=True, items=ActivityWriter.NEEDS, extra=["created_at"])
    writer = ActivityWriter(reader, identifier_prefix, themes_uri)
    activities = (writer.activity(sheet) + "\n" for sheet in reader.sheets(ids))
    return in_chunks(chain([start], activities, ["</iati-activities>\n"]), ACTIVITIES_PER_CHUNK)
