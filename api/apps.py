from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from search.renderers import Renderer, register

        from .views import search_page_json

        # The search page's JSON is the API's page of the same query, with facet counts.
        register(Renderer("json", "application/json", _("Résultats en JSON"), search_page_json))
