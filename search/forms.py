"""The search parameters, shared by the search page, its alternates, the API and the
exports: words (``q``), one or two fields per facet of the catalogue (``catalogue.facets``),
the order and the page. What each facet accepts and the message a wrong value gets are
the facet's own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from atlas.forms import IntegerParameter
from catalogue.facet_kinds import ReferenceChoiceField
from catalogue.facets import OFFERED, YEAR_RANGE, FacetLabels

from .facet_index import FacetIndex, Selection

SORTS = {
    "relevance": _("pertinence"),
    "-updated": _("dernière mise à jour"),
    "-start_year": _("année de début (récentes d'abord)"),
    "start_year": _("année de début (anciennes d'abord)"),
    "title": _("titre (A → Z)"),
    "-title": _("titre (Z → A)"),
    "updated": _("dernière mise à jour (anciennes d'abord)"),
}


def error_payload(errors) -> dict:
    """Form errors as every JSON answer (search alternates, API, exports) gives them:
    ``{"errors": {parameter: [messages]}}``."""
    return {"errors": {name: list(messages) for name, messages in errors.items()}}


def _fields() -> dict[str, forms.Field]:
    """``q``, the fields of the facets, in the catalogue's order, then ``sort`` and
    ``page``."""
    fields = {"q": forms.CharField(label=_("Rechercher"), required=False, max_length=200)}
    for facet in OFFERED:
        fields.update(facet.form_fields())
    fields["sort"] = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=list(SORTS.items()),
        error_messages={"invalid_choice": _("« %(value)s » : tri inconnu.")},
    )
    fields["page"] = IntegerParameter(label=_("Page"), required=False, min_value=1)
    return fields


class SearchForm(forms.Form):
    """Every field is optional; a value repeated in the URL (``country=BF&country=ML``)
    widens that facet, different facets narrow each other. Its fields are generated from
    the catalogue's facets (``base_fields`` below)."""

    def __init__(self, data=None, *, labels: FacetLabels, **kwargs):
        if data is not None:
            data = data.copy()
            if "country" in data:
                data.setlist("country", [c.strip().upper() for c in data.getlist("country")])
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            if isinstance(field, ReferenceChoiceField):
                field.labels = labels.values.get(field.facet.name, {})

    def clean(self):
        data = super().clean()
        for facet in OFFERED:
            facet.clean(self)
        return data

    @property
    def ordering(self) -> str:
        chosen = self.cleaned_data.get("sort")
        if chosen:
            return chosen
        return "relevance" if self.cleaned_data.get("q", "").strip() else "-updated"

    def chosen(self, name: str) -> list[str]:
        """The valid form's values for one facet, as text (none, one or several)."""
        return next(f for f in OFFERED if f.name == name).chosen(self.cleaned_data)

    @property
    def active(self) -> bool:
        """Whether any filter or words narrow the search."""
        return bool(self.cleaned_data.get("q")) or any(
            facet.chosen(self.cleaned_data) for facet in OFFERED
        )

    def selection(self, index: FacetIndex) -> Selection:
        """What the valid form asks the facet index for."""
        data = self.cleaned_data
        low, high = YEAR_RANGE.bounds(data)
        return Selection(
            values={
                facet.name: values
                for facet in OFFERED
                if facet is not YEAR_RANGE and (values := facet.chosen(data))
            },
            text=index.text_match(data["q"], ranked=self.ordering == "relevance")
            if data.get("q")
            else None,
            start_year_min=low,
            start_year_max=high,
            sort=self.ordering,
        )


SearchForm.base_fields = _fields()
