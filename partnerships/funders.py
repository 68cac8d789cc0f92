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
        # key -> the partner's rank on the sheet (the first, among namesakes)
        self.french: dict[str, int] = {}
        for rank, name in enumerate(french_partners):
            self.french.setdefault(authority_match_key(name)[0], rank)
        self.foreign: dict[str, int] = {}
        for rank, key in enumerate(map(normalize_name, foreign_partners)):
            if key:
                self.foreign.setdefault(key, rank)
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
        side = self.partner(funder)
        if side is None:
            return None
        return "collectivite-francaise" if side[0] == "french" else "collectivite-partenaire"

    def partner(self, funder: str) -> tuple[str, int] | None:
        """The partner of the sheet a funder names, as (``"french"`` or ``"foreign"``, its
        rank on the sheet): "Communauté urbaine de Grand Poitiers" is the French partner
        "Grand Poitiers", "Ville de Santa Fe" the foreign partner "Santa Fe"."""
        rank = self.french.get(authority_match_key(funder)[0])
        if rank is not None:
            return "french", rank
        rank = self._foreign_partner(normalize_name(funder).split())
        return None if rank is None else ("foreign", rank)

    def _foreign_partner(self, words: list[str]) -> int | None:
        """The rank of the foreign partner whose name is a run of whole words of the
        funder's, the longest such name first."""
        for size in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                rank = self.foreign.get(" ".join(words[start : start + size]))
                if rank is not None:
                    return rank
        return None


def funder_kind_code(funder: str, french_partners: list[str], foreign_partners: list[str]):
    """The FunderKind code of one funder (see FunderKinds, for the funders of a sheet)."""
    return FunderKinds(french_partners, foreign_partners).code(funder)
