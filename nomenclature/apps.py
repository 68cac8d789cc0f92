from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NomenclatureConfig(AppConfig):
    name = "nomenclature"
    verbose_name = _("Nomenclatures")
