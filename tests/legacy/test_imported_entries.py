"""Reference entries created by imports, as administrators find and review them."""

import pytest
from django.urls import reverse

from legacy.models import ImportedEntry
from nomenclature.models import Theme
from territories.models import DiplomaticPost
from tests.conftest import SEED_PAGE, import_pages

pytestmark = pytest.mark.django_db


def index_of(client) -> str:
    return client.get(reverse("admin:index")).content.decode()


def to_review() -> str:
    return reverse("admin:legacy_importedentry_changelist") + "?reviewed__exact=0"


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def typo_post_page(seed_text, tmp_path):
    """The seed page naming its embassy with a typo, beside the real one already known."""
    DiplomaticPost.objects.create(name="Ambassade de France à Buenos Aires", country_id="AR")
    page = tmp_path / "coquille.txt"
    page.write_text(seed_text.replace("à Buenos Aires", "a Buenos Aire"), "utf-8")
    return page


def test_an_import_records_each_entry_it_created_for_review(reference_data):
    (report,) = import_pages(SEED_PAGE)
    entries = {
        (entry.kind, entry.label): entry
        for entry in ImportedEntry.objects.select_related("project")
    }
    # Neither themes, French authorities nor embassies are loaded here: the page's are new.
    assert set(entries) == {
        ("theme", "Economie durable"),
        ("theme", "Economie durable > Attractivité des territoires"),
        (
            "theme",
            "Economie durable > Attractivité des territoires > "
            "Pôles de compétitivité, clusters, filières",
        ),
        ("french_authority", "Grand Poitiers"),
        ("foreign_authority", "Santa Fe"),
        ("diplomatic_post", "Ambassade de France à Buenos Aires"),
    }
    entry = entries[("diplomatic_post", "Ambassade de France à Buenos Aires")]
    assert entry.source_file == str(SEED_PAGE)
    assert entry.project.pk == report.project_id
    assert not entry.reviewed
    # A second import of the page finds these entries: nothing new to review.
    import_pages(SEED_PAGE)
    assert ImportedEntry.objects.count() == 6


def test_the_admin_index_counts_entries_to_review_and_links_to_their_list(
    reference_data, typo_post_page, admin_client
):
    import_pages(typo_post_page)
    page = index_of(admin_client)
    assert "6 entrées créées par un import à vérifier" in page
    assert f'href="{to_review().replace("&", "&amp;")}"' in page

    listed = admin_client.get(to_review() + "&kind__exact=diplomatic_post").content.decode()
    assert "Ambassade de France a Buenos Aire" in listed
    assert "Ambassade de France à Buenos Aires" not in listed  # known before: not listed


def test_marking_an_entry_reviewed_takes_it_off_the_count(
    reference_data, typo_post_page, admin_client
):
    import_pages(typo_post_page)
    post = ImportedEntry.objects.get(kind="diplomatic_post")
    response = admin_client.post(
        reverse("admin:legacy_importedentry_changelist"),
        {"action": "mark_reviewed", "_selected_action": [post.pk]},
        follow=True,
    )
    assert "1 entrée marquée comme vérifiée." in response.content.decode()
    post.refresh_from_db()
    assert post.reviewed and post.reviewed_by.username == "admin"
    assert "5 entrées créées par un import à vérifier" in index_of(admin_client)

    themes = ImportedEntry.objects.filter(kind="theme")
    admin_client.post(
        reverse("admin:legacy_importedentry_changelist"),
        {
            "action": "mark_reviewed",
            "_selected_action": [e.pk for e in ImportedEntry.objects.all()],
        },
    )
    # Reviewed here means reviewed in the nomenclature too.
    assert not Theme.objects.filter(pk__in=themes.values("theme"), needs_review=True).exists()
    assert "créée par un import" not in index_of(admin_client)


def test_deleting_a_junk_entry_takes_its_record_with_it(reference_data, typo_post_page):
    import_pages(typo_post_page)
    DiplomaticPost.objects.get(name="Ambassade de France a Buenos Aire").delete()
    assert not ImportedEntry.objects.filter(kind="diplomatic_post").exists()


def test_administrators_without_the_right_see_no_count(reference_data, client, django_user_model):
    import_pages(SEED_PAGE)
    staff = django_user_model.objects.create_user("staff", "s@example.org", "pw", is_staff=True)
    client.force_login(staff)
    assert "créée par un import" not in index_of(client)
