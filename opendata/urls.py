from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("datapackage.json", views.package, name="package"),
    path("projects.json", views.export, {"filename": "projects.json"}, name="projects_json"),
    path("projects.xlsx", views.export, {"filename": "projects.xlsx"}, name="projects_xlsx"),
    path(
        "partners.geojson",
        views.export,
        {"filename": "partners.geojson"},
        name="partners_geojson",
    ),
    path(
        "projects.iati.xml",
        views.export,
        {"filename": "projects.iati.xml"},
        name="projects_iati",
    ),
    path("<slug:name>.csv", views.table, name="table"),
]
