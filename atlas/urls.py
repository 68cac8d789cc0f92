from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

urlpatterns = [
    # The API has no language in its URLs: its data carries both.
    path("api/", include("api.urls")),
    # ProConnect's sign-in: the callback address registered with ProConnect has no language;
    # its views answer 404 while the sign-in is off (ATLAS_OIDC_CLIENT_ID unset).
    path("oidc/", include("accounts.oidc_urls")),
    path("", include("explore.root_urls")),  # robots.txt, sitemap.xml
    *i18n_patterns(
        path("", include("explore.urls")),
        path("", include("search.urls")),
        path("", include("opendata.page_urls")),
        path(_("espace/compte/"), include("accounts.urls")),
        path(_("espace/"), include("declarations.urls")),
        path("admin/", admin.site.urls),
    ),
]

# Errors as JSON under /api/, the site's own pages elsewhere.
handler404 = "api.views.page_not_found"
handler500 = "api.views.server_error"
