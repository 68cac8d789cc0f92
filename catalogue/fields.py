"""The partnership's fields, each declared once: its key in the JSON representation, its
French label (translated), where its value comes from, how it is written in the JSON
representation and in the open-data table ``projects.csv``, whether the sheet shows it
and whether the search reads it.

Every output reads this registry: the representation (``representation.py``), the
exports and the open-data page (``opendata``), the search documents (``search``), the
API schema (``api``) and the sheet (``explore``). Adding a field is one entry in
``FIELDS`` (docs/architecture.md says how); the kinds of field are ``field_kinds.py``.
"""

from django.utils.translation import gettext_lazy as _

from partnerships.models import Project

from . import lists
from .field_kinds import (
    ChoiceField,
    Column,
    ColumnField,
    DiplomaticPostField,
    Field,
    FundingTotalField,
    ImplementationField,
    ListField,
    MainThemeField,
    OtherThemesField,
    PartnersField,
    ReferenceField,
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
META_SOURCES = {"pk": "pk", "slug": "slug", "updated_at": "updated_at"}
# A row holds these when a reader asks for them (``extra``).
EXTRA_SOURCES = {
    "created_at": "created_at",
    **{
        name: path
        for field in FIELDS.values()
        for name, path in getattr(field, "extra_sources", {}).items()
    },
}
