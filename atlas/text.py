"""Text normalisation shared by every matcher of names (countries, authorities, themes)."""

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

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


class PhraseMatch(NamedTuple):
    size: int  # how many of the given words the phrase covers
    phrase: str  # the phrase, normalized
    value: object


class PhraseIndex:
    """Values by normalized phrase ("cote d ivoire" -> "CI"), and the longest known phrase
    that opens or ends a list of words.

    Trying every prefix of a row and normalizing each one is quadratic: a legacy page with
    one 16,000-word row took 32 s. The search here takes the words normalized once each
    and stops as soon as a phrase has more words than the longest one known, so it is
    linear in the row's length.
    """

    def __init__(self):
        self._values: dict[str, object] = {}
        self.max_words = 0  # the longest known phrase, in normalized words

    def add(self, name: str, value, *, keep_first: bool = False) -> str:
        """Index ``value`` under ``name`` (normalized, which is returned); ``keep_first``
        leaves an entry already there as it is."""
        phrase = normalize_name(name)
        if not (keep_first and phrase in self._values):
            self._values[phrase] = value
        self.max_words = max(self.max_words, len(phrase.split()))
        return phrase

    def get(self, name: str, default=None):
        return self._values.get(normalize_name(name), default)

    def __len__(self) -> int:
        return len(self._values)

    def longest_start(self, folded: Sequence[str], start: int = 0) -> PhraseMatch | None:
        """The longest known phrase made of the words opening ``folded[start:]``, each word
        given already normalized (``normalize_name``), or None."""
        return self._longest(folded, range(start, len(folded)), at_end=False)

    def longest_end(self, folded: Sequence[str]) -> PhraseMatch | None:
        """The longest known phrase made of the words ending ``folded``."""
        return self._longest(folded, range(len(folded) - 1, -1, -1), at_end=True)

    def _longest(self, folded: Sequence[str], order: range, *, at_end: bool):
        best, phrase, words = None, "", 0
        for size, position in enumerate(order, start=1):
            word = folded[position]
            # A word that normalizes to nothing ("-", "&") leaves the phrase as it is,
            # as normalize_name(" ".join(words)) would.
            if word:
                words += word.count(" ") + 1
                if words > self.max_words:
                    break
                if not phrase:
                    phrase = word
                else:
                    phrase = f"{word} {phrase}" if at_end else f"{phrase} {word}"
            if phrase in self._values:
                best = PhraseMatch(size, phrase, self._values[phrase])
        return best
