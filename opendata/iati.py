"""IATI 2.03 activities: one ``iati-activity`` per published partnership the file holds
(see "aid" below; one naming no organisation cannot be an activity), streamed.

The file is checked with the IATI Validator's own rules (``opendata.iati_rules``); what
they ask beyond the XSD is kept here: a start date, sectors and recipient countries
whose percentages sum to 100, a narrative on every sector of the Atlas's own vocabulary,
budgets of at most a year, and no date later than the file's own time (its
``generated-datetime``, the last publication): a partnership whose end is still to come
is ongoing with a planned end, an activity "last updated" after the file was made says
the file's time.

How the Atlas reads as IATI (docs/iati.md has the whole mapping):

- The ministry reports as a secondary reporter: it publishes what local authorities
  declare, fund and do. Its identifier on the IATI Registry comes from settings; until
  it has one, the file says it is not for the Registry.
- Organisations keep one name and one identifier in all their roles: a funding line
  named after a partner of the sheet is that partner; French authorities are
  identified by their SIREN (``FR-RCS``, the org-id.guide register of SIREN numbers),
  the ministry and the AFD by their own IATI identifiers.
- Money: each funder's declared amounts are incoming commitments from that funder
  (never the reporting ministry's money); budgets spread them over the years of the
  partnership, marked indicative when they are spread.
- Partnerships with a country that is not on the DAC List of ODA Recipients
  (``data/iati/dac-oda-recipients.csv``) are not aid: left out unless asked for, and
  then marked as other flows.

Activities are written as text from sheets read in bulk: building an element tree per
partnership cost more than everything else in an export of the whole atlas.
"""

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from functools import cache
from itertools import chain
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from atlas.reference_data import read_csv
from atlas.text import normalize_name
from catalogue.reader import Sheet, SheetReader
from partnerships.funders import FunderKinds
from partnerships.models import (
    FundingLine,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
)

from .writers import data_time, in_chunks, plain_number

REFERENCE = Path(__file__).resolve().parent / "data" / "iati"

# Sector vocabularies: 1 = OECD DAC CRS purpose codes (5 digits); 99 = the reporting
# organisation's own, here the Atlas's theme codes.
DAC, OWN = "1", "99"
NO_THEME = ("non-renseignee", "Thématique non renseignée", "Theme not given")
# DAC purpose codes of humanitarian aid: emergency response (720..), reconstruction
# relief (730..), disaster prevention and preparedness (740..).
HUMANITARIAN = ("72", "73", "74")
# ActivityStatus: 2 implementation, 4 closed. ActivityDateType: 1 planned start,
# 2 actual start, 3 planned end, 4 actual end.
ONGOING, CLOSED = "2", "4"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"  # OrganisationRole
GOVERNMENT, LOCAL_GOVERNMENT, OTHER_PUBLIC = "10", "11", "15"  # OrganisationType
ORGANISATION_TYPE = {  # FunderKind code -> OrganisationType
    "collectivite-francaise": LOCAL_GOVERNMENT,
    "collectivite-partenaire": LOCAL_GOVERNMENT,
    "etat": GOVERNMENT,
    "agence-eau": OTHER_PUBLIC,
    "afd": OTHER_PUBLIC,
    "union-europeenne": "40",  # multilateral
    "autre": "90",
}
# Why a partnership outside the DAC list is not aid (DescriptionType 4), by whether its
# country is known.
NOT_AID = {
    True: (
        "Partenariat avec un pays qui n'est pas sur la liste des bénéficiaires d'aide "
        "publique au développement du CAD de l'OCDE : ce n'est pas de l'aide au "
        "développement.",
        "Partnership with a country that is not on the OECD DAC List of ODA Recipients: it "
        "is not development aid.",
    ),
    False: (
        "Partenariat dont le pays n'est pas connu : il n'est pas compté comme aide au "
        "développement.",
        "Partnership whose country is not known: it is not counted as development aid.",
    ),
}
INCOMING_COMMITMENT = "11"  # TransactionType: a funder's firm obligation to the activity
COMMITTED, INDICATIVE = "2", "1"  # BudgetStatus
ORIGINAL = "1"  # BudgetType
OTHER_FLOWS = "50"  # FlowType: not official development assistance
# Locations. GeographicLocationReach 1: where the activity happens. GeographicExactness
# 2: approximate (a town's centre, not the place of the works). GeographicLocationClass
# 1: administrative region, 2: populated place; LocationType: GeoNames feature codes.
# GeographicVocabulary G1: GeoNames.
ACTIVITY_REACH, APPROXIMATE = "1", "2"
REGION_WORDS = re.compile(
    r"\b(region|province|etat|state|departement|department|gouvernorat|governorate|wilaya|"
    r"oblast|county|comte|prefecture|district|canton|land|voivodie|voivodeship)\b"
)
TOWN_WORDS = re.compile(
    r"\b(ville|commune|municipalite|municipalidad|municipio|city|town|village|cite|"
    r"arrondissement|comuna|gemeinde|stadt|mairie)\b"
)
ACTIVITIES_PER_CHUNK = 50
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# Characters XML 1.0 cannot carry at all (control characters pasted from office files).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CENT = Decimal("0.01")


def _text(value: str) -> str:
    """Text as XML character data. Attribute values are codes, dates and numbers, which
    need no escaping, except names and settings, quoted with ``quoteattr``."""
    if not value.isprintable():  # line breaks, and the rare characters XML cannot carry
        value = NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _narratives(french: str, english: str = "") -> str:
    """A narrative in the activity's language (French), and its English when it differs."""
    text = f"<narrative>{_text(french)}</narrative>"
    if english and english != french:
        text += f'<narrative xml:lang="en">{_text(english)}</narrative>'
    return text


def _element(tag: str, french: str, english: str = "", attributes: str = "") -> str:
    return f"<{tag}{attributes}>{_narratives(french, english)}</{tag}>"


@cache
def _percentages(count: int) -> tuple[str, ...]:
    """``count`` shares summing to exactly 100, with two decimals at most."""
    if not count:
        return ()
    base = (Decimal(100) / count).quantize(CENT, rounding=ROUND_DOWN)
    shares = [base] * count
    shares[0] += Decimal(100) - base * count
    return tuple(plain_number(share) for share in shares)


@cache
def oda_recipients() -> frozenset[str]:
    """The countries and territories on the DAC List of ODA Recipients (ISO codes)."""
    return frozenset(row["code"] for row in read_csv(REFERENCE / "dac-oda-recipients.csv"))


def aid_partnerships() -> QuerySet:
    """The published partnerships the IATI file holds by default, as the writer chooses
    them (``ActivityWriter.activity``): every partner's country on the DAC list, or, for a
    sheet without foreign partner, its embassy's, provided it names a French partner or a
    funder (an activity names one organisation at least)."""
    recipients = oda_recipients()
    partners = ProjectForeignAuthority.objects.filter(project=OuterRef("pk"))
    outside = partners.exclude(authority__country_id__in=recipients)
    named = Exists(ProjectFrenchAuthority.objects.filter(project=OuterRef("pk"))) | Exists(
        FundingLine.objects.filter(project=OuterRef("pk"))
    )
    return Project.objects.published().filter(
        ~Exists(outside),
        Exists(partners) | (Q(diplomatic_post__country_id__in=recipients) & named),
    )


@dataclass(frozen=True)
class Organisation:
    name: str
    ref: str = ""  # an organisation identifier, when a real scheme gives one
    type: str = ""  # OrganisationType
    name_en: str = ""

    def element(self, tag: str, attributes: str = "") -> str:
        ref = f" ref={quoteattr(self.ref)}" if self.ref else ""
        kind = f' type="{self.type}"' if self.type else ""
        return _element(tag, self.name, self.name_en, f"{attributes}{ref}{kind}")


# Bodies with their own identifier on the IATI Registry, the one they publish under
# (IATI's first organisation identifiers, from the OECD DAC's agency codes for France).
MINISTRY = Organisation(
    "Ministère de l'Europe et des Affaires étrangères",
    "FR-6",
    GOVERNMENT,
    "Ministry for Europe and Foreign Affairs",
)
AFD = Organisation(
    "Agence française de développement", "FR-3", OTHER_PUBLIC, "French Development Agency"
)
MINISTRY_NAMES = re.compile(
    r"^(ministere (de l europe et )?des affaires etrangeres( et du developpement international)?"
    r"|meae|maedi|mae)\b"
)
# French legal units are identified by their SIREN; org-id.guide lists them under FR-RCS
# (its FR-INSEE list, for the same numbers, is deprecated in favour of FR-RCS).
SIREN_SCHEME = "FR-RCS"


def french_authority(partner: dict) -> Organisation:
    name = partner["official_name"] or partner["name"]
    ref = f"{SIREN_SCHEME}-{partner['siren']}" if partner["siren"] else ""
    return Organisation(name, ref, LOCAL_GOVERNMENT)


def foreign_authority(partner: dict) -> Organisation:
    return Organisation(partner["official_name"] or partner["name"], "", LOCAL_GOVERNMENT)


@dataclass(frozen=True)
class Reporter:
    """Who reports: the ministry's delegation, with its identifier on the IATI Registry
    (empty until it has one: the file is then not for the Registry)."""

    ref: str
    name: str
    name_en: str

    @classmethod
    def from_settings(cls) -> "Reporter":
        reporting = settings.ATLAS_IATI_REPORTING_ORG
        return cls(reporting["ref"].strip(), reporting["name"], reporting["name_en"])

    @property
    def identifier_prefix(self) -> str:
        """What activity identifiers start with: the reporter's identifier, then the
        Atlas's name for its partnerships."""
        return f"{self.ref}-ATLAS" if self.ref else "ATLAS"

    def element(self) -> str:
        return _element(
            "reporting-org",
            self.name,
            self.name_en,
            f' ref={quoteattr(self.ref)} type="{GOVERNMENT}" secondary-reporter="1"',
        )


def _themes_uri(base_url: str, path: str) -> str | None:
    """Where the Atlas's own sector vocabulary is described, unless the site's address
    is one only this machine can reach (a file written without ATLAS_SITE_URL)."""
    host = urlsplit(base_url).hostname or ""
    if host in {"localhost", "127.0.0.1", "::1"} or host.endswith(".localhost"):
        return None
    return base_url + path


@dataclass(frozen=True)
class Span:
    """When a partnership runs, as the file can say it."""

    start: datetime.date
    start_type: str  # ACTUAL_START or PLANNED_START
    end: datetime.date | None
    end_type: str | None
    status: str


class ActivityWriter:
    """Writes partnerships as IATI activities, as the file made at ``generated`` says
    them; ``themes_uri`` describes the Atlas's own sector vocabulary (its themes, in the
    API); partnerships outside the DAC list of ODA recipients are left out unless
    ``all_countries``."""

    # What activities say of the sheets' lists.
    NEEDS = {
        "theme_links": ("theme",),
        "french": ("name", "official_name", "siren"),
        "foreign": (
            "name",
            "official_name",
            "country",
            "latitude",
            "longitude",
            "kind_label",
            "geonames_id",
        ),
        "funding": ("funder", "funder_kind", "amount_eur", "year"),
    }

    def __init__(
        self,
        reader: SheetReader,
        reporter: Reporter,
        themes_uri: str | None,
        generated: datetime.datetime,
        all_countries: bool = False,
    ):
        self.reader = reader
        self.reporter = reporter
        self.prefix = _text(reporter.identifier_prefix)
        self.reporting_org = reporter.element()
        self.vocabulary_uri = f" vocabulary-uri={quoteattr(themes_uri)}" if themes_uri else ""
        self.generated = generated
        self.today = generated.date()
        self.all_countries = all_countries
        self.recipients = oda_recipients()

    def activity(self, sheet: Sheet) -> str | None:
        """The activity of a sheet, or None when it is left out: not aid, or no
        organisation known (no partner, no funder)."""
        countries = self._countries(sheet)
        aid = bool(countries) and all(code in self.recipients for code in countries)
        if not aid and not self.all_countries:
            return None
        fields, themes = sheet.fields, self._themes(sheet)
        updated = min(sheet.updated_at.astimezone(datetime.UTC), self.generated)
        humanitarian = any(theme.dac_code.startswith(HUMANITARIAN) for theme in themes)
        flag = ' humanitarian="1"' if humanitarian else ""
        parts = [
            f'<iati-activity last-updated-datetime="{updated.isoformat()}" xml:lang="fr" '
            f'default-currency="EUR"{flag}>',
            f"<iati-identifier>{self.prefix}-{sheet.pk}</iati-identifier>",
            self.reporting_org,
            _element("title", fields["title"]),
        ]
        summary = fields["description"] or fields["objectives"] or fields["context"]
        parts.append(_element("description", summary or fields["title"], "", ' type="1"'))
        if fields["objectives"]:  # DescriptionType 2: objectives
            parts.append(_element("description", fields["objectives"], "", ' type="2"'))
        if not aid:  # DescriptionType 4: other
            parts.append(_element("description", *NOT_AID[bool(countries)], ' type="4"'))
        funders = self._funders(sheet)
        participants = list(self._participants(sheet, funders))
        if not participants:  # IATI asks for one at least: nobody to name, nothing to say
            return None
        parts += participants
        span = self._span(sheet)
        parts.append(f'<activity-status code="{span.status}"/>')
        parts.append(f'<activity-date type="{span.start_type}" iso-date="{span.start}"/>')
        if span.end is not None:
            parts.append(f'<activity-date type="{span.end_type}" iso-date="{span.end}"/>')
        for code, share in zip(countries, _percentages(len(countries)), strict=True):
            parts.append(f'<recipient-country code="{code}" percentage="{share}"/>')
        parts += self._locations(sheet)
        parts += self._sectors(themes)
        if not aid:
            parts.append(f'<default-flow-type code="{OTHER_FLOWS}"/>')
        parts += self._budgets(sheet, span)
        parts += self._transactions(funders)
        parts.append("</iati-activity>")
        return "".join(parts)

    def _countries(self, sheet: Sheet) -> list[str]:
        """The partners' countries, or the embassy's when the sheet names no partner."""
        countries = list(dict.fromkeys(partner["country"] for partner in sheet.lists["foreign"]))
        if not countries:
            post = self.reader.post(sheet.fields["diplomatic_post_id"])
            if post and post.country:
                countries = [post.country]
        return countries

    def _themes(self, sheet: Sheet) -> list:
        themes = self.reader.themes
        chosen = [sheet.fields["main_theme_id"]] if sheet.fields["main_theme_id"] else []
        chosen += [link["theme"] for link in sheet.lists["theme_links"]]
        return [themes[pk] for pk in dict.fromkeys(chosen)]

    # -- who ------------------------------------------------------------------------------

    def _funders(self, sheet: Sheet) -> list[tuple[Organisation, dict]]:
        """Each funding line with the organisation it names: a partner of the sheet under
        that partner's name and identifier, the ministry and the AFD under theirs."""
        french, foreign = sheet.lists["french"], sheet.lists["foreign"]
        kinds = FunderKinds([p["name"] for p in french], [p["name"] for p in foreign])
        named: dict[str, Organisation] = {}
        lines = []
        for line in sheet.lists["funding"]:
            funder = line["funder"]
            if funder not in named:
                named[funder] = self._funder(funder, line["funder_kind"], kinds, french, foreign)
            lines.append((named[funder], line))
        return lines

    @staticmethod
    def _funder(funder: str, kind: str | None, kinds, french, foreign) -> Organisation:
        if kind in (None, "collectivite-francaise", "collectivite-partenaire"):
            partner = kinds.partner(funder)
            if partner is not None:
                side, rank = partner
                if side == "french":
                    return french_authority(french[rank])
                return foreign_authority(foreign[rank])
        if kind == "afd":
            return AFD
        if kind in (None, "etat") and MINISTRY_NAMES.search(normalize_name(funder)):
            return MINISTRY
        return Organisation(funder.strip(), "", ORGANISATION_TYPE.get(kind or "", ""))

    def _participants(self, sheet: Sheet, funders) -> Iterator[str]:
        seen = set()
        roles = [(FUNDING, organisation) for organisation, _line in funders]
        roles += [(ACCOUNTABLE, french_authority(p)) for p in sheet.lists["french"]]
        roles += [(IMPLEMENTING, foreign_authority(p)) for p in sheet.lists["foreign"]]
        for role, organisation in roles:
            if (role, organisation) not in seen:
                seen.add((role, organisation))
                yield organisation.element("participating-org", f' role="{role}"')

    # -- when -----------------------------------------------------------------------------

    def _span(self, sheet: Sheet) -> Span:
        """Dates and status as they stand when the file is made: nothing actual in the
        future. A partnership whose end is still to come is ongoing, whatever its sheet
        says; a start year still to come is a planned start."""
        fields, end = sheet.fields, sheet.end_date
        year = fields["start_year"] or fields["first_signature_year"]
        if year:
            start = datetime.date(year, 1, 1)
            start_type = ACTUAL_START if start <= self.today else PLANNED_START
        else:  # unknown: the earliest date the sheet gives stands as the planned start
            known = [sheet.created_at.date(), end]
            known += [
                datetime.date(line["year"], 1, 1) for line in sheet.lists["funding"] if line["year"]
            ]
            start, start_type = min(day for day in known if day is not None), PLANNED_START
        if end is None:
            status = CLOSED if fields["status"] == "completed" else ONGOING
            return Span(start, start_type, None, None, status)
        if fields["status"] == "completed" and end <= self.today:
            return Span(start, start_type, end, ACTUAL_END, CLOSED)
        return Span(start, start_type, end, PLANNED_END, ONGOING)

    # -- where ----------------------------------------------------------------------------

    def _locations(self, sheet: Sheet) -> Iterator[str]:
        for partner in sheet.lists["foreign"]:
            if partner["latitude"] is None or partner["longitude"] is None:
                continue
            geonames = partner["geonames_id"]
            parts = [
                "<location>",
                f'<location-reach code="{ACTIVITY_REACH}"/>',
                f'<location-id vocabulary="G1" code="{geonames}"/>' if geonames else "",
                _element("name", foreign_authority(partner).name),
                f'<point srsName="{WGS84}"><pos>{partner["latitude"]} {partner["longitude"]}</pos>'
                "</point>",
                f'<exactness code="{APPROXIMATE}"/>',
            ]
            kind = normalize_name(partner["kind_label"] or "")
            if geonames or TOWN_WORDS.search(kind):  # GeoNames places are its towns
                parts.append('<location-class code="2"/><feature-designation code="PPL"/>')
            elif REGION_WORDS.search(kind):
                parts.append('<location-class code="1"/>')
            parts.append("</location>")
            yield "".join(parts)

    # -- what -----------------------------------------------------------------------------

    def _sectors(self, themes) -> Iterator[str]:
        dac = list(dict.fromkeys(theme.dac_code for theme in themes if theme.dac_code))
        own = [(t.code, t.levels[-1].name_fr, t.levels[-1].name_en) for t in themes]
        if not dac and not own:
            own = [NO_THEME]  # a sector is required: the theme is not given
        for code, share in zip(dac, _percentages(len(dac)), strict=True):
            yield f'<sector vocabulary="{DAC}" code="{code}" percentage="{share}"/>'
        for (code, french, english), share in zip(own, _percentages(len(own)), strict=True):
            yield (
                f'<sector vocabulary="{OWN}"{self.vocabulary_uri} code={quoteattr(code)} '
                f'percentage="{share}">{_narratives(french, english)}</sector>'
            )

    # -- money ----------------------------------------------------------------------------

    def _budgets(self, sheet: Sheet, span: Span) -> Iterator[str]:
        """The declared amounts as yearly budgets. The Atlas records an amount under the
        year it was decided, not the years it is spent: an amount decided for a
        partnership that runs on after that year is spread over the rest of it, in
        proportion to its days in each year, and those budgets are indicative; amounts
        that each stay within their year are committed budgets."""
        budgets: dict[int, list] = {}  # year -> [first day, last day, amount]
        spread = False
        for line in sheet.lists["funding"]:
            if not line["year"] or not line["amount_eur"]:
                continue
            first = max(datetime.date(line["year"], 1, 1), span.start)
            last = datetime.date(line["year"], 12, 31)
            if first > last:  # decided the year before a later start: its own year
                first = datetime.date(line["year"], 1, 1)
            if span.end is not None and span.end > last:
                last, spread = span.end, True
            for start, end, share in _spread(line["amount_eur"], first, last):
                budget = budgets.setdefault(start.year, [start, end, Decimal(0)])
                budget[0], budget[1] = min(budget[0], start), max(budget[1], end)
                budget[2] += share
        status = INDICATIVE if spread else COMMITTED
        for year in sorted(budgets):
            start, end, value = budgets[year]
            yield (
                f'<budget type="{ORIGINAL}" status="{status}"><period-start iso-date="{start}"/>'
                f'<period-end iso-date="{end}"/><value currency="EUR" value-date="{start}">'
                f"{plain_number(value)}</value></budget>"
            )

    def _transactions(self, funders) -> Iterator[str]:
        """Each funder's declared amounts of a year as one incoming commitment from that
        funder, dated the first day of the year; amounts of years still to come are only
        in the budgets (a transaction is something that happened)."""
        committed: dict[tuple[Organisation, int], Decimal] = {}
        for organisation, line in funders:
            if line["year"] and line["amount_eur"]:
                key = (organisation, line["year"])
                committed[key] = committed.get(key, Decimal(0)) + line["amount_eur"]
        for (organisation, year), value in committed.items():
            day = datetime.date(year, 1, 1)
            if day > self.today:
                continue
            yield (
                f'<transaction><transaction-type code="{INCOMING_COMMITMENT}"/>'
                f'<transaction-date iso-date="{day}"/>'
                f'<value currency="EUR" value-date="{day}">{plain_number(value)}</value>'
                f"{organisation.element('provider-org')}</transaction>"
            )


def _spread(
    amount: Decimal, first: datetime.date, last: datetime.date
) -> list[tuple[datetime.date, datetime.date, Decimal]]:
    """``amount`` over the calendar years from ``first`` to ``last``: each year's first
    and last day in that range and its share, in proportion to its days, to the cent,
    the shares summing to the amount exactly."""
    days = (last - first).days + 1
    shares = []
    for year in range(first.year, last.year + 1):
        start = max(first, datetime.date(year, 1, 1))
        end = min(last, datetime.date(year, 12, 31))
        share = (amount * ((end - start).days + 1) / days).quantize(CENT, rounding=ROUND_DOWN)
        shares.append((start, end, share))
    start, end, share = shares[-1]
    shares[-1] = (start, end, share + amount - sum(share for _s, _e, share in shares))
    return shares


def iati_chunks(
    ids: Iterable[int], base_url: str, themes_path: str, all_countries: bool = False
) -> Iterator[str]:
    generated = data_time()
    reporter = Reporter.from_settings()
    not_for_registry = (
        ""
        if reporter.ref
        else "<!-- Not for the IATI Registry: the reporting organisation has no IATI "
        "identifier yet (ATLAS_IATI_ORG_REF). Pas pour le Registre IATI. -->\n"
    )
    start = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{not_for_registry}"
        f'<iati-activities version="2.03" generated-datetime="{generated.isoformat()}">\n'
    )
    reader = SheetReader(published=True, items=ActivityWriter.NEEDS, extra=["created_at"])
    writer = ActivityWriter(
        reader, reporter, _themes_uri(base_url, themes_path), generated, all_countries
    )
    activities = (
        activity + "\n"
        for activity in map(writer.activity, reader.sheets(ids))
        if activity is not None
    )
    return in_chunks(chain([start], activities, ["</iati-activities>\n"]), ACTIVITIES_PER_CHUNK)
