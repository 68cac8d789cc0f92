"""The dashboard of each role and the list of the sheets a person may read."""

from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from accounts.permissions import Action, allowed, grants
from accounts.permissions import projects as projects_for
from atlas.forms import integer_in_range
from partnerships.models import Project
from territories.models import Country

from ..models import Version

STALE_AFTER = timedelta(days=365 * 2)
PER_PAGE = 25
State = Project.PublicationState


def _with_open_version(queryset):
    return queryset.annotate(
        pending=Exists(Version.objects.filter(project=OuterRef("pk"), state__in=Version.OPEN))
    )


@login_required
def dashboard(request):
    user = request.user
    mine = projects_for(user, Action.VIEW_DRAFTS)
    counts = dict(mine.values_list("publication_state").annotate(n=Count("pk")).order_by())
    context = {
        "by_state": [(state, label, counts.get(state, 0)) for state, label in State.choices],
        "recent": _with_open_version(mine.order_by("-updated_at", "-pk"))[:10],
        "may_create": allowed(user, Action.CREATE),
        "has_role": any(grants(user).values()),
    }
    if allowed(user, Action.PUBLISH):
        context["to_review"] = (
            Version.objects.filter(
                state=Version.State.SUBMITTED,
                project__in=projects_for(user, Action.PUBLISH).values("pk"),
            )
            .select_related("project", "submitted_by")
            .order_by("submitted_at")[:20]
        )
    if allowed(user, Action.EDIT):
        context["stale"] = (
            projects_for(user, Action.EDIT)
            .filter(publication_state=State.PUBLISHED, updated_at__lt=timezone.now() - STALE_AFTER)
            .order_by("updated_at")[:10]
        )
    return render(request, "declarations/dashboard.html", context)


class SheetFilters(DsfrBaseForm):
    q = forms.CharField(label=_("Mots du titre"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("État de publication"), choices=[("", _("Tous")), *State.choices], required=False
    )
    country = forms.ModelChoiceField(
        label=_("Pays d'un partenaire"),
        queryset=Country.objects.order_by("name_fr"),
        required=False,
        empty_label=_("Tous"),
    )
    pending = forms.BooleanField(label=_("Avec une version en cours"), required=False)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset.none()
        found = self.cleaned_data
        if found["q"]:
            queryset = queryset.filter(title__icontains=found["q"].replace("\x00", ""))
        if found["state"]:
            queryset = queryset.filter(publication_state=found["state"])
        if found["country"]:
            queryset = queryset.filter(
                pk__in=Project.objects.in_country(found["country"].pk).values("pk")
            )
        if found["pending"]:
            queryset = queryset.filter(pending=True)
        return queryset


@login_required
def projects(request):
    if not allowed(request.user, Action.VIEW_DRAFTS):
        raise PermissionDenied
    filters = SheetFilters(request.GET or None)
    queryset = _with_open_version(projects_for(request.user, Action.VIEW_DRAFTS))
    if filters.is_bound:
        queryset = filters.filter(queryset)
    page = Paginator(queryset.order_by("-updated_at", "-pk"), PER_PAGE).get_page(
        integer_in_range(request.GET.get("page"), 1)  # not a number: the first page
    )
    return render(
        request,
        "declarations/projects.html",
        {
            "filters": filters,
            "page_obj": page,
            "invalid": filters.is_bound and not filters.is_valid(),
        },
    )
