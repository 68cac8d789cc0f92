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
from functools import cache, cached_property
from itertools import groupby
from operator import itemgetter

from django.db import connection
from django.utils import translation

from atlas.bulk_reads import CompiledQuery, amount
from nomenclature.models import Theme
from partnerships.models import Project
from territories.models import DiplomaticPost

from .fields import EXTRA_SOURCES, FIELDS, META_SOURCES
from .lists import LISTS, Needs, SheetList

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

    @cached_property
    def sdg_values(self) -> tuple[str, ...]:
        """Its goals as the ``sdg`` facet writes them."""
        return tuple(str(goal) for goal in self.sdg_goals)

    @cached_property
    def sdg_cell(self) -> str | None:
        """Its goals in a table's cell ("3 | 6")."""
        return " | ".join(map(str, sorted(self.sdg_goals))) or None

    @cached_property
    def label(self) -> str:
        """Its path in one line ("Eau et assainissement > Assainissement")."""
        return " > ".join(self.path)


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
        return aware(self.fields["updated_at"])

    @property
    def created_at(self) -> datetime:
        return aware(self.fields["created_at"])

    @property
    def end_date(self) -> date | None:
        return self.fields["end_date"]


def aware(moment: datetime) -> datetime:
    """A date and time as the driver gives it, with its time zone (SQLite's come naive,
    in UTC; a sheet's row keeps them as read: the table of a whole atlas needs no
    conversion)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def theme_token(code: str, pk: int) -> str:
    """A theme's value in URLs and tables: its code, or its id while it has none."""
    return code or str(pk)


@cache
def french_labels(choices) -> dict[str, str]:
    """The French labels of fixed choices: data reads the same in every language."""
    with translation.override("fr"):
        return {choice.value: str(choice.label) for choice in choices}


def _project_sources(fields: Iterable[str], extra: Iterable[str]) -> dict[str, object]:
    """The partnership's columns a sheet holds for these fields: name -> ORM path."""
    sources = dict(META_SOURCES)
    sources.update({name: EXTRA_SOURCES[name] for name in extra})
    for name in fields:
        sources.update(FIELDS[name].sources)
    return sources


_compiled: dict[tuple, CompiledQuery] = {}


def _query(key: tuple, make) -> CompiledQuery:
    """The compiled query of this shape (one per process and database)."""
    key = (connection.alias, connection.vendor, *key)
    if key not in _compiled:
        _compiled[key] = CompiledQuery(make)
    return _compiled[key]


class SheetReader:
    """Reads sheets (only published ones if ``published``) with the ``fields`` and the
    list ``items`` asked for ({list name: item names}, as ``Field.reads`` say them): all
    of them unless fewer are (a writer that needs fewer reads faster); ``extra`` asks
    for columns that no field reads (``created_at``)."""

    def __init__(
        self,
        published: bool = False,
        items: Needs | None = None,
        fields: Iterable[str] = tuple(FIELDS),
        extra: Iterable[str] = (),
    ):
        self.published = published
        if items is None:
            items = {
                name: tuple(i.name for i in sheet_list.items) for name, sheet_list in LISTS.items()
            }
        self.items = {name: tuple(wanted) for name, wanted in items.items()}
        self.fields = tuple(fields)
        unknown = (set(self.items) - set(LISTS)) | (set(self.fields) - set(FIELDS))
        unknown |= {
            f"{name}.{item}"
            for name, wanted in self.items.items()
            if name in LISTS
            for item in set(wanted) - {i.name for i in LISTS[name].items}
        }
        if unknown:
            raise ValueError(f"Unknown lists, items or fields: {sorted(unknown)}")
        self.lists = tuple(self.items)
        self.sources = _project_sources(self.fields, extra)
        # Fields read for a whole batch at once (sums ...).
        self.batch_fields = [
            FIELDS[name] for name in self.fields if hasattr(FIELDS[name], "read_batch")
        ]
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
            ("projects", self.published, *self.sources),
            # (no order: the sheets are put in the order asked for)
            lambda among: (
                projects.filter(pk__in=among).order_by().values_list(*self.sources.values())
            ),
        )
        names, lists = tuple(self.sources), self.lists
        sheets = {
            values[0]: Sheet(dict(zip(names, values, strict=False)), {n: [] for n in lists})
            for values in query.fetch(ids)  # (``pk`` first: META_SOURCES)
        }
        if sheets:
            for name in self.lists:
                self._read_list(LISTS[name], sheets)
            rows = {pk: sheet.fields for pk, sheet in sheets.items()}
            for field in self.batch_fields:
                # ``fetch(make)``: the rows of the query ``make`` builds, for this batch.
                field.read_batch(
                    rows, lambda make, key=field.name: _query(("batch", key), make).fetch(rows)
                )
        if "diplomatic_post_id" in self.sources:
            self._read_posts({sheet.fields["diplomatic_post_id"] for sheet in sheets.values()})
        return sheets

    def _read_list(self, sheet_list: SheetList, sheets: dict[int, Sheet]) -> None:
        """One list of every sheet, as the driver gives it (Django's converters would cost
        a third of the reading; lists hold no date, amounts are converted here), each entry
        a dictionary of the list's items."""
        wanted = self.items[sheet_list.name]
        chosen = [item for item in sheet_list.items if item.name in wanted]
        items = [item for item in chosen if item.source is not None]
        names = [item.name for item in items]
        amounts = [item.name for item in items if item.is_amount]
        labelled = [(item.name, item.choices) for item in items if item.choices]
        constants = {item.name: item.constant for item in chosen if item.source is None}
        query = _query(("list", sheet_list.name, *names), sheet_list.query(tuple(names)))
        keys = ("project_id", *names)  # (the entry keeps its partnership's id)
        entries = [dict(zip(keys, row, strict=False)) for row in query.fetch(sheets)]
        if amounts or labelled or constants:
            for entry in entries:
                for key in amounts:
                    if entry[key] is not None:
                        entry[key] = amount(entry[key])
                for key, choices in labelled:
                    entry[key] = self.choice_label(choices, entry[key])
                entry.update(constants)
        # Entries come in partnership order: one run per partnership.
        for project, run in groupby(entries, key=itemgetter("project_id")):
            sheets[project].lists[sheet_list.name].extend(run)

    def fetch(self, key: tuple, make, ids) -> list[tuple]:
        """The rows of the query ``make`` builds, for these ids (compiled once per ``key``)."""
        return _query(("batch", *key), make).fetch(ids)

    def batches(
        self, ids: Iterable[int], batch: int = BATCH
    ) -> Iterator[tuple[list[int], dict[int, Sheet]]]:
        """The sheets with these ids, ``batch`` at a time: the batch's ids in order, and
        its sheets by id."""
        ids = list(ids)
        for start in range(0, len(ids), batch):
            chunk = [int(pk) for pk in ids[start : start + batch]]
            yield chunk, self.read(chunk)

    def sheets(self, ids: Iterable[int], batch: int = BATCH) -> Iterator[Sheet]:
        """The sheets with these ids, in this order, read ``batch`` at a time."""
        for chunk, found in self.batches(ids, batch):
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
