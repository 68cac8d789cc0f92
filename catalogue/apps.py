from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue des champs et facettes")

    def ready(self):
        from partnerships.models import Project

        from . import events, references

        def deleted(sender, instance, **kwargs):
            """A published partnership deleted, whatever deletes it (inside
            ``events.batched``, many make one event)."""
            if instance.publication_state == Project.PublicationState.PUBLISHED:
                events.emit(events.Event.Kind.DELETED, [instance.pk])

        post_delete.connect(deleted, sender=Project, weak=False, dispatch_uid="catalogue")
        references.watch()
