"""Full-text matching, one backend per database, both accent- and case-insensitive.

Each returns the ids of the matching partnerships and a relevance score (higher is
better); the facet index does the rest (filters, counts, order, pages).

Relevance is the same on both: partnerships whose title holds every word come first,
then (in the facet index) the most recently updated. Ranking functions (FTS5's bm25,
PostgreSQL's ts_rank) read every matching document and cost several times the match
itself when a common word matches thousands of partnerships.
"""

import re

import numpy as np
from django.db import connection, transaction

from atlas.bulk_reads import id_list_sql

# Words too common to narrow a search. PostgreSQL's French configuration drops them
# itself; SQLite's tokenizer keeps every word, so they are removed from the query here.
STOPWORDS = frozenset(
    "a à au aux avec d dans de des du en et l la le les par pour sur un une".split()  # noqa: SIM905
)
WORD = re.compile(r"\w+")


def query_words(text: str) -> list[str]:
    """The words of a user's query that can narrow a search, lower-cased, in order."""
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and w != "_"]


def match(text: str, ranked: bool = True, among=None) -> tuple[np.ndarray, np.ndarray] | None:
    """Ids of the partnerships matching every word of ``text`` (only those ``among`` these
    ids, when given), with a relevance score (zeros unless ``ranked``), or None when the
    text holds no word to search (the search is then not narrowed by text)."""
    words = query_words(text)
    if not words:
        return None
    only, only_params = ("", []) if among is None else id_list_sql(among)
    if connection.vendor == "postgresql":
        # The narrow tables of vectors (migration 0005): the GIN index answers exactly,
        # and each matching row costs a small page read, no vector read back. For a word in
        # a fifth of the documents the planner would rather read the whole table, not
        # counting that each vector must then be decompressed: kept on the index.
        sql = (
            "SELECT string_agg(project_id::text, ' ') "
            "FROM {table}, plainto_tsquery('atlas_french', %s) AS query WHERE vector @@ query"
        ) + (f" AND project_id IN ({only})" if only else "")
        params = [" ".join(words), *only_params]
        with transaction.atomic():
            _ids("SET LOCAL enable_seqscan = off", [])
            ids = _ids(sql.format(table="search_fulltext"), params)
            in_title = _ids(sql.format(table="search_fulltitle"), params) if ranked else None
    else:
        # Quoted so that FTS5 reads no operator in the user's words; the prefix star finds
        # plurals and other endings, which SQLite's tokenizer does not stem.
        expression = " ".join(f'"{w}"*' for w in words)
        sql = "SELECT group_concat(rowid, ' ') FROM search_fts WHERE search_fts MATCH %s"
        if only:
            sql += f" AND rowid IN ({only})"
        ids = _ids(sql, [expression, *only_params])
        in_title = None
        if ranked and len(ids):
            in_title = _ids(sql, [f"title : ({expression})", *only_params])
    scores = np.zeros(len(ids)) if in_title is None else np.isin(ids, in_title).astype(float)
    return ids, scores


def _ids(sql: str, params: list) -> np.ndarray:
    """The ids a query gives as one text ("12 57 108"): for a common word (20,000 ids at
    100,000 partnerships), one string to parse costs a tenth of a row per id."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.description is None:
            return np.empty(0, dtype=np.int64)
        (text,) = cursor.fetchone() or (None,)
    return np.fromstring(text, dtype=np.int64, sep=" ") if text else np.empty(0, np.int64)
