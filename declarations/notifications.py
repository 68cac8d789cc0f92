"""E-mails at each step of a sheet's review, sent once the step has committed, through
Django's tasks (immediately by default; by a worker where settings say so).

Who is told: a submission goes to the embassy correspondents of the partner countries
(to the administrators where no correspondent covers them); a decision goes to the
version's authors. Each e-mail says it in French, then in English, with a direct link.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import emails
from accounts.models import Role

from .models import Comment, Version

SUBJECTS = {
    "submitted": lambda: _("Fiche soumise à votre relecture : %(title)s"),
    "sent_back": lambda: _("Fiche renvoyée avec des remarques : %(title)s"),
    "published": lambda: _("Fiche publiée : %(title)s"),
}
MESSAGE_KIND = {
    "submitted": Comment.Kind.SUBMITTED,
    "sent_back": Comment.Kind.SENT_BACK,
    "published": Comment.Kind.PUBLISHED,
}


def after_commit(step: str, version: Version) -> None:
    emails.after_commit(notify, step, version.pk)


def recipients(step: str, version: Version) -> list[str]:
    users = get_user_model().objects.filter(is_active=True)
    if step == "submitted":
        countries = {item.get("country") for item in version.data.get("foreign_authorities", [])}
        found = users.filter(
            memberships__role=Role.CORRESPONDENT, memberships__country_id__in=countries
        )
        if not found.exists():
            found = users.filter(memberships__role=Role.ADMINISTRATOR)
    else:
        authors = {version.created_by_id, version.submitted_by_id, version.updated_by_id}
        found = users.filter(pk__in=authors - {None})
    return sorted(set(found.exclude(email="").values_list("email", flat=True)))


def _text(step: str, version: Version, language: str) -> tuple[str, str]:
    with translation.override(language):
        title = version.data.get("title") or version.project.title
        subject = SUBJECTS[step]() % {"title": title}
        link = emails.site_link("declarations:sheet", pk=version.project_id)
        note = version.comments.filter(kind=MESSAGE_KIND[step]).last()
        lines = [subject, "", _("Ouvrir la fiche : %(link)s") % {"link": link}]
        if note and note.text:
            lines += ["", _("Message :"), note.text]
        return subject, "\n".join(lines)


@task
def notify(step: str, version_id: int) -> int:
    """Send the e-mail of ``step`` about a version; the number of recipients."""
    version = Version.objects.select_related("project").filter(pk=version_id).first()
    if version is None:
        return 0
    to = recipients(step, version)
    if not to:
        return 0
    subject, french = _text(step, version, "fr")
    _subject, english = _text(step, version, "en")
    send_mail(subject, f"{french}\n\n---\n\n{english}", settings.DEFAULT_FROM_EMAIL, to)
    return len(to)
