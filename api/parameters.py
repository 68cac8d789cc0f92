"""OpenAPI descriptions of the search parameters, generated from the search form itself:
the page, its alternates and the API share one definition of what each accepts."""

from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from search.forms import SearchForm


def _enum(field) -> list[str] | None:
    """Fixed choices (status, sort ...); reference values are checked at request time."""
    choices = getattr(field, "choices", None)
    values = [str(value) for value, _label in choices or [] if value != ""]
    return values or None


def search_parameters() -> list[OpenApiParameter]:
    parameters = []
    for name, field in SearchForm.base_fields.items():
        many = isinstance(field, forms.MultipleChoiceField)
        kind = OpenApiTypes.INT if isinstance(field, forms.IntegerField) else OpenApiTypes.STR
        description = str(field.label)
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
    parameters.append(
        OpenApiParameter(
            "page_size",
            OpenApiTypes.INT,
            OpenApiParameter.QUERY,
            description="Results per page (1 to 100, 25 by default)",
        )
    )
    return parameters
