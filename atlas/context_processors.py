"""Template context shared by every page."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def site(request):
    """The service title and a link to this very page in the other language."""
    current = get_language() or settings.LANGUAGE_CODE
    alternates = []
    for code, _name in settings.LANGUAGES:
        if code != current:
            info = get_language_info(code)
            alternates.append(
                {
                    "code": code,
                    "name": info["name_local"],
                    "url": translate_url(request.get_full_path(), code),
                }
            )
    return {"site_title": settings.ATLAS_SITE_TITLE, "language_alternates": alternates}
