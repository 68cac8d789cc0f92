"""Recognising what kind of body a funder is from the name a sheet gives it."""

import re

from atlas.text import normalize_name
from territories.matching import authority_match_key

# Patterns over normalized names, tried in order, with the FunderKind code they mean.
FUNDER_PATTERNS = [
    ("agence-eau", re.compile(r"^agence de l eau\b")),
    ("afd", re.compile(r"\bagence francaise de developpement\b|^afd$")),
    ("union-europeenne", re.compile(r"\bunion europeenne\b|\bcommission europeenne\b|^ue$")),
    ("etat", re.compile(r"^ministere\b|^etat\b|^prefecture\b|^ambassade de france\b")),
]


def funder_kind_code(funder: str, french_partners: list[str], foreign_partners: list[str]):
    """The FunderKind code of a funding line's funder, or None when the name does not tell.

    A funder named like one of the sheet's partners is that partner ("Grand Poitiers",
    "Ville de Santa Fe").
    """
    name = normalize_name(funder)
    for code, pattern in FUNDER_PATTERNS:
        if pattern.search(name):
            return code
    if authority_match_key(funder)[0] in {authority_match_key(p)[0] for p in french_partners}:
        return "collectivite-francaise"
    if any(re.search(rf"\b{re.escape(normalize_name(p))}\b", name) for p in foreign_partners):
        return "collectivite-partenaire"
    return None
