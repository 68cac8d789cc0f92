"""Form fields made from the catalogue: a partnership's own fields (``FIELDS``) and the
entries of its lists (``lists``), each with the catalogue's label and the model's type,
length and limits. Adding a column field to the catalogue adds it to the form.

Each maker returns a form field and two converters: the representation's value to the
form's initial value, and the cleaned value back to the representation.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from atlas.forms import IntegerParameter, column_range
from catalogue.field_kinds import ChoiceField, ColumnField, Field
from catalogue.lists import Item, SheetList
from nomenclature.models import FunderKind, PartnershipType, Theme, VolunteerScheme
from partnerships.models import Project
from partnerships.models.project import YEAR_MAX, YEAR_MIN


@dataclass(frozen=True)
class Made:
    field: forms.Field
    to_form: Callable = lambda value: value
    to_data: Callable = lambda value: value


def _model_form_field(model_field, label, name: str) -> forms.Field:
    """The model field's form field; an integer is the shared ``IntegerParameter`` (ASCII
    digits, the column's range), a year within the years the atlas takes."""
    if not isinstance(model_field, models.IntegerField):
        return model_field.formfield(label=label)
    low, high = (YEAR_MIN, YEAR_MAX) if name.endswith("year") else column_range(model_field)
    return model_field.formfield(
        form_class=IntegerParameter, label=label, min_value=low, max_value=high
    )


def own_field(catalogue_field: Field) -> Made | None:
    """The form field of one of the partnership's own columns, or None for the fields
    the form handles apart (themes, partners, lists) and those it does not edit."""
    if not isinstance(catalogue_field, ColumnField | ChoiceField):
        return None
    model_field = Project._meta.get_field(catalogue_field.name)
    field = _model_form_field(model_field, catalogue_field.label, catalogue_field.name)
    if isinstance(model_field, type(Project._meta.get_field("end_date"))):
        field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return Made(field, to_data=lambda value: value.isoformat() if value else None)
    if getattr(catalogue_field, "null_when_empty", False):
        return Made(field, to_form=lambda value: value or "", to_data=lambda value: value or None)
    if catalogue_field.name == "status":
        return Made(field, to_form=lambda value: value or "", to_data=lambda value: value or None)
    return Made(field)


def partnership_type_field() -> forms.ChoiceField:
    names = PartnershipType.objects.values_list("name_fr", flat=True)
    return forms.ChoiceField(
        label=_("Type de partenariat"),
        choices=[("", "—"), *((name, name) for name in names)],
        required=False,
    )


def theme_choices() -> list:
    """The theme tree as the picker shows it: one group per level-1 theme, holding the
    theme itself then its sub-themes depth first, each with its path ("Eau › Accès à
    l'eau potable"), so that a person can stop at any level."""
    themes = list(Theme.objects.order_by("level", "position", "name_fr"))
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        children.setdefault(theme.parent_id, []).append(theme)

    def walk(parent_id, prefix, into):
        for theme in children.get(parent_id, []):
            label = f"{prefix} › {theme.name}"
            into.append((str(theme.pk), label))
            walk(theme.pk, label, into)

    choices: list = [("", "—")]
    for root in children.get(None, []):
        group = [(str(root.pk), str(root.name))]
        walk(root.pk, str(root.name), group)
        choices.append((str(root.name), group))
    return choices


def theme_paths() -> dict[str, list[str]]:
    """Theme id (as in the form) -> its path of French labels (as in the data)."""
    by_id = {theme.pk: theme for theme in Theme.objects.all()}
    paths = {}
    for pk, theme in by_id.items():
        path, node = [], theme
        while node is not None:
            path.insert(0, node.name_fr)
            node = by_id.get(node.parent_id)
        paths[str(pk)] = path
    return paths


def item_field(sheet_list: SheetList, item: Item) -> forms.Field:
    """The form field of an entry's item: the model's field where the item reads one
    of the list's own columns, a choice of reference labels or codes otherwise."""
    # Choices are read when a form is made (callables), not when this module is loaded.
    if item.source == "funder_kind__code":
        return forms.ChoiceField(
            label=item.label,
            choices=lambda: [("", "—"), *FunderKind.objects.values_list("code", "name_fr")],
            required=False,
        )
    if item.source == "scheme__name_fr":
        return forms.ChoiceField(
            label=item.label,
            choices=lambda: [
                ("", "—"),
                *((n, n) for n in VolunteerScheme.objects.values_list("name_fr", flat=True)),
            ],
            required=False,
        )
    if item.source == "authority__name":
        return forms.CharField(
            label=item.label,
            required=False,
            max_length=255,
            help_text=_("Le nom d'un des partenaires étrangers de la fiche."),
        )
    model_field = sheet_list.model._meta.get_field(item.source)
    field = _model_form_field(model_field, item.label, item.name)
    if item.is_amount:
        field.validators.append(MinValueValidator(0))
        field.widget.attrs.update(min=0, step="0.01")
    return field
