"""The open-data tables: their columns (names, types, descriptions: the one source the
CSV files, the data package and the open-data page are written from) and their rows,
read in batches of flat queries so that an export of the whole atlas keeps flat memory.

Every coded value comes as a code column and a label column (``status``,
``status_label``). Lists inside a cell are joined with `` | ``.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.db.models import Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from atlas.bulk_reads import fetch, id_list
from explore.addresses import page_addresses
from partnerships.models import (
    ForeignContact,
    FundingLine,
    OnePercentMechanism,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectTheme,
)
from partnerships.sheet_reader import SheetReader
from territories.models import FrenchAuthority

BATCH = 1000
LIST_SEPARATOR = " | "
LINK_ORDER = ("project_id", "position", "pk")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema type: string, integer, number, boolean, date ...
    description: str
    decimals: int | None = None  # for numbers known to a fixed precision


def Euros(name: str, description) -> Column:
    return Column(name, "number", description, decimals=2)


@dataclass(frozen=True)
class Dataset:
    name: str  # also the file name: <name>.csv
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[..., Iterator[tuple]]  # (ids, context) -> values in column order
    primary_key: tuple[str, ...] = ()
    joins_projects: bool = True  # a project_id column referring to projects.id

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


def _joined(values) -> str | None:
    return LIST_SEPARATOR.join(values) or None


def _by_project(queryset) -> Iterator[tuple[int, list[tuple]]]:
    """The rows of a query ordered by project, grouped by project (its first column)."""
    for project, rows in groupby(fetch(queryset), key=itemgetter(0)):
        yield project, list(rows)


# A partner's name as the sheet writes it, or else its official name.
_SHEET_NAME = Coalesce(NullIf("label", Value("")), "authority__name")
NO_AUTHORITIES, NO_PARTNERS = (None, None), (None, None, None, None)


def _batches(ids) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield [int(i) for i in ids[start : start + BATCH]]


class ExportContext:
    """What every row needs and is read once per export: theme paths, the address
    pattern, labels (French, as every label of the data, whatever the request's language)."""

    def __init__(self, base_url: str):
        themes = SheetReader().themes
        self.theme_code = {pk: theme.code for pk, theme in themes.items()}
        self.theme_path = {pk: " > ".join(theme.path) for pk, theme in themes.items()}
        self.project_address = page_addresses(base_url, "explore:project")
        with translation.override("fr"):
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
    Euros("funding_total_eur", _("Total des lignes de financement, en euros")),
    Column("updated_at", "datetime", _("Dernière mise à jour de la fiche")),
)


def project_rows(ids, context: ExportContext) -> Iterator[tuple]:
    for batch in _batches(ids):
        among = id_list(batch)
        themes = {
            project: _joined([context.theme_code[row[1]] for row in rows])
            for project, rows in _by_project(
                ProjectTheme.objects.filter(project_id__in=among)
                .order_by("project_id", "priority", "pk")
                .values_list("project_id", "theme_id")
            )
        }
        french = {
            project: (_joined([str(row[1]) for row in rows]), _joined([row[2] for row in rows]))
            for project, rows in _by_project(
                ProjectFrenchAuthority.objects.filter(project_id__in=among)
                .order_by(*LINK_ORDER)
                .values_list("project_id", "authority_id", _SHEET_NAME)
            )
        }
        foreign = {
            project: (
                _joined([str(row[1]) for row in rows]),
                _joined([row[2] for row in rows]),
                _joined(dict.fromkeys(row[3] for row in rows)),
                _joined(dict.fromkeys(row[4] for row in rows)),
            )
            for project, rows in _by_project(
                ProjectForeignAuthority.objects.filter(project_id__in=among)
                .order_by(*LINK_ORDER)
                .values_list(
                    "project_id",
                    "authority_id",
                    _SHEET_NAME,
                    "authority__country_id",
                    "authority__country__name_fr",
                )
            )
        }
        totals = dict(
            fetch(
                FundingLine.objects.filter(project_id__in=among)
                .values("project_id")
                .annotate(total=Sum("amount_eur"))
                .values_list("project_id", "total")
                .order_by()
            )
        )
        found = fetch(
            Project.objects.filter(pk__in=among).values_list(
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
        )
        by_pk = {row[0]: row for row in found}
        for pk in batch:
            p = by_pk.get(pk)
            if p is None:
                continue
            _pk, slug, title, type_code, type_name, signed, start, status, *rest = p
            end_date, triennial, theme, context_text, history, objectives, *rest = rest
            description, post, updated_at = rest
            french_ids, french_names = french.get(pk, NO_AUTHORITIES)
            foreign_ids, foreign_names, countries, country_names = foreign.get(pk, NO_PARTNERS)
            yield (
                pk,
                context.project_address(pk, slug),
                title,
                type_code,
                type_name,
                signed,
                start,
                status or None,
                context.status_labels.get(status),
                end_date,
                triennial,
                context.theme_code.get(theme),
                context.theme_path.get(theme),
                themes.get(pk),
                context_text,
                history,
                objectives,
                description,
                french_ids,
                french_names,
                foreign_ids,
                foreign_names,
                countries,
                country_names,
                post,
                totals.get(pk),
                updated_at,
            )


# -- funding lines ---------------------------------------------------------------------------

SHARES = [mechanism.field_name for mechanism in OnePercentMechanism]
FUNDING_COLUMNS = (
    Column("project_id", "integer", _("Partenariat (id de projects.csv)")),
    Column("position", "integer", _("Rang de la ligne sur la fiche")),
    Column("funder", "string", _("Financeur, comme la fiche le nomme")),
    Column("funder_kind", "string", _("Type de financeur (code)")),
    Column("funder_kind_label", "string", _("Type de financeur")),
    Euros("amount_eur", _("Montant en euros")),
    # xgettext:no-python-format
    Euros("water_1pct_eur", _("Dont « 1 % eau » (loi Oudin-Santini), en euros")),
    Euros("energy_1pct_eur", _("Dont « 1 % énergie » (amendement Pintat), en euros")),
    # xgettext:no-python-format
    Euros("waste_1pct_eur", _("Dont « 1 % déchets » (loi de 2014), en euros")),
    Euros("mobility_1pct_eur", _("Dont « 1 % mobilité » (loi de 2019), en euros")),
    Column("year", "integer", _("Année")),
)


def funding_rows(ids, context: ExportContext) -> Iterator[tuple]:
    for batch in _batches(ids):
        yield from fetch(
            FundingLine.objects.filter(project_id__in=id_list(batch))
            .order_by(*LINK_ORDER)
            .values_list(
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


def partner_rows(ids, context: ExportContext) -> Iterator[tuple]:
    for batch in _batches(ids):
        among = id_list(batch)
        for project, position, label, authority, name, kind, lat, lon, insee, siren in fetch(
            ProjectFrenchAuthority.objects.filter(project_id__in=among)
            .order_by(*LINK_ORDER)
            .values_list(*_LINK_FIELDS, "authority__insee_code", "authority__siren")
        ):
            kind_label = context.kind_labels.get(kind)
            yield (
                project,
                "french",
                position,
                label or name,
                authority,
                name,
                kind,
                kind_label,
                insee,
                siren,
                "FR",
                "France",
                lat,
                lon,
            )
        for (
            project,
            position,
            label,
            authority,
            name,
            kind,
            lat,
            lon,
            country,
            country_name,
        ) in fetch(
            ProjectForeignAuthority.objects.filter(project_id__in=among)
            .order_by(*LINK_ORDER)
            .values_list(*_LINK_FIELDS, "authority__country_id", "authority__country__name_fr")
        ):
            kind_label = kind or None  # abroad, the kind is free text: a label, no code
            yield (
                project,
                "foreign",
                position,
                label or name,
                authority,
                name,
                None,
                kind_label,
                None,
                None,
                country,
                country_name,
                lat,
                lon,
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


def contact_rows(ids, context: ExportContext) -> Iterator[tuple]:
    for batch in _batches(ids):
        yield from fetch(
            ForeignContact.objects.filter(project_id__in=id_list(batch))
            .order_by(*LINK_ORDER)
            .values_list(
                "project_id",
                "position",
                "authority__name",
                "last_name",
                "first_name",
                "function",
                "email",
            )
        )


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
