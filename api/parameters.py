"""OpenAPI descriptions of the search parameters, generated from the catalogue's facets
(through the search form they make): the page, its alternates, the API and the exports
share one definition of what each accepts."""

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from catalogue.facets import OFFERED
from search.forms import SearchForm


def _enum(field) -> list[str] | None:
    """Fixed choices (status, sort ...); reference values are checked at request time."""
    choices = getattr(field, "choices", None)
    values = [str(value) for value, _label in choices or [] if value != ""]
    return values or None


def _descriptions() -> dict[str, str]:
    """What each parameter accepts, as the facet that makes it says (docs/search.md too)."""
    described = {"q": "Words searched in titles, texts, partners and places"}
    for facet in OFFERED:
        for name in facet.form_fields():
            described[name] = f"{facet.label}: {facet.accepts}"
    return described


# What only lists of results take: a statistics answer has no page nor order.
PAGING = {"page", "sort"}


def search_parameters(with_pages: bool = True) -> list[OpenApiParameter]:
    described = _descriptions()
    parameters = []
    for name, field in SearchForm.base_fields.items():
        if not with_pages and name in PAGING:
            continue
        many = isinstance(field, forms.MultipleChoiceField)
        kind = OpenApiTypes.INT if isinstance(field, forms.IntegerField) else OpenApiTypes.STR
        description = described.get(name, str(field.label))
        if many:
            description += " (may be repeated: values of one parameter widen the search)"
        parameters.append(
            OpenApiParameter(
                name,
                kind,
                OpenApiParameter.QUERY,
                required=False,
                many=many,
                enum=_enum(field),
                description=description,
            )
        )
    if not with_pages:
        return parameters
    parameters.append(
        OpenApiParameter(
            "page_size",
            OpenApiTypes.INT,
            OpenApiParameter.QUERY,
            description="Results per page (1 to 100, 25 by default)",
        )
    )
    return parameters
