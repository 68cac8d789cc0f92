"""Signing in with ProConnect, the State's identity federation for public agents (OpenID
Connect, through mozilla-django-oidc): the authentication backend, what django-axes does
with it, and the way out through ProConnect.

ProConnect says who an agent is; the Atlas decides what they may do. So the backend never
creates an account: the agent's e-mail address, verified by ProConnect, must be the address
of an existing account (its user name, lower-cased). An agent without one is sent back to
the sign-in page and invited to ask for one. Settings (``ATLAS_OIDC_*``) in
atlas/settings/base.py; docs/declarations.md.
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import services

logger = logging.getLogger(__name__)

CALLBACK_URL_NAME = "oidc_authentication_callback"  # mozilla-django-oidc's own name
NAME_MAX_LENGTH = 150  # Django's User.first_name and last_name

# What ProConnect may answer that is not a way in: the provider is down or slow, the code
# was already used or is nonsense, a token is badly signed or a nonce differs, an answer
# is not the JSON or JWT it should be.
PROVIDER_FAILURES = (
    requests.RequestException,
    jwt.PyJWTError,
    SuspiciousOperation,
    KeyError,
    TypeError,
    ValueError,
)


class ProConnectBackend(OIDCAuthenticationBackend):
    """An agent signed in by ProConnect, matched to the account of their e-mail address.

    Each refusal leaves the reason to show on the request (``proconnect_refusal``), read by
    the callback view (accounts/views/proconnect.py)."""

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a password sign-in, whose address might
        # carry ?code=…&state=…, must not send anything to ProConnect.
        if request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except PROVIDER_FAILURES as failure:
            logger.warning("ProConnect sign-in failed: %r", failure)
            return None

    def refuse(self, message: str) -> None:
        self.request.proconnect_refusal = message

    def verify_claims(self, claims) -> bool:
        """An address is required, and it must not be one ProConnect says is unverified
        (``email_verified`` explicitly false): whoever controls it controls the account."""
        claims = claims if isinstance(claims, dict) else {}
        email = claims.get("email")
        unverified = claims.get("email_verified") in (False, "false")
        if not isinstance(email, str) or "@" not in email or unverified:
            self.refuse(
                _(
                    "ProConnect n'a pas transmis d'adresse électronique vérifiée : l'Atlas ne "
                    "peut pas retrouver votre compte. Connectez-vous avec votre mot de passe."
                )
            )
            return False
        return True

    def filter_users_by_claims(self, claims):
        """The account whose user name or address is the agent's e-mail, whatever its case;
        none (and a message saying why) for an unknown or deactivated account."""
        email = services.normalize_email(claims["email"])
        user = services.find_user(email)
        if user is None:
            self.refuse(
                format_html(
                    _(
                        "Aucun compte de l'Atlas n'est ouvert pour l'adresse {email}. {link} : "
                        "un administrateur de l'Atlas vérifie chaque demande."
                    ),
                    email=email,
                    link=format_html(
                        '<a href="{}">{}</a>', reverse("accounts:sign_up"), _("Demandez-en un")
                    ),
                )
            )
            return []
        if not user.is_active:
            self.refuse(_("Ce compte est désactivé : écrivez à un administrateur de l'Atlas."))
            return []
        return [user]

    def update_user(self, user, claims):
        """Names the account lacks are taken from ProConnect (``usual_name``, or
        ``family_name`` for a provider without it); names already there are kept."""
        names = {
            "first_name": claims.get("given_name"),
            "last_name": claims.get("usual_name") or claims.get("family_name"),
        }
        blanks = [
            field
            for field, value in names.items()
            if isinstance(value, str) and value.strip() and not getattr(user, field)
        ]
        for field in blanks:
            setattr(user, field, names[field].strip()[:NAME_MAX_LENGTH])
        if blanks:
            user.save(update_fields=blanks)
        return user


def axes_leaves_alone(request, credentials=None) -> bool:
    """django-axes's whitelist (``AXES_WHITELIST_CALLABLE``): the ProConnect callback.

    Axes counts failed passwords; there is none here (ProConnect checked the agent and
    counts its own failures). Counted, five agents without an account behind one address
    (a ministry's proxy) would lock ProConnect out for everyone behind it for an hour."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == CALLBACK_URL_NAME


def end_session_url(request) -> str | None:
    """ProConnect's sign-out address for someone signed in through it, so that signing out
    of the Atlas signs them out of ProConnect too (then ProConnect sends them to the home
    page); None otherwise. Read it before the session is flushed."""
    id_token = request.session.get("oidc_id_token")
    endpoint = settings.ATLAS_OIDC_LOGOUT_ENDPOINT
    if not (settings.ATLAS_OIDC_ENABLED and endpoint and id_token):
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "state": get_random_string(32),
            "post_logout_redirect_uri": request.build_absolute_uri("/"),
        }
    )
    return f"{endpoint}?{query}"
