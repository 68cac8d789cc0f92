"""Benchmark: exports of the whole atlas (time and peak memory while streaming).

Run by hand, after ``bench_search.py`` has filled its database:

    .venv/bin/python bench/bench_exports.py --projects 100000 [--database-url URL]

Three measures, each export in a fresh process so that its peak resident size is its
own (Django and the first request included, nothing left from another export):
1. written on the fly (as for any search; here without parameters and without files
   written ahead, so the whole atlas);
2. ``write_open_data``: every file of the whole atlas written to disk;
3. the same downloads served from those files.
Each response's stream is consumed chunk by chunk (bytes counted, not kept).
"""

import argparse
import multiprocessing
import resource
import tempfile
import time

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
BASE_URL = "http://127.0.0.1"


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _client(args, directory: str):
    import os

    os.environ["ATLAS_OPEN_DATA_DIR"] = directory
    set_up_django(args)
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/api/v1/zones/").status_code == 200  # URLs, apps and DRF loaded
    return client


def download(args, directory: str, url: str, results) -> None:
    client = _client(args, directory)
    before = peak_mib()
    started = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, url
    served = "from disk" if response.has_header("Last-Modified") else "on the fly"
    results.put((url, served, size, elapsed, before, peak_mib()))


def write_files(args, directory: str, results) -> None:
    _client(args, directory)
    from opendata.dumps import write_dumps

    timings = []
    started = time.perf_counter()
    write_dumps(BASE_URL, lambda name, size, seconds: timings.append((name, size, seconds)))
    results.put((timings, time.perf_counter() - started, peak_mib()))


def in_child(target, *args):
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=target, args=(*args, results))
    process.start()
    outcome = results.get()
    process.join()
    return outcome


def show(url, served, size, elapsed, before, peak) -> None:
    print(
        f"{url} ({served}): {size / 2**20:.1f} MiB in {elapsed:.1f} s, "
        f"peak RSS {peak:.0f} MiB ({before:.0f} before the request)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--only", help="only the exports whose address contains this")
    args = parser.parse_args()
    urls = [u for u in EXPORTS if not args.only or args.only in u]
    with tempfile.TemporaryDirectory() as directory:
        print("Written on the fly:")
        for url in urls:
            show(*in_child(download, args, directory, url))
        timings, total, peak = in_child(write_files, args, directory)
        print(f"write_open_data: {total:.1f} s, peak RSS {peak:.0f} MiB")
        for name, size, seconds in timings:
            print(f"  {name}: {size / 2**20:.1f} MiB in {seconds:.1f} s")
        print("Served from the written files:")
        for url in urls:
            show(*in_child(download, args, directory, url))


if __name__ == "__main__":
    main()
