"""Changes as people read them: the catalogue's label of each changed key, and each
value in words ("Eau › Accès à l'eau potable"; "Poitiers ; Lyon"; "Ville de Dakar :
10 000 € (2024)") rather than as JSON."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from catalogue.fields import FIELDS
from catalogue.writer import PUBLICATION_STATE
from partnerships.models import Project


@dataclass(frozen=True)
class ReadableChange:
    key: str
    label: str
    old: str
    new: str


def in_words(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, int | float):
        return number_format(value, force_grouping=True)
    if isinstance(value, list):
        return " ; ".join(in_words(item) for item in value)
    if isinstance(value, dict):
        if "path" in value:
            text = " › ".join(value["path"])
            return f"{text} ({value['priority']})" if value.get("priority") else text
        if "funder" in value:
            amount = value.get("amount_eur")
            text = value["funder"]
            if amount is not None:
                text += f" : {number_format(amount, force_grouping=True)} €"
            return text + (f" ({value['year']})" if value.get("year") else "")
        if "name" in value and set(value) <= {"name", "id", "country", "contacts"}:
            return value["name"] + (f" ({value['country']})" if value.get("country") else "")
        if "last_name" in value:
            return " ".join(filter(None, [value.get("first_name"), value.get("last_name")]))
        parts = [
            f"{in_words(item)}" if key == "name" else f"{key} : {in_words(item)}"
            for key, item in value.items()
            if item not in (None, "", [], {})
        ]
        return ", ".join(parts) or "—"
    return str(value)


def label_of(key: str) -> str:
    if key == PUBLICATION_STATE:
        return _("État de publication")
    field = FIELDS.get(key)
    return str(field.label) if field is not None else key


CODED = {PUBLICATION_STATE: Project.PublicationState, "status": Project.Status}


def _value_in_words(key: str, value) -> str:
    coded = CODED.get(key)
    if coded is not None and value in coded.values:
        return str(coded(value).label)
    if key.endswith("_year") and isinstance(value, int):
        return str(value)  # 2015, not 2 015
    return in_words(value)


def readable_changes(changes: dict) -> list[ReadableChange]:
    order = list(FIELDS)
    keys = sorted(changes, key=lambda k: order.index(k) if k in order else len(order))
    found = [
        ReadableChange(
            key,
            label_of(key),
            _value_in_words(key, changes[key]["old"]),
            _value_in_words(key, changes[key]["new"]),
        )
        for key in keys
    ]
    # A sheet's first revision lists every key: those empty before and after say nothing.
    return [change for change in found if change.old != change.new]
