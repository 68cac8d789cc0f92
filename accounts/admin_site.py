"""The Django admin, opened to the Atlas's administrators by their role (reference data,
nomenclatures, users), as well as to staff accounts. Loaded before the models are ready
(``INSTALLED_APPS``): the permission module is imported when first asked."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class AtlasAdminSite(AdminSite):
    def has_permission(self, request) -> bool:
        from .permissions import Action, allowed

        user = request.user
        return user.is_active and (user.is_staff or allowed(user, Action.MANAGE_REFERENCES))


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
