"""ProConnect's sign-in, under /oidc/ (no language prefix: the callback address is the one
registered with ProConnect). The names are mozilla-django-oidc's, which it reverses."""

from django.urls import path

from .views.proconnect import GoToProConnectView, ProConnectCallbackView

urlpatterns = [
    path("authenticate/", GoToProConnectView.as_view(), name="oidc_authentication_init"),
    path("callback/", ProConnectCallbackView.as_view(), name="oidc_authentication_callback"),
]
