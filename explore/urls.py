from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import map_views, statistics_views, views

app_name = "explore"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("projets/<int:pk>/"), views.project_redirect, name="project_short"),
    path(_("projets/<int:pk>-<slug:slug>.json"), views.project_json, name="project_json"),
    path(_("projets/<int:pk>-<slug:slug>/"), views.project_detail, name="project"),
    path(_("pays/"), views.countries, name="countries"),
    path(_("pays/<str:code>/"), views.country_detail, name="country"),
    path(_("collectivites/"), views.french_authorities, name="french_authorities"),
    path(
        _("collectivites/<int:pk>-<slug:slug>/"),
        views.french_authority_detail,
        name="french_authority",
    ),
    path(
        _("collectivites-etrangeres/<int:pk>-<slug:slug>/"),
        views.foreign_authority_detail,
        name="foreign_authority",
    ),
    path(_("thematiques/"), views.theme_index, name="themes"),
    path(_("thematiques/<slug:code>/"), views.theme_detail, name="theme"),
    path(_("ambassades/"), views.embassies, name="embassies"),
    path(_("ambassades/<int:pk>/"), views.embassy_detail, name="embassy"),
    path(_("carte/"), map_views.world_map, name="map"),
    path(_("carte/lieux.json"), map_views.map_places, name="map_places"),
    path(_("carte/lieux/<int:pk>.json"), map_views.map_place, name="map_place"),
    path(_("statistiques/"), statistics_views.statistics, name="statistics"),
    path(_("accessibilite/"), views.accessibility, name="accessibility"),
    path(_("mentions-legales/"), views.legal_notice, name="legal_notice"),
    path(_("donnees-personnelles/"), views.personal_data, name="personal_data"),
    path(_("plan-du-site/"), views.site_map, name="site_map"),
    path(
        _("statistiques/<slug:table>.csv"),
        statistics_views.statistics_table,
        name="statistics_table",
    ),
]
