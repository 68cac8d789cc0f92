"""Production: behind a TLS-terminating reverse proxy, served by gunicorn."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not env_bool("ATLAS_ALLOW_SQLITE"):  # noqa: F405
    raise ImproperlyConfigured(
        "Production runs on PostgreSQL: set DATABASE_URL (docs/deployment.md). A single-server "
        "site that knowingly keeps SQLite sets ATLAS_ALLOW_SQLITE=1."
    )
# A production site serves no demo data: `manage.py check --deploy --database default` (run
# before gunicorn starts, deploy/gunicorn.conf.py) fails while any is present, unless a
# demonstration site says so.
ATLAS_ALLOW_DEMO_DATA = env_bool("ATLAS_ALLOW_DEMO_DATA")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Listed in browsers' preload list once submitted (every subdomain must then be served over
# HTTPS); DJANGO_HSTS_PRELOAD=0 for a domain that cannot promise it.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)

if MAILERS["default"]["BACKEND"].endswith("console.EmailBackend"):  # noqa: F405
    # No SMTP relay named: the machine's own (localhost:25), never the console, so that
    # sign-up and review e-mails are sent, not lost in a log.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "localhost", "port": 25, "use_tls": False},
        }
    }

# Errors: each one e-mailed to ADMINS (DJANGO_ADMINS="ops@example.fr,dev@example.fr") with its
# traceback, besides the log. Sentry when SENTRY_DSN is set (pip install sentry-sdk).
ADMINS = env_list("DJANGO_ADMINS")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"production": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        # stderr: gunicorn's error log, journald under systemd (which rotates it)
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["production"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
        "django.security": {
            "handlers": ["console", "mail_admins"],
            "level": "ERROR",
            "propagate": False,
        },
    },
}
if os.environ.get("SENTRY_DSN"):
    try:
        import sentry_sdk
    except ImportError as missing:
        raise ImproperlyConfigured("SENTRY_DSN is set: pip install sentry-sdk.") from missing
    sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], send_default_pii=False)
