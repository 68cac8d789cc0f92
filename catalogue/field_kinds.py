"""What a field of the catalogue can be: a column of the project, a choice, a reference,
a list of items, a total; each kind knows how its value is read from a sheet, written in
the JSON representation and in the open-data table, and described in the JSON schema.

The registry of the partnership's fields, built from these kinds, is ``fields.py``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from operator import itemgetter

from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from atlas.bulk_reads import amount
from partnerships.models import FundingLine, ImplementingActor

from . import lists
from .lists import Needs, SheetList, json_items

LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    """A column of an open-data table: its name, Frictionless type and description."""

    name: str
    type: str  # string, integer, number, boolean, date, datetime
    description: Promise
    decimals: int | None = None  # numbers known to a fixed precision (amounts: 2)


def joined(values: Iterable[str]) -> str | None:
    """Values of a list in one cell of a table, or None when there are none."""
    return LIST_SEPARATOR.join(values) or None


def funding_total(amounts: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the known amounts; None when none is known."""
    known = [amount for amount in amounts if amount is not None]
    return sum(known, Decimal(0)) if known else None


def nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}


def array_of(schema: dict) -> dict:
    return {"type": "array", "items": schema}


def object_of(**properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties)}


class Field:
    """One key of the JSON representation, and the columns it gives ``projects.csv``.

    ``sources`` are the project columns it reads (name in the sheet's row -> ORM path);
    ``reads``, ``cell_reads`` and ``text_reads`` the items of the lists that ``value``,
    ``cells`` and ``texts`` read (a reader reads no more than its writer needs).
    ``value`` writes the JSON value; ``cells`` the table's values by column name (columns
    listed in ``direct`` are the row's values as read, with no call per row: the whole
    atlas is a hundred thousand rows).
    """

    name: str
    label: Promise
    description: Promise | None = None
    sources: dict[str, str] = {}
    reads: Needs = {}
    cell_reads: Needs = {}
    text_reads: Needs = {}
    columns: tuple[Column, ...] = ()
    direct: tuple[str, ...] = ()
    searched = False  # its text is in the search documents
    json = True
    empty: Promise | None = None  # what the sheet says when there is nothing

    def value(self, sheet, reader):
        raise NotImplementedError

    def cells(self, sheet, reader, row: dict) -> None:
        """Put in ``row`` the values of its columns not in ``direct`` (in place: the whole
        atlas's table is a hundred thousand rows)."""

    def texts(self, sheet, reader) -> list[str]:
        """What the search reads of it (``searched`` fields only)."""
        return []

    def schema(self) -> dict:
        """Its JSON value, as an OpenAPI schema."""
        raise NotImplementedError


class ColumnField(Field):
    """A column of the partnership's own table, as it is (text, year, date, boolean)."""

    TYPES = {
        "string": STRING,
        "integer": INTEGER,
        "date": {"type": "string", "format": "date"},
        "boolean": {"type": "boolean"},
    }

    def __init__(
        self,
        name: str,
        label: Promise,
        type: str = "string",
        *,
        description: Promise | None = None,
        null_when_empty: bool = False,
        nullable: bool = False,
        exported: bool = True,
        searched: bool = False,
        empty: Promise | None = None,
    ):
        self.name, self.label, self.type = name, label, type
        self.empty = empty
        self.description = description or label
        self.sources = {name: name}
        # Text left empty means "none": some texts say so with null (the contract's).
        self.null_when_empty = null_when_empty
        self.nullable = nullable or null_when_empty
        self.columns = (Column(name, type, self.description),) if exported else ()
        self.direct = (name,) if exported else ()
        self.searched = searched

    def value(self, sheet, reader):
        value = sheet.fields[self.name]
        if self.type == "date":
            return value.isoformat() if value else None
        if self.null_when_empty:
            return value or None
        return value

    def texts(self, sheet, reader) -> list[str]:
        return [sheet.fields[self.name]]

    def schema(self) -> dict:
        schema = self.TYPES[self.type]
        return nullable(schema) if self.nullable else schema


class ChoiceField(Field):
    """A coded column with fixed choices (``status``): the code in JSON; in tables, the
    code and its French label."""

    def __init__(self, name: str, label: Promise, choices, *, description: Promise):
        self.name, self.label, self.choices = name, label, choices
        self.description = description
        self.sources = {name: name}
        self.columns = (
            Column(name, "string", description),
            Column(f"{name}_label", "string", label),
        )
        self.direct = (name,)

    def value(self, sheet, reader):
        return sheet.fields[self.name] or None

    def cells(self, sheet, reader, row: dict) -> None:
        row[f"{self.name}_label"] = reader.choice_label(self.choices, sheet.fields[self.name])

    def schema(self) -> dict:
        return nullable({"type": "string", "enum": list(self.choices.values)})


class ReferenceField(Field):
    """An entry of a nomenclature (``partnership_type``): its French label in JSON; in
    tables, its code and its label."""

    def __init__(self, name: str, label: Promise, *, description: Promise):
        self.name, self.label, self.description = name, label, description
        self.sources = {name: f"{name}__code", f"{name}_label": f"{name}__name_fr"}
        # For pages in English (a reader asks for it: ``extra``).
        self.extra_sources = {f"{name}_label_en": f"{name}__name_en"}
        self.columns = (
            Column(name, "string", description),
            Column(f"{name}_label", "string", label),
        )
        self.direct = (name, f"{name}_label")

    def value(self, sheet, reader):
        return sheet.fields[f"{self.name}_label"]

    def schema(self) -> dict:
        return nullable(STRING)


THEME_PATH = object_of(path=array_of(STRING))


class MainThemeField(Field):
    name, label = "theme", _("Thématique principale")
    description = _("Thématique principale, du niveau 1 au plus précis")
    sources = {"main_theme_id": "main_theme_id"}
    columns = (
        Column("theme", "string", _("Thématique principale (code)")),
        Column("theme_label", "string", _("Thématique principale, du niveau 1 au plus précis")),
    )

    def value(self, sheet, reader):
        theme = sheet.fields["main_theme_id"]
        return {"path": list(reader.themes[theme].path)} if theme else None

    def cells(self, sheet, reader, row: dict) -> None:
        theme = reader.themes.get(sheet.fields["main_theme_id"])
        row["theme"] = theme.code if theme else None
        row["theme_label"] = theme.label if theme else None

    def schema(self) -> dict:
        return nullable(THEME_PATH)


class OtherThemesField(Field):
    name, label = "other_themes", _("Autres thématiques")
    empty = _("Aucune autre thématique.")
    reads = {"theme_links": ("theme", "priority")}
    cell_reads = {"theme_links": ("theme",)}
    columns = (Column("other_themes", "string", _("Autres thématiques (codes, par priorité)")),)

    def value(self, sheet, reader):
        themes = reader.themes
        return [
            {"path": list(themes[link["theme"]].path), "priority": link["priority"]}
            for link in sheet.lists["theme_links"]
        ]

    def cells(self, sheet, reader, row: dict) -> None:
        themes = reader.themes
        links = sheet.lists["theme_links"]
        row["other_themes"] = joined([themes[link["theme"]].code for link in links])

    def schema(self) -> dict:
        return array_of(object_of(path=array_of(STRING), priority=nullable(INTEGER)))


IMPLEMENTATION_ROLES = {
    "project_owners": ImplementingActor.Role.OWNER,
    "project_managers": ImplementingActor.Role.MANAGER,
    "beneficiaries": ImplementingActor.Role.BENEFICIARY,
}
NAMED = object_of(name=STRING)


class ImplementationField(Field):
    name, label = "implementation", _("Mise en œuvre du partenariat")
    reads = {"actors": ("role", "name")}
    # On the sheet, in the order of the former Atlas's: heading, and what to say when
    # nobody is named.
    sheet_roles = (
        (
            ImplementingActor.Role.MANAGER,
            _("Maître(s) d'œuvre"),
            _("Aucun maître d'œuvre renseigné."),
        ),
        (
            ImplementingActor.Role.OWNER,
            _("Maître(s) d'ouvrage"),
            _("Aucun maître d'ouvrage renseigné."),
        ),
        (
            ImplementingActor.Role.BENEFICIARY,
            _("Bénéficiaire(s)"),
            _("Aucun bénéficiaire renseigné."),
        ),
    )

    def value(self, sheet, reader):
        actors = sheet.lists["actors"]
        return {
            key: [{"name": actor["name"]} for actor in actors if actor["role"] == role]
            for key, role in IMPLEMENTATION_ROLES.items()
        }

    def schema(self) -> dict:
        return object_of(**{key: array_of(NAMED) for key in IMPLEMENTATION_ROLES})


class ListField(Field):
    """A list given in JSON as its items marked ``json`` (its own open-data table, if
    any, is a dataset of ``opendata``)."""

    def __init__(
        self,
        name: str,
        sheet_list: SheetList,
        *,
        label: Promise | None = None,
        empty: Promise | None = None,
    ):
        self.name, self.sheet_list = name, sheet_list
        self.label = label or sheet_list.label
        self.empty = empty
        self.reads = {sheet_list.name: json_items(sheet_list)}
        self.items = tuple(item for item in sheet_list.items if item.json)

    def value(self, sheet, reader):
        return [
            {item.name: entry[item.name] for item in self.items}
            for entry in sheet.lists[self.sheet_list.name]
        ]

    def schema(self) -> dict:
        return array_of(object_of(**{item.name: item_schema(item) for item in self.items}))


def item_schema(item: lists.Item) -> dict:
    schema = {"integer": INTEGER, "number": NUMBER}.get(item.type, STRING)
    return nullable(schema) if item.nullable else schema


# Names of places the search reads with a partner's (its département, its country ...).
PLACE_NAMES = ("departement_name", "region_name", "country_name", "country_name_en")


class PartnersField(ListField):
    """Partner authorities: ``{"name"}`` entries (and more) in JSON; in tables, their ids
    and names."""

    def __init__(self, name, sheet_list, *, columns: tuple[Column, ...], empty: Promise):
        super().__init__(name, sheet_list, empty=empty)
        self.columns = columns
        self.searched = True
        # In tables: ids and names, and abroad the partners' countries, each once.
        self.abroad = len(columns) > 2
        self.table_items = ("authority_id", "name", *(("country", "country_name") * self.abroad))
        places = [name for name in PLACE_NAMES if any(i.name == name for i in sheet_list.items)]
        self.text_reads = {sheet_list.name: ("name", "official_name", *places)}

    def table_values(self, fetch) -> dict[int, tuple]:
        """Its cells for a batch of sheets, by partnership (those without partners left
        out: their cells are ``self.no_values``), from its list read as the database gives
        it (``fetch(make)``: the rows of the query ``make`` builds for the batch): a table
        of the whole atlas has three hundred thousand partners."""
        found = {}
        for project, run in groupby(fetch(self.sheet_list.query(self.table_items)), itemgetter(0)):
            partners = list(run)  # (project, id, name[, country, country name]) tuples
            if len(partners) == 1:  # most often
                found[project] = (str(partners[0][1]), *partners[0][2:])
                continue
            ids = LIST_SEPARATOR.join([str(partner[1]) for partner in partners])
            names = LIST_SEPARATOR.join([partner[2] for partner in partners])
            if not self.abroad:
                found[project] = (ids, names)
                continue
            countries = dict.fromkeys([(partner[3], partner[4]) for partner in partners])
            found[project] = (
                ids,
                names,
                LIST_SEPARATOR.join([code for code, _name in countries]),
                LIST_SEPARATOR.join(dict.fromkeys([name for _code, name in countries])),
            )
        return found

    @property
    def no_values(self) -> tuple:
        return (None,) * len(self.columns)

    def texts(self, sheet, reader) -> list[str]:
        places = self.text_reads[self.sheet_list.name][2:]
        texts = []
        for partner in sheet.lists[self.sheet_list.name]:
            texts += [partner["name"], partner["official_name"]]
            texts += [partner[key] or "" for key in places]
        return texts


class FundingTotalField(Field):
    """The sum of the known amounts of the funding lines (null when none is known),
    summed by the database for a batch of sheets at a time: reading every line only to
    add them up cost a second of the whole atlas's table."""

    name, label = "funding_total_eur", _("Total")
    description = _("Total des lignes de financement, en euros")
    columns = (Column("funding_total_eur", "number", description, decimals=2),)
    direct = ("funding_total_eur",)

    @staticmethod
    def batch_query(among):
        return (
            FundingLine.objects.filter(project_id__in=among)
            .order_by()
            .values("project_id")
            .annotate(total=Sum("amount_eur"))
            .values_list("project_id", "total")
        )

    def read_batch(self, rows: dict[int, dict], fetch) -> None:
        """Put the totals in the rows of a batch of sheets (``fetch``: the batch's query,
        compiled once), as the driver gives them: the CSV writer formats a float as
        exactly as a Decimal, at a fraction of the cost of making one."""
        totals = dict(fetch(self.batch_query))
        for project, row in rows.items():
            row[self.name] = totals.get(project)

    def value(self, sheet, reader):
        total = sheet.fields[self.name]
        return None if total is None else amount(total)

    def schema(self) -> dict:
        return nullable(NUMBER)


class DiplomaticPostField(Field):
    """The embassy of the partner country, with the contacts the sheet gives for it."""

    name, label = "diplomatic_post", _("Poste diplomatique")
    sources = {"diplomatic_post_id": "diplomatic_post_id"}
    reads = {"post_contacts": json_items(lists.POST_CONTACTS)}
    text_reads = {"foreign": ("country",)}  # the embassy's country stands in for none
    columns = (Column("diplomatic_post", "string", _("Poste diplomatique")),)
    searched = True

    def value(self, sheet, reader):
        post = reader.post(sheet.fields["diplomatic_post_id"])
        if post is None:
            return None
        items = self.reads["post_contacts"]
        contacts = [
            {key: contact[key] for key in items} for contact in sheet.lists["post_contacts"]
        ]
        return {"name": post.name, "country": post.country, "contacts": contacts}

    def cells(self, sheet, reader, row: dict) -> None:
        post = reader.post(sheet.fields["diplomatic_post_id"])
        row["diplomatic_post"] = post.name if post else None

    def texts(self, sheet, reader) -> list[str]:
        """The embassy's country, when no foreign partner says where the partnership is."""
        post = reader.post(sheet.fields["diplomatic_post_id"])
        if post is None or sheet.lists["foreign"] or not post.country:
            return []
        return [post.country_name_fr, post.country_name_en]

    def schema(self) -> dict:
        contact = object_of(role=STRING, name=STRING, email=STRING)
        return nullable(
            object_of(name=STRING, country=nullable(STRING), contacts=array_of(contact))
        )
