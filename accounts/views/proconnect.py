"""The two addresses of the ProConnect sign-in (accounts/oidc.py), outside the language
prefix (ProConnect knows one callback address): going to ProConnect, and coming back.
Both answer 404 while the sign-in is off (``ATLAS_OIDC_CLIENT_ID`` unset)."""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views

logger = logging.getLogger(__name__)


class ProConnectOnly:
    def dispatch(self, request, *args, **kwargs):
        if not settings.ATLAS_OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class GoToProConnectView(ProConnectOnly, oidc_views.OIDCAuthenticationRequestView):
    """Sends the agent to ProConnect with a state, a nonce and PKCE kept in the session;
    ``next`` (checked to stay on this site) is where they land once signed in."""


class ProConnectCallbackView(ProConnectOnly, oidc_views.OIDCAuthenticationCallbackView):
    """Back from ProConnect: signed in, or back on the sign-in page with the reason."""

    @property
    def failure_url(self) -> str:
        return reverse("accounts:sign_in")

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation as failure:
            # A state this session never sent: an old tab, an expired session, a forged link.
            logger.warning("ProConnect callback refused: %s", failure)
            return self.login_failure()

    def login_failure(self):
        refusal = getattr(self.request, "proconnect_refusal", None) or _(
            "La connexion avec ProConnect n'a pas abouti. Réessayez, ou connectez-vous avec "
            "votre adresse électronique et votre mot de passe."
        )
        messages.error(self.request, refusal)
        return super().login_failure()
