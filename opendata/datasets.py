"""The open-data tables, written from the catalogue: ``projects`` has the columns of the
catalogue's fields and facets, the others the exported items of the sheet's lists
(funding lines, partners, contacts). Their columns (names, types, descriptions) are what
the CSV files, the data package and the open-data page are written from; rows are read
in batches of flat queries, by name, so that an export of the whole atlas keeps flat
memory.

Every coded value comes as a code column and a label column (``status``,
``status_label``). Lists inside a cell are joined with `` | ``.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, CharField, Value, When
from django.utils.translation import gettext_lazy as _

from atlas.addresses import page_addresses
from atlas.bulk_reads import CompiledQuery
from catalogue import lists
from catalogue.facets import COLUMNS as FACET_COLUMNS
from catalogue.field_kinds import Column
from catalogue.fields import FIELDS
from catalogue.lists import SheetList, merged
from catalogue.reader import SheetReader, french_labels

BATCH = 1000


@dataclass(frozen=True)
class Dataset:
    name: str  # also the file name: <name>.csv
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[..., Iterator[tuple]]  # (ids, base URL) -> values in column order
    primary_key: tuple[str, ...] = ()
    joins_projects: bool = True  # a project_id column referring to projects.id

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _batches(ids) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield [int(i) for i in ids[start : start + BATCH]]


# -- projects --------------------------------------------------------------------------------

EXPORTED = tuple(field for field in FIELDS.values() if field.columns)
PROJECT_COLUMNS = (
    Column("id", "integer", _("Identifiant du partenariat dans l'Atlas")),
    Column("url", "string", _("Adresse de sa fiche")),
    *(column for field in EXPORTED for column in field.columns),
    Column("updated_at", "datetime", _("Dernière mise à jour de la fiche")),
    *(facet.column for facet in FACET_COLUMNS),
)
# Fields whose cells are computed per partnership (the others are read as they are), and
# those whose cells come from a list, read for a batch at a time (``table_values``).
COMPUTED = tuple(
    field
    for field in EXPORTED
    if len(field.direct) < len(field.columns) and not hasattr(field, "table_values")
)
TABULATED = tuple(field for field in EXPORTED if hasattr(field, "table_values"))
PROJECT_NEEDS = merged(
    *(field.cell_reads for field in EXPORTED), *(facet.reads for facet in FACET_COLUMNS)
)


def _segments() -> list[tuple[str, object]]:
    """How a row is put together, in column order: runs of values taken by name from the
    sheet's row (``itemgetter``), and the tuples of the fields read for a batch."""
    tabulated = {column.name: field for field in TABULATED for column in field.columns}
    segments: list[tuple[str, object]] = []
    names: list[str] = []
    for column in PROJECT_COLUMNS:
        field = tabulated.get(column.name)
        if field is None:
            names.append(column.name)
            continue
        if names:
            segments.append(("row", _getter(names)))
            names = []
        if not segments or segments[-1][1] is not field:
            segments.append(("table", field))
    if names:
        segments.append(("row", _getter(names)))
    return segments


def _getter(names: list[str]):
    """Values of a row by name, always as a tuple (itemgetter gives one value alone)."""
    get = itemgetter(*names)
    return get if len(names) > 1 else lambda row: (get(row),)


SEGMENTS = _segments()


def project_rows(ids, base_url: str) -> Iterator[tuple]:
    reader = SheetReader(items=PROJECT_NEEDS, fields=[field.name for field in EXPORTED])
    address = page_addresses(base_url, "explore:project")
    for batch, sheets in reader.batches(ids):
        tables = {
            field: field.table_values(
                lambda make, key=field.name, among=sheets: reader.fetch((key,), make, among)
            )
            for field in TABULATED
        }
        plan = [
            (kind, part if kind == "row" else (tables[part].get, part.no_values))
            for kind, part in SEGMENTS
        ]
        for pk in batch:
            sheet = sheets.get(pk)
            if sheet is None:
                continue
            row = sheet.fields  # the sheet is read for this row only
            row["id"] = pk
            row["url"] = address(pk, row["slug"])
            for field in COMPUTED:
                field.cells(sheet, reader, row)
            for facet in FACET_COLUMNS:
                row[facet.column.name] = facet.cell(sheet, reader)
            values = ()
            for kind, part in plan:
                values += part(row) if kind == "row" else part[0](pk, part[1])
            yield values


# -- lists (funding lines, partners, contacts) -------------------------------------------------


def _list_columns(sheet_list: SheetList) -> tuple[Column, ...]:
    return tuple(
        Column(item.name, item.type, item.column_description, item.decimals)
        for item in sheet_list.items
        if item.exported
    )


def _in_sql(item) -> object:
    """What the database selects for an item of a list's table: its column; the label of
    its code; or the value every entry shares. Rows then come out of the driver ready to
    write, without a Python step per row."""
    if item.source is None:
        return Value(item.constant, output_field=CharField())
    if item.choices:
        whens = [
            When(**{item.source: code}, then=Value(label))
            for code, label in french_labels(item.choices).items()
        ]
        return Case(*whens, default=Value(None), output_field=CharField())
    return item.source


def _list_reader(sheet_list: SheetList, side: str | None = None) -> Callable[[list[int]], list]:
    """Reads a list's exported items for a batch of partnerships, as rows of
    ``project_id``, the ``side`` if given, and the items, in their order (the query is
    compiled once)."""
    columns = [_in_sql(item) for item in sheet_list.items if item.exported]
    if side is not None:
        columns.insert(0, Value(side, output_field=CharField()))
    compiled: list[CompiledQuery] = []  # at the first read, when the database is known

    def read(batch: list[int]) -> list:
        if not compiled:
            compiled.append(
                CompiledQuery(
                    lambda among: (
                        sheet_list.model.objects.filter(project_id__in=among)
                        .order_by(*sheet_list.order)
                        .values_list("project_id", *columns)
                    )
                )
            )
        return compiled[0].fetch(batch)

    return read


def list_rows(*parts: Callable[[list[int]], list]):
    """Rows of one or more lists (partners: the French, then the foreign ones), batch by
    batch of partnerships."""

    def rows(ids, base_url: str) -> Iterator[tuple]:
        for batch in _batches(ids):
            for read in parts:
                yield from read(batch)

    return rows


PROJECT_ID = Column("project_id", "integer", _("Partenariat (id de projects.csv)"))
SIDE = Column(
    "side", "string", _("french (collectivité française) ou foreign (partenaire étranger)")
)


def _names(sheet_list: SheetList) -> list[tuple[str, str]]:
    return [(column.name, column.type) for column in _list_columns(sheet_list)]


if _names(lists.FRENCH) != _names(lists.FOREIGN):
    raise ImproperlyConfigured("French and foreign partners must export the same columns.")

DATASETS = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "projects",
            _("Partenariats"),
            _(
                "Un partenariat par ligne : type, état, dates, thématiques, textes, partenaires, "
                "pays et total des financements."
            ),
            PROJECT_COLUMNS,
            project_rows,
            primary_key=("id",),
            joins_projects=False,
        ),
        Dataset(
            "funding-lines",
            _("Lignes de financement"),
            _(
                "Une ligne de financement par ligne : financeur, type de financeur, montant, "
                "parts « 1 % » et année."
            ),
            (PROJECT_ID, *_list_columns(lists.FUNDING)),
            list_rows(_list_reader(lists.FUNDING)),
            primary_key=("project_id", "position"),
        ),
        Dataset(
            "partners",
            _("Partenaires"),
            _(
                "Les collectivités françaises et étrangères de chaque partenariat, avec leurs "
                "codes officiels et leurs coordonnées quand elles sont connues."
            ),
            (PROJECT_ID, SIDE, *_list_columns(lists.FRENCH)),
            list_rows(
                _list_reader(lists.FRENCH, side="french"),
                _list_reader(lists.FOREIGN, side="foreign"),
            ),
            primary_key=("project_id", "side", "position"),
        ),
        Dataset(
            "contacts",
            _("Contacts"),
            _(
                "Les personnes à contacter dans les collectivités étrangères, telles que les "
                "fiches les publient."
            ),
            (PROJECT_ID, *_list_columns(lists.CONTACTS)),
            list_rows(_list_reader(lists.CONTACTS)),
        ),
    )
}
