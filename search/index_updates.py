"""How the facet index (``facet_index.FacetIndex``) is built from the search documents,
patched with the documents of the partnerships a publication event names, and kept current
in each process (``current_index``).

A patch keeps the arrays sorted as ``build`` makes them (pairs by value then by
partnership, titles in alphabetical order then by id), so that a patched index is the
index a rebuild would give (a property test checks it) at tens of milliseconds at 100,000
partnerships instead of seconds.
"""

import bisect
import datetime
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from atlas.bulk_reads import id_list
from catalogue import events
from catalogue.facets import FacetLabels, load_labels

from . import funding
from .facet_index import NO_YEAR, FacetIndex, token_order
from .models import SearchDocument

CHANGES_KEPT = 64  # patches remembered, to bring remembered texts up to date
PATCH_LIMIT = 5_000  # changed partnerships beyond which a rebuild is cheaper than a patch
DOCUMENT_COLUMNS = ("project_id", "facets", "start_year", "updated_at", "title")


def _collation_key(title: str) -> bytes:
    """Accents and case ignored, as a reader expects titles in alphabetical order."""
    return unicodedata.normalize("NFKD", title.casefold()).encode("ascii", "ignore")


def _timestamp(value) -> int:
    if isinstance(value, str):  # SQLite through a raw cursor
        value = datetime.datetime.fromisoformat(value)
    return int(value.timestamp())


@dataclass
class _Documents:
    """Search documents read as columns: ids (ascending), years, update times, title keys,
    and each document's tokens."""

    ids: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    title_keys: list[bytes] = field(default_factory=list)
    tokens: list[list[str]] = field(default_factory=list)

    @classmethod
    def read(cls, rows) -> "_Documents":
        documents = cls()
        for pk, facets, start_year, updated_at, title in rows:
            documents.ids.append(pk)
            documents.years.append(start_year or NO_YEAR)
            documents.updated.append(_timestamp(updated_at))
            documents.title_keys.append(_collation_key(title))
            documents.tokens.append(facets.split())
        return documents


def build(version: events.Version, labels: FacetLabels, rows) -> FacetIndex:
    """From ``rows`` of DOCUMENT_COLUMNS in id order."""
    docs = _Documents.read(rows)
    tokens = sorted({t for own in docs.tokens for t in own}, key=token_order)
    number = {t: i for i, t in enumerate(tokens)}
    pair_token = np.fromiter((number[t] for own in docs.tokens for t in own), dtype=np.intp)
    pair_doc = np.repeat(np.arange(len(docs.ids), dtype=np.intp), [len(own) for own in docs.tokens])
    order = np.argsort(pair_token, kind="stable")  # by value, then by partnership
    by_title = sorted(range(len(docs.ids)), key=docs.title_keys.__getitem__)
    return FacetIndex(
        version,
        labels,
        np.array(docs.ids, dtype=np.int64),
        np.array(docs.years, dtype=np.int16),
        np.array(docs.updated, dtype=np.int64),
        (
            [docs.title_keys[i] for i in by_title],
            np.array([docs.ids[i] for i in by_title], dtype=np.int64),
        ),
        tokens,
        (pair_token[order], pair_doc[order]),
        [],
        OrderedDict(),
    )


def patched(
    index: FacetIndex, version: events.Version, labels: FacetLabels, changed: list[int], rows
) -> FacetIndex:
    """A new index from ``index`` where the ``changed`` partnerships hold what ``rows`` (their
    documents now, in id order) say, and those without a row are gone."""
    docs = _Documents.read(rows)
    where, found = index.positions(np.array(sorted(changed), dtype=np.int64))
    keep = np.ones(len(index.ids), dtype=bool)
    keep[where[found]] = False
    kept_ids = index.ids[keep]
    added = np.array(docs.ids, dtype=np.int64)
    insert_at = np.searchsorted(kept_ids, added)
    ids = np.insert(kept_ids, insert_at, added)
    # Where each old partnership goes (None: where it was, the usual change of a
    # published partnership), and where each added one lands.
    moved = not np.array_equal(index.ids[~keep], added)
    new_position = None
    if moved:
        new_position = np.full(len(index.ids), -1, dtype=np.intp)
        new_position[keep] = np.arange(len(kept_ids)) + np.searchsorted(added, kept_ids)
    added_position = (insert_at + np.arange(len(added))).astype(np.intp)

    # Values no partnership held before take their place in the facet order.
    new_tokens = sorted({t for own in docs.tokens for t in own} - index.token_id.keys())
    tokens = list(index.tokens)
    for t in new_tokens:
        tokens.insert(bisect.bisect_left(tokens, token_order(t), key=token_order), t)
    number = {t: i for i, t in enumerate(tokens)} if new_tokens else index.token_id

    # The pairs of the partnerships kept, renumbered, still sorted by value then by
    # partnership; then those of the changed ones, each put in its place.
    held = keep[index.pair_doc]
    old_token, old_doc = index.pair_token[held], index.pair_doc[held]
    if new_tokens:
        renumber = np.fromiter(
            (number[t] for t in index.tokens), dtype=np.intp, count=len(index.tokens)
        )
        old_token = renumber[old_token]
    if moved:
        old_doc = new_position[old_doc]
    new_token = np.fromiter((number[t] for own in docs.tokens for t in own), dtype=np.intp)
    new_doc = np.repeat(added_position, [len(own) for own in docs.tokens])
    order = np.lexsort((new_doc, new_token))
    new_token, new_doc = new_token[order], new_doc[order]
    low = np.searchsorted(old_token, new_token, side="left")
    high = np.searchsorted(old_token, new_token, side="right")
    at = [
        lo + int(np.searchsorted(old_doc[lo:hi], doc))
        for lo, hi, doc in zip(low.tolist(), high.tolist(), new_doc.tolist(), strict=True)
    ]

    title_keys, title_ids = _titles_without(index, where[found])
    # Each new title's place among the others (equal titles in id order, as ``build``
    # sorts them), in the lists as they are before any insertion.
    new_titles = sorted(zip(docs.title_keys, docs.ids, strict=True))
    places = []
    for key, pk in new_titles:
        low = bisect.bisect_left(title_keys, key)
        high = bisect.bisect_right(title_keys, key, low)
        places.append(low + int(np.searchsorted(title_ids[low:high], pk)))
    for place, (key, _pk) in reversed(list(zip(places, new_titles, strict=True))):
        title_keys.insert(place, key)
    title_ids = np.insert(title_ids, places, [pk for _key, pk in new_titles])

    changes = [
        *index.changes[-(CHANGES_KEPT - 1) :],
        (index.version.number, version.number, np.array(changed, dtype=np.int64)),
    ]
    return FacetIndex(
        version,
        labels,
        ids,
        np.insert(index.start_year[keep], insert_at, np.array(docs.years, dtype=np.int16)),
        np.insert(index.updated[keep], insert_at, np.array(docs.updated, dtype=np.int64)),
        (title_keys, title_ids),
        tokens,
        (np.insert(old_token, at, new_token), np.insert(old_doc, at, new_doc)),
        changes,
        index.remembered_texts(),
        token_id=None if new_tokens else index.token_id,
    )


def _titles_without(index: FacetIndex, positions: np.ndarray) -> tuple[list[bytes], np.ndarray]:
    """The title keys (a copy) and ids without the partnerships at these positions."""
    ranks = sorted(index.title_rank[positions].tolist(), reverse=True)
    keys = list(index.title_keys)
    for rank in ranks:
        del keys[rank]
    return keys, np.delete(index.title_ids, ranks)


# -- the index of this process ------------------------------------------------------------

_lock = threading.Lock()
_current: FacetIndex | None = None


def _documents(ids: list[int] | None = None):
    """The documents of these partnerships (of all, read in chunks), in id order."""
    documents = SearchDocument.objects.order_by("project_id")
    if ids is not None:  # a few: one query, no cursor kept open on the server
        return list(documents.filter(project_id__in=id_list(ids)).values_list(*DOCUMENT_COLUMNS))
    return documents.values_list(*DOCUMENT_COLUMNS).iterator(chunk_size=5000)


def _refreshed(index: FacetIndex | None, version: events.Version) -> FacetIndex:
    """The index brought to ``version`` (or later) by the events since its own; built
    anew when that cannot be done by a patch."""
    pending = None if index is None else events.since(index.version)
    if not pending:  # unknown, or gone: a rebuild (an empty list cannot need one)
        if pending is None or version != index.version:
            return build(version, load_labels(), _documents())
        return index
    changed = {pk for event in pending for pk in (event.projects or ())}
    if any(event.projects is None for event in pending) or len(changed) > PATCH_LIMIT:
        return build(version, load_labels(), _documents())
    labels = load_labels() if any(e.changes_labels for e in pending) else index.labels
    last = events.Version(pending[-1].version, pending[-1].stamp)
    return patched(index, last, labels, sorted(changed), _documents(sorted(changed)))


def current_index() -> FacetIndex:
    """The facet index of the published partnerships, as of the atlas's current version."""
    global _current
    version = events.current_version()
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        if _current is None or _current.version != version:
            _current = _refreshed(_current, version)
        return _current


def forget() -> None:
    """Drop this process's index (tests whose database is rolled back between them), and
    what is kept at its version."""
    global _current
    _current = None
    funding.forget()
