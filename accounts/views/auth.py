"""Signing in and out, passwords, my account, and a change of e-mail address."""

from urllib.parse import urlencode

from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from .. import oidc, services
from ..forms.auth import (
    EmailChangeForm,
    NewPasswordForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    SignInForm,
)


class SignInView(auth_views.LoginView):
    """Django's sign-in (safe ``next``, session rotation) with an e-mail as user name.
    django-axes answers with accounts/locked_out.html after five failures."""

    form_class = SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.ATLAS_OIDC_ENABLED:
            # ProConnect brings the agent back where this page would have sent them.
            landing = self.get_redirect_url() or self.get_default_redirect_url()
            context["proconnect_url"] = (
                f"{reverse('oidc_authentication_init')}?{urlencode({'next': landing})}"
            )
        return context


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET): a link cannot sign anybody out.
    Someone who came through ProConnect goes on to sign out of ProConnect too."""

    def post(self, request, *args, **kwargs):
        proconnect_sign_out = oidc.end_session_url(request)  # before the session is flushed
        response = super().post(request, *args, **kwargs)
        return redirect(proconnect_sign_out) if proconnect_sign_out else response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a password, from the reset e-mail or from the e-mail of an accepted
    request (the same link)."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever proved they read the account's mailbox need not wait out a lockout.
        reset_sign_in_failures(username=self.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Votre mot de passe est changé.")


@require_safe
@login_required
def profile(request):
    memberships = request.user.memberships.select_related("french_authority", "country").order_by(
        "role", "french_authority__name", "country__name_fr"
    )
    return render(request, "accounts/profile.html", {"memberships": memberships})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def email_change(request):
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.ask_email_change(request.user, form.cleaned_data["new_email"])
        messages.success(
            request,
            _(
                "Un lien de confirmation est envoyé à %(email)s : votre adresse changera "
                "quand vous l'aurez ouvert."
            )
            % {"email": form.cleaned_data["new_email"]},
        )
        return redirect("accounts:profile")
    return render(request, "accounts/email_change.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def email_confirm(request, token: str):
    """The link sent to the new address. GET only asks to confirm (mail scanners open
    links); the POST changes the address."""
    try:
        if request.method != "POST":
            new_email = services.email_change_target(token)
            return render(request, "accounts/email_confirm.html", {"new_email": new_email})
        user = services.confirm_email_change(token)
    except services.EmailChangeFailed as failure:
        return render(
            request, "accounts/email_confirm_failed.html", {"reason": str(failure)}, status=400
        )
    if request.user.is_authenticated and request.user.pk == user.pk:
        messages.success(
            request, _("Votre adresse est désormais %(email)s.") % {"email": user.email}
        )
        return redirect("accounts:profile")
    return render(request, "accounts/email_confirmed.html", {"email": user.email})
