"""Signing in with an e-mail address, passwords, and a change of address."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from .. import emails, services

# User names are e-mail addresses; Django's user name holds 150 characters.
EMAIL_MAX_LENGTH = 150


class SignInForm(DsfrBaseForm, auth_forms.AuthenticationForm):
    """The user name is the e-mail address lower-cased: "Agent@Mairie.fr" signs in as
    "agent@mairie.fr", and django-axes counts failures on that same spelling."""

    # max_length here, not only as Django's form sets it after the field is built: that
    # way a validator enforces it, before django-axes records the attempt (255 at most).
    username = auth_forms.UsernameField(
        label=_("Adresse électronique"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Adresse électronique ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé : écrivez à un administrateur de l'Atlas."),
    }

    def clean_username(self) -> str:
        return services.normalize_email(self.cleaned_data["username"])


class PasswordResetRequestForm(DsfrBaseForm, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        """Active accounts with this address, including those that never chose a password:
        a person who lost the e-mail of their acceptance asks here (Django leaves them
        out, as it would accounts that sign in elsewhere; here every account has one)."""
        return (
            get_user_model()
            ._default_manager.filter(email__iexact=email, is_active=True)
            .order_by("pk")
        )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Our own e-mail, in French and English, linking to the site's public address."""
        user = context["user"]
        emails.send(
            [user.email],
            _("Choisir un nouveau mot de passe pour l'Atlas"),
            "password_reset.txt",
            {"user": user},
            {
                "link": lambda: emails.site_link(
                    "accounts:password_reset_confirm",
                    uidb64=context["uid"],
                    token=context["token"],
                )
            },
        )


class NewPasswordForm(DsfrBaseForm, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(DsfrBaseForm, auth_forms.PasswordChangeForm):
    pass


class EmailChangeForm(DsfrBaseForm):
    """A new address, proved by the current password (whoever finds a session left open
    cannot take the account over by changing its address)."""

    new_email = forms.EmailField(
        label=_("Nouvelle adresse électronique"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Un lien de confirmation y sera envoyé ; il vaut un jour."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self) -> str:
        email = services.normalize_email(self.cleaned_data["new_email"])
        if email == self.user.email.lower():
            raise ValidationError(_("C'est déjà l'adresse de votre compte."), code="same")
        services.check_email_is_free(email, for_user=self.user)
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Ce mot de passe n'est pas le vôtre."), code="password")
        return password
