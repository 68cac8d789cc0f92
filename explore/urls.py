from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "explore"

urlpatterns = [
    path("", views.home, name="home"),
]
