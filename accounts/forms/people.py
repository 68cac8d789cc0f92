"""One person at a time: an authority's elected official or agent, an embassy's contact."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from territories.models import DiplomaticContact

from ..models import PersonInCharge
from . import RADIO_TEMPLATE


class PersonInChargeForm(DsfrBaseForm, forms.ModelForm):
    # Declared for a radio list without the empty choice a model field would add.
    kind = forms.ChoiceField(
        label=_("Qualité"),
        choices=PersonInCharge.Kind.choices,
        widget=forms.RadioSelect,
        template_name=RADIO_TEMPLATE,
    )

    class Meta:
        model = PersonInCharge
        fields = ["kind", "first_name", "last_name", "function", "email"]


class DiplomaticContactForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = DiplomaticContact
        fields = ["role", "role_title", "name", "email"]
        labels = {"name": _("Prénom et nom")}

    def clean(self):
        cleaned = super().clean()
        role, title = cleaned.get("role"), (cleaned.get("role_title") or "").strip()
        if role == DiplomaticContact.Role.OTHER and not title:
            self.add_error(
                "role_title", ValidationError(_("Dites quelle est cette fonction."), "required")
            )
        if role and role != DiplomaticContact.Role.OTHER:
            cleaned["role_title"] = ""  # the title names only an "other" function
        return cleaned
