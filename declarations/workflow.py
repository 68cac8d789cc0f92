"""The life of a sheet in the back office: draft → submitted → published → archived.

Every step checks the person's permission (``accounts.permissions``) and raises
``WorkflowError`` with a message for them when the step is not open. Writes to the
partnership go through the catalogue's ``ProjectWriter``, so the publication events and
the revisions follow; notifications leave after commit (``notifications``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Action, allowed
from catalogue import events
from catalogue.representation import to_plain
from catalogue.writer import (
    PUBLICATION_STATE,
    ProjectWriter,
    diff_representations,
    recorded_change,
)
from partnerships.models import Project, ProjectRevision

from . import notifications
from .checks import blocking
from .editable import editable_data
from .models import Comment, Version, VersionEdit

State = Project.PublicationState


class WorkflowError(Exception):
    """A step that is not open to this person, or not in this state."""


class Conflict(WorkflowError):
    """Someone else saved the version since the form was opened."""

    def __init__(self, version: Version, changes: dict):
        super().__init__(_("Quelqu'un d'autre a enregistré cette fiche entre-temps."))
        self.version = version
        self.changes = changes  # what changed meanwhile: key -> {"old", "new"}


def _require(user, action: Action, project: Project | None = None) -> None:
    if not allowed(user, action, project):
        raise WorkflowError(_("Vous n'avez pas le droit de faire cela sur cette fiche."))


def _complete(version: Version) -> None:
    gaps = blocking(version.data)
    if gaps:
        raise WorkflowError(
            _("La fiche n'est pas complète : %(gaps)s")
            % {"gaps": " ".join(finding.message for finding in gaps)}
        )


def last_revision(project: Project) -> int | None:
    return ProjectRevision.objects.filter(project=project).aggregate(Max("pk"))["pk__max"]


def open_version(project: Project) -> Version | None:
    return project.versions.filter(state__in=Version.OPEN).first()


def _next_number(project: Project) -> int:
    return (project.versions.aggregate(Max("number"))["number__max"] or 0) + 1


def _new_version(project: Project, user, data: dict) -> Version:
    return Version.objects.create(
        project=project,
        number=_next_number(project),
        data=to_plain(data),
        base_revision=last_revision(project),
        created_by=user,
        updated_by=user,
    )


def create(user, data: dict) -> Version:
    """A new partnership, as a draft the public does not see, and its first version.
    ``data`` must name one of the person's authorities or countries (the form checks)."""
    _require(user, Action.CREATE)
    with transaction.atomic():
        outcome = ProjectWriter().save(
            data, origin="form", user=user, publication_state=State.DRAFT
        )
        return _new_version(outcome.project, user, editable_data(outcome.project))


def start(user, project: Project) -> Version:
    """The sheet's open version, started from the sheet as it is if there is none."""
    _require(user, Action.EDIT, project)
    with transaction.atomic():
        version = open_version(project)
        if version is None:
            if project.publication_state == State.ARCHIVED:
                raise WorkflowError(_("Cette fiche est archivée ; restaurez-la d'abord."))
            version = _new_version(project, user, editable_data(project))
        return version


def save(user, version: Version, data: dict, lock: int) -> Version:
    """Save the form into the open version, unless someone saved it since ``lock`` was
    read (``Conflict``, with what they changed). A sheet never published is written as
    well (it stays a draft); a published one is not touched before publication."""
    project = version.project
    _require(user, Action.EDIT, project)
    data = to_plain(data)
    with transaction.atomic():
        current = Version.objects.select_for_update().filter(pk=version.pk).first()
        if current is None or not current.is_open:
            raise WorkflowError(_("Cette version n'est plus en cours."))
        if current.lock != lock:
            raise Conflict(current, _changes_since(current, lock))
        changes = diff_representations(current.data, data)
        current.data, current.lock, current.updated_by = data, lock + 1, user
        current.save()
        reaches_sheet = project.publication_state != State.PUBLISHED
        if changes:
            VersionEdit.objects.create(
                version=current,
                user=user,
                lock=current.lock,
                changes=changes,
                reached_sheet=reaches_sheet,
            )
        if reaches_sheet:
            ProjectWriter().save(data, project=project, origin="form", user=user)
    return current


def _changes_since(version: Version, lock: int) -> dict:
    """What the saves made after ``lock`` changed, merged oldest first."""
    merged: dict = {}
    for edit in version.edits.filter(lock__gt=lock).order_by("lock"):
        for key, change in edit.changes.items():
            merged.setdefault(key, {"old": change["old"]})["new"] = change["new"]
    return merged


def _current(version: Version) -> Version:
    """The version as stored, locked until the step commits (another tab, another
    person may have saved it since this object was read)."""
    return Version.objects.select_for_update().select_related("project").get(pk=version.pk)


def submit(user, version: Version, text: str = "") -> None:
    _require(user, Action.SUBMIT, version.project)
    with transaction.atomic():
        version = _current(version)
        project = version.project
        if version.state != Version.State.DRAFT:
            raise WorkflowError(_("Seul un brouillon peut être soumis."))
        _complete(version)
        version.state = Version.State.SUBMITTED
        version.submitted_by, version.submitted_at = user, timezone.now()
        version.save(update_fields=["state", "submitted_by", "submitted_at"])
        Comment.objects.create(version=version, author=user, kind=Comment.Kind.SUBMITTED, text=text)
        if project.publication_state == State.DRAFT:
            _set_state(project, State.SUBMITTED, user)
        notifications.after_commit("submitted", version)


def publish(user, version: Version, text: str = "") -> Project:
    """Apply the version to the sheet and publish it: the public sees it at once."""
    _require(user, Action.PUBLISH, version.project)
    with transaction.atomic():
        version = _current(version)
        project = version.project
        if version.state not in Version.OPEN:
            raise WorkflowError(_("Cette version n'est plus en cours."))
        _complete(version)
        if project.publication_state == State.PUBLISHED and version.base_revision != (
            last_revision(project)
        ):
            raise WorkflowError(
                _(
                    "La fiche publiée a changé depuis le début de cette version (import ou "
                    "administration) : reprenez d'abord ces changements dans la version."
                )
            )
        ProjectWriter().save(
            version.data,
            project=project,
            origin="form",
            user=user,
            publication_state=State.PUBLISHED,
        )
        version.state = Version.State.PUBLISHED
        version.decided_by, version.decided_at = user, timezone.now()
        version.save(update_fields=["state", "decided_by", "decided_at"])
        Comment.objects.create(version=version, author=user, kind=Comment.Kind.PUBLISHED, text=text)
        notifications.after_commit("published", version)
    return project


def send_back(user, version: Version, text: str) -> None:
    """Return a submitted version to its authors, with what to change."""
    _require(user, Action.SEND_BACK, version.project)
    if not text.strip():
        raise WorkflowError(_("Dites à l'auteur ce qu'il faut changer."))
    with transaction.atomic():
        version = _current(version)
        project = version.project
        if version.state != Version.State.SUBMITTED:
            raise WorkflowError(_("Seule une version soumise peut être renvoyée."))
        version.state = Version.State.DRAFT
        version.decided_by, version.decided_at = user, timezone.now()
        version.save(update_fields=["state", "decided_by", "decided_at"])
        Comment.objects.create(version=version, author=user, kind=Comment.Kind.SENT_BACK, text=text)
        if project.publication_state == State.SUBMITTED:
            _set_state(project, State.DRAFT, user)
        notifications.after_commit("sent_back", version)


def comment(user, version: Version, text: str) -> Comment:
    _require(user, Action.EDIT, version.project)
    if not text.strip():
        raise WorkflowError(_("Le commentaire est vide."))
    return Comment.objects.create(version=version, author=user, kind=Comment.Kind.NOTE, text=text)


def archive(user, project: Project) -> None:
    """Take the sheet off the public site; its open version is abandoned."""
    _require(user, Action.ARCHIVE, project)
    with transaction.atomic():
        project.versions.filter(state__in=Version.OPEN).update(state=Version.State.WITHDRAWN)
        _set_state(project, State.ARCHIVED, user)


def restore(user, project: Project, revision: ProjectRevision) -> Version:
    """A new open version holding the sheet as it was right after ``revision``."""
    _require(user, Action.RESTORE, project)
    if revision.project_id != project.pk:
        raise WorkflowError(_("Cette révision n'est pas celle de cette fiche."))
    with transaction.atomic():
        project.versions.filter(state__in=Version.OPEN).update(state=Version.State.WITHDRAWN)
        if project.publication_state == State.ARCHIVED:
            _set_state(project, State.DRAFT, user)
        return _new_version(project, user, state_after(project, revision))


def delete(user, project: Project) -> None:
    """Administrators only: the sheet and its history go for good."""
    _require(user, Action.DELETE, project)
    with transaction.atomic():
        if project.publication_state == State.PUBLISHED:  # the public index forgets it
            events.emit(events.Event.Kind.UNPUBLISHED, [project.pk])
        project.delete()


# What a form adds to the representation's entries (ids of the chosen partners, a new
# partner's position): not part of what two versions are compared on.
FORM_KEYS = {"id", "latitude", "longitude", "geonames_id"}


def comparable(value):
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in FORM_KEYS}
    return value


@dataclass
class Rebased:
    taken: list[str]  # keys changed on the sheet meanwhile, now in the version
    kept: list[str]  # keys both changed: the version's value stays


def rebase(user, version: Version) -> Rebased:
    """Bring into the open version what reached the published sheet since the version was
    started (an import, the admin): each key the version left alone takes the sheet's
    value; a key both changed keeps the version's, and is reported. Then the version can
    be published without undoing anything."""
    _require(user, Action.EDIT, version.project)
    with transaction.atomic():
        version = _current(version)
        project = version.project
        if not version.is_open:
            raise WorkflowError(_("Cette version n'est plus en cours."))
        later = list(project.revisions.filter(pk__gt=version.base_revision or 0).order_by("pk"))
        at_base: dict = {}
        for revision in later:
            for key, change in revision.changes.items():
                if key != PUBLICATION_STATE:
                    at_base.setdefault(key, change["old"])
        current = editable_data(project)
        data, taken, kept = dict(version.data), [], []
        for key, before in at_base.items():
            if comparable(data.get(key)) == comparable(before):
                data[key] = current.get(key)
                taken.append(key)
            elif comparable(data.get(key)) != comparable(current.get(key)):
                kept.append(key)
        changes = diff_representations(version.data, data)
        version.data, version.lock = to_plain(data), version.lock + 1
        version.base_revision, version.updated_by = last_revision(project), user
        version.save(update_fields=["data", "lock", "base_revision", "updated_by", "updated_at"])
        if changes:
            VersionEdit.objects.create(
                version=version, user=user, lock=version.lock, changes=changes
            )
    return Rebased(taken, kept)


def state_after(project: Project, revision: ProjectRevision) -> dict:
    """The sheet's representation right after ``revision``: the current one with every
    later revision's changes undone, newest first."""
    data = editable_data(project)
    for later in project.revisions.filter(pk__gt=revision.pk).order_by("-pk"):
        for key, change in later.changes.items():
            if key != PUBLICATION_STATE:
                data[key] = change["old"]
    return data


def _set_state(project: Project, state: str, user) -> None:
    """A change of publication state alone, announced like any other change (the public
    index follows) and kept in the history (``recorded_change`` records the state)."""
    with recorded_change(project, origin="form", user=user):
        project.publication_state = state
        project.updated_by = user
        project.save(update_fields=["publication_state", "updated_by", "updated_at"])
