"""Benchmark: server time of the search page (/fr/projets/) with its facets.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_search.py --projects 100000 [--database-url URL] [--baseline]

The database (an SQLite file under var/ unless --database-url is given) is kept between
runs: it is filled once with reference data and a demo portfolio of N partnerships
(``generate_demo``, deterministic), which takes minutes at 100,000. Queries are drawn
at random (seeded) with 0 to 4 facet filters, half of them with words to search, some
sorted otherwise or on a later page; each is requested through Django's test client
(middleware, form, search, facets, template: the whole server time, no network).
--baseline also times, for the queries without words, the facet counts computed the
naive way: one SQL GROUP BY per facet over the filtered set.
"""

import argparse
import io
import random
import statistics
import sys
import time
from urllib.parse import urlencode

from portfolio_database import add_arguments, set_up_django

WORDS = [
    "eau",
    "santé",
    "coopération décentralisée",
    "jumelage",
    "agriculture",
    "éducation",
    "culture",
    "jeunesse",
    "déchets",
    "formation",
    "assainissement",
    "Burkina",
    "Sénégal",
    "gouvernance locale",
    "énergie solaire",
    "Poitiers",
    "Madagascar",
    "patrimoine",
    "femmes",
    "climat",
]
SORTS = ["-start_year", "start_year", "title", "-updated"]


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def summary(values: list[float]) -> str:
    return (
        f"n={len(values)}, p50 {statistics.median(values):.1f} ms, "
        f"p95 {percentile(values, 95):.1f} ms, max {max(values):.1f} ms"
    )


def draw_queries(index, count: int, rng: random.Random) -> list[dict]:
    """Filters taken from random partnerships, so that common values come up as often as
    users would pick them, and combinations are plausible rather than always empty."""
    from catalogue.facets import OFFERED
    from search.models import SearchDocument

    offered = {facet.name for facet in OFFERED}
    documents = list(
        SearchDocument.objects.order_by("project_id").values_list("facets", "start_year")
    )
    queries = []
    for i in range(count):
        params: dict[str, list[str] | str] = {}
        for _ in range(rng.randint(0, 4)):
            facets, start_year = rng.choice(documents)
            if rng.random() < 0.1 and start_year:
                params["start_year_min"] = str(start_year - rng.randint(0, 5))
                continue
            tokens = [t for t in facets.split() if t.split(":")[0] in offered]
            name, value = rng.choice(tokens).split(":", 1)
            params.setdefault(name, [])
            if value not in params[name]:
                params[name].append(value)
        if i % 2:
            params["q"] = rng.choice(WORDS)
        if rng.random() < 0.2:
            params["sort"] = rng.choice(SORTS)
        if rng.random() < 0.1:
            params["page"] = "2"
        queries.append(params)
    return queries


def naive_facet_counts(params: dict) -> None:
    """One GROUP BY per facet over the filtered set, on the normalised tables."""
    from django.db.models import Count

    from partnerships.models import Project

    projects = Project.objects.published()
    if "country" in params:
        projects = projects.filter(foreign_authorities__country_id__in=params["country"])
    if "zone" in params:
        projects = projects.filter(foreign_authorities__country__zone__code__in=params["zone"])
    if "status" in params:
        projects = projects.filter(status__in=params["status"])
    if "type" in params:
        projects = projects.filter(partnership_type__code__in=params["type"])
    if "authority" in params:
        projects = projects.filter(french_authorities__in=params["authority"])
    if "authority_kind" in params:
        projects = projects.filter(french_authorities__kind__in=params["authority_kind"])
    if "triennial" in params:
        projects = projects.filter(triennial=params["triennial"][0] == "true")
    ids = projects.values("pk")
    groupings = [
        "foreign_authorities__country_id",
        "foreign_authorities__country__zone__code",
        "french_authorities__region__insee_code",
        "french_authorities__departement__insee_code",
        "french_authorities__kind",
        "french_authorities",
        "main_theme__code",
        "partnership_type__code",
        "status",
        "funding_lines__funder_kind__code",
        "triennial",
    ]
    for field in groupings:
        list(
            Project.objects.filter(pk__in=ids)
            .values(field)
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="forget matched texts before each query (no help from the text cache)",
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="fill the database, measure nothing"
    )
    args = parser.parse_args()

    set_up_django(args)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from partnerships.models import Project
    from search import index_updates

    call_command("migrate", verbosity=0)
    if Project.objects.filter(is_demo=True).count() != args.projects:
        started = time.perf_counter()
        call_command("load_reference", stdout=io.StringIO())
        call_command("generate_demo", projects=args.projects, seed=1, stdout=sys.stdout)
        print(f"portfolio ready in {time.perf_counter() - started:.0f} s")
    call_command("rebuild_search_index", stdout=sys.stdout)
    with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather
        cursor.execute("ANALYZE")
    if args.prepare_only:
        return

    started = time.perf_counter()
    index_updates.forget()
    index = index_updates.current_index()
    build = time.perf_counter() - started
    memory = sum(a.nbytes for a in vars(index).values() if hasattr(a, "nbytes"))

    rng = random.Random(args.seed)
    queries = draw_queries(index, args.queries, rng)
    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    for params in queries[:10]:  # warm-up: caches, first connections
        client.get("/fr/projets/?" + urlencode(params, doseq=True))

    by_kind: dict[str, list[float]] = {}
    everything = []
    results = []
    for params in queries:
        url = "/fr/projets/?" + urlencode(params, doseq=True)
        if args.cold:
            index_updates.current_index()._text_cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        # A page 2 of a one-page result is a 404, as it should be.
        expected = (200, 404) if "page" in params else (200,)
        assert response.status_code in expected, (url, response.status_code)
        everything.append(elapsed)
        filters = len([k for k in params if k not in ("q", "sort", "page")])
        kind = f"{'text' if 'q' in params else 'no text'}, {filters} filter(s)"
        by_kind.setdefault(kind, []).append(elapsed)
        if response.status_code == 200:
            results.append(response.context["result"].total)

    print(
        f"database: {connection.vendor}, {len(index)} published partnerships"
        + (", text cache cleared before each query" if args.cold else "")
    )
    print(
        f"facet index: built in {build:.2f} s, {memory / 2**20:.1f} MiB of arrays, "
        f"{len(index.pair_doc)} (partnership, value) pairs"
    )
    print(f"search page over {len(everything)} queries: {summary(everything)}")
    print(
        f"results per query: median {statistics.median(results):.0f}, "
        f"max {max(results)}, empty {results.count(0)}"
    )
    for kind in sorted(by_kind):
        print(f"  {kind}: {summary(by_kind[kind])}")

    if args.baseline:
        timings = []
        for params in [p for p in queries if "q" not in p]:
            started = time.perf_counter()
            naive_facet_counts(params)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"baseline, facet counts alone by GROUP BY per facet: {summary(timings)}")


if __name__ == "__main__":
    main()
