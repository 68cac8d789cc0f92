from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("v1/projects/", views.ProjectList.as_view(), name="projects"),
    path("v1/projects/<int:pk>/", views.ProjectDetail.as_view(), name="project"),
    path("v1/countries/", views.CountryList.as_view(), name="countries"),
    path("v1/zones/", views.ZoneList.as_view(), name="zones"),
    path("v1/french-authorities/", views.FrenchAuthorityList.as_view(), name="french_authorities"),
    path(
        "v1/foreign-authorities/", views.ForeignAuthorityList.as_view(), name="foreign_authorities"
    ),
    path("v1/themes/", views.ThemeList.as_view(), name="themes"),
    path("v1/embassies/", views.EmbassyList.as_view(), name="embassies"),
    path("v1/stats/", views.Stats.as_view(), name="stats"),
    path("v1/exports/", include("opendata.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a script file: the CSP allows
    # no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Anything else under /api/ is a JSON 404, not the site's HTML page.
    re_path(r"^.*$", views.not_found),
]
