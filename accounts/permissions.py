"""Permissions as data: which role may do which action over which scope.

``RULES`` is the whole policy, read by the views, the querysets of the back office and a
test that walks every role × action × object inside and outside the scope. A person's
grants are the union of their memberships; a superuser is an administrator.

Objects an action applies to: a partnership (``Project``), a French authority (its
people in charge), a country (its embassy's contacts), or nothing (the action in
general: "may this person create partnerships at all?", "manage accounts").
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Q

from partnerships.models import Project, ProjectForeignAuthority, ProjectFrenchAuthority
from territories.models import Country, DiplomaticPost, FrenchAuthority

from .models import Role


class Action(StrEnum):
    VIEW_DRAFTS = "view_drafts"  # unpublished versions, history, comments
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    PUBLISH = "publish"
    SEND_BACK = "send_back"
    ARCHIVE = "archive"
    RESTORE = "restore"  # an earlier version, as a new pending one
    DELETE = "delete"
    MANAGE_PEOPLE = "manage_people"  # an authority's people in charge
    MANAGE_EMBASSY = "manage_embassy"  # an embassy's own contacts
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_REFERENCES = "manage_references"
    VIEW_STATISTICS = "view_statistics"  # internal ones, drafts included


class Scope(StrEnum):
    ALL = "all"
    # Partnerships one of whose French partners is one of the person's authorities,
    # and those authorities themselves.
    FRENCH_PARTNER = "french_partner"
    # Partnerships with a foreign partner in one of the person's countries, and those
    # countries (their embassies) themselves.
    PARTNER_COUNTRY = "partner_country"


_PARTNERSHIP_WORK = (Action.VIEW_DRAFTS, Action.CREATE, Action.EDIT, Action.ARCHIVE)
RULES: dict[Role, dict[Action, Scope]] = {
    Role.EDITOR: {
        **dict.fromkeys((*_PARTNERSHIP_WORK, Action.SUBMIT, Action.RESTORE), Scope.FRENCH_PARTNER),
        Action.MANAGE_PEOPLE: Scope.FRENCH_PARTNER,
    },
    Role.CORRESPONDENT: {
        **dict.fromkeys(
            (*_PARTNERSHIP_WORK, Action.SUBMIT, Action.PUBLISH, Action.SEND_BACK, Action.RESTORE),
            Scope.PARTNER_COUNTRY,
        ),
        Action.MANAGE_EMBASSY: Scope.PARTNER_COUNTRY,
    },
    Role.ADMINISTRATOR: dict.fromkeys(Action, Scope.ALL),
    Role.ANALYST: {Action.VIEW_DRAFTS: Scope.ALL, Action.VIEW_STATISTICS: Scope.ALL},
}


@dataclass
class Grant:
    """What a person may do for one action: everything, or within these ids."""

    everything: bool = False
    authorities: set[int] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return self.everything or bool(self.authorities or self.countries)


def grants(user) -> dict[Action, Grant]:
    """The person's grants per action, read once per request (kept on the user)."""
    cached = getattr(user, "_atlas_grants", None)
    if cached is not None:
        return cached
    result = {action: Grant() for action in Action}
    if user.is_authenticated and user.is_active:
        if user.is_superuser:
            memberships = [(Role.ADMINISTRATOR, None, None)]
        else:
            memberships = user.memberships.values_list("role", "french_authority_id", "country_id")
        for role, authority_id, country_id in memberships:
            for action, scope in RULES[Role(role)].items():
                grant = result[action]
                if scope is Scope.ALL:
                    grant.everything = True
                elif scope is Scope.FRENCH_PARTNER and authority_id:
                    grant.authorities.add(authority_id)
                elif scope is Scope.PARTNER_COUNTRY and country_id:
                    grant.countries.add(country_id)
    user._atlas_grants = result
    return result


def forget_grants(user) -> None:
    """After a change of the person's memberships within the same request."""
    user.__dict__.pop("_atlas_grants", None)


def allowed(user, action: Action, obj=None) -> bool:
    """May ``user`` do ``action`` on ``obj`` (a partnership, an authority, a country, an
    embassy, or None for the action in general)?"""
    grant = grants(user)[action]
    if grant.everything:
        return True
    if obj is None:
        return bool(grant)
    if isinstance(obj, Project):
        return obj.pk is not None and projects(user, action).filter(pk=obj.pk).exists()
    if isinstance(obj, FrenchAuthority):
        return obj.pk in grant.authorities
    if isinstance(obj, Country):
        return obj.pk in grant.countries
    if isinstance(obj, DiplomaticPost):
        return obj.country_id in grant.countries
    raise TypeError(f"no permission rule for {type(obj).__name__}")


def project_scope(user, action: Action) -> Q:
    """The partnerships ``user`` may do ``action`` on, as a filter (matches nothing when
    the person has no such grant)."""
    grant = grants(user)[action]
    if grant.everything:
        return Q()
    condition = Q(pk__in=[])
    if grant.authorities:
        condition |= Q(
            pk__in=ProjectFrenchAuthority.objects.filter(authority_id__in=grant.authorities).values(
                "project_id"
            )
        )
    if grant.countries:
        condition |= Q(
            pk__in=ProjectForeignAuthority.objects.filter(
                authority__country_id__in=grant.countries
            ).values("project_id")
        )
    return condition


def projects(user, action: Action):
    return Project.objects.filter(project_scope(user, action))


def covers_partners(user, action: Action, authority_ids, country_codes) -> bool:
    """Would a partnership with these French partners and these partner countries be in
    the person's scope? (A new sheet, or one whose partners a form is changing.)"""
    grant = grants(user)[action]
    return (
        grant.everything
        or bool(grant.authorities & set(authority_ids))
        or bool(grant.countries & set(country_codes))
    )
