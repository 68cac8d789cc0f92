"""What the public pages show, computed from the models (kept out of views and templates)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partnerships.models import (
    ImplementingActor,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
)
from partnerships.models.funding import OnePercentMechanism

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


def headline_counts() -> dict[str, int]:
    """The atlas in four numbers, over published partnerships, counted by the database."""
    published = {"project__publication_state": Project.PublicationState.PUBLISHED}
    foreign = ProjectForeignAuthority.objects.filter(**published)
    return {
        "projects": Project.objects.published().count(),
        "french_authorities": ProjectFrenchAuthority.objects.filter(**published).aggregate(
            n=Count("authority", distinct=True)
        )["n"],
        "foreign_authorities": foreign.aggregate(n=Count("authority", distinct=True))["n"],
        "countries": foreign.aggregate(n=Count("authority__country", distinct=True))["n"],
    }


def project_sheet_context(project: Project) -> dict:
    """Everything the sheet template needs beyond the project itself."""
    funding_lines = list(project.funding_lines.all())
    # A 1% column appears only if some line of this sheet has a value in it (0 included).
    mechanisms = [
        mechanism
        for mechanism in OnePercentMechanism
        if any(getattr(line, mechanism.field_name) is not None for line in funding_lines)
    ]
    amounts = [line.amount_eur for line in funding_lines if line.amount_eur is not None]
    actors = list(project.implementing_actors.all())
    countries = {link.authority.country for link in project.foreign_links.all()}
    return {
        "project": project,
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
        "other_theme_rows": [
            {"levels": link.theme.ancestors_and_self(), "priority": link.priority}
            for link in project.theme_links.all()
        ],
        "funding_rows": [
            {"line": line, "shares": [getattr(line, m.field_name) for m in mechanisms]}
            for line in funding_lines
        ],
        "funding_mechanisms": mechanisms,
        "funding_total": sum(amounts) if amounts else None,
    }
