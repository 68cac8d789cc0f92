"""Benchmark: legacy import throughput and project sheet server time.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_import.py --pages 1000 [--database-url URL]

Then the pages that cost the most: one with a 16,000-word row, and pages of about 1 MB, the
most the importer reads (legacy/checks.py): one of long rows of theme words, one with
every table at its row limit (the worst page it accepts), one just over the size limit.
``--pages 0`` runs only those.

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


def fill_table(text: str, header: str, rows: list[str]) -> str:
    """The seed page with ``rows`` under the line of its table starting with ``header``."""
    start = text.index(header)
    end = text.index("\n", start) + 1
    return text[:end] + "".join(f"{row}\n" for row in rows) + text[end:]


def make_large_pages(folder: Path, theme_paths: list[list[str]]) -> dict[str, Path]:
    """Pages of about 1 MB (MAX_PAGE_BYTES): the cost of the largest files accepted."""
    from django.utils.text import slugify

    from legacy.checks import MAX_PAGE_BYTES, MAX_TABLE_ROWS

    seed = SEED.read_text("utf-8")
    room = MAX_PAGE_BYTES - len(seed.encode()) - 1_000
    # Rows of 2,500 characters of theme labels up to the size limit: each row is cut along
    # the tree, then what is left is too long for a label.
    words = " ".join(" ".join(path) for path in theme_paths).split()
    long_row = " ".join(words * (2_500 // len(" ".join(words)) + 1))[:2_500]
    long_rows = fill_table(
        seed, "Thématique éligible", [long_row] * (room // (len(long_row.encode()) + 1))
    )
    # The page that took 32 s before the importer's matching was made linear.
    one_row = fill_table(
        seed, "Thématique éligible", [" ".join((words * (16_000 // len(words) + 1))[:16_000])]
    )
    # Every table at its limit (the seed's rows included), and a context long enough to
    # reach the size limit.
    rows = range(MAX_TABLE_ROWS - 3)
    full = seed
    for header, table in [
        (
            "Thématique éligible",
            [f"{' '.join(theme_paths[i % len(theme_paths)])} {i % 9 + 1}" for i in rows],
        ),
        (
            "Nom de la collectivité étrangère Pays",
            [f"Ville partenaire n°{i} {COUNTRIES[i % 10]}" for i in rows],
        ),
        (
            "Nom de la collectivité étrangère Nom",
            [f"Ville partenaire n°{i} DUPONT Jean Maire" for i in rows],
        ),
        ("Nom de la collectivité territoriale", [f"Collectivité n°{i}" for i in rows]),
        ("Nom du financeur", [f"Financeur n°{i} 1500 2013" for i in rows]),
        ("Nom Prénom Mission", [f"MARTIN Léa Mission n°{i}" for i in rows]),
    ]:
        full = fill_table(full, header, table)
    sentence = "La santé publique est au cœur des enjeux. "
    context = sentence * ((MAX_PAGE_BYTES - len(full.encode()) - 1_000) // len(sentence.encode()))
    full = full.replace("Contexte\n", f"Contexte\n{context}\n", 1)
    over = seed.replace("Contexte\n", "Contexte\n" + "x" * MAX_PAGE_BYTES + "\n", 1)
    pages = {}
    for name, text in [
        ("one 16,000-word row", one_row),
        ("long theme rows", long_rows),
        ("every table full", full),
        ("over the limit", over),
    ]:
        path = folder / f"large-{slugify(name)}.txt"
        path.write_text(text, "utf-8")
        pages[name] = path
    return pages


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def time_large_pages(importer, folder: Path) -> None:
    from legacy.parser import parse_legacy_page
    from nomenclature.models import Theme

    paths = [t.path() for t in Theme.objects.filter(level=3).select_related("parent__parent")]
    for name, path in make_large_pages(folder, paths).items():
        size = path.stat().st_size
        parsed = 0.0
        if name != "over the limit":  # which is not read at all
            text = path.read_text("utf-8")
            parsed = min(  # the best of three: the machine is shared
                timed(parse_legacy_page, text, importer.vocabulary) for _ in range(3)
            )
        started = time.perf_counter()
        report, _ = importer.import_file(path)
        imported = time.perf_counter() - started
        first = str(report.errors[0]) if report.errors else ""
        print(
            f"{name}, {size:,} bytes: parse {parsed:.2f} s, parse and import {imported:.2f} s, "
            f"{report.outcome}, {len(report.errors)} error(s) {first[:110]}"
        )


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
    print(f"database: {connection.vendor}")
    importer = LegacyImporter()
    if not args.pages:
        time_large_pages(importer, workdir)
        return
    pages = make_pages(workdir, args.pages)

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

    print(f"import, {args.pages} new pages: {first:.1f} s ({args.pages / first:.0f} pages/s)")
    print(
        f"re-import, {args.pages} unchanged pages: {second:.1f} s "
        f"({args.pages / second:.0f} pages/s)"
    )
    print(
        f"sheet page over {len(timings)} requests: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 95):.1f} ms"
    )
    time_large_pages(importer, workdir)


if __name__ == "__main__":
    main()
