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
from django.utils.translation import gettext_lazy as _

from atlas.addresses import page_addresses
from atlas.bulk_reads import fetch, id_list
from catalogue import lists
from catalogue.facets import COLUMNS as FACET_COLUMNS
from catalogue.fields import FIELDS, Column
from catalogue.lists import SheetList
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
# Fields whose cells are computed per partnership (the others are read as they are).
COMPUTED = tuple(field for field in EXPORTED if len(field.direct) < len(field.columns))
PROJECT_LISTS = tuple(dict.fromkeys(name for field in EXPORTED for name in field.lists))


def project_rows(ids, base_url: str) -> Iterator[tuple]:
    reader = SheetReader(lists=PROJECT_LISTS)
    address = page_addresses(base_url, "explore:project")
    row_of = itemgetter(*(column.name for column in PROJECT_COLUMNS))
    for sheet in reader.sheets(ids):
        row = sheet.fields  # the sheet is read for this row only
        row["id"] = sheet.pk
        row["url"] = address(sheet.pk, sheet.fields["slug"])
        for field in COMPUTED:
            row.update(field.cells(sheet, reader))
        for facet in FACET_COLUMNS:
            row[facet.column.name] = facet.cell(sheet, reader)
        yield row_of(row)


# -- lists (funding lines, partners, contacts) -------------------------------------------------


def _list_columns(sheet_list: SheetList) -> tuple[Column, ...]:
    return tuple(
        Column(item.name, item.type, item.column_description, item.decimals)
        for item in sheet_list.items
        if item.exported
    )


def _list_reader(sheet_list: SheetList, prefix: tuple = ()) -> Callable[[list[int]], list]:
    """Reads a list's exported items for a batch of partnerships, as rows of
    ``project_id``, ``prefix`` and the items, in their order; codes read with their
    labels and values the same for every entry are put in place."""
    exported = [item for item in sheet_list.items if item.exported]
    sources = [item.source for item in exported if item.source is not None]
    plan = []  # per column: (position in the SQL row, or None for a constant; finish)
    position = 1
    for item in exported:
        if item.source is None:
            plan.append((None, item.constant))
            continue
        plan.append((position, french_labels(item.choices) if item.choices else None))
        position += 1
    plain = all(at is not None and labels is None for at, labels in plan)

    def read(batch: list[int]) -> list:
        query = (
            sheet_list.model.objects.filter(project_id__in=id_list(batch))
            .order_by(*sheet_list.order)
            .values_list("project_id", *sources)
        )
        found = fetch(query)
        if plain and not prefix:
            return found
        return [
            (
                row[0],
                *prefix,
                *(
                    finish if at is None else (finish.get(row[at]) if finish else row[at])
                    for at, finish in plan
                ),
            )
            for row in found
        ]

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
                _list_reader(lists.FRENCH, prefix=("french",)),
                _list_reader(lists.FOREIGN, prefix=("foreign",)),
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
