"""Benchmark: the IATI file of the whole atlas, written and checked with the IATI
Validator's rules (``opendata/iati_rules/``).

Run by hand on a database (the demo of ``make run`` by default, or a benchmark portfolio
with ``--projects N`` after ``bench_search.py``):

    .venv/bin/python bench/bench_iati.py [--demo] [--projects N] [--database-url URL]

Prints, for the aid-only file and the file with every country, the median of three
writings (seconds, activities, size) and the time the rules take to check it, with the
findings by rule.
"""

import argparse
import os
import statistics
import sys
import time

from portfolio_database import ROOT, add_arguments, set_up_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_arguments(parser)
    parser.add_argument("--demo", action="store_true", help="var/atlas.sqlite3 (make run's)")
    args = parser.parse_args()
    if args.demo and not args.database_url:
        args.database_url = f"sqlite:///{ROOT / 'var' / 'atlas.sqlite3'}"
    set_up_django(args)

    from opendata.dumps import published_ids
    from opendata.iati import iati_chunks
    from opendata.iati_rules import validate

    ids = published_ids()
    print(f"{len(ids)} published partnerships ({os.environ['DATABASE_URL']})")
    for label, every in (("aid only", False), ("countries=all", True)):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            body = "".join(iati_chunks(ids, "https://atlas.example", "/api/v1/themes/", every))
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        report = validate(body.encode())
        checked = time.perf_counter() - started
        print(
            f"{label}: {report.activities} activities, {len(body.encode()) / 2**20:.1f} MiB, "
            f"written in {statistics.median(times):.2f} s (median of 3), "
            f"checked in {checked:.1f} s: {len(report.errors)} errors, "
            f"{len(report.warnings)} warnings"
        )
        for (rule, severity, _message), count in sorted(report.counts().items()):
            print(f"  {rule} {severity} × {count}")


if __name__ == "__main__":
    sys.exit(main())
