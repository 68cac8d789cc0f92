"""Text normalisation shared by every matcher of names (countries, authorities, themes)."""

import re
import unicodedata
from functools import cache

_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize_name(value: str) -> str:
    """Fold a name for comparison: no accents, no case, no punctuation, single spaces.

    "Côte d’Ivoire", "COTE D'IVOIRE" and "cote d ivoire" all give "cote d ivoire".
    """
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    without_marks = without_marks.replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", without_marks).strip()


@cache
def _collator():
    from pyuca import Collator  # the Unicode Collation Algorithm's default table (DUCET)

    return Collator()


def collation_key(value: str) -> tuple:
    """Sort key of a name as French and English readers order them: accents and case
    weigh only between otherwise equal names ("Égypte" beside "Egypte", before
    "Espagne"; "Éducation" among the E). The Unicode Collation Algorithm, by pyuca."""
    return _collator().sort_key(str(value))


# What a spreadsheet would read as the start of a formula (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A text cell that no spreadsheet runs: one starting as a formula would (``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) is preceded by an apostrophe, as OWASP
    recommends; the reader still sees the text after it."""
    return "'" + value if value.startswith(_FORMULA_START) else value
