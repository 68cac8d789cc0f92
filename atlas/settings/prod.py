"""Production: behind a TLS-terminating reverse proxy, served by gunicorn."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")

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
