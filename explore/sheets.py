"""What the public pages show, computed from the models (kept out of views and templates)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalogue.fields import funding_total
from partnerships.models import (
    ImplementingActor,
    Project,
)
from partnerships.models.funding import OnePercentMechanism

from .embassies import post_contacts
from .templatetags.atlas_format import protected_email

TEXT_FIELDS = ["context", "history", "objectives", "description"]
# In the order of the former Atlas's sheet, with what to say when nobody is named.
ROLES = [
    (ImplementingActor.Role.MANAGER, _("Maître(s) d'œuvre"), _("Aucun maître d'œuvre renseigné.")),
    (
        ImplementingActor.Role.OWNER,
        _("Maître(s) d'ouvrage"),
        _("Aucun maître d'ouvrage renseigné."),
    ),
    (ImplementingActor.Role.BENEFICIARY, _("Bénéficiaire(s)"), _("Aucun bénéficiaire renseigné.")),
]
FOLLOW_UP = [
    (
        "communication_france",
        _("Communication en France"),
        _("Aucune communication n'a été engagée en France."),
    ),
    (
        "communication_partner_countries",
        _("Communication dans les pays partenaires"),
        _("Aucune communication n'a été engagée dans les pays partenaires."),
    ),
    ("evaluation", _("Évaluation"), _("Aucune politique d'évaluation n'a été engagée.")),
]


def project_sheet_context(project: Project) -> dict:
    """Everything the sheet template needs beyond the project itself."""
    funding_lines = list(project.funding_lines.all())
    # A 1% column appears only if some line of this sheet has a value in it (0 included).
    mechanisms = [
        mechanism
        for mechanism in OnePercentMechanism
        if any(getattr(line, mechanism.field_name) is not None for line in funding_lines)
    ]
    actors = list(project.implementing_actors.all())
    countries = {link.authority.country for link in project.foreign_links.all()}
    post = project.diplomatic_post
    return {
        "project": project,
        "post_contacts": post_contacts(post, sheet=project) if post else None,
        "breadcrumb_data": {
            "root_dir": reverse("explore:home"),
            # A partnership in a single country sits under that country's page.
            "links": [{"url": c.get_absolute_url(), "title": c.name} for c in countries]
            if len(countries) == 1
            else [],
            "current": project.title,
        },
        "text_fields": [
            {
                "label": capfirst(Project._meta.get_field(name).verbose_name),
                "value": getattr(project, name),
            }
            for name in TEXT_FIELDS
        ],
        "roles": [
            {
                "label": label,
                "empty": empty,
                "actors": [actor for actor in actors if actor.role == role],
            }
            for role, label, empty in ROLES
        ],
        "follow_up": [
            {"label": label, "empty": empty, "value": getattr(project, name)}
            for name, label, empty in FOLLOW_UP
        ],
        "theme_levels": project.main_theme.ancestors_and_self() if project.main_theme else [],
        "tables": sheet_tables(project),
        "funding_rows": [
            {"line": line, "shares": [getattr(line, m.field_name) for m in mechanisms]}
            for line in funding_lines
        ],
        "funding_mechanisms": mechanisms,
        "funding_total": funding_total(line.amount_eur for line in funding_lines),
    }


def _link(instance, text: str = "") -> str:
    return format_html('<a href="{}">{}</a>', instance.get_absolute_url(), text or instance.name)


def _table(caption, header: list, rows: list[list], empty) -> dict:
    """A table for django-dsfr's ``dsfr_table`` tag, or what to say when it has no row.
    Cells are escaped unless built with ``format_html``."""
    return {
        "caption": caption,
        "header": header,
        "content": rows,
        "extra_classes": "fr-table--no-caption",
        "empty": empty,
    }


def sheet_tables(project: Project) -> dict[str, dict]:
    """The sheet's simple tables, by section, in the shape ``dsfr_table`` expects."""

    def levels(theme) -> list[str]:
        names = [node.name for node in theme.ancestors_and_self()]
        return names + [""] * (3 - len(names))

    return {
        "other_themes": _table(
            _("Autres thématiques"),
            [_("Thématique"), _("Sous-thématique"), _("Sous-sous-thématique"), _("Priorité")],
            [
                [*levels(link.theme), "" if link.priority is None else str(link.priority)]
                for link in project.theme_links.all()
            ],
            _("Aucune autre thématique."),
        ),
        "foreign_partners": _table(
            _("Partenaires étrangers"),
            [_("Collectivité étrangère"), pgettext_lazy("un pays", "Pays")],
            [
                [_link(link.authority, link.name), _link(link.authority.country)]
                for link in project.foreign_links.all()
            ],
            _("Aucun partenaire étranger renseigné."),
        ),
        "foreign_contacts": _table(
            _("Contacts dans les partenaires étrangers"),
            [_("Collectivité étrangère"), _("Nom"), _("Prénom"), _("Fonction"), _("Courriel")],
            [
                [
                    contact.authority.name if contact.authority else "",
                    contact.last_name,
                    contact.first_name,
                    contact.function,
                    protected_email(contact.email),
                ]
                for contact in project.foreign_contacts.all()
            ],
            _("Aucun contact renseigné."),
        ),
        "volunteers": _table(
            _("Volontaires"),
            [
                _("Nom"),
                _("Prénom"),
                _("Mission"),
                _("Champ d'action"),
                _("Entité d'affectation"),
                _("Dispositif"),
            ],
            [
                [
                    volunteer.last_name,
                    volunteer.first_name,
                    volunteer.mission,
                    volunteer.field_of_action,
                    volunteer.host_entity,
                    volunteer.scheme.name if volunteer.scheme else "",
                ]
                for volunteer in project.volunteers.all()
            ],
            _("Aucun volontaire."),
        ),
    }
