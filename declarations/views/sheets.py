"""A sheet in the back office: its page (state, version, findings, comments, the review
steps open to the person), its form, and the steps themselves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.authority_lookup import authority_label
from accounts.models import Role
from accounts.permissions import Action, allowed
from atlas.forms import integer_in_range
from catalogue.fields import FIELDS
from partnerships.models import Project
from territories import towns

from .. import workflow
from ..checks import findings
from ..editable import editable_data
from ..forms.partners import foreign_partners_named
from ..forms.sheet import FORMSETS, SECTIONS, SheetForms
from .readable import label_of, readable_changes

STASH = "declarations:stash:"


def scoped_project(request, pk: int, action: Action) -> Project:
    project = get_object_or_404(Project, pk=pk)
    if not allowed(request.user, action, project):
        raise PermissionDenied
    return project


def keeps_input(view):
    """A form posted after the session expired is kept in the new session and shown
    again once the person has signed in: nothing typed is lost."""

    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            request.session[STASH + request.path] = request.POST.urlencode()
        return redirect_to_login(request.get_full_path())

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _posted(request) -> QueryDict | None:
    """The POST, or the input kept when the session expired or when it could not be saved
    (shown once, with a notice)."""
    if request.method == "POST":
        return request.POST
    kept = request.session.pop(STASH + request.path, None)
    request.restored_input = bool(kept)
    return QueryDict(kept) if kept else None


def _keep(request, post) -> None:
    """Input that could not be saved (errors to correct) waits in the session: leaving
    the page and coming back finds it again."""
    request.session[STASH + request.path] = post.urlencode()


def _forget(request) -> None:
    request.session.pop(STASH + request.path, None)


def _row_to_add(post) -> str | None:
    """The list whose "add a line" button was pressed, if one was."""
    return next((name for name in FORMSETS if post is not None and f"add-{name}" in post), None)


def _own_authorities(user) -> list[str]:
    """The person's French authorities, offered first in the partners' fields."""
    memberships = user.memberships.filter(role=Role.EDITOR).select_related(
        "french_authority__departement"
    )
    return [authority_label(m.french_authority) for m in memberships]


def _form_page(request, forms: SheetForms, context: dict, status: int = 200):
    context.update(
        forms=forms,
        sections=[(name, label, forms.formsets[name]) for name, label in SECTIONS],
        own_authorities=_own_authorities(request.user),
        restored=getattr(request, "restored_input", False),
    )
    return render(request, "declarations/form.html", context, status=status)


@keeps_input
def new(request):
    if not allowed(request.user, Action.CREATE):
        raise PermissionDenied
    post = _posted(request)
    own = _own_authorities(request.user)
    initial = {"french_authorities": [{"name": own[0]}]} if own else {}
    forms = SheetForms(request.user, initial, post, add_row_to=_row_to_add(post))
    if request.method == "POST" and not _row_to_add(post):
        if forms.is_valid():
            version = workflow.create(request.user, forms.data)
            _forget(request)
            messages.success(request, _("Brouillon enregistré. La fiche n'est pas encore publiée."))
            return redirect("declarations:sheet", pk=version.project_id)
        _keep(request, post)
    return _form_page(request, forms, {"title": _("Déclarer un partenariat")})


@keeps_input
def edit(request, pk: int):
    project = scoped_project(request, pk, Action.EDIT)
    if project.publication_state == Project.PublicationState.ARCHIVED:
        messages.error(request, _("Cette fiche est archivée ; restaurez une version d'abord."))
        return redirect("declarations:sheet", pk=pk)
    version = workflow.open_version(project)
    initial = version.data if version else editable_data(project)
    post = _posted(request)
    forms = SheetForms(request.user, initial, post, add_row_to=_row_to_add(post))
    lock = version.lock if version else 0
    context = {"title": _("Modifier la fiche"), "project": project, "lock": lock}
    if request.method != "POST" or _row_to_add(post):
        if post is not None:
            context["lock"] = post.get("lock", lock)
        return _form_page(request, forms, context)
    if not forms.is_valid():
        context["lock"] = post.get("lock", lock)
        _keep(request, post)
        return _form_page(request, forms, context)
    posted_lock = integer_in_range(post.get("lock"))
    if posted_lock is None:
        posted_lock = -1  # matches no version: the save is refused as a conflict
    try:
        version = version or workflow.start(request.user, project)
        workflow.save(request.user, version, forms.data, posted_lock)
    except workflow.Conflict as conflict:
        context.update(lock=conflict.version.lock, conflict=readable_changes(conflict.changes))
        return _form_page(request, forms, context, status=409)
    except workflow.WorkflowError as refused:
        messages.error(request, str(refused))
        return redirect("declarations:sheet", pk=pk)
    _forget(request)
    messages.success(request, _("Modifications enregistrées."))
    return redirect("declarations:sheet", pk=pk)


@login_required
def sheet(request, pk: int):
    project = scoped_project(request, pk, Action.VIEW_DRAFTS)
    version = workflow.open_version(project)
    steps = {
        action: allowed(request.user, action, project)
        for action in (
            Action.EDIT,
            Action.SUBMIT,
            Action.PUBLISH,
            Action.SEND_BACK,
            Action.ARCHIVE,
            Action.DELETE,
            Action.RESTORE,
        )
    }
    pending, behind = None, False
    if version and project.publication_state == Project.PublicationState.PUBLISHED:
        behind = version.base_revision != workflow.last_revision(project)
        pending = readable_changes(
            {
                key: {"old": old, "new": version.data.get(key)}
                for key, old in editable_data(project).items()
                if old != version.data.get(key) and key in FIELDS
            }
        )
    return render(
        request,
        "declarations/sheet.html",
        {
            "project": project,
            "version": version,
            "steps": {action.value: ok for action, ok in steps.items()},
            "findings": findings(version.data if version else editable_data(project)),
            "pending": pending,
            "behind": behind,
            "comments": version.comments.select_related("author") if version else [],
            "published": project.publication_state == Project.PublicationState.PUBLISHED,
        },
    )


STEPS = {
    "rebase": Action.EDIT,
    "submit": Action.SUBMIT,
    "publish": Action.PUBLISH,
    "send-back": Action.SEND_BACK,
    "comment": Action.EDIT,
    "archive": Action.ARCHIVE,
    "delete": Action.DELETE,
}
DONE = {
    "submit": _("Fiche soumise pour relecture."),
    "publish": _("Fiche publiée : elle est visible sur le site public."),
    "send-back": _("Fiche renvoyée à ses auteurs avec votre message."),
    "comment": _("Commentaire ajouté."),
    "archive": _("Fiche archivée : elle n'est plus visible sur le site public."),
    "delete": _("Fiche supprimée."),
}


def _rebased_message(rebased) -> str:
    message = _("Les changements de la fiche publiée sont repris dans la version.")
    if rebased.taken:
        message += " " + _("Repris : %(fields)s.") % {
            "fields": ", ".join(label_of(key) for key in rebased.taken)
        }
    if rebased.kept:
        message += " " + _(
            "Changés des deux côtés, la version garde sa valeur (vérifiez-la) : %(fields)s."
        ) % {"fields": ", ".join(label_of(key) for key in rebased.kept)}
    return message


@require_POST
@login_required
def step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    project = scoped_project(request, pk, STEPS[step])
    text = request.POST.get("text", "").replace("\x00", "")[:5000]
    version = workflow.open_version(project)
    try:
        if step in {"archive", "delete"}:
            getattr(workflow, step)(request.user, project)
        elif version is None:
            raise workflow.WorkflowError(_("Cette fiche n'a pas de version en cours."))
        elif step == "comment":
            workflow.comment(request.user, version, text)
        elif step == "rebase":
            rebased = workflow.rebase(request.user, version)
            messages.success(request, _rebased_message(rebased))
            return redirect("declarations:sheet", pk=pk)
        else:
            getattr(workflow, step.replace("-", "_"))(request.user, version, text)
    except workflow.WorkflowError as refused:
        messages.error(request, str(refused))
        return redirect("declarations:sheet", pk=pk)
    messages.success(request, str(DONE[step]))
    if step == "delete":
        return redirect("declarations:projects")
    return redirect("declarations:sheet", pk=pk)


@login_required
def town_suggestions(request):
    """As one types a foreign partner's name (JSON): the partners the Atlas already has in
    that country, then GeoNames towns (placed at their coordinates when chosen)."""
    country, text = request.GET.get("country", "")[:2].upper(), request.GET.get("q", "")
    if not (country.isascii() and country.isalpha()):
        country = ""  # not a code (PostgreSQL would refuse to compare a NUL byte with one)
    known = [{"label": name, "known": True} for name in foreign_partners_named(country, text)]
    names = {item["label"] for item in known}
    found = [
        {
            "label": town.name,
            "latitude": town.latitude,
            "longitude": town.longitude,
            "population": town.population,
        }
        for town in towns.suggest(country, text)
        if town.name not in names
    ]
    return JsonResponse({"results": known + found})
