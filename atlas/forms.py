"""Integers read from a request (query parameters, form fields, counts posted by a form):
one syntax and one set of bounds for all of them.

``str.isdigit()`` accepts "²" and "①", which ``int()`` refuses, and ``int()`` accepts
"٣" (Arabic-Indic three), " 7 " and, through Django's ``IntegerField``, "7.0"; a number
beyond 64 bits reaches the database, which cannot compare it with a column. Here an
integer is ASCII digits with an optional leading minus, and it lies within the range of
the column it is compared with (a signed 64-bit integer unless the caller narrows it).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1  # a bigint column, and so any id
_INTEGER = re.compile(r"-?[0-9]+")  # [0-9], not \d: \d matches every script's digits
# A number written with more digits than this is outside every column's range: it is not
# converted (int() of 10,000 digits is refused by Python, and costs before that).
_MAX_DIGITS = len(str(BIGINT_MAX))


def parse_integer(text) -> int | None:
    """The integer ``text`` writes in ASCII digits, with a leading minus if negative
    (surrounding spaces allowed); None for anything else. A number of more digits than
    any column holds is returned as the first number past 64 bits of its sign, so that
    every bound refuses it without reading thousands of digits."""
    text = str(text).strip()
    if not _INTEGER.fullmatch(text):
        return None
    negative = text.startswith("-")
    digits = text.lstrip("-").lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        return BIGINT_MIN - 1 if negative else BIGINT_MAX + 1
    return -int(digits) if negative else int(digits)


def integer_in_range(text, min_value: int = 0, max_value: int = BIGINT_MAX) -> int | None:
    """``parse_integer`` within bounds (by default, those of an id), None otherwise: for
    integers read outside a form (a filter that falls back to "everyone", a count)."""
    value = parse_integer(text) if text is not None else None
    if value is None or not min_value <= value <= max_value:
        return None
    return value


def column_range(model_field) -> tuple[int, int]:
    """The range of an integer model field's column, as PostgreSQL holds it (SQLite holds
    64 bits in every integer column, and would let a bigger value in a smaller field)."""
    return BaseDatabaseOperations.integer_field_ranges[model_field.get_internal_type()]


def _range_message(min_value: int, max_value: int) -> str:
    return gettext("Saisissez un nombre entier de %(min)s à %(max)s.") % {
        "min": min_value,
        "max": max_value,
    }


_range_message_lazy = lazy(_range_message, str)


class IntegerParameter(forms.IntegerField):
    """An integer field for every integer a request brings: ASCII digits only (a leading
    minus where ``min_value`` allows negatives), bounded by default to the range of an id
    (0 to 2**63 - 1), with one message naming both bounds."""

    default_error_messages = {
        "invalid": _("Saisissez un nombre entier, en chiffres de 0 à 9."),
    }

    def __init__(self, *, min_value: int = 0, max_value: int = BIGINT_MAX, **kwargs):
        if not BIGINT_MIN <= min_value <= max_value <= BIGINT_MAX:
            raise ValueError(f"bounds {min_value}..{max_value} outside a 64-bit column")
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)
        # Field.run_validators puts these in place of the validators' own messages, which
        # name one bound only.
        message = _range_message_lazy(min_value, max_value)
        self.error_messages.setdefault("min_value", message)
        self.error_messages.setdefault("max_value", message)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = parse_integer(value)
        if found is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return found


class IdChoiceField(forms.ModelChoiceField):
    """A choice among rows by integer id (a radio list, a select): the id is read as
    ``IntegerParameter`` reads it, so that "٣" is not taken for row 3."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        if integer_in_range(value) is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)
