"""Template context shared by every page."""

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from partnerships.models import Project


def site(request):
    """The service title, a link to this very page in the other language, and whether
    demo data is present (every page then says so)."""
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
    return {
        "site_title": settings.ATLAS_SITE_TITLE,
        "language_alternates": alternates,
        # An indexed EXISTS: cheap enough for every page, and never stale after --clear.
        "demo_data_present": Project.objects.filter(is_demo=True).exists(),
    }
