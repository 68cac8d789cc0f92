"""Models whose label exists in French and English, shown in the active language."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TranslatedName(models.Model):
    """Abstract base: a French name (the reference) and its English translation.

    Reference data comes with both; entries created on the fly by an import only
    have the French label until someone translates them, hence the fallback.
    """

    name_fr = models.CharField(_("nom (français)"), max_length=255)
    name_en = models.CharField(_("nom (anglais)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "fr").startswith("en") and self.name_en:
            return self.name_en
        return self.name_fr
