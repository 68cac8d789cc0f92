from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import pages

app_name = "opendata_pages"

urlpatterns = [path(_("donnees/"), pages.data_page, name="data")]
