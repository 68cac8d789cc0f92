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


class FunderKinds:
    """What kind of body each funder of one sheet is, its partners' names read once.

    Reading them again for each funding line (a key per French partner, a regular
    expression per foreign one) was quadratic: a page of 1,000 funders and 1,000 partners
    took 34 s to write.
    """

    def __init__(self, french_partners: list[str], foreign_partners: list[str]):
        self.french = {authority_match_key(name)[0] for name in french_partners}
        self.foreign = {key for key in map(normalize_name, foreign_partners) if key}
        self.longest = max((len(key.split()) for key in self.foreign), default=0)

    def code(self, funder: str) -> str | None:
        """The FunderKind code of ``funder``, or None when the name does not tell.

        A funder named like one of the sheet's partners is that partner ("Grand Poitiers",
        "Ville de Santa Fe").
        """
        name = normalize_name(funder)
        for code, pattern in FUNDER_PATTERNS:
            if pattern.search(name):
                return code
        if authority_match_key(funder)[0] in self.french:
            return "collectivite-francaise"
        if self._names_foreign_partner(name.split()):
            return "collectivite-partenaire"
        return None

    def _names_foreign_partner(self, words: list[str]) -> bool:
        """Whether a foreign partner's name is a run of whole words of the funder's."""
        return any(
            " ".join(words[start : start + size]) in self.foreign
            for start in range(len(words))
            for size in range(1, min(self.longest, len(words) - start) + 1)
        )


def funder_kind_code(funder: str, french_partners: list[str], foreign_partners: list[str]):
    """The FunderKind code of one funder (see FunderKinds, for the funders of a sheet)."""
    return FunderKinds(french_partners, foreign_partners).code(funder)
