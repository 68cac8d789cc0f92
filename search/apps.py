from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Recherche")

    def ready(self):
        from partnerships.models import Project
        from partnerships.signals import projects_changed

        from .documents import index_projects

        def reindex(sender, ids, **kwargs):
            index_projects(ids)

        projects_changed.connect(reindex, sender=Project, weak=False, dispatch_uid="search")
