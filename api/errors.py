"""Every error answer under /api/ is JSON, ``{"detail": ...}``, whichever code wrote it: the
API's own views and error handlers already do; this covers the answers written by others
before or around them (Django's ``require_safe`` refusing a POST to an export, its CSRF
and bad-request pages, drf-spectacular's schema and Swagger UI refusing an unknown
``format``), which are HTML or the schema's own media type."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

# Headers a client needs to act on the error, kept from the answer replaced.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")


def _detail(request, status: int, allowed: str) -> str:
    if status == 404:
        return _("Cette adresse n'existe pas dans l'API.")
    if status == 405:
        return _("Méthode %(method)s non acceptée ici ; acceptées : %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed or "GET, HEAD",
        }
    if status == 403:
        return _("Accès refusé.")
    if status < 500:
        return _("Requête invalide (%(status)s).") % {"status": status}
    return _("Erreur inattendue du serveur ; elle a été signalée.")


def error_response(request, status: int, allowed: str = "") -> JsonResponse:
    """The API's answer for an error of this status: ``{"detail": ...}``."""
    return JsonResponse({"detail": _detail(request, status, allowed)}, status=status)


def as_json_error(request, response):
    """The answer itself, unless it is an error in another format than JSON: then the
    same error as JSON."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    replaced = error_response(request, response.status_code, response.get("Allow", ""))
    for header in KEPT_HEADERS:
        if header in response:
            replaced[header] = response[header]
    return replaced
