"""Internal statistics, for analysts and administrators: the sheets by state and zone,
drafts included, and the review's backlog (public statistics are the public site's)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import render

from accounts.permissions import Action, allowed
from partnerships.models import Project, ProjectForeignAuthority

from ..models import Version

State = Project.PublicationState


@login_required
def statistics(request):
    if not allowed(request.user, Action.VIEW_STATISTICS):
        raise PermissionDenied
    by_state = dict(
        Project.objects.values_list("publication_state").annotate(n=Count("pk")).order_by()
    )
    by_zone = {}
    rows = (
        ProjectForeignAuthority.objects.values_list(
            "authority__country__zone__name_fr", "project__publication_state"
        )
        .annotate(n=Count("project", distinct=True))
        .order_by("authority__country__zone__name_fr")
    )
    for zone, state, count in rows:
        by_zone.setdefault(zone or "—", dict.fromkeys(State.values, 0))[state] = count
    versions = dict(
        Version.objects.filter(state__in=Version.OPEN)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return render(
        request,
        "declarations/statistics.html",
        {
            "states": State.choices,
            "by_state": [(label, by_state.get(state, 0)) for state, label in State.choices],
            "by_zone": [
                (zone, [counts[state] for state in State.values])
                for zone, counts in by_zone.items()
            ],
            "drafts": versions.get(Version.State.DRAFT, 0),
            "submitted": versions.get(Version.State.SUBMITTED, 0),
        },
    )
