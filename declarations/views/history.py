"""A sheet's history: every change that reached it (form, import, administration), and
the saves of its version in progress, newest first, filterable by person; any state of
the sheet can come back as a new version."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import Action, allowed
from atlas.forms import integer_in_range
from partnerships.models import ProjectRevision

from .. import workflow
from ..models import VersionEdit
from .readable import readable_changes
from .sheets import scoped_project

MAX_ENTRIES = 200


def _person(value: str | None):
    """The person the history is filtered by; None (everyone) for anything but an id."""
    pk = integer_in_range(value)
    return None if pk is None else get_user_model().objects.filter(pk=pk).first()


@login_required
def history(request, pk: int):
    project = scoped_project(request, pk, Action.VIEW_DRAFTS)
    person = _person(request.GET.get("person"))
    revisions = project.revisions.select_related("user")
    edits = VersionEdit.objects.filter(
        version__project=project, reached_sheet=False
    ).select_related("user", "version")
    if person is not None:
        revisions, edits = revisions.filter(user=person), edits.filter(user=person)
    entries = [
        {
            "when": revision.created_at,
            "who": revision.user,
            "origin": revision.get_origin_display(),
            "changes": readable_changes(revision.changes),
            "revision": revision,
        }
        for revision in revisions[:MAX_ENTRIES]
    ]
    entries += [
        {
            "when": edit.created_at,
            "who": edit.user,
            "origin": _("Version %(number)s, en cours") % {"number": edit.version.number}
            if edit.version.is_open
            else _("Version %(number)s") % {"number": edit.version.number},
            "changes": readable_changes(edit.changes),
            "revision": None,
        }
        for edit in edits[:MAX_ENTRIES]
    ]
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    people_ids = set(project.revisions.values_list("user", flat=True)) | set(
        VersionEdit.objects.filter(version__project=project).values_list("user", flat=True)
    )
    return render(
        request,
        "declarations/history.html",
        {
            "project": project,
            "entries": entries,
            "people": get_user_model().objects.filter(pk__in=people_ids - {None}),
            "person": person,
            "may_restore": allowed(request.user, Action.RESTORE, project),
        },
    )


@require_POST
@login_required
def restore(request, pk: int, revision: int):
    project = scoped_project(request, pk, Action.RESTORE)
    chosen = get_object_or_404(ProjectRevision, pk=revision, project=project)
    try:
        workflow.restore(request.user, project, chosen)
    except workflow.WorkflowError as refused:
        messages.error(request, str(refused))
        return redirect("declarations:history", pk=pk)
    messages.success(
        request,
        _("L'état de la fiche au %(date)s est repris dans une nouvelle version, à relire.")
        % {"date": chosen.created_at.strftime("%d/%m/%Y %H:%M")},
    )
    return redirect("declarations:edit", pk=project.pk)
