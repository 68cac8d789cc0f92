"""The facet index: every published partnership's facet tokens, held in memory as arrays.

Why not one ``GROUP BY`` per facet: with a broad filter (half the rows) each of them walks
and joins most of the table, and a dozen facets cost hundreds of milliseconds. Here the
filtered set is a boolean mask over the partnerships, each facet value is the list of
partnerships holding it, and the counts of all values of a facet come from one pass over
that facet's (partnership, value) pairs, sorted by value, under the mask of the *other*
active filters (run sums: ``numpy.add.reduceat``). Orders are sorted once at build time.
The facets of a search cost about 5 ms at 100,000 partnerships (BENCHMARKS.md).

The arrays are rebuilt from ``SearchDocument`` rows when the documents changed since
they were read (``search_state``, stamped by a trigger on every change), so every process
sees a write at its next search.
"""

import datetime
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from .models import SearchDocument
from .text_backends import match, query_words

# In display order; each is also a URL parameter of the search and of the API.
FACETS = (
    "zone",
    "country",
    "region",
    "departement",
    "authority_kind",
    "authority",
    "theme",
    "type",
    "status",
    "funder_kind",
    "funding_mechanism",
    "triennial",
)
# Held by the index for the browse pages (a foreign authority's French partners, how
# many foreign authorities take part), but not offered as a search filter.
INDEXED = (*FACETS, "foreign_authority")
NO_YEAR = 0
TEXT_CACHE_SIZE = 256  # searched texts remembered per index


@dataclass
class Selection:
    """What a search asks for: facet values (OR within a facet, AND across facets),
    matching text ids and scores, a start-year range and an order."""

    values: dict[str, list[str]] = field(default_factory=dict)
    text: tuple[np.ndarray, np.ndarray] | None = None
    start_year_min: int | None = None
    start_year_max: int | None = None
    sort: str = "-updated"
    counted: tuple[str, ...] = FACETS  # the facets whose counts are wanted


class FacetCounts:
    """Counts of every value of every facet, as arrays; turned into values and numbers
    only for what is shown (the authority facet alone has thousands of values)."""

    def __init__(self, index: "FacetIndex", arrays: dict[str, np.ndarray]):
        self.index = index
        self.arrays = arrays

    def top(self, name: str, limit: int | None = None) -> dict[str, int]:
        """Values with a non-zero count, the most frequent first (``limit`` of them)."""
        counts = self.arrays[name]
        nonzero = np.flatnonzero(counts)
        if limit is not None and len(nonzero) > limit:
            nonzero = nonzero[np.argpartition(-counts[nonzero], limit - 1)[:limit]]
        nonzero = nonzero[np.lexsort((nonzero, -counts[nonzero]))]
        return self._as_dict(name, nonzero)

    def at_least(self, name: str, limit: int) -> dict[str, int]:
        """The ``limit`` most frequent values and every value tied with the last of them,
        so that the caller can break ties (alphabetically, say) without losing any."""
        counts = self.arrays[name]
        nonzero = counts[counts > 0]
        if len(nonzero) <= limit:
            return self.top(name)
        threshold = np.partition(nonzero, len(nonzero) - limit)[len(nonzero) - limit]
        return self._as_dict(name, np.flatnonzero(counts >= threshold))

    def _as_dict(self, name: str, positions: np.ndarray) -> dict[str, int]:
        counts = self.arrays[name]
        values = self.index.values_of(name, positions)
        return {value: int(counts[i]) for value, i in zip(values, positions, strict=True)}

    def get(self, name: str, value: str) -> int:
        i = self.index.token_id.get(f"{name}:{value}")
        if i is None:
            return 0
        return int(self.arrays[name][i - self.index.facet_tokens[name][0]])

    def __getitem__(self, name: str) -> dict[str, int]:
        return self.top(name)

    def distinct(self, name: str) -> int:
        """How many values of the facet have at least one partnership."""
        return int(np.count_nonzero(self.arrays[name]))


@dataclass
class Outcome:
    ids: np.ndarray  # matching partnership ids, in the requested order
    counts: FacetCounts  # per facet, over the filters of the other facets
    years: dict[int, int]  # start year -> count, over everything but the year range


class FacetIndex:
    """The published partnerships' facet tokens as arrays, built from ``rows`` of
    (id, facets, start year, updated at, title) in id order; ``state`` is the stamp of
    the documents it was read from."""

    def __init__(self, state, rows):
        self.state = state
        ids, years, updated, titles, token_ids = [], [], [], [], []
        vocabulary: dict[str, int] = {}
        pair_docs: list[int] = []
        for doc, (pk, facets, start_year, updated_at, title) in enumerate(rows):
            ids.append(pk)
            years.append(start_year or NO_YEAR)
            updated.append(_timestamp(updated_at))
            titles.append(title)
            tokens = facets.split()
            token_ids += [vocabulary.setdefault(t, len(vocabulary)) for t in tokens]
            pair_docs += [doc] * len(tokens)
        self.ids = np.array(ids, dtype=np.int64)
        self.start_year = np.array(years, dtype=np.int16)
        self.updated = np.array(updated, dtype=np.int64)
        title_order = sorted(range(len(titles)), key=lambda i: _collation_key(titles[i]))
        self.title_rank = np.empty(len(titles), dtype=np.int32)
        self.title_rank[title_order] = np.arange(len(titles), dtype=np.int32)

        # Number tokens facet by facet so that each facet's pairs form one slice.
        by_facet = sorted(vocabulary, key=lambda t: (_facet_rank(t), t))
        self.tokens = by_facet
        self.token_id = {t: i for i, t in enumerate(by_facet)}
        renumber = np.empty(len(vocabulary), dtype=np.int32)
        for token, old in vocabulary.items():
            renumber[old] = self.token_id[token]
        # Native-size integers: numpy converts anything else before indexing or counting,
        # which costs more than the counting itself.
        pair_tokens = renumber[np.array(token_ids, dtype=np.intp)].astype(np.intp)
        order = np.argsort(pair_tokens, kind="stable")
        self.pair_token = pair_tokens[order]
        self.pair_doc = np.array(pair_docs, dtype=np.intp)[order]
        self.token_start = np.searchsorted(
            self.pair_token, np.arange(len(by_facet) + 1, dtype=np.intp)
        )
        self.facet_tokens: dict[str, tuple[int, int]] = {}
        for name in INDEXED:
            first = next((i for i, t in enumerate(by_facet) if _facet(t) == name), None)
            if first is None:
                self.facet_tokens[name] = (0, 0)
                continue
            last = first
            while last < len(by_facet) and _facet(by_facet[last]) == name:
                last += 1
            self.facet_tokens[name] = (first, last)
        self.orders = self._sort_orders()
        self._text_cache: OrderedDict = OrderedDict()
        self._text_lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.ids)

    def text_match(self, text: str, ranked: bool):
        """``text_backends.match``, remembered for this index's lifetime (the documents
        have not changed while it lives): refining a search by facets or turning its
        pages repeats the same words."""
        key = (" ".join(query_words(text)), ranked)
        with self._text_lock:
            if key in self._text_cache:
                self._text_cache.move_to_end(key)
                return self._text_cache[key]
        found = match(text, ranked)
        with self._text_lock:
            self._text_cache[key] = found
            while len(self._text_cache) > TEXT_CACHE_SIZE:
                self._text_cache.popitem(last=False)
        return found

    def holders(self, token: str) -> np.ndarray:
        """Positions of the partnerships holding a token (none for an unknown one)."""
        i = self.token_id.get(token)
        if i is None:
            return np.empty(0, dtype=np.intp)
        return self.pair_doc[self.token_start[i] : self.token_start[i + 1]]

    def positions(self, project_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of these project ids in the index, and which of them were found."""
        where = np.searchsorted(self.ids, project_ids)
        where = np.minimum(where, max(len(self.ids) - 1, 0))
        found = (self.ids[where] == project_ids) if len(self.ids) else np.zeros(0, bool)
        return where, found

    def search(self, selection: Selection) -> Outcome:
        n = len(self.ids)
        base = np.ones(n, dtype=bool)
        score = None
        if selection.text is not None:
            text_ids, text_scores = selection.text
            where, found = self.positions(text_ids)
            base = np.zeros(n, dtype=bool)
            base[where[found]] = True
            score = np.zeros(n, dtype=np.float64)
            score[where[found]] = text_scores[found]
        before_years = base
        if selection.start_year_min is not None or selection.start_year_max is not None:
            known = self.start_year != NO_YEAR
            low = selection.start_year_min or 0
            high = selection.start_year_max or 32767
            base = base & known & (self.start_year >= low) & (self.start_year <= high)

        masks = {
            name: self.mask({name: values}) for name, values in selection.values.items() if values
        }
        everything = base.copy()
        for mask in masks.values():
            everything &= mask

        counts: dict[str, np.ndarray] = {}
        for name in selection.counted:
            if name in masks:
                visible = base.copy()
                for other, mask in masks.items():
                    if other != name:
                        visible &= mask
            else:
                visible = everything
            counts[name] = self._counts(name, visible)

        year_mask = before_years
        for mask in masks.values():
            year_mask = year_mask & mask
        year_counts = np.bincount(self.start_year[year_mask], minlength=1)
        years = {int(y): int(c) for y, c in enumerate(year_counts) if c and y != NO_YEAR}

        ordered = self._order(everything, selection.sort, score)
        return Outcome(ids=self.ids[ordered], counts=FacetCounts(self, counts), years=years)

    def _counts(self, name: str, visible: np.ndarray) -> np.ndarray:
        """Counts of each value of a facet among the ``visible`` partnerships: pairs are
        sorted by value, so each value's count is the sum of one run of the mask."""
        first, last = self.facet_tokens[name]
        if first == last:
            return np.zeros(0, dtype=np.int64)
        lo, hi = self.token_start[first], self.token_start[last]
        held = visible.view(np.uint8)[self.pair_doc[lo:hi]]
        return np.add.reduceat(held, self.token_start[first:last] - lo, dtype=np.int64)

    def _order(self, positions_mask: np.ndarray, sort: str, score) -> np.ndarray:
        """Positions of the matching partnerships in the requested order; ties go to the
        most recently updated, then to the highest id, so pages are stable."""
        if sort == "relevance" and score is not None:
            positions = np.flatnonzero(positions_mask)
            keys = (-self.ids[positions], -self.updated[positions], -score[positions])
            return positions[np.lexsort(keys)]
        order = self.orders.get(sort, self.orders["-updated"])
        return order[positions_mask[order]]

    def _sort_orders(self) -> dict[str, np.ndarray]:
        """Every order but relevance, computed once: a search then only filters one."""
        years = self.start_year.astype(np.int32)
        missing = years == NO_YEAR  # partnerships without a year come last either way
        recent = (-self.ids, -self.updated)
        return {
            "-updated": np.lexsort(recent),
            "updated": np.lexsort((self.ids, self.updated)),
            "start_year": np.lexsort((*recent, years, missing)),
            "-start_year": np.lexsort((*recent, -years, missing)),
            "title": np.lexsort((-self.ids, self.title_rank)),
            "-title": np.lexsort((-self.ids, -self.title_rank)),
        }

    def spread(self, name: str, tokens: list[str], within: np.ndarray) -> np.ndarray:
        """For each value of facet ``name`` (in ``values_of`` order): under how many of
        ``tokens`` it appears, in partnerships of ``within`` (a mask) holding both.

        Every (value, token) pair met in a partnership is marked, all partnerships at a
        time: each value held by a partnership is repeated once per token it holds.
        """
        first, last = self.facet_tokens[name]
        lo, hi = self.token_start[first], self.token_start[last]
        docs, values = self.pair_doc[lo:hi], self.pair_token[lo:hi] - first
        keep = within[docs]
        docs, values = docs[keep], values[keep]
        # The tokens' holders, grouped by partnership.
        held = [self.holders(t) for t in tokens]
        token_docs = np.concatenate(held) if held else np.empty(0, dtype=np.intp)
        token_of = np.repeat(np.arange(len(held)), [len(h) for h in held])
        order = np.argsort(token_docs, kind="stable")
        token_docs, token_of = token_docs[order], token_of[order]
        start = np.searchsorted(token_docs, docs, side="left")
        count = np.searchsorted(token_docs, docs, side="right") - start
        repeated = np.repeat(values, count)
        offsets = np.repeat(start - np.cumsum(count) + count, count) + np.arange(count.sum())
        seen = np.zeros((last - first, len(held)), dtype=bool)
        seen[repeated, token_of[offsets]] = True
        return seen.sum(axis=1)

    def values_of(self, name: str, positions) -> list[str]:
        """The values of facet ``name`` at these positions of its count arrays."""
        first = self.facet_tokens[name][0]
        prefix = len(name) + 1
        return [self.tokens[first + int(i)][prefix:] for i in positions]

    def mask(self, values: dict[str, list[str]]) -> np.ndarray:
        """The partnerships holding, for each facet, one of its values."""
        everything = np.ones(len(self.ids), dtype=bool)
        for name, wanted in values.items():
            held = np.zeros(len(self.ids), dtype=bool)
            for value in wanted:
                held[self.holders(f"{name}:{value}")] = True
            everything &= held
        return everything

    def neighbours(self, required: list[str], alike: list[str], exclude: int, limit: int):
        """Ids of the partnerships holding one of the ``required`` tokens, those sharing
        most of the ``alike`` tokens first, then the most recently updated; ``exclude``
        (the partnership being read) left out."""
        candidates = np.zeros(len(self.ids), dtype=bool)
        for token in required:
            candidates[self.holders(token)] = True
        where, found = self.positions(np.array([exclude], dtype=np.int64))
        if len(found) and found[0]:
            candidates[where[0]] = False
        positions = np.flatnonzero(candidates)
        if not len(positions):
            return []
        holders = [self.holders(t) for t in alike]
        shared = np.bincount(
            np.concatenate(holders) if holders else np.empty(0, dtype=np.intp),
            minlength=len(self.ids),
        )[positions]
        order = np.lexsort((-self.updated[positions], -shared))[:limit]
        return [int(i) for i in self.ids[positions[order]]]


def _facet(token: str) -> str:
    return token.partition(":")[0]


def _facet_rank(token: str) -> int:
    name = _facet(token)
    return INDEXED.index(name) if name in INDEXED else len(INDEXED)


def _collation_key(title: str) -> bytes:
    """Accents and case ignored, as a reader expects titles in alphabetical order."""
    return unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore")


def _timestamp(value) -> int:
    if isinstance(value, str):  # SQLite through a raw cursor
        value = datetime.datetime.fromisoformat(value)
    return int(value.timestamp())


_lock = threading.Lock()
_current: FacetIndex | None = None


def _state() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("SELECT changed_at FROM search_state")
        return (connection.settings_dict["NAME"], *cursor.fetchone())


def current_index() -> FacetIndex:
    """The facet index of the published partnerships, rebuilt if the documents changed."""
    global _current
    state = _state()
    index = _current
    if index is not None and index.state == state:
        return index
    with _lock:
        if _current is None or _current.state != state:
            rows = (
                SearchDocument.objects.filter(published=True)
                .order_by("project_id")
                .values_list("project_id", "facets", "start_year", "updated_at", "title")
                .iterator(chunk_size=5000)
            )
            _current = FacetIndex(state, rows)
        return _current
