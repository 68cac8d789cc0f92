"""The open-data tables: their columns (names, types, descriptions: the one source the
CSV files, the data package and the open-data page are written from) and their rows,
read in batches of flat queries so that an export of the whole atlas keeps flat memory.

Every coded value comes as a code column and a label column (``status``,
``status_label``). Lists inside a cell are joined with `` | ``.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from atlas.id_lists import id_list
from partnerships.models import (
    ForeignContact,
    FundingLine,
    OnePercentMechanism,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectTheme,
)
from partnerships.representation import sheet_addresses
from partnerships.sheet_reader import SheetReader
from territories.models import FrenchAuthority

BATCH = 1000
LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema type: string, integer, number, boolean, date ...
    description: str


@dataclass(frozen=True)
class Dataset:
    name: str  # also the file name: <name>.csv
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[..., Iterator[dict]]  # (ids, context) -> rows as dicts
    primary_key: tuple[str, ...] = ()
    joins_projects: bool = True  # a project_id column referring to projects.id

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _joined(values) -> str:
    return LIST_SEPARATOR.join(str(value) for value in values if value not in (None, ""))


def _batches(ids) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield [int(i) for i in ids[start : start + BATCH]]


class ExportContext:
    """What every row needs and is read once per export: theme paths, the URL pattern."""

    def __init__(self, base_url: str):
        themes = SheetReader().themes
        self.theme_code = {pk: theme.code for pk, theme in themes.items()}
        self.theme_path = {pk: " > ".join(theme.path) for pk, theme in themes.items()}
        self.project_address = sheet_addresses(base_url)
        self.kind_labels = {kind.value: str(kind.label) for kind in FrenchAuthority.Kind}
        self.status_labels = {status.value: str(status.label) for status in Project.Status}


# -- projects --------------------------------------------------------------------------------

PROJECT_COLUMNS = (
    Column("id", "integer", _("Identifiant du partenariat dans l'Atlas")),
    Column("url", "string", _("Adresse de sa fiche")),
    Column("title", "string", _("Titre")),
    Column("partnership_type", "string", _("Type de partenariat (code)")),
    Column("partnership_type_label", "string", _("Type de partenariat")),
    Column("first_signature_year", "integer", _("Année de première signature de la convention")),
    Column("start_year", "integer", _("Année de début du partenariat")),
    Column("status", "string", _("État : ongoing (en cours) ou completed (terminé)")),
    Column("status_label", "string", _("État")),
    Column("end_date", "date", _("Date de fin du partenariat")),
    Column("triennial", "boolean", _("Partenariat triennal")),
    Column("theme", "string", _("Thématique principale (code)")),
    Column("theme_label", "string", _("Thématique principale, du niveau 1 au plus précis")),
    Column("other_themes", "string", _("Autres thématiques (codes, par priorité)")),
    Column("context", "string", _("Contexte")),
    Column("history", "string", _("Historique")),
    Column("objectives", "string", _("Objectifs du partenariat")),
    Column("description", "string", _("Description détaillée")),
    Column("french_authority_ids", "string", _("Collectivités françaises (identifiants)")),
    Column("french_authorities", "string", _("Collectivités françaises, comme la fiche les nomme")),
    Column("foreign_authority_ids", "string", _("Partenaires étrangers (identifiants)")),
    Column("foreign_authorities", "string", _("Partenaires étrangers, comme la fiche les nomme")),
    Column("countries", "string", _("Pays des partenaires (codes ISO 3166 alpha-2)")),
    Column("country_names", "string", _("Pays des partenaires")),
    Column("diplomatic_post", "string", _("Poste diplomatique")),
    Column("funding_total_eur", "number", _("Total des lignes de financement, en euros")),
    Column("updated_at", "datetime", _("Dernière mise à jour de la fiche")),
)


def project_rows(ids, context: ExportContext) -> Iterator[dict]:
    for batch in _batches(ids):
        themes, french, foreign = defaultdict(list), defaultdict(list), defaultdict(list)
        for project, theme in (
            ProjectTheme.objects.filter(project_id__in=id_list(batch))
            .order_by("project_id", "priority", "pk")
            .values_list("project_id", "theme_id")
        ):
            themes[project].append(context.theme_code[theme])
        for project, label, name, pk in (
            ProjectFrenchAuthority.objects.filter(project_id__in=id_list(batch))
            .order_by("project_id", "position", "pk")
            .values_list("project_id", "label", "authority__name", "authority_id")
        ):
            french[project].append((label or name, pk))
        for row in (
            ProjectForeignAuthority.objects.filter(project_id__in=id_list(batch))
            .order_by("project_id", "position", "pk")
            .values_list(
                "project_id",
                "label",
                "authority__name",
                "authority_id",
                "authority__country_id",
                "authority__country__name_fr",
            )
        ):
            foreign[row[0]].append(row[1:])
        totals = dict(
            FundingLine.objects.filter(project_id__in=id_list(batch))
            .values("project_id")
            .annotate(total=Sum("amount_eur"))
            .values_list("project_id", "total")
        )
        found = Project.objects.filter(pk__in=id_list(batch)).values(
            "pk",
            "slug",
            "title",
            "partnership_type__code",
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
            "diplomatic_post__name",
            "updated_at",
        )
        by_pk = {p["pk"]: p for p in found}
        for pk in batch:
            p = by_pk.get(pk)
            if p is None:
                continue
            partners = foreign[pk]
            countries = dict.fromkeys((country, name) for *_, country, name in partners)
            theme = p["main_theme_id"]
            yield {
                "id": pk,
                "url": context.project_address(pk, p["slug"]),
                "title": p["title"],
                "partnership_type": p["partnership_type__code"],
                "partnership_type_label": p["partnership_type__name_fr"],
                "first_signature_year": p["first_signature_year"],
                "start_year": p["start_year"],
                "status": p["status"] or None,
                "status_label": context.status_labels.get(p["status"]),
                "end_date": p["end_date"],
                "triennial": p["triennial"],
                "theme": context.theme_code.get(theme),
                "theme_label": context.theme_path.get(theme),
                "other_themes": _joined(themes[pk]),
                "context": p["context"],
                "history": p["history"],
                "objectives": p["objectives"],
                "description": p["description"],
                "french_authority_ids": _joined(a for _, a in french[pk]),
                "french_authorities": _joined(n for n, _ in french[pk]),
                "foreign_authority_ids": _joined(row[2] for row in partners),
                "foreign_authorities": _joined((row[0] or row[1]) for row in partners),
                "countries": _joined(code for code, _ in countries),
                "country_names": _joined(name for _, name in countries),
                "diplomatic_post": p["diplomatic_post__name"],
                "funding_total_eur": totals.get(pk),
                "updated_at": p["updated_at"],
            }


# -- funding lines ---------------------------------------------------------------------------

SHARES = [mechanism.field_name for mechanism in OnePercentMechanism]
FUNDING_COLUMNS = (
    Column("project_id", "integer", _("Partenariat (id de projects.csv)")),
    Column("position", "integer", _("Rang de la ligne sur la fiche")),
    Column("funder", "string", _("Financeur, comme la fiche le nomme")),
    Column("funder_kind", "string", _("Type de financeur (code)")),
    Column("funder_kind_label", "string", _("Type de financeur")),
    Column("amount_eur", "number", _("Montant en euros")),
    # xgettext:no-python-format
    Column("water_1pct_eur", "number", _("Dont « 1 % eau » (loi Oudin-Santini), en euros")),
    Column("energy_1pct_eur", "number", _("Dont « 1 % énergie » (amendement Pintat), en euros")),
    # xgettext:no-python-format
    Column("waste_1pct_eur", "number", _("Dont « 1 % déchets » (loi de 2014), en euros")),
    Column("mobility_1pct_eur", "number", _("Dont « 1 % mobilité » (loi de 2019), en euros")),
    Column("year", "integer", _("Année")),
)


def funding_rows(ids, context: ExportContext) -> Iterator[dict]:
    for batch in _batches(ids):
        yield from (
            {
                "project_id": row["project_id"],
                "position": row["position"],
                "funder": row["funder"],
                "funder_kind": row["funder_kind__code"],
                "funder_kind_label": row["funder_kind__name_fr"],
                "amount_eur": row["amount_eur"],
                **{field: row[field] for field in SHARES},
                "year": row["year"],
            }
            for row in FundingLine.objects.filter(project_id__in=id_list(batch))
            .order_by("project_id", "position", "pk")
            .values(
                "project_id",
                "position",
                "funder",
                "funder_kind__code",
                "funder_kind__name_fr",
                "amount_eur",
                *SHARES,
                "year",
            )
        )


# -- partners --------------------------------------------------------------------------------

PARTNER_COLUMNS = (
    Column("project_id", "integer", _("Partenariat (id de projects.csv)")),
    Column("side", "string", _("french (collectivité française) ou foreign (partenaire étranger)")),
    Column("position", "integer", _("Rang sur la fiche")),
    Column("name", "string", _("Nom, comme la fiche l'écrit")),
    Column("authority_id", "integer", _("Identifiant de la collectivité dans l'Atlas")),
    Column("official_name", "string", _("Nom officiel ou de référence")),
    Column("kind", "string", _("Type de collectivité (code pour les françaises)")),
    Column("kind_label", "string", _("Type de collectivité")),
    Column("insee_code", "string", _("Code INSEE (collectivités françaises)")),
    Column("siren", "string", _("SIREN (collectivités françaises)")),
    Column("country", "string", _("Pays (code ISO 3166 alpha-2)")),
    Column("country_name", "string", _("Pays")),
    Column("latitude", "number", _("Latitude (WGS 84), quand elle est connue")),
    Column("longitude", "number", _("Longitude (WGS 84), quand elle est connue")),
)


_LINK_FIELDS = (
    "project_id",
    "position",
    "label",
    "authority_id",
    "authority__name",
    "authority__kind",
    "authority__latitude",
    "authority__longitude",
)


def _partners(model, batch: list[int], side: str, *fields: str) -> Iterator[tuple[dict, dict]]:
    """The partner links of one side: the columns both sides share, and the row."""
    links = model.objects.filter(project_id__in=id_list(batch)).order_by(
        "project_id", "position", "pk"
    )
    for row in links.values(*_LINK_FIELDS, *fields):
        shared = {
            "project_id": row["project_id"],
            "side": side,
            "position": row["position"],
            "name": row["label"] or row["authority__name"],
            "authority_id": row["authority_id"],
            "official_name": row["authority__name"],
            "latitude": row["authority__latitude"],
            "longitude": row["authority__longitude"],
        }
        yield shared, row


def partner_rows(ids, context: ExportContext) -> Iterator[dict]:
    for batch in _batches(ids):
        french = _partners(
            ProjectFrenchAuthority, batch, "french", "authority__insee_code", "authority__siren"
        )
        for shared, row in french:
            yield {
                **shared,
                "kind": row["authority__kind"],
                "kind_label": context.kind_labels.get(row["authority__kind"]),
                "insee_code": row["authority__insee_code"],
                "siren": row["authority__siren"],
                "country": "FR",
                "country_name": "France",
            }
        foreign = _partners(
            ProjectForeignAuthority,
            batch,
            "foreign",
            "authority__country_id",
            "authority__country__name_fr",
        )
        for shared, row in foreign:
            yield {
                **shared,
                "kind": None,
                "kind_label": row["authority__kind"] or None,  # free text abroad
                "insee_code": None,
                "siren": None,
                "country": row["authority__country_id"],
                "country_name": row["authority__country__name_fr"],
            }


# -- contacts --------------------------------------------------------------------------------

CONTACT_COLUMNS = (
    Column("project_id", "integer", _("Partenariat (id de projects.csv)")),
    Column("position", "integer", _("Rang sur la fiche")),
    Column("authority", "string", _("Collectivité étrangère du contact")),
    Column("last_name", "string", _("Nom")),
    Column("first_name", "string", _("Prénom")),
    Column("function", "string", _("Fonction")),
    Column("email", "string", _("Courriel, tel que la fiche le publie")),
)


def contact_rows(ids, context: ExportContext) -> Iterator[dict]:
    for batch in _batches(ids):
        for row in (
            ForeignContact.objects.filter(project_id__in=id_list(batch))
            .order_by("project_id", "position", "pk")
            .values(
                "project_id",
                "position",
                "authority__name",
                "last_name",
                "first_name",
                "function",
                "email",
            )
        ):
            row["authority"] = row.pop("authority__name")
            yield row


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
            FUNDING_COLUMNS,
            funding_rows,
            primary_key=("project_id", "position"),
        ),
        Dataset(
            "partners",
            _("Partenaires"),
            _(
                "Les collectivités françaises et étrangères de chaque partenariat, avec leurs "
                "codes officiels et leurs coordonnées quand elles sont connues."
            ),
            PARTNER_COLUMNS,
            partner_rows,
            primary_key=("project_id", "side", "position"),
        ),
        Dataset(
            "contacts",
            _("Contacts"),
            _(
                "Les personnes à contacter dans les collectivités étrangères, telles que les "
                "fiches les publient."
            ),
            CONTACT_COLUMNS,
            contact_rows,
        ),
    )
}
