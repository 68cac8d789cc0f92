"""The demo portfolio: deterministic, shaped like the Atlas, marked, removable."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count
from django.utils import timezone, translation

from catalogue.reader import SheetReader
from catalogue.representation import representation, to_plain
from demo.generator import DemoGenerator
from partnerships.models import FundingLine, Project
from territories.models import ForeignAuthority

pytestmark = pytest.mark.django_db


def generate(*args) -> str:
    out = StringIO()
    call_command("generate_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def portfolio() -> list[dict]:
    ids = Project.objects.filter(is_demo=True).order_by("pk").values_list("pk", flat=True)
    reader = SheetReader()
    return [to_plain(representation(sheet, reader)) for sheet in reader.sheets(ids)]


def test_the_same_seed_gives_the_same_portfolio(demo_ready):
    generate("--projects", "150", "--seed", "7")
    first = portfolio()
    generate("--projects", "150", "--seed", "7", "--clear")
    assert portfolio() == first
    generate("--projects", "150", "--seed", "8")
    assert portfolio() != first


def test_the_portfolio_is_shaped_like_the_atlas(demo_ready):
    generate("--projects", "600", "--seed", "1")
    projects = Project.objects.filter(is_demo=True)
    assert projects.count() == 600
    top = [
        code
        for code, _ in projects.values_list("foreign_authorities__country")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n")[:5]
    ]
    # West Africa first: Mali, Burkina Faso and Senegal lead, as in the real Atlas.
    assert top[0] in {"ML", "BF", "SN"}
    assert {"ML", "BF", "SN"} <= set(top)
    twinnings = projects.filter(partnership_type__code="jumelage").aggregate(y=Avg("start_year"))
    others = projects.exclude(partnership_type__code="jumelage").aggregate(y=Avg("start_year"))
    assert twinnings["y"] < others["y"] - 10
    assert not projects.filter(start_year__lt=1960).exists()
    assert not projects.filter(start_year__gt=2026).exists()
    # Foreign partners are real towns, with coordinates.
    assert not ForeignAuthority.objects.filter(is_demo=True, latitude__isnull=True).exists()
    # Water projects draw on the 1% water law; some funders are water agencies.
    water = projects.filter(main_theme__parent__isnull=False).filter(
        funding_lines__water_1pct_eur__gt=0
    )
    assert water.exists()
    assert projects.filter(funding_lines__funder__startswith="Agence de l'eau").exists()
    # Every demo funding line says what kind of funder it comes from.
    assert not FundingLine.objects.filter(project__is_demo=True, funder_kind__isnull=True).exists()


def test_nothing_in_the_portfolio_happens_after_the_day_it_is_made(demo_ready):
    generate("--projects", "200", "--seed", "3")
    projects = Project.objects.filter(is_demo=True)
    today = timezone.localdate()
    assert not projects.filter(status="completed", end_date__gt=today).exists()
    assert not projects.filter(updated_at__gt=timezone.now()).exists()
    # Its foreign partners are GeoNames towns, and say which.
    assert not ForeignAuthority.objects.filter(is_demo=True, geonames_id__isnull=True).exists()


def test_a_portfolio_made_on_a_given_day_plans_the_ends_still_to_come(demo_ready):
    # Made early in a year the demo's years run past, the portfolio draws many ends and
    # updates after that day: whatever the day the suite runs, they must be kept out.
    today = datetime.date(2018, 1, 20)
    DemoGenerator(3, today=today).generate(200)
    projects = Project.objects.filter(is_demo=True)
    assert not projects.filter(status="completed", end_date__gt=today).exists()
    assert projects.filter(status="ongoing", end_date__gt=today).exists()  # planned ends
    assert not projects.filter(start_year__gt=today.year).exists()
    start_of_today = datetime.datetime.combine(
        today, datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    assert not projects.filter(updated_at__gt=start_of_today).exists()
    # Every sheet was last updated in or after the year it started.
    updated = projects.values_list("start_year", "updated_at")
    assert all(timezone.localtime(moment).year >= start for start, moment in updated)


def test_a_rerun_with_the_same_parameters_does_nothing(demo_ready):
    generate("--projects", "50", "--seed", "3")
    first_ids = list(Project.objects.filter(is_demo=True).values_list("pk", flat=True))
    assert "rien à faire" in generate("--projects", "50", "--seed", "3")
    assert list(Project.objects.filter(is_demo=True).values_list("pk", flat=True)) == first_ids


def test_clear_removes_demo_data_only_and_the_notice_goes_with_it(demo_ready, seed_project, client):
    generate("--projects", "40", "--seed", "2")
    home = client.get("/fr/").content.decode()
    assert "Données de démonstration" in home
    assert "Demo data" in client.get("/en/").content.decode()
    sheet = Project.objects.filter(is_demo=True, publication_state="published").first()
    with translation.override("fr"):
        assert "partenariats fictifs" in client.get(sheet.get_absolute_url()).content.decode()

    generate("--clear")
    assert not Project.objects.filter(is_demo=True).exists()
    assert not ForeignAuthority.objects.filter(is_demo=True).exists()
    assert Project.objects.get() == seed_project
    assert ForeignAuthority.objects.filter(name="Santa Fe").exists()
    assert "Données de démonstration" not in client.get("/fr/").content.decode()


def test_without_reference_data_the_generator_says_what_to_do(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_reference"):
        generate("--projects", "10")


def test_atlas_summary_prints_the_headline_counts_as_json(demo_ready, seed_project):
    import json

    generate("--projects", "30", "--seed", "4")
    out = StringIO()
    call_command("atlas_summary", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["countries"] == 249 and summary["zones"] == 6
    assert (summary["regions"], summary["departements"]) == (18, 101)
    assert summary["overseas_collectivities"] == 8
    assert summary["embassies"] == 196  # 195 reference ones, and the seed's own post
    assert summary["themes"]["level_1"] == 13
    assert (summary["projects"], summary["demo_projects"]) == (31, 30)
    assert summary["foreign_authorities"] == ForeignAuthority.objects.count()
    assert 1 <= summary["french_authorities_with_partnerships"] <= 31 * 2
