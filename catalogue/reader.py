"""Partnership sheets read in bulk, by name: the columns the fields of ``fields.FIELDS``
read and the lists of ``lists.LISTS``, for a batch of partnerships, in one flat query
per table whatever the batch size.

Building model instances with prefetched relations costs about a millisecond per
partnership in Python; the whole atlas is a hundred thousand of them. Rows come here as
dictionaries keyed by the names the catalogue declares, and the small tables every sheet
refers to (themes, embassies) are read once per reader, not once per sheet.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache

from django.db import connection
from django.utils import translation

from atlas.bulk_reads import CompiledQuery
from nomenclature.models import Theme
from partnerships.models import Project
from territories.models import DiplomaticPost

from .fields import FIELDS, META_SOURCES
from .lists import LISTS, SheetList

BATCH = 1000


@dataclass(frozen=True)
class ThemeLevel:
    code: str  # empty for entries an import created, until they get one
    name_fr: str
    name_en: str


@dataclass(frozen=True)
class ThemeEntry:
    code: str  # the nomenclature code, or the id for entries an import created
    dac_code: str
    path: tuple[str, ...]  # French labels from level 1 down to the theme
    lineage: tuple[str, ...]  # codes from the theme up to level 1
    sdg_goals: tuple[int, ...]
    levels: tuple[ThemeLevel, ...]  # from level 1 down to the theme


@dataclass(frozen=True)
class PostEntry:
    name: str
    country: str | None  # ISO 3166 alpha-2
    country_name_fr: str
    country_name_en: str
    zone: str | None


@dataclass(slots=True)
class Sheet:
    """One partnership: its own columns (``fields``) and its lists, in sheet order, each
    keyed by the names of the catalogue."""

    fields: dict
    lists: dict[str, list[dict]] = field(default_factory=dict)

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


def theme_token(code: str, pk: int) -> str:
    """A theme's value in URLs and tables: its code, or its id while it has none."""
    return code or str(pk)


def amount(value: Decimal | int | float) -> Decimal:
    """An amount as the driver gives it (a Decimal from PostgreSQL; from SQLite, which
    keeps decimals as numbers, an int or a float), as a Decimal to the cent: three times
    cheaper than Django's converter, which a quarter of a million lines go through."""
    if type(value) is Decimal:
        return value
    return Decimal(value) if type(value) is int else Decimal(repr(round(value, 2)))


@cache
def french_labels(choices) -> dict[str, str]:
    """The French labels of fixed choices: data reads the same in every language."""
    with translation.override("fr"):
        return {choice.value: str(choice.label) for choice in choices}


def _project_sources(fields: Iterable[str]) -> dict[str, str]:
    """The partnership's columns a sheet holds for these fields: name -> ORM path."""
    sources = dict(META_SOURCES)
    for name in fields:
        sources.update(FIELDS[name].sources)
    return sources


DATETIMES = ("created_at", "updated_at")
_compiled: dict[tuple, CompiledQuery] = {}


def _query(key: tuple, make) -> CompiledQuery:
    """The compiled query of this shape (one per process and database)."""
    key = (connection.alias, connection.vendor, *key)
    if key not in _compiled:
        _compiled[key] = CompiledQuery(make)
    return _compiled[key]


class SheetReader:
    """Reads sheets (only published ones if ``published``) with the ``fields`` and the
    ``lists`` asked for: all of them unless fewer are (a writer that needs fewer reads
    faster). ``items`` narrows a list to some of its items: {list name: item names}."""

    def __init__(
        self,
        published: bool = False,
        lists: Iterable[str] = tuple(LISTS),
        fields: Iterable[str] = tuple(FIELDS),
        items: dict[str, Iterable[str]] | None = None,
    ):
        self.published = published
        self.lists = tuple(lists)
        self.fields = tuple(fields)
        self.items = {name: tuple(wanted) for name, wanted in (items or {}).items()}
        if unknown := (set(self.lists) - set(LISTS)) | (set(self.fields) - set(FIELDS)):
            raise ValueError(f"Unknown lists or fields: {sorted(unknown)}")
        self.sources = _project_sources(self.fields)
        self._themes: dict[int, ThemeEntry] | None = None
        self._posts: dict[int, PostEntry] = {}

    @property
    def themes(self) -> dict[int, ThemeEntry]:
        if self._themes is None:
            rows = {
                pk: row
                for pk, *row in Theme.objects.values_list(
                    "pk", "parent_id", "code", "dac_code", "name_fr", "name_en", "sdg_goals"
                )
            }
            self._themes = {}
            for pk, (_parent, code, dac_code, _fr, _en, goals) in rows.items():
                levels, lineage, node = [], [], pk
                while node is not None:
                    parent, node_code, _dac, name_fr, name_en, _goals = rows[node]
                    levels.insert(0, ThemeLevel(node_code, name_fr, name_en))
                    lineage.append(theme_token(node_code, node))
                    node = parent
                self._themes[pk] = ThemeEntry(
                    theme_token(code, pk),
                    dac_code,
                    tuple(level.name_fr for level in levels),
                    tuple(lineage),
                    tuple(goals),
                    tuple(levels),
                )
        return self._themes

    def post(self, pk: int | None) -> PostEntry | None:
        """The embassy of a sheet read before."""
        return None if pk is None else self._posts[pk]

    @staticmethod
    def choice_label(choices, value: str | None) -> str | None:
        """The French label of a coded value."""
        return french_labels(choices).get(value)

    def read(self, ids: Iterable[int]) -> dict[int, Sheet]:
        """The sheets with these ids (unpublished ones left out if ``published``), by id."""
        projects = Project.objects.published() if self.published else Project.objects.all()
        query = _query(
            ("projects", self.published, *self.sources.values()),
            lambda among: projects.filter(pk__in=among).values_list(*self.sources.values()),
        )
        sheets = {}
        for values in query.fetch(ids):
            row = dict(zip(self.sources, values, strict=True))
            for name in DATETIMES:  # SQLite's driver gives them naive, in UTC
                if row[name].tzinfo is None:
                    row[name] = row[name].replace(tzinfo=UTC)
            sheets[row["pk"]] = Sheet(row, {name: [] for name in self.lists})
        if sheets:
            for name in self.lists:
                self._read_list(LISTS[name], sheets)
        if "diplomatic_post_id" in self.sources:
            self._read_posts({sheet.fields["diplomatic_post_id"] for sheet in sheets.values()})
        return sheets

    def _read_list(self, sheet_list: SheetList, sheets: dict[int, Sheet]) -> None:
        """One list of every sheet, as the driver gives it (Django's converters would cost
        a third of the reading; lists hold no date, amounts are converted here), each entry
        a dictionary of the list's items."""
        wanted = self.items.get(sheet_list.name)
        chosen = [i for i in sheet_list.items if wanted is None or i.name in wanted]
        items = [item for item in chosen if item.source is not None]
        names = [item.name for item in items]
        amounts = [item.name for item in items if item.is_amount]
        labelled = [(item.name, item.choices) for item in items if item.choices]
        constants = {item.name: item.constant for item in chosen if item.source is None}
        query = _query(
            ("list", sheet_list.name, *names),
            lambda among: (
                sheet_list.model.objects.filter(project_id__in=among)
                .order_by(*sheet_list.order)
                .values_list("project_id", *(item.source for item in items))
            ),
        )
        name = sheet_list.name
        for project, *values in query.fetch(sheets):
            entry = dict(zip(names, values, strict=True))
            for key in amounts:
                if entry[key] is not None:
                    entry[key] = amount(entry[key])
            for key, choices in labelled:
                entry[key] = self.choice_label(choices, entry[key])
            if constants:
                entry.update(constants)
            sheets[project].lists[name].append(entry)

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
        for pk, *post in DiplomaticPost.objects.filter(pk__in=missing).values_list(
            "pk",
            "name",
            "country_id",
            "country__name_fr",
            "country__name_en",
            "country__zone__code",
        ):
            self._posts[pk] = PostEntry(*post)
