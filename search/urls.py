from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "search"

urlpatterns = [
    path(_("projets/"), views.projects, name="projects"),
    # /fr/projets.json, /fr/projets.csv ...: one per renderer (``renderers``).
    path(_("projets.<slug:extension>"), views.projects_alternate, name="projects_alternate"),
    path(
        _("projets/collectivites-suggerees.json"),
        views.authority_suggestions,
        name="authority_suggestions",
    ),
]
