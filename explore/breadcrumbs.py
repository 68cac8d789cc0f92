"""The DSFR breadcrumb of the browse pages: Accueil, then the index a page belongs to."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def breadcrumb(current, *links: tuple[str, str]) -> dict:
    """What django-dsfr's ``dsfr_breadcrumb`` reads (base.html shows it when a page's
    context has it): home, ``links`` as (URL, title), then the page itself."""
    return {
        "root_dir": reverse("explore:home"),
        "links": [{"url": url, "title": title} for url, title in links],
        "current": current,
    }


def countries() -> tuple[str, str]:
    return reverse("explore:countries"), pgettext_lazy("un pays", "Pays")


def french_authorities() -> tuple[str, str]:
    return reverse("explore:french_authorities"), _("Collectivités françaises")


def embassies() -> tuple[str, str]:
    return reverse("explore:embassies"), _("Ambassades")


def themes() -> tuple[str, str]:
    return reverse("explore:themes"), _("Thématiques")


def of_french_authority(authority) -> dict:
    """Home › French authorities › its région (the index's page of it) › the authority."""
    region = authority.region
    links = [french_authorities()]
    if region and region.pk != authority.pk:
        links.append(
            (f"{reverse('explore:french_authorities')}?region={region.insee_code}", region.name)
        )
    return breadcrumb(authority.name, *links)
