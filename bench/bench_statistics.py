"""Benchmark: server time of the statistics behind the charts and the map
(/api/v1/stats/ and the map's layers /fr/carte/lieux.json, with the search's filters).

Run by hand, after ``bench_search.py`` has filled its database:

    .venv/bin/python bench/bench_statistics.py --projects 100000 [--database-url URL]

The same random queries as the search's benchmark (seeded: 0 to 4 facet filters, half of
them with words), without page nor order; each requested through Django's test client
(middleware, form, figures or layers, JSON). The target (issue 12): p95 <= 50 ms at
100,000. The map's layers carry every located partner town of the selection (the whole
atlas's towns without a filter) and, for 500 partnerships or fewer, their lines.
"""

import argparse
import random
import time
from urllib.parse import urlencode

from bench_search import draw_queries, summary
from portfolio_database import add_arguments, set_up_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--queries", type=int, default=240)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    set_up_django(args)
    from django.test import Client
    from django.test.utils import setup_test_environment
    from rest_framework.throttling import AnonRateThrottle

    from search import index_updates

    index = index_updates.current_index()
    queries = draw_queries(index, args.queries, random.Random(args.seed))
    for params in queries:
        params.pop("page", None)
        params.pop("sort", None)
    setup_test_environment()
    AnonRateThrottle.allow_request = lambda self, request, view: True  # one client, many asks
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{len(index):,} published partnerships")
    for name, path in (("stats", "/api/v1/stats/?"), ("map layers", "/fr/carte/lieux.json?")):
        for params in queries[:10]:  # warm-up
            client.get(path + urlencode(params, doseq=True))
        by_kind: dict[str, list[float]] = {"words": [], "facets only": []}
        for params in queries:
            url = path + urlencode(params, doseq=True)
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            by_kind["words" if "q" in params else "facets only"].append(elapsed)
        print(name)
        for kind, values in by_kind.items():
            print(f"  {kind:12} {summary(values)}")
        print(f"  {'all':12} {summary([v for values in by_kind.values() for v in values])}")


if __name__ == "__main__":
    main()
