from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "search"

urlpatterns = [
    path(_("projets/"), views.projects, name="projects"),
    path(_("projets.json"), views.projects_json, name="projects_json"),
    path(_("projets.csv"), views.projects_csv, name="projects_csv"),
    path(
        _("projets/collectivites-suggerees.json"),
        views.authority_suggestions,
        name="authority_suggestions",
    ),
]
