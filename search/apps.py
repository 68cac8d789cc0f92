from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Recherche")

    def ready(self):
        from catalogue.events import Event, public_data_changed

        from .documents import index_projects

        def reindex(sender, projects, **kwargs):
            """The documents of exactly the partnerships an event names (None: all)."""
            index_projects(projects)

        public_data_changed.connect(reindex, sender=Event, weak=False, dispatch_uid="search")
