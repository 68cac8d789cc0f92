"""The back office's pages as each role meets them: every page answers in both languages
with one h1, the dashboard shows each role its work, the list filters, the history reads
as sentences and restores, drafts stay out of the public API, and the demo accounts."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import get_resolver, reverse
from django.utils import timezone, translation
from lxml import html

from accounts.models import Role
from declarations import workflow
from demo.accounts import ACCOUNTS
from partnerships.models import Project
from tests.declarations.test_form import filled, form_fields
from tests.factories import ForeignAuthorityFactory, FrenchAuthorityFactory, SheetData, person
from tests.test_pages import _routes

POST_ONLY = {"declarations:step", "declarations:restore"}


def text_of(response) -> str:
    """The page's main content as a reader reads it (entities decoded, spaces folded)."""
    main = html.fromstring(response.text).get_element_by_id("content")
    return " ".join(main.text_content().split())


@pytest.fixture
def desk(reference_data, django_capture_on_commit_callbacks):
    poitiers = FrenchAuthorityFactory(name="Poitiers", insee_code="86194")
    dakar = ForeignAuthorityFactory(name="Dakar", country_id="SN")
    people = {
        "editor": person(Role.EDITOR, poitiers, user__first_name="Camille", user__last_name="Roy"),
        "correspondent": person(Role.CORRESPONDENT, "SN"),
        "administrator": person(Role.ADMINISTRATOR),
        "analyst": person(Role.ANALYST),
    }
    data = SheetData(title="Eau potable à Dakar")
    data["french_authorities"] = [{"name": "Poitiers", "id": poitiers.pk}]
    data["foreign_authorities"] = [{"name": "Dakar", "country": "SN", "id": dakar.pk}]
    with django_capture_on_commit_callbacks(execute=True):
        version = workflow.create(people["editor"], data)
        workflow.submit(people["editor"], version)
    return {"project": version.project, "version": version, **people}


def test_every_back_office_page_answers_in_both_languages_with_one_h1(desk, client):
    client.force_login(desk["administrator"])
    revision = desk["project"].revisions.first()
    samples = {"pk": desk["project"].pk, "revision": revision.pk}
    names = sorted(
        (name, parameters)
        for name, parameters, localized in _routes(get_resolver().url_patterns)
        if name.startswith("declarations:") and name not in POST_ONLY
    )
    assert len(names) >= 7
    for language in ("fr", "en"):
        for name, parameters in names:
            with translation.override(language):
                url = reverse(name, kwargs={p: samples[p] for p in parameters})
            response = client.get(url)
            assert response.status_code == 200, url
            if response["Content-Type"].startswith("text/html"):
                assert len(re.findall(r"<h1[\s>]", response.text)) == 1, url
                assert f'<html lang="{language}"' in response.text, url


def test_the_correspondent_finds_the_submission_on_their_dashboard(desk, client):
    client.force_login(desk["correspondent"])
    page = client.get(reverse("declarations:dashboard")).text
    assert "À relire" in page and "Eau potable à Dakar" in page


def test_an_editor_is_shown_their_sheets_by_state_and_those_grown_old(desk, client):
    Project.objects.filter(pk=desk["project"].pk).update(
        publication_state="published", updated_at=timezone.now() - timedelta(days=800)
    )
    client.force_login(desk["editor"])
    page = client.get(reverse("declarations:dashboard")).text
    assert "Publié\u00a0: 1" in page
    assert "Fiches à mettre à jour" in page and "Eau potable à Dakar" in page
    assert "À relire" not in page  # editors do not review


def test_a_person_without_a_role_is_told_what_to_wait_for(reference_data, client):
    client.force_login(person(Role.ANALYST).__class__.objects.create(username="x@y.fr"))
    page = client.get(reverse("declarations:dashboard")).text
    assert "aucun rôle" in page


@pytest.mark.parametrize(
    "query",
    [
        {"state": "submitted"},
        {"state": "nonsense", "country": "①"},
        {"q": "\x00" * 3, "page": "9223372036854775808"},
        {"q": "x" * 10_000, "pending": "on"},
    ],
)
def test_the_list_filters_and_shrugs_off_nonsense(desk, client, query):
    client.force_login(desk["analyst"])
    response = client.get(reverse("declarations:projects"), query)
    assert response.status_code == 200
    if query == {"state": "submitted"}:
        assert "1 fiche" in response.text and "Eau potable à Dakar" in response.text


def test_the_history_reads_as_sentences_filters_by_person_and_restores(
    desk, client, django_capture_on_commit_callbacks
):
    client.force_login(desk["editor"])
    project = desk["project"]
    edit = reverse("declarations:edit", kwargs={"pk": project.pk})
    with django_capture_on_commit_callbacks(execute=True):  # as after a real request
        saved = client.post(edit, filled(client.get(edit).text, title="Accès à l'eau à Dakar"))
    assert saved.status_code == 302
    history = reverse("declarations:history", kwargs={"pk": project.pk})
    page = text_of(client.get(history))
    assert page.count("Titre : Eau potable à Dakar → Accès à l'eau à Dakar") == 1  # not twice
    assert "Année de début du partenariat : 2015 → 2020" in page
    assert "État de publication : Brouillon → Soumis" in page
    assert "Camille Roy" in page
    someone_else = text_of(client.get(history, {"person": desk["correspondent"].pk}))
    assert "→ Accès à l'eau à Dakar" not in someone_else
    assert "Aucune modification enregistrée" in someone_else
    assert client.get(history, {"person": "①"}).status_code == 200

    first = project.revisions.order_by("pk").first()
    restored = client.post(
        reverse("declarations:restore", kwargs={"pk": project.pk, "revision": first.pk})
    )
    assert restored.status_code == 302 and restored["Location"] == edit
    assert form_fields(client.get(edit).text)["title"] == "Eau potable à Dakar"


def test_drafts_stay_out_of_the_public_api_whoever_asks(desk, client):
    client.force_login(desk["administrator"])
    assert client.get(f"/api/v1/projects/{desk['project'].pk}/").status_code == 404
    export = client.get("/api/v1/exports/projects.csv?q=eau")
    assert "Eau potable à Dakar" not in b"".join(export.streaming_content).decode()


def test_validation_messages_are_in_english_on_english_pages(desk, client):
    client.force_login(desk["editor"])
    with translation.override("en"):
        url = reverse("declarations:new")
    page = client.get(url).text
    response = client.post(url, filled(page, end_date="2010-01-01", start_year="2020"))
    with translation.override("en"):
        expected = translation.gettext("La date de fin du partenariat précède son année de début.")
    assert expected != "La date de fin du partenariat précède son année de début."
    assert expected in response.text


def test_demo_accounts_only_where_settings_allow_and_over_demo_data(
    reference_data, settings, demo_ready
):
    settings.ATLAS_DEMO_ACCOUNTS = False
    with pytest.raises(CommandError, match="ATLAS_DEMO_ACCOUNTS"):
        call_command("create_demo_accounts")
    settings.ATLAS_DEMO_ACCOUNTS = True
    call_command("generate_demo", projects=30, seed=1)
    call_command("create_demo_accounts")
    users = get_user_model().objects
    for account in ACCOUNTS:
        user = users.get(username=account.email)
        assert user.check_password(account.password)
        assert user.memberships.get().role == account.role
    editor = users.get(username=ACCOUNTS[0].email)
    assert Project.objects.filter(
        french_authorities=editor.memberships.get().french_authority
    ).exists()
