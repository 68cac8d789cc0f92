"""The test suite: same database choice as production (DATABASE_URL), fast hashing."""

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "tests-only-not-secret"
# Fast hashing; the production hasher (Argon2) is tested apart.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Hashed static names 404 under live_server; browser tests need the plain storage.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# The suite makes hundreds of API requests from one address; the limit is tested apart.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}  # noqa: F405
ATLAS_OPEN_DATA_DIR = VAR_DIR / "test-open-data"  # noqa: F405 (tests write their own files)
# Tests change data through the ORM without publication events, then read pages again: the
# page cache (which follows events) is on only in its own tests (tests/operations/).
ATLAS_PAGE_CACHE = False
