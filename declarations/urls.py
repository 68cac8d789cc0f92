from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import dashboard, history, sheets, statistics

app_name = "declarations"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path(_("fiches/"), dashboard.projects, name="projects"),
    path(_("statistiques/"), statistics.statistics, name="statistics"),
    path(_("fiches/nouvelle/"), sheets.new, name="new"),
    path(_("villes.json"), sheets.town_suggestions, name="towns"),
    path(_("fiches/<int:pk>/"), sheets.sheet, name="sheet"),
    path(_("fiches/<int:pk>/modifier/"), sheets.edit, name="edit"),
    path(_("fiches/<int:pk>/etape/<slug:step>/"), sheets.step, name="step"),
    path(_("fiches/<int:pk>/historique/"), history.history, name="history"),
    path(
        _("fiches/<int:pk>/historique/<int:revision>/restaurer/"),
        history.restore,
        name="restore",
    ),
]
