"""The project's JSON representation (docs/json-representation.md).

One representation serves the API, the JSON export, the sheet's JSON alternate and
the legacy importer's dry run. Labels are the French reference labels, whatever the
language of the request, so that the data reads the same for every consumer.
"""

import json
from decimal import Decimal

from django.utils import translation

from .models.funding import OnePercentMechanism

ONE_PERCENT_MECHANISMS = [mechanism.value for mechanism in OnePercentMechanism]
ONE_PERCENT_FIELDS = [f"{mechanism}_1pct_eur" for mechanism in ONE_PERCENT_MECHANISMS]
IMPLEMENTATION_ROLES = {
    "project_owners": "owner",
    "project_managers": "manager",
    "beneficiaries": "beneficiary",
}


def funding_total(amounts) -> Decimal | None:
    """Sum of the known amounts; None when none is known."""
    known = [amount for amount in amounts if amount is not None]
    return sum(known, Decimal(0)) if known else None


def project_representation(project) -> dict:
    """The representation of a project fetched with ``Project.objects.with_sheet_data()``."""
    with translation.override("fr"):
        funding = [
            {
                "funder": line.funder,
                "amount_eur": line.amount_eur,
                **{field: getattr(line, field) for field in ONE_PERCENT_FIELDS},
                "year": line.year,
            }
            for line in project.funding_lines.all()
        ]
        actors = list(project.implementing_actors.all())
        return {
            "title": project.title,
            "partnership_type": project.partnership_type.name_fr
            if project.partnership_type
            else None,
            "first_signature_year": project.first_signature_year,
            "start_year": project.start_year,
            "status": project.status or None,
            "end_date": project.end_date.isoformat() if project.end_date else None,
            "triennial": project.triennial,
            "theme": {"path": project.main_theme.path()} if project.main_theme else None,
            "other_themes": [
                {"path": link.theme.path(), "priority": link.priority}
                for link in project.theme_links.all()
            ],
            "context": project.context,
            "history": project.history,
            "objectives": project.objectives,
            "description": project.description,
            "implementation": {
                key: [{"name": actor.name} for actor in actors if actor.role == role]
                for key, role in IMPLEMENTATION_ROLES.items()
            },
            "french_authorities": [{"name": link.name} for link in project.french_links.all()],
            "foreign_authorities": [
                {"name": link.name, "country": link.authority.country_id}
                for link in project.foreign_links.all()
            ],
            "foreign_contacts": [
                {
                    "authority": contact.authority.name if contact.authority else None,
                    "last_name": contact.last_name,
                    "first_name": contact.first_name,
                    "function": contact.function,
                    "email": contact.email,
                }
                for contact in project.foreign_contacts.all()
            ],
            "funding": funding,
            "funding_total_eur": funding_total(line["amount_eur"] for line in funding),
            "communication_france": project.communication_france or None,
            "communication_partner_countries": project.communication_partner_countries or None,
            "evaluation": project.evaluation or None,
            "volunteers": [
                {
                    "last_name": volunteer.last_name,
                    "first_name": volunteer.first_name,
                    "mission": volunteer.mission,
                    "field_of_action": volunteer.field_of_action,
                    "host_entity": volunteer.host_entity,
                    "scheme": volunteer.scheme.name_fr if volunteer.scheme else None,
                }
                for volunteer in project.volunteers.all()
            ],
            "diplomatic_post": _post_representation(project.diplomatic_post),
        }


def _post_representation(post) -> dict | None:
    if post is None:
        return None
    return {
        "name": post.name,
        "country": post.country_id,
        "contacts": [
            {"role": contact.role_label, "name": contact.name, "email": contact.email}
            for contact in post.contacts.all()
        ],
    }


class RepresentationEncoder(json.JSONEncoder):
    """Amounts are Decimals in Python and plain numbers in JSON (10515, not "10515.00")."""

    def default(self, o):
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def dumps(data, **kwargs) -> str:
    return json.dumps(data, cls=RepresentationEncoder, ensure_ascii=False, **kwargs)


def to_plain(data):
    """The value as JSON would give it back: Decimals become numbers, tuples lists."""
    return json.loads(dumps(data))
