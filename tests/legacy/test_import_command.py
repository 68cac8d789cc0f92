"""`import_legacy` as an administrator runs it."""

import datetime
import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.utils import timezone

from catalogue.representation import says
from catalogue.writer import ProjectWriter
from nomenclature.models import Theme
from partnerships.models import Project, ProjectRevision
from territories.models import Country, ForeignAuthority, FrenchAuthority
from tests.conftest import MULTI_COUNTRY_PAGE, NOT_A_PAGE, SEED_PAGE

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_legacy", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def table_sizes() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("territories", "nomenclature", "partnerships", "legacy")
        for model in apps.get_app_config(app).get_models()
    }


def test_dry_run_prints_the_expected_json_and_writes_nothing(reference_data, seed_expected):
    before = table_sizes()
    out, err = run("--dry-run", "--format", "json", SEED_PAGE)
    assert json.loads(out) == [seed_expected]
    assert table_sizes() == before
    assert "vérifié" in err  # the human report goes to stderr, keeping stdout pure JSON


def test_dry_run_prints_one_representation_per_file_in_argument_order(themes):
    out, _err = run("--dry-run", "--format", "json", MULTI_COUNTRY_PAGE, SEED_PAGE)
    titles = [project["title"] for project in json.loads(out)]
    assert titles[0].startswith("Accès à l'eau potable")
    assert titles[1].startswith("Coopération décentralisée dans le domaine")


def test_import_then_reimport_changes_nothing(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the revision, once committed
        out, _ = run(SEED_PAGE)
    assert "1 créé" in out
    after_first = table_sizes()
    out, _ = run(SEED_PAGE)
    assert "1 inchangé" in out
    assert table_sizes() == after_first
    assert Project.objects.count() == 1
    assert ProjectRevision.objects.count() == 1


def test_a_changed_page_updates_its_sheet_and_records_what_changed(
    reference_data, seed_text, tmp_path, django_capture_on_commit_callbacks
):
    run(SEED_PAGE)
    project = Project.objects.get()
    changed = tmp_path / "seed-updated.txt"
    changed.write_text(
        seed_text.replace("Ville de Santa Fe 21030 2013", "Ville de Santa Fe 25000 2014"), "utf-8"
    )
    with django_capture_on_commit_callbacks(execute=True):
        out, _ = run(changed)
    assert "1 mis à jour" in out and "funding" in out
    assert Project.objects.get().pk == project.pk
    revision = ProjectRevision.objects.filter(project=project).first()
    assert set(revision.changes) == {"funding", "funding_total_eur"}
    assert revision.changes["funding_total_eur"] == {"old": 42060, "new": 46030}
    assert revision.origin == "import"


def test_the_seed_partner_is_found_in_the_official_geographic_code(french_authorities):
    run(SEED_PAGE)
    partner = Project.objects.get().french_authorities.get()
    assert (partner.name, partner.kind, partner.siren) == (
        "CU du Grand Poitiers",
        "cu",
        "200069854",
    )
    assert not FrenchAuthority.objects.filter(needs_review=True).exists()


def test_import_records_the_whole_seed_in_the_database(seed_project):
    project = seed_project
    assert project.publication_state == "published"
    assert project.main_theme.path() == [
        "Economie durable",
        "Attractivité des territoires",
        "Pôles de compétitivité, clusters, filières",
    ]
    assert project.main_theme.needs_review  # not in the nomenclature yet: kept, flagged
    assert FrenchAuthority.objects.get(name="Grand Poitiers").needs_review
    assert ForeignAuthority.objects.get(name="Santa Fe").country_id == "AR"
    post = project.diplomatic_post
    assert (post.name, post.country_id) == ("Ambassade de France à Buenos Aires", "AR")
    # The page's contacts of the embassy stay with the sheet; the embassy's own list is
    # the embassy's to keep, and an import leaves it alone.
    assert list(project.post_contacts.values_list("role", "name", "email")) == [
        (
            "Correspondant coopération décentralisée",
            "Eric BOURLAND",
            "eric.bourland@diplomatie.gouv.fr",
        ),
        (
            "Conseiller de coopération et d'action culturelle",
            "Yann LORVO",
            "yann.lorvo@diplomatie.gouv.fr",
        ),
    ]
    assert not post.contacts.exists()
    assert [
        (str(line.amount_eur), line.funder_kind.code) for line in project.funding_lines.all()
    ] == [
        ("10515.00", "etat"),
        ("10515.00", "collectivite-francaise"),
        ("21030.00", "collectivite-partenaire"),
    ]


def test_a_file_that_is_not_a_page_fails_alone_and_the_others_import(reference_data):
    with pytest.raises(CommandError, match="1 fichier"):
        run(NOT_A_PAGE, SEED_PAGE)
    assert Project.objects.count() == 1


def test_the_report_names_the_failed_file_and_its_reason(reference_data):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_legacy", str(NOT_A_PAGE), stdout=out, stderr=StringIO())
    assert "not_a_page.txt" in out.getvalue()
    assert "n'est pas une fiche projet" in out.getvalue()


def test_a_page_with_errors_writes_nothing_at_all(reference_data, seed_text, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text(seed_text.replace("31/01/2015", "31/01/2O15"), "utf-8")
    before = table_sizes()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_legacy", str(broken), stdout=out, stderr=StringIO())
    assert "ligne 35" in out.getvalue()
    assert table_sizes() == before


def test_an_end_date_before_the_start_year_is_an_error_on_its_line(
    reference_data, seed_text, tmp_path
):
    broken = tmp_path / "end-before-start.txt"
    broken.write_text(seed_text.replace("31/01/2015", "31/01/2010"), "utf-8")
    before = table_sizes()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_legacy", str(broken), stdout=out, stderr=StringIO())
    assert "ligne 35 : La date de fin du partenariat précède son année de début." in (
        out.getvalue()
    )
    assert table_sizes() == before


def test_a_completed_page_whose_end_is_still_to_come_imports_as_ongoing(
    reference_data, seed_text, tmp_path
):
    later = timezone.localdate() + datetime.timedelta(days=1)
    page = tmp_path / "ends-later.txt"
    page.write_text(seed_text.replace("31/01/2015", later.strftime("%d/%m/%Y")), "utf-8")
    out, _err = run(page)
    assert "1 créé" in out
    assert "ligne 33" in out and "importé comme en cours" in out
    project = Project.objects.get()
    assert (project.status, project.end_date) == (Project.Status.ONGOING, later)


def test_a_page_the_database_refuses_is_rolled_back_entirely(reference_data, tmp_path, monkeypatch):
    # The database refuses the funding lines, written last: the sheet, its new
    # authorities, its new themes and their records for review must all be rolled back.
    def refused(*args, **kwargs):
        raise IntegrityError("contrainte non respectée")

    monkeypatch.setattr(ProjectWriter, "funding_lines", refused)
    before = table_sizes()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_legacy", str(SEED_PAGE), stdout=out, stderr=StringIO())
    assert "en échec" in out.getvalue()
    assert "refusé par la base de données : contrainte non respectée" in out.getvalue()
    assert table_sizes() == before
    assert not Theme.objects.exists()


def test_a_folder_imports_its_pages_and_reports_each(themes, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED_PAGE.read_text("utf-8"), "utf-8")
    (folder / "b.txt").write_text(MULTI_COUNTRY_PAGE.read_text("utf-8"), "utf-8")
    out, _ = run("--format", "json", folder)
    reports = json.loads(out)
    assert [r["outcome"] for r in reports] == ["created", "created"]
    assert [r["path"].rsplit("/", 1)[1] for r in reports] == ["a.txt", "b.txt"]
    assert reports[0]["warnings"][0]["line"] == 110
    assert Project.objects.count() == 2


def test_several_partners_in_several_countries_are_linked(multi_country_project):
    links = multi_country_project.foreign_links.select_related("authority")
    assert [(link.authority.name, link.authority.country_id) for link in links] == [
        ("Ville de Kinshasa", "CD"),
        ("Ouagadougou", "BF"),
        ("District autonome d'Abidjan", "CI"),
    ]
    assert multi_country_project.french_authorities.count() == 2
    assert multi_country_project.foreign_contacts.get(last_name="OUEDRAOGO").authority.name == (
        "Ouagadougou"
    )


def test_without_reference_data_the_command_says_what_to_do(db):
    Country.objects.all().delete()  # as before load_reference (rolled back after the test)
    with pytest.raises(CommandError, match="load_reference"):
        run(SEED_PAGE)


def test_a_missing_path_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="n'existe pas"):
        run(tmp_path / "absent.txt")


def test_with_the_official_code_loaded_a_reimport_is_still_unchanged(
    french_authorities, seed_expected, client
):
    run(SEED_PAGE)
    out, _ = run(SEED_PAGE)
    assert "1 inchangé" in out
    project = Project.objects.get()
    # The sheet keeps the name its authors wrote, linked to the official authority.
    link = project.french_links.get()
    assert (link.name, link.authority.name) == ("Grand Poitiers", "CU du Grand Poitiers")
    data = json.loads(client.get(f"/fr/projets/{project.pk}-{project.slug}.json").content)
    assert says(data, seed_expected)
