"""Benchmark: exports of the whole atlas (time and peak memory while streaming).

Run by hand, after ``bench_search.py`` has filled its database:

    .venv/bin/python bench/bench_exports.py --projects 100000 [--database-url URL]

Each export is requested through Django's test client and its stream consumed chunk by
chunk (the bytes are counted, not kept). Memory: the process's peak resident size after
each export; with --traced, also the Python allocations traced while it runs
(tracemalloc, which slows everything down about threefold, so its times are not given).
"""

import argparse
import resource
import time
import tracemalloc

from portfolio_database import add_arguments, set_up_django

EXPORTS = [
    "/api/v1/exports/projects.csv",
    "/api/v1/exports/funding-lines.csv",
    "/api/v1/exports/partners.csv",
    "/api/v1/exports/contacts.csv",
    "/api/v1/exports/partners.geojson",
    "/api/v1/exports/projects.json",
    "/api/v1/exports/projects.iati.xml",
]


def resident_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--traced", action="store_true", help="trace Python allocations")
    parser.add_argument("--only", help="only the exports whose address contains this")
    args = parser.parse_args()
    set_up_django(args)
    from django.test import Client
    from django.test.utils import setup_test_environment

    from search.facet_index import current_index

    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"{len(current_index())} published partnerships; peak RSS so far {resident_mib():.0f} MiB"
    )
    for url in [u for u in EXPORTS if not args.only or args.only in u]:
        if args.traced:
            tracemalloc.start()
        started = time.perf_counter()
        response = client.get(url)
        size = sum(len(chunk) for chunk in response.streaming_content)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, url
        if args.traced:
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{url}: {size / 2**20:.1f} MiB, peak traced {peak / 2**20:.1f} MiB")
        else:
            print(
                f"{url}: {size / 2**20:.1f} MiB in {elapsed:.1f} s, "
                f"peak RSS {resident_mib():.0f} MiB"
            )


if __name__ == "__main__":
    main()
