"""Checks of a deployment that need the database: ``manage.py check --deploy --database
default``, which deploy/gunicorn.conf.py runs before the site starts serving."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.database, deploy=True)
def no_demo_data(app_configs=None, databases=None, **kwargs):
    """A production site does not serve invented partnerships: ``generate_demo --clear``
    removes them; ATLAS_ALLOW_DEMO_DATA=1 for a demonstration site."""
    if not databases or settings.ATLAS_ALLOW_DEMO_DATA:
        return []
    from partnerships.models import Project

    try:
        count = Project.objects.using(next(iter(databases))).filter(is_demo=True).count()
    except DatabaseError:  # not migrated yet: migrate's own checks say so
        return []
    if not count:
        return []
    return [
        Error(
            f"{count} demo partnerships are in the database of a production site.",
            hint="Remove them with `manage.py generate_demo --clear` before going live, "
            "or set ATLAS_ALLOW_DEMO_DATA=1 for a demonstration site.",
            id="operations.E001",
        )
    ]
