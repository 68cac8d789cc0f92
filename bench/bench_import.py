"""Benchmark: legacy import throughput and project sheet server time.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_import.py --pages 1000 [--database-url URL]

Uses a throw-away SQLite database under a temporary folder unless --database-url is
given; that database must exist and be disposable, e.g.
``psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE atlas_bench"``. Pages are variants of the seed
page with distinct titles and partners, so each one creates a sheet.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "legacy" / "000_10a2ac0fda2b824b.txt"
COUNTRIES = [
    "Argentine",
    "Mali",
    "Burkina Faso",
    "Sénégal",
    "Maroc",
    "Viêt Nam",
    "République démocratique du Congo",
    "Côte d'Ivoire",
    "Allemagne",
    "Pologne",
]


def make_pages(folder: Path, count: int) -> list[Path]:
    seed = SEED.read_text("utf-8")
    paths = []
    for i in range(count):
        country = COUNTRIES[i % len(COUNTRIES)]
        text = (
            seed.replace("liées à la santé", f"liées à la santé (volet {i})")
            .replace("Santa Fe Argentine", f"Ville partenaire {i % 300} {country}")
            .replace("Grand Poitiers commun", f"Collectivité {i % 500} commun")
            .replace("Ambassade de France à Buenos Aires", f"Ambassade de France {i % 40}")
        )
        path = folder / f"{i:06d}.txt"
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    os.environ["ATLAS_VAR_DIR"] = str(workdir)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from legacy.importer import LegacyImporter
    from partnerships.models import Project

    call_command("migrate", verbosity=0)
    call_command("load_reference", stdout=io.StringIO())
    pages = make_pages(workdir, args.pages)

    importer = LegacyImporter()
    started = time.perf_counter()
    outcomes = [importer.import_file(path)[0].outcome for path in pages]
    first = time.perf_counter() - started
    assert outcomes.count("created") == args.pages, set(outcomes)

    started = time.perf_counter()
    outcomes = [importer.import_file(path)[0].outcome for path in pages]
    second = time.perf_counter() - started
    assert outcomes.count("unchanged") == args.pages, set(outcomes)

    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    urls = [p.get_absolute_url() for p in Project.objects.order_by("?")[: args.requests]]
    timings = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url

    print(f"database: {connection.vendor}")
    print(f"import, {args.pages} new pages: {first:.1f} s ({args.pages / first:.0f} pages/s)")
    print(
        f"re-import, {args.pages} unchanged pages: {second:.1f} s "
        f"({args.pages / second:.0f} pages/s)"
    )
    print(
        f"sheet page over {len(timings)} requests: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 95):.1f} ms"
    )


if __name__ == "__main__":
    main()
