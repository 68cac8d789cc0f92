"""The facet index patched by publication events holds exactly what an index built anew
from the same documents holds: same partnerships, counts, orders and title ranks."""

import datetime
import random

import numpy as np
import pytest

from catalogue.events import Version
from catalogue.facets import FacetLabels
from search.facet_index import INDEXED, ORDERS, FacetIndex, Selection
from search.index_updates import build, patched

LABELS = FacetLabels({}, {})
TITLES = ["Eau potable", "Écoles", "eau et santé", "Jumelage", "Zéro déchet", "Abeilles", ""]


def document(pk: int, rng: random.Random) -> tuple:
    tokens = {
        f"country:{rng.choice('ABCDEFG')}{rng.choice('XY')}" for _ in range(rng.randint(0, 3))
    }
    tokens |= {f"theme:t{rng.randint(1, 9)}" for _ in range(rng.randint(0, 2))}
    tokens.add(f"status:{rng.choice(['ongoing', 'completed'])}")
    if rng.random() < 0.3:
        tokens.add(f"authority:{rng.randint(1, 500)}")  # often a value never seen before
    updated = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(
        days=rng.randint(0, 2000)
    )
    title = f"{rng.choice(TITLES)} {rng.randint(1, 30)}"
    year = rng.choice([None, *range(1990, 2026)])
    return (pk, " ".join(sorted(tokens)), year, updated, title)


def snapshot(index: FacetIndex, values: dict[str, list[str]]) -> dict:
    """What a user can observe of an index: every search's ids and counts."""
    observed = {"ids": index.ids.tolist(), "orders": {}}
    for sort in ORDERS:
        observed["orders"][sort] = index.ids[index.order(sort)].tolist()
    rng = random.Random(1)
    for i in range(20):
        chosen = {}
        for name in ("country", "theme", "status"):
            if values[name] and rng.random() < 0.5:
                chosen[name] = rng.sample(values[name], min(2, len(values[name])))
        outcome = index.search(
            Selection(values=chosen, sort=rng.choice(list(ORDERS)), start_year_min=2000)
        )
        observed[i] = (
            outcome.ids.tolist(),
            {name: outcome.counts.top(name) for name in INDEXED},
            outcome.years,
        )
    return observed


@pytest.mark.parametrize("seed", range(12))
def test_a_patched_index_equals_one_built_from_the_same_documents(seed):
    rng = random.Random(seed)
    documents = {pk: document(pk, rng) for pk in rng.sample(range(1, 400), 150)}
    index = build(Version(1, 1), LABELS, sorted(documents.values()))
    for step in range(2, 6):
        changed = rng.sample(sorted(documents), rng.randint(1, 20))
        changed += rng.sample(range(400, 600), rng.randint(0, 5))  # newly published
        for pk in changed:
            if rng.random() < 0.3:
                documents.pop(pk, None)  # unpublished or deleted
            else:
                documents[pk] = document(pk, rng)
        rows = sorted(documents[pk] for pk in set(changed) if pk in documents)
        index = patched(index, Version(step, step), LABELS, changed, rows)
        rebuilt = build(Version(step, step), LABELS, sorted(documents.values()))
        values = {
            name: [t.split(":", 1)[1] for t in rebuilt.tokens if t.startswith(f"{name}:")]
            for name in INDEXED
        }
        assert snapshot(index, values) == snapshot(rebuilt, values), f"seed {seed}, step {step}"
        assert np.array_equal(index.title_rank, rebuilt.title_rank)


def test_a_value_no_partnership_holds_any_more_counts_zero():
    when = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    index = build(
        Version(1, 1),
        LABELS,
        [(1, "country:BF status:ongoing", 2010, when, "A"), (2, "country:ML", 2011, when, "B")],
    )
    index = patched(index, Version(2, 2), LABELS, [1], [(1, "country:SN", 2010, when, "A")])
    counts = index.search(Selection()).counts
    assert counts.top("country") == {"ML": 1, "SN": 1}
    assert counts.get("country", "BF") == 0 and counts.top("status") == {}
