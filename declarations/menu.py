"""The back office's side menu: the entries the signed-in person may use (a context
processor, so that the accounts' pages and the sheets' pages show the same menu)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Action, allowed


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str
    action: Action | None = None  # None: every signed-in person


ENTRIES = (
    Entry("declarations:dashboard", _("Tableau de bord")),
    Entry("declarations:projects", _("Fiches"), Action.VIEW_DRAFTS),
    Entry("declarations:new", _("Déclarer un partenariat"), Action.CREATE),
    Entry("declarations:statistics", _("Statistiques internes"), Action.VIEW_STATISTICS),
    Entry("accounts:scopes", _("Mes collectivités et ambassades")),
    Entry("accounts:requests", _("Demandes de compte"), Action.MANAGE_ACCOUNTS),
    Entry("accounts:invite", _("Inviter une personne"), Action.MANAGE_ACCOUNTS),
    Entry("accounts:profile", _("Mon compte")),
)


def workspace_menu(request) -> dict:
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not user.is_authenticated or match is None:
        return {}
    if match.namespace not in {"declarations", "accounts"}:
        return {}
    current = f"{match.namespace}:{match.url_name}"
    return {
        "workspace_menu": [
            {"url": reverse(e.url_name), "label": e.label, "active": e.url_name == current}
            for e in ENTRIES
            if e.action is None or allowed(user, e.action)
        ]
    }
