"""The search parameters, shared by the search page, its JSON and CSV alternates and the
API: their names, what each accepts, and the message a wrong value gets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import OnePercentMechanism, Project
from partnerships.models.project import YEAR_MAX, YEAR_MIN
from territories.models import FrenchAuthority

from .facet_index import FACETS, FacetIndex, Selection
from .reference import ReferenceValues

SORTS = {
    "relevance": _("pertinence"),
    "-updated": _("dernière mise à jour"),
    "-start_year": _("année de début (récentes d'abord)"),
    "start_year": _("année de début (anciennes d'abord)"),
    "title": _("titre (A → Z)"),
    "-title": _("titre (Z → A)"),
    "updated": _("dernière mise à jour (anciennes d'abord)"),
}
TRIENNIAL = {"true": _("oui"), "false": _("non")}


def error_payload(errors) -> dict:
    """Form errors as every JSON answer (search alternates, API, exports) gives them:
    ``{"errors": {parameter: [messages]}}``."""
    return {"errors": {name: list(messages) for name, messages in errors.items()}}


class ReferenceChoiceField(forms.MultipleChoiceField):
    """Values checked against the cached reference values rather than a list of choices
    read from the database at every request."""

    def __init__(self, *, facet: str, **kwargs):
        super().__init__(required=False, **kwargs)
        self.facet = facet
        self.reference: ReferenceValues | None = None

    def valid_value(self, value) -> bool:
        return self.reference.accepts(self.facet, str(value))


def _unknown(message) -> dict:
    return {"invalid_choice": message}


class IdListField(forms.MultipleChoiceField):
    """Numeric ids; whether they exist is checked by the form, in one query."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def valid_value(self, value) -> bool:
        return str(value).isdigit()

    def clean(self, value) -> list[int]:
        return [int(v) for v in super().clean(value)]


class SearchForm(forms.Form):
    """Every field is optional; a value repeated in the URL (``country=BF&country=ML``)
    widens that facet, different facets narrow each other."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    zone = ReferenceChoiceField(
        facet="zone",
        label=_("Zone géographique"),
        error_messages=_unknown(_("« %(value)s » : zone inconnue.")),
    )
    country = ReferenceChoiceField(
        facet="country",
        label=_("Pays"),
        error_messages=_unknown(
            _("« %(value)s » : pays inconnu (code ISO à deux lettres, par exemple BF).")
        ),
    )
    region = ReferenceChoiceField(
        facet="region",
        label=_("Région française"),
        error_messages=_unknown(_("« %(value)s » : région inconnue (code INSEE, par exemple 75).")),
    )
    departement = ReferenceChoiceField(
        facet="departement",
        label=_("Département"),
        error_messages=_unknown(
            _("« %(value)s » : département inconnu (code INSEE, par exemple 86).")
        ),
    )
    authority_kind = forms.MultipleChoiceField(
        label=_("Type de collectivité française"),
        required=False,
        choices=FrenchAuthority.Kind.choices,
        error_messages=_unknown(_("« %(value)s » : type de collectivité inconnu.")),
    )
    authority = IdListField(
        label=_("Collectivité française"),
        error_messages=_unknown(
            _("« %(value)s » : collectivité inconnue (identifiant numérique attendu).")
        ),
    )
    theme = ReferenceChoiceField(
        facet="theme",
        label=_("Thématique"),
        error_messages=_unknown(_("« %(value)s » : thématique inconnue.")),
    )
    type = ReferenceChoiceField(
        facet="type",
        label=_("Type de partenariat"),
        error_messages=_unknown(_("« %(value)s » : type de partenariat inconnu.")),
    )
    status = forms.MultipleChoiceField(
        label=_("État"),
        required=False,
        choices=Project.Status.choices,
        error_messages=_unknown(_("« %(value)s » : état inconnu (ongoing ou completed).")),
    )
    start_year_min = forms.IntegerField(
        label=_("Début à partir de"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    start_year_max = forms.IntegerField(
        label=_("Début jusqu'en"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    funder_kind = ReferenceChoiceField(
        facet="funder_kind",
        label=_("Type de financeur"),
        error_messages=_unknown(_("« %(value)s » : type de financeur inconnu.")),
    )
    funding_mechanism = forms.MultipleChoiceField(
        label=_("Dispositif « 1 % »"),
        required=False,
        choices=[(m.value, m.label) for m in OnePercentMechanism],
        error_messages=_unknown(
            _("« %(value)s » : dispositif inconnu (water, energy, waste ou mobility).")
        ),
    )
    triennial = forms.ChoiceField(
        label=_("Partenariat triennal"),
        required=False,
        choices=[("", "—"), *TRIENNIAL.items()],
        error_messages=_unknown(_("« %(value)s » : valeur inconnue (true ou false).")),
    )
    sort = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=list(SORTS.items()),
        error_messages=_unknown(_("« %(value)s » : tri inconnu.")),
    )
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1)

    def __init__(self, data=None, *, reference: ReferenceValues, **kwargs):
        if data is not None:
            data = data.copy()
            if "country" in data:
                data.setlist("country", [c.strip().upper() for c in data.getlist("country")])
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            if isinstance(field, ReferenceChoiceField):
                field.reference = reference

    def clean_authority(self):
        wanted = set(self.cleaned_data["authority"])
        found = set(FrenchAuthority.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if missing := sorted(wanted - found):
            raise forms.ValidationError(
                _("Collectivité inconnue : %(ids)s."),
                params={"ids": ", ".join(map(str, missing))},
                code="invalid_choice",
            )
        return sorted(wanted)

    def clean(self):
        data = super().clean()
        low, high = data.get("start_year_min"), data.get("start_year_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "start_year_max",
                _("L'année de fin de la période précède son année de début."),
            )
        return data

    @property
    def ordering(self) -> str:
        chosen = self.cleaned_data.get("sort")
        if chosen:
            return chosen
        return "relevance" if self.cleaned_data.get("q", "").strip() else "-updated"

    def chosen(self, name: str) -> list[str]:
        """The valid form's values for one facet, as strings (none, one or several)."""
        value = self.cleaned_data.get(name)
        if value in (None, ""):
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    def selection(self, index: FacetIndex) -> Selection:
        """What the valid form asks the facet index for."""
        data = self.cleaned_data
        return Selection(
            values={name: values for name in FACETS if (values := self.chosen(name))},
            text=index.text_match(data["q"], ranked=self.ordering == "relevance")
            if data.get("q")
            else None,
            start_year_min=data.get("start_year_min"),
            start_year_max=data.get("start_year_max"),
            sort=self.ordering,
        )
