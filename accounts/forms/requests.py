"""Asking for an account in three steps, and an administrator's decision or invitation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from atlas.forms import IdChoiceField, integer_in_range
from territories.models import Country, FrenchAuthority

from .. import services
from ..authority_lookup import MAX_QUERY_LENGTH, authority_label, find_authorities
from ..models import Role
from . import RADIO_TEMPLATE
from .auth import EMAIL_MAX_LENGTH


class AuthorityPickerMixin:
    """A search box and, as radio buttons, the authorities it finds: the type-ahead's list
    when JavaScript is off. The radios show only the matches (the list has 36,000
    authorities), yet any authority validates, so that a choice made by the type-ahead,
    or kept from an earlier step, stays a valid choice."""

    def setup_picker(self, required: bool) -> None:
        source = self.data if self.is_bound else self.initial
        text = str(source.get("authority_search") or "")
        found = find_authorities(text)
        chosen = self._chosen_authority(source.get("french_authority"))
        if chosen is not None and chosen not in found:
            found.insert(0, chosen)
        field = self.fields["french_authority"]
        field.required = required
        field.widget.choices = [(a.pk, authority_label(a)) for a in found]
        self.authority_searched = bool(text.strip())
        self.authority_matches = found

    @staticmethod
    def _chosen_authority(value):
        if isinstance(value, FrenchAuthority):
            return value
        pk = integer_in_range(value)
        if pk is None:
            return None
        return FrenchAuthority.objects.select_related("departement").filter(pk=pk).first()


def authority_search_field() -> forms.CharField:
    return forms.CharField(
        label=_("Nom ou code INSEE de la collectivité"),
        help_text=_("Par exemple « Poitiers » ou « 86194 »."),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def authority_choice_field(**kwargs) -> IdChoiceField:
    return IdChoiceField(
        label=_("Collectivité"),
        queryset=FrenchAuthority.objects.all(),
        widget=forms.RadioSelect,
        template_name=RADIO_TEMPLATE,
        empty_label=None,
        error_messages={
            "required": _("Cherchez votre collectivité, puis choisissez-la dans la liste."),
            "invalid_choice": _("Cette collectivité n'est pas dans la liste officielle."),
        },
        **kwargs,
    )


def country_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Pays de l'ambassade"),
        queryset=Country.objects.order_by("name_fr"),
        empty_label=_("Choisissez un pays"),
        **kwargs,
    )


class RoleStepForm(DsfrBaseForm):
    role = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=[(role.value, role.label) for role in services.REQUESTABLE_ROLES],
        widget=forms.RadioSelect,
        template_name=RADIO_TEMPLATE,
    )


class AuthorityStepForm(AuthorityPickerMixin, DsfrBaseForm):
    authority_search = authority_search_field()
    french_authority = authority_choice_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_picker(required=True)


class CountryStepForm(DsfrBaseForm):
    country = country_field()


class PersonStepForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    function = forms.CharField(
        label=_("Fonction"),
        max_length=200,
        help_text=_("Par exemple « Chargée de mission relations internationales »."),
    )
    email = forms.EmailField(
        label=_("Adresse électronique professionnelle"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Elle sera votre identifiant."),
    )

    def clean_email(self) -> str:
        email = services.normalize_email(self.cleaned_data["email"])
        services.check_can_request(email)
        return email


class DecisionForm(DsfrBaseForm):
    """Accept or refuse (the button pressed), with a message to the person."""

    ACCEPT, REFUSE = "accept", "refuse"
    message = forms.CharField(
        label=_("Message à la personne"),
        help_text=_("Obligatoire pour un refus ; joint au courriel de la décision."),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, decision=None, **kwargs):
        self.decision = decision
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.decision not in (self.ACCEPT, self.REFUSE):
            raise ValidationError(_("Choisissez « Accepter » ou « Refuser »."), code="decision")
        if self.decision == self.REFUSE and not (cleaned.get("message") or "").strip():
            self.add_error("message", _("Dites à la personne pourquoi sa demande est refusée."))
        return cleaned


class InviteForm(AuthorityPickerMixin, PersonStepForm):
    """Every role, administrators and analysts included, over its scope."""

    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        template_name=RADIO_TEMPLATE,
    )
    authority_search = authority_search_field()
    french_authority = authority_choice_field(help_text=_("Pour un rédacteur."))
    country = country_field(required=False, help_text=_("Pour un correspondant d'ambassade."))
    message = forms.CharField(
        label=_("Message joint à l'invitation"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = [
        "email",
        "first_name",
        "last_name",
        "function",
        "role",
        "authority_search",
        "french_authority",
        "country",
        "message",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "Une personne qui a déjà un compte reçoit ce rôle en plus des siens."
        )
        self.setup_picker(required=False)

    def clean_email(self) -> str:
        # An invitation may add a role to an existing account (unlike a request).
        return services.normalize_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Role.EDITOR and not cleaned.get("french_authority"):
            self.add_error("french_authority", _("Choisissez la collectivité du rédacteur."))
        if role == Role.CORRESPONDENT and not cleaned.get("country"):
            self.add_error("country", _("Choisissez le pays du correspondant."))
        return cleaned
