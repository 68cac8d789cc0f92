"""Choosing a French partner authority in a form, with or without JavaScript.

An authority is written as the label the sign-up's type-ahead shows, "Poitiers (commune,
Vienne)" (``accounts.authority_lookup``), which a person can also type: the label picks
one authority among namesakes; a bare name or an INSEE code is accepted when it
designates a single authority, and otherwise the error lists the labels to choose from.
"""

import re

from django import forms
from django.utils.translation import gettext as _

from accounts.authority_lookup import authority_label, find_authorities
from territories.matching import authority_match_key
from territories.models import FrenchAuthority

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
