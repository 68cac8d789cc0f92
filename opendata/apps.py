from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Données ouvertes")

    def ready(self):
        from search.renderers import Renderer, register

        from .views import export

        # The search page's CSV is the export of the same query: same columns, every row.
        register(
            Renderer(
                "csv",
                "text/csv",
                _("Résultats en CSV"),
                lambda request: export(request, "projects.csv"),
            )
        )
        # And as a spreadsheet: the same table, typed cells, columns in the page's language.
        register(
            Renderer(
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                _("Résultats en tableur (XLSX)"),
                lambda request: export(request, "projects.xlsx"),
            )
        )
