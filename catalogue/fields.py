"""The partnership's fields, each declared once: its key in the JSON representation, its
French label (translated), where its value comes from, how it is written in the JSON
representation and in the open-data table ``projects.csv``, whether the sheet shows it
and whether the search reads it.

Every output reads this registry: the representation (``representation.py``), the
exports and the open-data page (``opendata``), the search documents (``search``), the
API schema (``api``) and the sheet (``explore``). Adding a field is one entry in
``FIELDS`` (docs/architecture.md says how).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from partnerships.models import ImplementingActor, Project

from . import lists
from .lists import SheetList

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

    ``sources`` are the project columns it reads (name in the sheet's row -> ORM path),
    ``lists`` the lists it reads. ``value`` writes the JSON value; ``cells`` the table's
    values by column name (columns listed in ``direct`` are the row's values as read,
    with no call per row: the whole atlas is a hundred thousand rows).
    """

    name: str
    label: Promise
    description: Promise | None = None
    sources: dict[str, str] = {}
    lists: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    direct: tuple[str, ...] = ()
    searched = False  # its text is in the search documents
    json = True
    empty: Promise | None = None  # what the sheet says when there is nothing

    def value(self, sheet, reader):
        raise NotImplementedError

    def cells(self, sheet, reader) -> dict:
        """Values of the columns not in ``direct``."""
        return {}

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

    def cells(self, sheet, reader) -> dict:
        return {f"{self.name}_label": reader.choice_label(self.choices, sheet.fields[self.name])}

    def schema(self) -> dict:
        return nullable({"type": "string", "enum": list(self.choices.values)})


class ReferenceField(Field):
    """An entry of a nomenclature (``partnership_type``): its French label in JSON; in
    tables, its code and its label."""

    def __init__(self, name: str, label: Promise, *, description: Promise):
        self.name, self.label, self.description = name, label, description
        self.sources = {
            name: f"{name}__code",
            f"{name}_label": f"{name}__name_fr",
            f"{name}_label_en": f"{name}__name_en",  # for pages in English
        }
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

    def cells(self, sheet, reader) -> dict:
        theme = reader.themes.get(sheet.fields["main_theme_id"])
        return {
            "theme": theme.code if theme else None,
            "theme_label": " > ".join(theme.path) if theme else None,
        }

    def schema(self) -> dict:
        return nullable(THEME_PATH)


class OtherThemesField(Field):
    name, label = "other_themes", _("Autres thématiques")
    empty = _("Aucune autre thématique.")
    lists = ("theme_links",)
    columns = (Column("other_themes", "string", _("Autres thématiques (codes, par priorité)")),)

    def value(self, sheet, reader):
        themes = reader.themes
        return [
            {"path": list(themes[link["theme"]].path), "priority": link["priority"]}
            for link in sheet.lists["theme_links"]
        ]

    def cells(self, sheet, reader) -> dict:
        themes = reader.themes
        return {
            "other_themes": joined(
                themes[link["theme"]].code for link in sheet.lists["theme_links"]
            )
        }

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
    lists = ("actors",)
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
        self.lists = (sheet_list.name,)
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


class PartnersField(ListField):
    """Partner authorities: ``{"name"}`` entries (and more) in JSON; in tables, their ids
    and names."""

    def __init__(self, name, sheet_list, *, columns: tuple[Column, ...], empty: Promise):
        super().__init__(name, sheet_list, empty=empty)
        self.columns = columns
        self.searched = True

    def cells(self, sheet, reader) -> dict:
        partners = sheet.lists[self.sheet_list.name]
        ids, names = self.columns[0].name, self.columns[1].name
        cells = {
            ids: joined([str(partner["authority_id"]) for partner in partners]),
            names: joined([partner["name"] for partner in partners]),
        }
        if len(self.columns) > 2:  # abroad: the partners' countries, each once
            cells["countries"] = joined(dict.fromkeys(p["country"] for p in partners))
            cells["country_names"] = joined(dict.fromkeys(p["country_name"] for p in partners))
        return cells

    def texts(self, sheet, reader) -> list[str]:
        place_names = ("departement_name", "region_name", "country_name", "country_name_en")
        texts = []
        for partner in sheet.lists[self.sheet_list.name]:
            texts += [partner["name"], partner["official_name"]]
            texts += [partner[key] or "" for key in place_names if key in partner]
        return texts


class FundingTotalField(Field):
    name, label = "funding_total_eur", _("Total")
    description = _("Total des lignes de financement, en euros")
    lists = ("funding",)
    columns = (Column("funding_total_eur", "number", description, decimals=2),)

    def value(self, sheet, reader):
        return funding_total(line["amount_eur"] for line in sheet.lists["funding"])

    def cells(self, sheet, reader) -> dict:
        return {"funding_total_eur": self.value(sheet, reader)}

    def schema(self) -> dict:
        return nullable(NUMBER)


class DiplomaticPostField(Field):
    """The embassy of the partner country, with the contacts the sheet gives for it."""

    name, label = "diplomatic_post", _("Poste diplomatique")
    sources = {"diplomatic_post_id": "diplomatic_post_id"}
    lists = ("post_contacts",)
    columns = (Column("diplomatic_post", "string", _("Poste diplomatique")),)
    searched = True

    def value(self, sheet, reader):
        post = reader.post(sheet.fields["diplomatic_post_id"])
        if post is None:
            return None
        contacts = [dict(contact) for contact in sheet.lists["post_contacts"]]
        return {"name": post.name, "country": post.country, "contacts": contacts}

    def cells(self, sheet, reader) -> dict:
        post = reader.post(sheet.fields["diplomatic_post_id"])
        return {"diplomatic_post": post.name if post else None}

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


TEXT = {"searched": True, "empty": _("Non renseigné.")}
FOLLOW_UP = {"null_when_empty": True, "exported": False}

FIELDS: dict[str, Field] = {
    field.name: field
    for field in (
        ColumnField("title", _("Titre")),
        ReferenceField(
            "partnership_type",
            _("Type de partenariat"),
            description=_("Type de partenariat (code)"),
        ),
        ColumnField(
            "first_signature_year",
            _("Année de première signature de la convention"),
            "integer",
            nullable=True,
        ),
        ColumnField("start_year", _("Année de début du partenariat"), "integer", nullable=True),
        ChoiceField(
            "status",
            _("État du partenariat"),
            Project.Status,
            description=_("État : ongoing (en cours) ou completed (terminé)"),
        ),
        ColumnField("end_date", _("Date de fin du partenariat"), "date", nullable=True),
        ColumnField("triennial", _("Partenariat triennal"), "boolean"),
        MainThemeField(),
        OtherThemesField(),
        ColumnField("context", _("Contexte"), **TEXT),
        ColumnField("history", _("Historique"), **TEXT),
        ColumnField("objectives", _("Objectifs du partenariat"), **TEXT),
        ColumnField(
            "description",
            _("Description détaillée du partenariat"),
            description=_("Description détaillée"),
            **TEXT,
        ),
        ImplementationField(),
        PartnersField(
            "french_authorities",
            lists.FRENCH,
            empty=_("Aucune collectivité française renseignée."),
            columns=(
                Column(
                    "french_authority_ids", "string", _("Collectivités françaises (identifiants)")
                ),
                Column(
                    "french_authorities",
                    "string",
                    _("Collectivités françaises, comme la fiche les nomme"),
                ),
            ),
        ),
        PartnersField(
            "foreign_authorities",
            lists.FOREIGN,
            empty=_("Aucun partenaire étranger renseigné."),
            columns=(
                Column(
                    "foreign_authority_ids", "string", _("Partenaires étrangers (identifiants)")
                ),
                Column(
                    "foreign_authorities",
                    "string",
                    _("Partenaires étrangers, comme la fiche les nomme"),
                ),
                Column("countries", "string", _("Pays des partenaires (codes ISO 3166 alpha-2)")),
                Column("country_names", "string", _("Pays des partenaires")),
            ),
        ),
        ListField("foreign_contacts", lists.CONTACTS, empty=_("Aucun contact renseigné.")),
        ListField("funding", lists.FUNDING, empty=_("Aucun financement renseigné.")),
        FundingTotalField(),
        ColumnField(
            "communication_france",
            _("Communication en France"),
            empty=_("Aucune communication n'a été engagée en France."),
            **FOLLOW_UP,
        ),
        ColumnField(
            "communication_partner_countries",
            _("Communication dans les pays partenaires"),
            empty=_("Aucune communication n'a été engagée dans les pays partenaires."),
            **FOLLOW_UP,
        ),
        ColumnField(
            "evaluation",
            _("Évaluation"),
            empty=_("Aucune politique d'évaluation n'a été engagée."),
            **FOLLOW_UP,
        ),
        ListField("volunteers", lists.VOLUNTEERS, empty=_("Aucun volontaire.")),
        DiplomaticPostField(),
    )
}

# Every partnership's row also holds these, for addresses, dates and the search.
META_SOURCES = {
    "pk": "pk",
    "slug": "slug",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "publication_state": "publication_state",
}
