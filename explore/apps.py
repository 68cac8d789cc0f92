from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExploreConfig(AppConfig):
    name = "explore"
    verbose_name = _("Consultation publique")

    def ready(self):
        from search.renderers import Renderer, register

        from .feeds import SearchFeed

        # A search's latest changes, for a feed reader (the search page links to it).
        register(
            Renderer("atom", "application/atom+xml", _("Fil Atom des mises à jour"), SearchFeed())
        )
