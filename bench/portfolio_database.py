"""The database the search, browse and export benchmarks share, and Django set up on it.

An SQLite file under var/ per portfolio size (``bench-search-<N>.sqlite3``) unless a
``--database-url`` is given; ``bench_search.py`` fills it, the others read it.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def add_arguments(parser) -> None:
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--database-url")


def set_up_django(args) -> None:
    """Point Django at the benchmark's database (production-like: DEBUG off) and start it."""
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = args.database_url or (
        f"sqlite:///{ROOT / 'var' / f'bench-search-{args.projects}.sqlite3'}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas.settings.dev")
    os.environ["DJANGO_DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
