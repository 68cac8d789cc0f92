"""On one's own machine: `make dev` (debug on) and `make run` (DJANGO_DEBUG=0: the site as a
visitor sees it, error pages and compressed static files included). A throwaway secret key.
"""

from .base import *  # noqa: F403
from .base import STORAGES, env_bool

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405

if DEBUG:
    # runserver serves files straight from the apps; hashed names need collectstatic,
    # which `make run` runs: WhiteNoise then serves the hashed, compressed copies.
    STORAGES = {
        **STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

# `make run` creates one demo account per role over the demo data (passwords in README).
ATLAS_DEMO_ACCOUNTS = True
