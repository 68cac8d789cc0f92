from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("datapackage.json", views.package, name="package"),
    path("projects.json", views.projects_json, name="projects_json"),
    path("partners.geojson", views.partners_geojson, name="partners_geojson"),
    path("projects.iati.xml", views.projects_iati, name="projects_iati"),
    path("<slug:name>.csv", views.table, name="table"),
]
