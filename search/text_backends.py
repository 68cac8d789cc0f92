"""Full-text matching, one backend per database, both accent- and case-insensitive.

Each returns the ids of the matching partnerships and a relevance score (higher is
better); the facet index does the rest (filters, counts, order, pages).
"""

import re

import numpy as np
from django.db import connection

# The expression PostgreSQL's GIN index is built on; queries must repeat it exactly.
POSTGRES_VECTOR = (
    "setweight(to_tsvector('atlas_french'::regconfig, title), 'A') || "
    "setweight(to_tsvector('atlas_french'::regconfig, body), 'B')"
)

# Words too common to narrow a search. PostgreSQL's French configuration drops them
# itself; SQLite's tokenizer keeps every word, so they are removed from the query here.
STOPWORDS = frozenset(
    "a à au aux avec d dans de des du en et l la le les par pour sur un une".split()  # noqa: SIM905
)
WORD = re.compile(r"\w+")


def query_words(text: str) -> list[str]:
    """The words of a user's query that can narrow a search, lower-cased, in order."""
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and w != "_"]


def match(text: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Ids and scores of the partnerships matching every word of ``text``, or None when
    the text holds no word to search (the search is then not narrowed by text)."""
    words = query_words(text)
    if not words:
        return None
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT project_id, ts_rank({POSTGRES_VECTOR}, query) "
            "FROM search_searchdocument, plainto_tsquery('atlas_french', %s) AS query "
            f"WHERE ({POSTGRES_VECTOR}) @@ query"
        )
        params = [" ".join(words)]
    else:
        # Quoted so that FTS5 reads no operator in the user's words; the prefix star finds
        # plurals and other endings, which SQLite's tokenizer does not stem.
        sql = "SELECT rowid, -bm25(search_fts, 8.0, 1.0) FROM search_fts WHERE search_fts MATCH %s"
        params = [" ".join(f'"{w}"*' for w in words)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    scores = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
    return ids, scores
