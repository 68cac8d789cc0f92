"""Benchmark: publishing while people search.

Run by hand, after ``bench_search.py`` has filled its database:

    .venv/bin/python bench/bench_publication.py --projects 100000 [--database-url URL]

1. Visibility: two searching processes hold their facet index; a writer changes a
   published partnership (title, status, start year and a theme, through
   ``ProjectWriter``: the path every change takes) 30 times; after each change, each
   searching process runs its next search, which brings its index up to date. Measured:
   the work of that update in each process (reading the clock, the events and the changed
   documents, patching the arrays), and that the search finds the change.
2. Mixed: for ``--seconds`` (60), one process runs the search benchmark's queries through
   Django's test client while another publishes one change per second. Measured: the
   search page's p50 and p95 during the run, and how many changes it saw.
"""

import argparse
import multiprocessing
import random
import statistics
import time
from urllib.parse import urlencode

from portfolio_database import add_arguments, set_up_django

CHANGES = 30


def summary(values: list[float]) -> str:
    q = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
    median = statistics.median(values)
    return f"n={len(values)}, p50 {median:.1f} ms, p95 {q[94]:.1f} ms, max {max(values):.1f} ms"


def change(project_id: int, step: int) -> str:
    """Change a published partnership as an editor would; returns its new title."""
    from catalogue.representation import load_representation
    from catalogue.writer import ProjectWriter
    from nomenclature.models import Theme
    from partnerships.models import Project

    data = load_representation(project_id)
    title = f"Partenariat révisé numéro {step} {random.randrange(10**9)}"
    data["title"] = title
    data["status"] = "completed" if data["status"] == "ongoing" else "ongoing"
    data["start_year"] = (data["start_year"] or 2000) - 1  # never after its end
    theme = Theme.objects.filter(level=2).order_by("?").first()
    data["other_themes"] = [*data["other_themes"], {"path": theme.path(), "priority": None}]
    ProjectWriter().save(data, project=Project.objects.get(pk=project_id), origin="admin")
    return title


def searcher(args, commands, results) -> None:
    """A searching process: builds its index, then for each command brings it up to date
    (timed) and checks that the changed title is found."""
    set_up_django(args)
    from search import index_updates
    from search.text_backends import match

    index_updates.current_index()
    while (title := commands.get()) is not None:
        started = time.perf_counter()
        index = index_updates.current_index()
        elapsed = (time.perf_counter() - started) * 1000
        ids, _scores = match(title)
        found = bool(len(ids)) and bool(index.positions(ids)[1].all())
        results.put((elapsed, found))


def visibility(args) -> None:
    set_up_django(args)
    from partnerships.models import Project

    rng = random.Random(11)
    published = list(Project.objects.published().values_list("pk", flat=True))
    queues = [(multiprocessing.Queue(), multiprocessing.Queue()) for _ in range(2)]
    processes = [
        multiprocessing.Process(target=searcher, args=(args, commands, results))
        for commands, results in queues
    ]
    for process in processes:
        process.start()
    time.sleep(15)  # each builds its index first
    timings, writes, missed = [], [], 0
    for step in range(CHANGES):
        started = time.perf_counter()
        title = change(rng.choice(published), step)
        writes.append((time.perf_counter() - started) * 1000)
        for commands, _results in queues:
            commands.put(title)
        for _commands, results in queues:
            elapsed, found = results.get()
            timings.append(elapsed)
            missed += not found
    for commands, _results in queues:
        commands.put(None)
    for process in processes:
        process.join()
    print(f"write of one change (ProjectWriter, event, document): {summary(writes)}")
    print(f"update of the index in each of 2 processes, per change: {summary(timings)}")
    print(f"changes not found by the next search: {missed} of {len(timings)}")


def writer(args, seconds: float, done) -> None:
    set_up_django(args)
    from partnerships.models import Project

    rng = random.Random(13)
    published = list(Project.objects.published().values_list("pk", flat=True))
    count, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        change(rng.choice(published), count)
        count += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    done.put(count)


def mixed(args) -> None:
    set_up_django(args)
    from bench_search import draw_queries
    from django.test import Client
    from django.test.utils import setup_test_environment

    from catalogue.events import current_version
    from search import index_updates

    index = index_updates.current_index()
    queries = draw_queries(index, 240, random.Random(7))
    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    for params in queries[:10]:
        client.get("/fr/projets/?" + urlencode(params, doseq=True))
    done = multiprocessing.Queue()
    process = multiprocessing.Process(target=writer, args=(args, args.seconds, done))
    start_version = current_version().number
    process.start()
    timings, deadline, i = [], time.monotonic() + args.seconds, 0
    while time.monotonic() < deadline:
        params = queries[i % len(queries)]
        i += 1
        started = time.perf_counter()
        response = client.get("/fr/projets/?" + urlencode(params, doseq=True))
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code not in (200, 404):
            form = response.context["form"] if response.context else None
            raise AssertionError((params, response.status_code, form and form.errors))
    process.join()
    changes = done.get()
    seen = index_updates.current_index().version.number - start_version
    print(f"search page during {args.seconds:.0f} s of one change per second: {summary(timings)}")
    print(f"changes published: {changes}; versions the searching process went through: {seen}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", choices=["visibility", "mixed"])
    args = parser.parse_args()
    multiprocessing.set_start_method("spawn")
    if args.only in (None, "visibility"):
        process = multiprocessing.Process(target=visibility, args=(args,))
        process.start()
        process.join()
    if args.only in (None, "mixed"):
        process = multiprocessing.Process(target=mixed, args=(args,))
        process.start()
        process.join()


if __name__ == "__main__":
    main()
