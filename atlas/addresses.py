"""Addresses of the public pages, for files that name thousands of them: one
``reverse()`` per file rather than one per line. They are the French pages, the language
the data is written in, whatever the language of the request."""

from collections.abc import Callable

from django.urls import reverse
from django.utils import translation

PK, SLUG = 987654321, "page-slug"


def page_addresses(base_url: str, view: str) -> Callable[[int, str], str]:
    """A function giving the absolute address of ``view``'s page from its pk and slug."""
    with translation.override("fr"):
        pattern = reverse(view, kwargs={"pk": PK, "slug": SLUG})
    template = base_url + pattern.replace(str(PK), "{pk}").replace(SLUG, "{slug}")
    return lambda pk, slug: template.format(pk=pk, slug=slug)


def site_address(request) -> str:
    """The site's address as the request reaches it, without the final slash."""
    return request.build_absolute_uri("/").rstrip("/")
