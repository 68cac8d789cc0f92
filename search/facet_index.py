"""The facet index: every published partnership's facet values, held in memory as arrays.

Why not one ``GROUP BY`` per facet: with a broad filter (half the rows) each of them walks
and joins most of the table, and a dozen facets cost hundreds of milliseconds. Here the
filtered set is a boolean mask over the partnerships, each facet value is the list of
partnerships holding it, and the counts of all values of a facet come from one pass over
that facet's (partnership, value) pairs, sorted by value, under the mask of the *other*
active filters (run sums: ``numpy.add.reduceat``). The facets of a search cost about 5 ms
at 100,000 partnerships (BENCHMARKS.md).

The index is built once per process from the search documents, then kept current by the
publication events (``catalogue.events``): at each request, one read of the atlas's
version; when it moved, the documents of the partnerships the new events name are read
and patched into a new index (``index_updates``: tens of milliseconds at 100,000), never a full
rebuild for a change. An index is never modified once built, so a request reads one
consistent index while another process's change is being applied.
"""

import bisect
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from catalogue import events
from catalogue.facets import TOKEN_FACETS, FacetLabels

from .text_backends import match, query_words

INDEXED = tuple(facet.name for facet in TOKEN_FACETS)  # in display order
RANK = {name: rank for rank, name in enumerate(INDEXED)}
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
    counted: tuple[str, ...] = INDEXED  # the facets whose counts are wanted


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
        i = self.index.value_position(name, value)
        return 0 if i is None else int(self.arrays[name][i])

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


def token(facet: str, value: str) -> str:
    return f"{facet}:{value}"


def token_order(token: str) -> tuple[int, str]:
    """Tokens are numbered facet by facet, so that each facet's pairs form one slice."""
    return RANK.get(token.partition(":")[0], len(INDEXED)), token


class FacetIndex:
    """The published partnerships' facet values as arrays, at ``version`` of the atlas,
    with the facets' labels (``labels``). Built by ``index_updates.build`` or
    ``index_updates.patched``."""

    def __init__(
        self,
        version: events.Version,
        labels: FacetLabels,
        ids: np.ndarray,
        start_year: np.ndarray,
        updated: np.ndarray,
        titles: tuple[list[bytes], np.ndarray],
        tokens: list[str],
        pairs: tuple[np.ndarray, np.ndarray],
        changes: list[tuple[int, np.ndarray]],
        text_cache: OrderedDict,
        token_id: dict[str, int] | None = None,
    ):
        self.version, self.labels = version, labels
        self.ids, self.start_year, self.updated = ids, start_year, updated
        # Titles in alphabetical order: their keys and their partnerships' ids.
        self.title_keys, self.title_ids = titles
        self.title_rank = np.empty(len(ids), dtype=np.int32)
        self.title_rank[self.positions(self.title_ids)[0]] = np.arange(len(ids), dtype=np.int32)
        self.tokens = tokens
        # Shared with the index it was patched from when no value was added (never changed).
        self.token_id = token_id or {t: i for i, t in enumerate(tokens)}
        # Native-size integers: numpy converts anything else before indexing or counting,
        # which costs more than the counting itself.
        self.pair_token, self.pair_doc = pairs
        self.token_start = np.searchsorted(
            self.pair_token, np.arange(len(tokens) + 1, dtype=np.intp)
        )
        # Values no partnership holds any more (after patches): their runs are empty.
        self.unheld = np.flatnonzero(np.diff(self.token_start) == 0)
        self.facet_tokens = {
            name: (
                bisect.bisect_left(tokens, (rank, ""), key=token_order),
                bisect.bisect_left(tokens, (rank + 1, ""), key=token_order),
            )
            for name, rank in RANK.items()
        }
        # The last patches: (version number before, after, ids of the partnerships changed).
        self.changes = changes
        self._orders: dict[str, np.ndarray] = {}
        # What other layers derive once per version of the atlas (the map's coordinates):
        # a patched or rebuilt index starts with none.
        self.memo: dict[str, object] = {}
        self._text_cache = text_cache
        self._text_lock = threading.Lock()

    def remembered_texts(self) -> OrderedDict:
        """A copy of the matches of searched texts this index remembers."""
        with self._text_lock:
            return OrderedDict(self._text_cache)

    def __len__(self) -> int:
        return len(self.ids)

    # -- text ------------------------------------------------------------------------------

    def text_match(self, text: str, ranked: bool):
        """``text_backends.match``, remembered: refining a search by facets or turning its
        pages repeats the same words. A remembered match older than the index is brought
        up to date by matching again only the partnerships changed since."""
        key = (" ".join(query_words(text)), ranked)
        with self._text_lock:
            remembered = self._text_cache.get(key)
            if remembered is not None:
                self._text_cache.move_to_end(key)
        if remembered is not None and remembered[0] == self.version.number:
            return remembered[1]
        found = self._updated_match(text, ranked, remembered)
        with self._text_lock:
            self._text_cache[key] = (self.version.number, found)
            while len(self._text_cache) > TEXT_CACHE_SIZE:
                self._text_cache.popitem(last=False)
        return found

    def _updated_match(self, text: str, ranked: bool, remembered):
        changed = self.changed_since(remembered[0]) if remembered else None
        if changed is None or remembered[1] is None:
            return match(text, ranked)
        ids, scores = remembered[1]
        kept = ~np.isin(ids, changed)
        again = match(text, ranked, among=changed)
        if again is None:
            return None
        return np.concatenate([ids[kept], again[0]]), np.concatenate([scores[kept], again[1]])

    def changed_since(self, number: int) -> np.ndarray | None:
        """Ids changed after version ``number``; None when the patches since are not all
        remembered (the index was rebuilt, or they are too many)."""
        later = [(before, after, ids) for before, after, ids in self.changes if before >= number]
        reached = number
        for before, after, _ids in later:
            if before != reached:
                return None
            reached = after
        if reached != self.version.number:
            return None
        if not later:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate([ids for *_span, ids in later]))

    # -- reading ---------------------------------------------------------------------------

    def holders(self, facet: str, value: str) -> np.ndarray:
        """Positions of the partnerships holding a value (none for an unknown one)."""
        i = self.token_id.get(token(facet, value))
        if i is None:
            return np.empty(0, dtype=np.intp)
        return self.pair_doc[self.token_start[i] : self.token_start[i + 1]]

    def value_position(self, facet: str, value: str) -> int | None:
        """The value's place in the facet's count arrays (None for an unknown value)."""
        i = self.token_id.get(token(facet, value))
        return None if i is None else i - self.facet_tokens[facet][0]

    def positions(self, project_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of these project ids in the index, and which of them were found."""
        where = np.searchsorted(self.ids, project_ids)
        where = np.minimum(where, max(len(self.ids) - 1, 0))
        if not len(self.ids):
            return where, np.zeros(len(project_ids), dtype=bool)
        found = self.ids[where] == project_ids
        return where, found

    def _filters(self, selection: Selection):
        """The selection as masks: the text match and year range (``base``), the same
        before the year range, each facet's values, and the text scores."""
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
        return base, before_years, masks, score

    def matching(self, selection: Selection) -> np.ndarray:
        """The partnerships the selection chooses, every filter applied (a mask)."""
        base, _before_years, masks, _score = self._filters(selection)
        everything = base.copy()
        for mask in masks.values():
            everything &= mask
        return everything

    def search(self, selection: Selection) -> Outcome:
        base, before_years, masks, score = self._filters(selection)
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
        ordered = self._order(everything, selection.sort, score)
        return Outcome(
            ids=self.ids[ordered],
            counts=FacetCounts(self, counts),
            years=self.years_within(year_mask),
        )

    def counts_within(self, names, within: np.ndarray) -> FacetCounts:
        """Counts of each value of these facets among the partnerships of ``within`` (a
        mask): the statistics of a selection, every filter applied."""
        return FacetCounts(self, {name: self._counts(name, within) for name in names})

    def years_within(self, within: np.ndarray) -> dict[int, int]:
        """Partnerships of ``within`` by start year (those without one left out)."""
        year_counts = np.bincount(self.start_year[within], minlength=1)
        return {int(y): int(c) for y, c in enumerate(year_counts) if c and y != NO_YEAR}

    def _counts(self, name: str, visible: np.ndarray) -> np.ndarray:
        """Counts of each value of a facet among the ``visible`` partnerships."""
        return self._per_value(name, visible.view(np.uint8), np.int64)

    def sums_within(self, name: str, per_partnership: np.ndarray) -> dict[str, float]:
        """For each value of a facet, the sum of ``per_partnership`` (one number per
        position: an amount, zero outside the selection) over the partnerships holding
        it; the values with a non-zero sum."""
        sums = self._per_value(name, per_partnership, np.float64)
        nonzero = np.flatnonzero(sums)
        return {
            value: float(sums[i])
            for value, i in zip(self.values_of(name, nonzero), nonzero, strict=True)
        }

    def _per_value(self, name: str, per_partnership: np.ndarray, dtype) -> np.ndarray:
        """Sums of ``per_partnership`` over each value's holders: pairs are sorted by
        value, so each value's sum is that of one run of the array."""
        first, last = self.facet_tokens[name]
        if first == last:
            return np.zeros(0, dtype=dtype)
        lo, hi = self.token_start[first], self.token_start[last]
        if lo == hi:
            return np.zeros(last - first, dtype=dtype)
        held = per_partnership[self.pair_doc[lo:hi]]
        starts = self.token_start[first:last] - lo
        if not len(self.unheld):
            return np.add.reduceat(held, starts, dtype=dtype)
        # reduceat would count an empty run (a value no partnership holds any more) as the
        # first pair of the next one.
        sums = np.add.reduceat(held, np.minimum(starts, hi - lo - 1), dtype=dtype)
        unheld = self.unheld[(self.unheld >= first) & (self.unheld < last)]
        sums[unheld - first] = 0
        return sums

    def _order(self, positions_mask: np.ndarray, sort: str, score) -> np.ndarray:
        """Positions of the matching partnerships in the requested order; ties go to the
        most recently updated, then to the highest id, so pages are stable."""
        if sort == "relevance" and score is not None:
            positions = np.flatnonzero(positions_mask)
            keys = (-self.ids[positions], -self.updated[positions], -score[positions])
            return positions[np.lexsort(keys)]
        order = self.order(sort)
        return order[positions_mask[order]]

    def order(self, sort: str) -> np.ndarray:
        """Every position in one of the orders other than relevance, computed at its first
        use by this index (a search then only filters it)."""
        if sort not in ORDERS:
            sort = "-updated"
        if sort not in self._orders:
            self._orders[sort] = ORDERS[sort](self)
        return self._orders[sort]

    def spread(self, name: str, facet: str, values: list[str], within: np.ndarray) -> np.ndarray:
        """For each value of facet ``name`` (in ``values_of`` order): under how many of
        ``values`` of ``facet`` it appears, in partnerships of ``within`` (a mask) holding
        both.

        Every (value, other value) pair met in a partnership is marked, all partnerships at
        a time: each value held by a partnership is repeated once per other value it holds.
        """
        first, last = self.facet_tokens[name]
        lo, hi = self.token_start[first], self.token_start[last]
        docs, own = self.pair_doc[lo:hi], self.pair_token[lo:hi] - first
        keep = within[docs]
        docs, own = docs[keep], own[keep]
        # The other values' holders, grouped by partnership.
        held = [self.holders(facet, value) for value in values]
        other_docs = np.concatenate(held) if held else np.empty(0, dtype=np.intp)
        other_of = np.repeat(np.arange(len(held)), [len(h) for h in held])
        order = np.argsort(other_docs, kind="stable")
        other_docs, other_of = other_docs[order], other_of[order]
        start = np.searchsorted(other_docs, docs, side="left")
        count = np.searchsorted(other_docs, docs, side="right") - start
        repeated = np.repeat(own, count)
        offsets = np.repeat(start - np.cumsum(count) + count, count) + np.arange(count.sum())
        seen = np.zeros((last - first, len(held)), dtype=bool)
        seen[repeated, other_of[offsets]] = True
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
                held[self.holders(name, value)] = True
            everything &= held
        return everything

    def neighbours(
        self, required: dict[str, list[str]], alike: list[tuple[str, str]], exclude: int, limit: int
    ) -> list[int]:
        """Ids of the partnerships holding one of the ``required`` values, those sharing
        most of the ``alike`` (facet, value) pairs first, then the most recently updated;
        ``exclude`` (the partnership being read) left out."""
        candidates = np.zeros(len(self.ids), dtype=bool)
        for facet, values in required.items():
            for value in values:
                candidates[self.holders(facet, value)] = True
        where, found = self.positions(np.array([exclude], dtype=np.int64))
        if len(found) and found[0]:
            candidates[where[0]] = False
        positions = np.flatnonzero(candidates)
        if not len(positions):
            return []
        holders = [self.holders(facet, value) for facet, value in alike]
        shared = np.bincount(
            np.concatenate(holders) if holders else np.empty(0, dtype=np.intp),
            minlength=len(self.ids),
        )[positions]
        order = np.lexsort((-self.updated[positions], -shared))[:limit]
        return [int(i) for i in self.ids[positions[order]]]

    def values_held(self, project_id: int) -> list[tuple[str, str]]:
        """The (facet, value) pairs a partnership holds."""
        where, found = self.positions(np.array([project_id], dtype=np.int64))
        if not (len(found) and found[0]):
            return []
        tokens = self.pair_token[self.pair_doc == where[0]]
        return [tuple(self.tokens[t].split(":", 1)) for t in tokens]


def _recent(index: FacetIndex) -> tuple:
    return -index.ids, -index.updated


def _year_keys(index: FacetIndex, descending: bool) -> tuple:
    years = index.start_year.astype(np.int32)
    missing = years == NO_YEAR  # partnerships without a year come last either way
    return (*_recent(index), -years if descending else years, missing)


ORDERS = {
    "-updated": lambda index: np.lexsort(_recent(index)),
    "updated": lambda index: np.lexsort((index.ids, index.updated)),
    "start_year": lambda index: np.lexsort(_year_keys(index, descending=False)),
    "-start_year": lambda index: np.lexsort(_year_keys(index, descending=True)),
    "title": lambda index: np.lexsort((-index.ids, index.title_rank)),
    "-title": lambda index: np.lexsort((-index.ids, -index.title_rank)),
}
