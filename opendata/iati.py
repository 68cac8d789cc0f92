"""IATI 2.03 activities: one ``iati-activity`` per published partnership, streamed.

Rules the XSD does not check, kept here: at least one start date, at least one sector,
percentages of recipient countries and of sectors (per vocabulary) summing to 100,
budgets of at most a year, each with its value date.
"""

import datetime
from collections.abc import Iterator
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, tostring

from django.conf import settings

from partnerships.models import Project

from .writers import cell

BATCH = 200
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


def _narrative(parent: Element, tag: str, text: str, **attributes) -> Element:
    element = SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    SubElement(element, "narrative").text = text
    return element


def _percentages(count: int) -> list[str]:
    """``count`` shares summing to exactly 100, with two decimals at most."""
    base = (Decimal(100) / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    shares = [base] * count
    shares[0] += Decimal(100) - base * count
    return [cell(share) for share in shares]


def activity(project: Project, identifier_prefix: str, themes_uri: str) -> Element:
    """The activity of a partnership fetched with ``with_sheet_data()``; ``themes_uri``
    describes the Atlas's own sector vocabulary (its themes, in the API)."""
    root = Element(
        "iati-activity",
        {
            "last-updated-datetime": project.updated_at.astimezone(datetime.UTC).isoformat(),
            "{http://www.w3.org/XML/1998/namespace}lang": "fr",
            "default-currency": "EUR",
        },
    )
    SubElement(root, "iati-identifier").text = f"{identifier_prefix}-{project.pk}"
    reporting = settings.ATLAS_IATI_REPORTING_ORG
    _narrative(root, "reporting-org", reporting["name"], ref=reporting["ref"], type="10")
    _narrative(root, "title", project.title)
    texts = [
        ("1", project.description or project.objectives or project.context or project.title),
        ("2", project.objectives),  # DescriptionType 2: objectives
    ]
    for kind, text in texts:
        if text:
            _narrative(root, "description", text, type=kind)

    lines = list(project.funding_lines.all())
    for funder in dict.fromkeys(line.funder for line in lines):
        kind = next((line.funder_kind for line in lines if line.funder == funder), None)
        attributes = {"role": FUNDING}
        if kind and kind.code in ORGANISATION_TYPE:
            attributes["type"] = ORGANISATION_TYPE[kind.code]
        _narrative(root, "participating-org", funder, **attributes)
    for link in project.french_links.all():
        _narrative(root, "participating-org", link.name, role=ACCOUNTABLE, type=LOCAL_GOVERNMENT)
    for link in project.foreign_links.all():
        _narrative(root, "participating-org", link.name, role=IMPLEMENTING, type=LOCAL_GOVERNMENT)

    status = STATUS.get(project.status) or ("4" if project.end_date else "2")
    SubElement(root, "activity-status", code=status)
    start = project.start_year or project.first_signature_year
    if start:
        SubElement(root, "activity-date", type="2", iso_date=f"{start}-01-01")
    else:  # the start is unknown: the sheet's creation stands as the planned start
        SubElement(root, "activity-date", type="1", iso_date=project.created_at.date().isoformat())
    if project.end_date:
        end_type = "4" if project.status == "completed" else "3"
        SubElement(root, "activity-date", type=end_type, iso_date=project.end_date.isoformat())

    countries = list(
        dict.fromkeys(link.authority.country_id for link in project.foreign_links.all())
    )
    if not countries and project.diplomatic_post and project.diplomatic_post.country_id:
        countries = [project.diplomatic_post.country_id]
    for code, share in zip(
        countries, _percentages(len(countries)) if countries else [], strict=True
    ):
        SubElement(root, "recipient-country", code=code, percentage=share)

    for link in project.foreign_links.all():
        authority = link.authority
        if authority.latitude is None or authority.longitude is None:
            continue
        location = SubElement(root, "location")
        _narrative(location, "name", link.name)
        point = SubElement(location, "point", srsName="http://www.opengis.net/def/crs/EPSG/0/4326")
        SubElement(point, "pos").text = f"{authority.latitude} {authority.longitude}"
        SubElement(location, "exactness", code="1")

    themes = [project.main_theme] if project.main_theme else []
    themes += [link.theme for link in project.theme_links.all()]
    dac = list(dict.fromkeys(t.dac_code for t in themes if t.dac_code))
    own = list(dict.fromkeys(t.code or str(t.pk) for t in themes))
    if not dac and not own:
        own = ["non-renseignee"]  # a sector is required: the theme is not given
    for vocabulary, codes in ((DAC, dac), (OWN, own)):
        for code, share in zip(codes, _percentages(len(codes)) if codes else [], strict=True):
            attributes = {"vocabulary": vocabulary, "code": code, "percentage": share}
            if vocabulary == OWN:
                attributes["vocabulary-uri"] = themes_uri
            SubElement(root, "sector", attributes)

    by_year: dict[int, Decimal] = {}
    for line in lines:
        if line.year and line.amount_eur is not None:
            by_year[line.year] = by_year.get(line.year, Decimal(0)) + line.amount_eur
    for year in sorted(by_year):
        budget = SubElement(root, "budget", type="1", status="2")
        SubElement(budget, "period-start", iso_date=f"{year}-01-01")
        SubElement(budget, "period-end", iso_date=f"{year}-12-31")
        value = SubElement(budget, "value", currency="EUR", value_date=f"{year}-01-01")
        value.text = cell(by_year[year])
    _fix_attribute_names(root)
    return root


def _fix_attribute_names(element: Element) -> None:
    """``iso_date=`` and ``value_date=`` keyword arguments, written as IATI spells them."""
    for node in element.iter():
        for name in [n for n in node.attrib if "_" in n]:
            node.attrib[name.replace("_", "-")] = node.attrib.pop(name)


def iati_chunks(ids, identifier_prefix: str, themes_uri: str) -> Iterator[str]:
    generated = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    yield (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<iati-activities version="2.03" generated-datetime="{generated}">\n'
    )
    for start in range(0, len(ids), BATCH):
        batch = [int(i) for i in ids[start : start + BATCH]]
        projects = Project.objects.with_sheet_data().in_bulk(batch)
        for pk in batch:
            if pk in projects:
                yield tostring(
                    activity(projects[pk], identifier_prefix, themes_uri), encoding="unicode"
                )
                yield "\n"
    yield "</iati-activities>\n"
