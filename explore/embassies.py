"""Whom the public can contact at a French embassy about partnerships."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import translation

from atlas.text import normalize_name
from partnerships.models import Project
from territories.models import DiplomaticContact, DiplomaticPost


def embassy_projects(post: DiplomaticPost) -> QuerySet:
    return Project.objects.published().filter(diplomatic_post=post)


@dataclass
class PostContacts:
    """Whom to contact at an embassy: the list the embassy keeps; while it keeps none,
    those a sheet cites (``cited_by``), as the sheet gives them."""

    post: DiplomaticPost
    contacts: list[dict]  # role, name, email
    cited_by: Project | None = None


def post_contacts(post: DiplomaticPost, cited: list[dict] | None = None) -> PostContacts:
    """The embassy's own contacts, else those a sheet cites: ``cited`` (on that sheet's
    page), or those of its most recently updated published sheet that cites some."""
    kept = [{"role": c.role_label, "name": c.name, "email": c.email} for c in post.contacts.all()]
    if kept:
        return PostContacts(post, kept)
    sheet = None
    if cited is None:
        sheet = (
            embassy_projects(post)
            .filter(post_contacts__isnull=False)
            .order_by("-updated_at")
            .first()
        )
        if sheet is None:
            return PostContacts(post, [])
        cited = sheet.post_contacts.order_by("position", "pk").values("role", "name", "email")
    return PostContacts(post, [{**c, "role": role_label(c["role"])} for c in cited], sheet)


def role_label(written: str) -> str:
    """A role as a sheet writes it (in French), in the page's language when it is one of
    the usual roles."""
    with translation.override("fr"):
        usual = {normalize_name(str(role.label)): role for role in DiplomaticContact.Role}
    role = usual.get(normalize_name(written))
    return written if role in (None, DiplomaticContact.Role.OTHER) else str(role.label)
