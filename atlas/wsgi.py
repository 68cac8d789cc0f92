"""WSGI entry point for gunicorn: `gunicorn atlas.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas.settings.prod")

application = get_wsgi_application()
