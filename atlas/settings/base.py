"""Settings shared by every environment. Environment variables decide the rest.

- ``DATABASE_URL``: the database; an SQLite file under ``var/`` when unset.
- ``DJANGO_SECRET_KEY``, ``DJANGO_DEBUG``, ``DJANGO_ALLOWED_HOSTS`` (comma-separated).
- ``DJANGO_STATIC_ROOT``: where ``collectstatic`` writes (``staticfiles/`` when unset).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("ATLAS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "accounts.admin_site.AtlasAdminConfig",  # the admin, opened to administrators by role
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "dsfr",
    "widget_tweaks",  # used by django-dsfr's form templates
    "api",  # before drf_spectacular: its Swagger UI page is overridden here (CSP)
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "territories",
    "nomenclature",
    "partnerships",
    "catalogue",
    "legacy",
    "explore",
    "search",
    "opendata",
    "demo",
    "accounts",
    "declarations",
    "operations",
    "axes",  # lockout after repeated sign-in failures; last, as its docs ask
]

MIDDLEWARE = [
    "operations.health.HealthCheck",  # first: a probe needs no allowed host nor HTTPS
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.middleware.ApiCorsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "operations.page_cache.PublicPageCache",  # after the language is known
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "atlas.urls"
WSGI_APPLICATION = "atlas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "atlas" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "explore.context_processors.site",
                "declarations.menu.workspace_menu",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # var/ is not in the repository
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'atlas.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; IMMEDIATE transactions avoid
    # "database is locked" errors when two writers meet.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# The cache: Redis when REDIS_URL is set (production: every process and server shares the
# API's limits and the cached pages), the process's memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("ATLAS_CACHE_PREFIX", "atlas"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
}
# Demo data may be served (production says no unless ATLAS_ALLOW_DEMO_DATA=1).
ATLAS_ALLOW_DEMO_DATA = True
# Public pages and API answers kept per version of the published atlas (operations/page_cache.py).
ATLAS_PAGE_CACHE = env_bool("ATLAS_PAGE_CACHE", default=True)
# Files one client may have streaming at once (searches' exports; written files do not count).
ATLAS_STREAMS_PER_CLIENT = int(os.environ.get("ATLAS_STREAMS_PER_CLIENT", "2"))
# Reverse proxies in front of the application servers whose X-Forwarded-For is trusted
# (nginx: 1). 0: the client is the connection's address, whatever the headers say.
ATLAS_TRUSTED_PROXIES = int(os.environ.get("ATLAS_TRUSTED_PROXIES", "0"))
# django-axes tells the client the same way as the API's limits.
AXES_CLIENT_IP_CALLABLE = "atlas.throttling.client"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for stored passwords; the others only read hashes made before it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out address and account first
    "django.contrib.auth.backends.ModelBackend",
    "accounts.admin_site.RolePermissionsBackend",
]
# Five failures in an hour lock the pair (account, address) out for an hour; the admin's
# sign-in and the back office's share the count.
AXES_FAILURE_LIMIT = int(os.environ.get("ATLAS_SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_WHITELIST_CALLABLE = "accounts.oidc.axes_leaves_alone"  # ProConnect's callback
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "declarations:dashboard"
LOGOUT_REDIRECT_URL = "explore:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a day

# E-mails: written to the console unless DJANGO_EMAIL_HOST names an SMTP server; sent after
# commit through Django's tasks, immediately unless a worker backend is configured.
_SMTP_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _SMTP_HOST,
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=True),
            },
        }
        if _SMTP_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "atlas@localhost")
# Where a reader reports an error on a sheet or asks about their data (the team's mailbox).
ATLAS_CONTACT_EMAIL = os.environ.get("ATLAS_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)
# The legal notice's publisher, director of publication and host (who runs the servers).
ATLAS_PUBLISHER = os.environ.get(
    "ATLAS_PUBLISHER",
    "Ministère de l'Europe et des Affaires étrangères — Délégation pour l'action extérieure "
    "des collectivités territoriales (DAECT), 57 boulevard des Invalides, 75007 Paris",
)
ATLAS_PUBLICATION_DIRECTOR = os.environ.get(
    "ATLAS_PUBLICATION_DIRECTOR",
    "le délégué pour l'action extérieure des collectivités territoriales",
)
ATLAS_HOST = os.environ.get("ATLAS_HOST", "")
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French is the source language; English is a complete translation.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# WhiteNoise's manifest storage rewrites url() inside DSFR's CSS, which then no
# longer matches the checksum django-dsfr announces: the browser would drop it.
DSFR_USE_INTEGRITY_CHECKSUMS = False
# django-dsfr marks every table cell safe by default: sheets hold imported text, so
# cells are escaped unless built with format_html.
DSFR_CONTENT_IS_SAFE = False

# A strict policy: scripts and styles from our own static files only, no inline code
# at all (so no nonce is needed; DSFR's scripts are static files too).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Public name of the service, shown in the header and in page titles.
ATLAS_SITE_TITLE = _("Atlas de la coopération décentralisée")

# The read API (/api/v1/): JSON only, anonymous, limited per client address.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["atlas.throttling.SharedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("ATLAS_API_RATE", "120/minute")},
    # Only the trusted proxies' X-Forwarded-For tells the client (atlas/throttling.py).
    "NUM_PROXIES": ATLAS_TRUSTED_PROXIES,
}
SPECTACULAR_SETTINGS = {
    # In English, as every parameter's description: the reference of developers.
    "TITLE": "API of the Atlas of decentralised cooperation",
    "DESCRIPTION": (
        "Read only, open data (Licence Ouverte 2.0 / Open Licence 2.0). The parameters of "
        "/api/v1/projects/ are those of the site's search (docs/search.md); names and "
        "labels come in French and English."
    ),
    # Operations without deep links: Swagger UI would put a link inside each operation's
    # button, which assistive technologies cannot reach (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "opendata.openapi.exports_in_schema",  # plain Django views: added by hand
    ],
    # Swagger UI from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# IATI export: who reports. The ministry's delegation for local authorities' external
# action publishes, as a secondary reporter, what the authorities declare; its
# identifier is the one it owns on the IATI Registry (ATLAS_IATI_ORG_REF). Until it is
# set, the file says it is not for the Registry and its activities are "ATLAS-<id>";
# once set, "<identifier>-ATLAS-<id>" (docs/iati.md).
ATLAS_IATI_REPORTING_ORG = {
    "ref": os.environ.get("ATLAS_IATI_ORG_REF", ""),
    "name": "Ministère de l'Europe et des Affaires étrangères — Délégation pour l'action "
    "extérieure des collectivités territoriales",
    "name_en": "Ministry for Europe and Foreign Affairs — Delegation for the External "
    "Action of Local Authorities",
}

# The site's public address, for the links inside the whole atlas's files written ahead
# of time (manage.py write_open_data), and where they are kept.
ATLAS_SITE_URL = os.environ.get("ATLAS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ATLAS_OPEN_DATA_DIR = Path(os.environ.get("ATLAS_OPEN_DATA_DIR", VAR_DIR / "open-data"))

# Sign-in with ProConnect, the State's identity federation for public agents (OpenID Connect,
# accounts/oidc.py): on when ATLAS_OIDC_CLIENT_ID is set. The endpoints come from the
# environment, not from the provider's discovery document: no network at start-up.
# mozilla-django-oidc reads these settings on each request.
OIDC_RP_CLIENT_ID = os.environ.get("ATLAS_OIDC_CLIENT_ID", "")
ATLAS_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("ATLAS_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("ATLAS_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("ATLAS_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("ATLAS_OIDC_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("ATLAS_OIDC_JWKS_ENDPOINT", "")
# Optional: with it, signing out of the Atlas signs a ProConnect agent out of ProConnect.
ATLAS_OIDC_LOGOUT_ENDPOINT = os.environ.get("ATLAS_OIDC_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email given_name usual_name"  # ProConnect's scopes for its claims
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # accounts are asked for and granted in the Atlas only
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of ProConnect's sign-out
OIDC_TIMEOUT = 10  # seconds for each call to ProConnect (the default waits forever)
if ATLAS_OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "ATLAS_OIDC_CLIENT_SECRET",
            "ATLAS_OIDC_AUTHORIZATION_ENDPOINT",
            "ATLAS_OIDC_TOKEN_ENDPOINT",
            "ATLAS_OIDC_USER_ENDPOINT",
            "ATLAS_OIDC_JWKS_ENDPOINT",
        )
        if not os.environ.get(name)
    ]
    if _missing:
        raise ImproperlyConfigured(f"ATLAS_OIDC_CLIENT_ID is set: set {', '.join(_missing)} too.")
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django.contrib.auth") + 1, "mozilla_django_oidc")
    # After axes' backend, as axes asks (it leaves the callback alone: accounts/oidc.py).
    AUTHENTICATION_BACKENDS.insert(1, "accounts.oidc.ProConnectBackend")
    if ATLAS_OIDC_LOGOUT_ENDPOINT:
        # The sign-out form's answer redirects there: form-action covers redirects.
        SECURE_CSP["form-action"].append(ATLAS_OIDC_LOGOUT_ENDPOINT)
