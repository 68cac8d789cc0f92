"""The Django admin, opened to the Atlas's administrators by their role (reference data,
nomenclatures, users), as well as to staff accounts. Loaded before the models are ready
(``INSTALLED_APPS``): the permission module is imported when first asked."""

from collections.abc import Callable
from functools import wraps
from typing import NamedTuple

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import BadRequest


def carries_nul(request) -> bool:
    """Whether the path, a parameter or a form field holds a NUL byte: PostgreSQL cannot
    compare one with a text column, and the admin's searches, filters and text primary
    keys (a country's code) would send it there (a 500)."""
    if "\x00" in request.path:
        return True
    posted = request.POST.lists() if request.method == "POST" else ()
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in (*request.GET.lists(), *posted)
    )


class IndexNotice(NamedTuple):
    """A line above the admin's list of models: what awaits administrators, and where."""

    text: str
    url: str


class AtlasAdminSite(AdminSite):
    index_template = "admin/atlas_index.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_notices: list[Callable] = []

    def add_index_notice(self, notice: Callable) -> None:
        """Show on the index what ``notice(request)`` returns (an IndexNotice, or None when
        there is nothing to say). Apps of upper layers register theirs from their admin
        module, which this module may not import (the legacy import's entries to review)."""
        self.index_notices.append(notice)

    def index(self, request, extra_context=None):
        notices = [notice(request) for notice in self.index_notices]
        extra_context = {"index_notices": [n for n in notices if n], **(extra_context or {})}
        return super().index(request, extra_context)

    def has_permission(self, request) -> bool:
        from .permissions import Action, allowed

        user = request.user
        return user.is_active and (user.is_staff or allowed(user, Action.MANAGE_REFERENCES))

    def admin_view(self, view, cacheable=False):
        """Every view of the admin (those of the models too) refuses a NUL byte."""
        checked_view = super().admin_view(view, cacheable)

        @wraps(checked_view)
        def refusing_nul(request, *args, **kwargs):
            if carries_nul(request):
                raise BadRequest("NUL byte in an admin request")
            return checked_view(request, *args, **kwargs)

        return refusing_nul


class AtlasAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.AtlasAdminSite"


class RolePermissionsBackend:
    """Every model permission for people whose role manages reference data: the admin
    asks ``has_perm`` model by model. It authenticates nobody."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user, perm: str, obj=None) -> bool:
        from .permissions import Action, allowed

        return user.is_active and allowed(user, Action.MANAGE_REFERENCES)

    def has_module_perms(self, user, app_label: str) -> bool:
        return self.has_perm(user, f"{app_label}.*")
