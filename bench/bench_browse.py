"""Benchmark: server time of the browse pages (home, themes, countries, authorities ...).

Run by hand, after ``bench_search.py`` has filled its database:

    .venv/bin/python bench/bench_browse.py --projects 100000 [--database-url URL]

Each page is requested three times through Django's test client; the best time is kept
(the first request of a process also builds the facet index, which is not the point).
"""

import argparse
import time

from portfolio_database import add_arguments, set_up_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    set_up_django(args)
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from partnerships.models import Project
    from territories.models import Country, DiplomaticPost, FrenchAuthority

    setup_test_environment()
    client = Client(HTTP_HOST="127.0.0.1")
    busiest_country = (
        Country.objects.annotate(n=Count("foreign_authorities__project_links"))
        .order_by("-n")
        .first()
    )
    widest_authority = (
        FrenchAuthority.objects.annotate(
            n=Count("project_links__project__foreign_authorities__country", distinct=True)
        )
        .order_by("-n")
        .first()
    )
    pages = {
        "home": "/fr/",
        "theme index": "/fr/thematiques/",
        "level-1 theme": "/fr/thematiques/eau-assainissement/",
        "level-2 theme": "/fr/thematiques/acces-eau-potable/",
        f"busiest country ({busiest_country.code})": busiest_country.get_absolute_url(),
        "country (DE)": "/fr/pays/DE/",
        f"French authority in most countries ({widest_authority.name})": (
            widest_authority.get_absolute_url()
        ),
        "embassy": f"/fr/ambassades/{DiplomaticPost.objects.order_by('pk').first().pk}/",
        "a project sheet": Project.objects.published().order_by("pk").last().get_absolute_url(),
        "search, no filter": "/fr/projets/",
    }
    for label, url in pages.items():
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{label}: {min(timings):.0f} ms")


if __name__ == "__main__":
    main()
