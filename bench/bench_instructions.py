"""Benchmark: instructions executed by an export, counted by valgrind (callgrind).

Run by hand, after ``bench_search.py`` has filled its database (needs ``valgrind``):

    .venv/bin/python bench/bench_instructions.py --export projects.csv --count 5000 \
        [--projects 100000] [--database-url URL]

Wall times on a shared two-core machine vary by 10-30 % between identical runs; the
number of instructions does not, which makes a change of a few percent visible. The
export of the first ``--count`` published partnerships runs in a child process under
callgrind, then the same process exporting nothing; the difference is the export's.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from portfolio_database import add_arguments, set_up_django

COLLECTED = re.compile(r"Collected : (\d+)")


def export(name: str, count: int) -> None:
    """In the child: warm up (imports, compiled queries), then export ``count`` sheets."""
    from opendata.dumps import published_ids
    from opendata.files import FILES

    ids = list(published_ids())
    sum(len(chunk) for chunk in FILES[name].write(ids[:50], "http://bench"))
    if count:
        sum(len(chunk) for chunk in FILES[name].write(ids[:count], "http://bench"))


def instructions(argv: list[str], count: int) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={Path(scratch) / 'out'}",
                sys.executable,
                __file__,
                *argv,
                "--child",
                str(count),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    return int(COLLECTED.findall(done.stderr)[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--export", default="projects.csv")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        set_up_django(args)
        export(args.export, args.child)
        return
    argv = sys.argv[1:]
    total = instructions(argv, args.count) - instructions(argv, 0)
    print(f"{args.export}, {args.count} partnerships: {total / 1e6:,.0f} million instructions")


if __name__ == "__main__":
    main()
