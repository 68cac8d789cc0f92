"""Choosing a French partner authority in a form, with or without JavaScript.

An authority is written as the label the sign-up's type-ahead shows, "Poitiers (commune,
Vienne)" (``accounts.authority_lookup``), which a person can also type: the label picks
one authority among namesakes; a bare name or an INSEE code is accepted when it
designates a single authority, and otherwise the error lists the labels to choose from.
"""

import re

from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.authority_lookup import authority_label, find_authorities
from atlas.text import normalize_name
from territories import towns
from territories.matching import authority_match_key
from territories.models import ForeignAuthority, FrenchAuthority

IN_BRACKETS = re.compile(r"\s*\([^()]*\)\s*$")
MAX_CANDIDATES = 8


def resolve_french_authority(text: str) -> FrenchAuthority:
    """The authority a person designated, or a ValidationError saying how to choose."""
    text = " ".join(text.replace("\x00", "").split())[:300]
    name = IN_BRACKETS.sub("", text) or text
    candidates = find_authorities(name)
    labelled = [a for a in candidates if authority_label(a) == text]
    if len(labelled) == 1:
        return labelled[0]
    code = name.replace(" ", "").upper()
    exact = [a for a in candidates if a.insee_code == code] or [
        a for a in candidates if a.normalized_name == authority_match_key(name)[0]
    ]
    if len(exact) == 1:
        return exact[0]
    if not candidates:
        raise forms.ValidationError(
            _("Aucune collectivité de la liste officielle ne correspond à « %(name)s ».")
            % {"name": text[:100]},
            code="unknown",
        )
    raise forms.ValidationError(
        _("Précisez laquelle en écrivant l'une de celles-ci : %(list)s.")
        % {"list": " ; ".join(authority_label(a) for a in (exact or candidates)[:MAX_CANDIDATES])},
        code="ambiguous",
    )


class FrenchAuthorityField(forms.CharField):
    """A French partner, typed or suggested; cleans to the authority."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "off", "data-suggest": "french-authority", "list": "own-authorities"}
        )

    def clean(self, value):
        text = super().clean(value)
        return resolve_french_authority(text) if text else None


def foreign_partner(country: str, name: str, before: dict) -> dict:
    """A foreign partner as the data says it: the one the sheet had (its id), else one the
    Atlas knows in that country, else a new one, placed where GeoNames has a town of that
    name (the writer creates it with those coordinates)."""
    item = {"name": name, "country": country}
    for known in before.get("foreign_authorities") or []:
        if known.get("country") == country and known.get("name") == name and known.get("id"):
            return {**item, "id": known["id"]}
    existing = ForeignAuthority.objects.filter(
        country_id=country, normalized_name=normalize_name(name)
    ).first()
    if existing is not None:
        return {**item, "id": existing.pk}
    town = towns.named(country, name)
    if town is not None:
        item.update(latitude=town.latitude, longitude=town.longitude, geonames_id=town.geonames_id)
    return item


def foreign_partners_named(country: str, text: str, limit: int = 10) -> list[str]:
    """Names of the partners the Atlas has in ``country`` starting with ``text`` (their
    normalized names), the most involved first."""
    key = normalize_name(text[:100])
    if len(key) < 2 or not country:
        return []
    return list(
        ForeignAuthority.objects.filter(country_id=country, normalized_name__startswith=key)
        .annotate(involved=Count("projects"))
        .order_by("-involved", "name")
        .values_list("name", flat=True)[:limit]
    )
