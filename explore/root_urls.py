"""What crawlers read at the site's root, without a language: robots.txt and the sitemap
(whose pages list both languages)."""

from django.contrib.sitemaps import views as sitemaps
from django.urls import path

from .sitemaps import SITEMAPS
from .views import robots

urlpatterns = [
    path("robots.txt", robots, name="robots"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
