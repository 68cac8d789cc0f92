from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the Atlas in production: health probe, backups, deployment checks, the cache
    of public pages."""

    name = "operations"
    verbose_name = "Exploitation"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
