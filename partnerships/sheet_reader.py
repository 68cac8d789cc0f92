"""Partnership sheets read in bulk: everything the JSON representation and the IATI
export write, for a batch of partnerships, in nine flat queries whatever the batch size.

Building model instances with prefetched relations (``with_sheet_data()``) costs about
a millisecond per partnership in Python; the whole atlas is a hundred thousand of them.
Rows come here as tuples and dictionaries instead, and the small tables every sheet
refers to (themes, embassies) are read once per reader, not once per sheet.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import translation

from atlas.bulk_reads import fetch, id_list
from nomenclature.models import Theme
from territories.models import DiplomaticContact, DiplomaticPost

from .models import (
    ForeignContact,
    FundingLine,
    ImplementingActor,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectTheme,
    Volunteer,
)
from .models.funding import ONE_PERCENT_FIELDS

BATCH = 1000
LINK_ORDER = ("project_id", "position", "pk")
CONTACT_FIELDS = ("last_name", "first_name", "function", "email")
VOLUNTEER_FIELDS = ("last_name", "first_name", "mission", "field_of_action", "host_entity")


@dataclass(frozen=True)
class ThemeEntry:
    code: str  # the nomenclature code, or the id for entries an import created
    dac_code: str
    path: tuple[str, ...]  # French labels from level 1 down to the theme


@dataclass(frozen=True)
class ForeignPartner:
    authority_id: int
    name: str  # as the sheet writes it
    country: str  # ISO 3166 alpha-2
    latitude: float | None
    longitude: float | None


@dataclass(slots=True)
class Sheet:
    """One partnership: its own columns (``fields``) and its lists, in sheet order."""

    fields: dict
    theme_links: list[tuple[int, int | None]] = field(default_factory=list)  # theme, priority
    actors: list[tuple[str, str]] = field(default_factory=list)  # role, name
    french: list[tuple[int, str]] = field(default_factory=list)  # authority id, name
    foreign: list[ForeignPartner] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    funding: list[dict] = field(default_factory=list)  # with "funder_kind": its code
    volunteers: list[dict] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.fields["pk"]

    @property
    def updated_at(self) -> datetime:
        return self.fields["updated_at"]

    @property
    def created_at(self) -> datetime:
        return self.fields["created_at"]

    @property
    def end_date(self) -> date | None:
        return self.fields["end_date"]


PROJECT_FIELDS = (
    "pk",
    "slug",
    "title",
    "partnership_type__name_fr",
    "first_signature_year",
    "start_year",
    "status",
    "end_date",
    "triennial",
    "main_theme_id",
    "context",
    "history",
    "objectives",
    "description",
    "communication_france",
    "communication_partner_countries",
    "evaluation",
    "diplomatic_post_id",
    "created_at",
    "updated_at",
)


def _amount(value: Decimal | int | float) -> Decimal:
    """An amount as the driver gives it (a Decimal from PostgreSQL; from SQLite, which
    keeps decimals as numbers, an int or a float), as a Decimal to the cent: three times
    cheaper than Django's converter, which a quarter of a million lines go through."""
    if type(value) is Decimal:
        return value
    return Decimal(value) if type(value) is int else Decimal(repr(round(value, 2)))


class SheetReader:
    """Reads sheets among ``projects`` (every partnership unless a queryset narrows it),
    with the ``lists`` asked for (all of them unless fewer are: a writer that needs fewer
    reads faster)."""

    LISTS = ("theme_links", "actors", "french", "foreign", "contacts", "funding", "volunteers")

    def __init__(self, projects=None, lists: Iterable[str] = LISTS):
        self.projects = Project.objects.all() if projects is None else projects
        self.lists = tuple(lists)
        if unknown := set(self.lists) - set(self.LISTS):
            raise ValueError(f"Unknown lists: {sorted(unknown)}")
        self._themes: dict[int, ThemeEntry] | None = None
        self._posts: dict[int, dict] = {}

    @property
    def themes(self) -> dict[int, ThemeEntry]:
        if self._themes is None:
            rows = {
                pk: row
                for pk, *row in Theme.objects.values_list(
                    "pk", "parent_id", "code", "dac_code", "name_fr"
                )
            }
            self._themes = {}
            for pk, (_parent, code, dac_code, _name) in rows.items():
                path, node = [], pk
                while node is not None:
                    parent, _code, _dac, name = rows[node]
                    path.insert(0, name)
                    node = parent
                self._themes[pk] = ThemeEntry(code or str(pk), dac_code, tuple(path))
        return self._themes

    def post(self, pk: int | None) -> dict | None:
        """The embassy as the representation gives it (read before, with its sheet)."""
        return None if pk is None else self._posts[pk]

    def read(self, ids: Iterable[int]) -> dict[int, Sheet]:
        """The sheets with these ids (ids not among ``projects`` left out), by id."""
        ids = [int(pk) for pk in ids]
        sheets = {
            row["pk"]: Sheet(row)
            for row in self.projects.filter(pk__in=id_list(ids)).values(*PROJECT_FIELDS)
        }
        among = id_list(sheets)
        for name in self.lists:
            getattr(self, f"_read_{name}")(sheets, among)
        self._read_posts({sheet.fields["diplomatic_post_id"] for sheet in sheets.values()})
        return sheets

    # Lists come as the driver gives them (``fetch``): Django's converters would cost a
    # third of the reading. They hold no date; amounts are made Decimals here (_amount).

    def _read_theme_links(self, sheets: dict[int, Sheet], among) -> None:
        for project, theme, priority in fetch(
            ProjectTheme.objects.filter(project_id__in=among)
            .order_by("project_id", "priority", "pk")
            .values_list("project_id", "theme_id", "priority")
        ):
            sheets[project].theme_links.append((theme, priority))

    def _read_actors(self, sheets: dict[int, Sheet], among) -> None:
        for project, role, name in fetch(
            ImplementingActor.objects.filter(project_id__in=among)
            .order_by("project_id", "role", "position", "pk")
            .values_list("project_id", "role", "name")
        ):
            sheets[project].actors.append((role, name))

    def _read_french(self, sheets: dict[int, Sheet], among) -> None:
        for project, authority, label, name in fetch(
            ProjectFrenchAuthority.objects.filter(project_id__in=among)
            .order_by(*LINK_ORDER)
            .values_list("project_id", "authority_id", "label", "authority__name")
        ):
            sheets[project].french.append((authority, label or name))

    def _read_foreign(self, sheets: dict[int, Sheet], among) -> None:
        for project, authority, label, name, *place in fetch(
            ProjectForeignAuthority.objects.filter(project_id__in=among)
            .order_by(*LINK_ORDER)
            .values_list(
                "project_id",
                "authority_id",
                "label",
                "authority__name",
                "authority__country_id",
                "authority__latitude",
                "authority__longitude",
            )
        ):
            sheets[project].foreign.append(ForeignPartner(authority, label or name, *place))

    def _read_contacts(self, sheets: dict[int, Sheet], among) -> None:
        for project, authority, *person in fetch(
            ForeignContact.objects.filter(project_id__in=among)
            .order_by(*LINK_ORDER)
            .values_list("project_id", "authority__name", *CONTACT_FIELDS)
        ):
            contact = {"authority": authority, **dict(zip(CONTACT_FIELDS, person, strict=True))}
            sheets[project].contacts.append(contact)

    def _read_funding(self, sheets: dict[int, Sheet], among) -> None:
        for project, funder, kind, amount, *shares, year in fetch(
            FundingLine.objects.filter(project_id__in=among)
            .order_by(*LINK_ORDER)
            .values_list(
                "project_id",
                "funder",
                "funder_kind__code",
                "amount_eur",
                *ONE_PERCENT_FIELDS,
                "year",
            )
        ):
            line = {
                "funder": funder,
                "funder_kind": kind,
                "amount_eur": None if amount is None else _amount(amount),
                "year": year,
            }
            for name, share in zip(ONE_PERCENT_FIELDS, shares, strict=True):
                line[name] = None if share is None else _amount(share)  # mostly None
            sheets[project].funding.append(line)

    def _read_volunteers(self, sheets: dict[int, Sheet], among) -> None:
        for project, *volunteer in fetch(
            Volunteer.objects.filter(project_id__in=among)
            .order_by(*LINK_ORDER)
            .values_list("project_id", *VOLUNTEER_FIELDS, "scheme__name_fr")
        ):
            fields = dict(zip((*VOLUNTEER_FIELDS, "scheme"), volunteer, strict=True))
            sheets[project].volunteers.append(fields)

    def sheets(self, ids: Iterable[int], batch: int = BATCH) -> Iterator[Sheet]:
        """The sheets with these ids, in this order, read ``batch`` at a time."""
        ids = list(ids)
        for start in range(0, len(ids), batch):
            chunk = [int(pk) for pk in ids[start : start + batch]]
            found = self.read(chunk)
            yield from (found[pk] for pk in chunk if pk in found)

    def _read_posts(self, pks: set[int | None]) -> None:
        missing = [pk for pk in pks if pk is not None and pk not in self._posts]
        if not missing:
            return
        contacts = DiplomaticContact.objects.order_by("position", "pk")
        posts = DiplomaticPost.objects.filter(pk__in=missing).prefetch_related(
            Prefetch("contacts", queryset=contacts)
        )
        with translation.override("fr"):
            for post in posts:
                self._posts[post.pk] = {
                    "name": post.name,
                    "country": post.country_id,
                    "contacts": [
                        {"role": contact.role_label, "name": contact.name, "email": contact.email}
                        for contact in post.contacts.all()
                    ],
                }
