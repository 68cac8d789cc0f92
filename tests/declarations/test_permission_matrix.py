"""The permission table, walked: every role × every action × a sheet (an authority, an
embassy) inside and outside the person's scope, through the pages a person would use.
What ``RULES`` allows must work; what it does not must be refused (403, or a form that
says why), never a server error."""

import pytest
from django.urls import reverse

from accounts.models import PersonInCharge, Role
from accounts.permissions import RULES, Action, Scope
from declarations import workflow
from declarations.models import Version
from partnerships.models import Project
from territories.models import DiplomaticContact, DiplomaticPost
from tests.declarations.test_form import filled, form_fields
from tests.factories import ForeignAuthorityFactory, FrenchAuthorityFactory, SheetData, person

State = Project.PublicationState


@pytest.fixture
def world(reference_data, django_capture_on_commit_callbacks):
    """A published sheet between Poitiers and Dakar, and people of every role, each
    either within reach of it ("inside") or not ("outside")."""
    poitiers = FrenchAuthorityFactory(name="Poitiers", insee_code="86194")
    lyon = FrenchAuthorityFactory(name="Lyon", insee_code="69123")
    dakar = ForeignAuthorityFactory(name="Dakar", country_id="SN")
    ForeignAuthorityFactory(name="Rosario", country_id="AR")
    post = DiplomaticPost.objects.create(name="Ambassade de France au Sénégal", country_id="SN")
    people = {
        (Role.EDITOR, True): person(Role.EDITOR, poitiers),
        (Role.EDITOR, False): person(Role.EDITOR, lyon),
        (Role.CORRESPONDENT, True): person(Role.CORRESPONDENT, "SN"),
        (Role.CORRESPONDENT, False): person(Role.CORRESPONDENT, "AR"),
        (Role.ADMINISTRATOR, True): person(Role.ADMINISTRATOR),
        (Role.ANALYST, True): person(Role.ANALYST),
    }
    data = SheetData(title="Eau potable à Dakar")
    data["french_authorities"] = [{"name": "Poitiers", "id": poitiers.pk}]
    data["foreign_authorities"] = [{"name": "Dakar", "country": "SN", "id": dakar.pk}]
    admin = people[(Role.ADMINISTRATOR, True)]
    with django_capture_on_commit_callbacks(execute=True):
        version = workflow.create(admin, data)
        workflow.publish(admin, version)
    return {
        "project": version.project,
        "poitiers": poitiers,
        "post": post,
        "people": people,
    }


def open_version(world, state=Version.State.DRAFT) -> Version:
    admin = world["people"][(Role.ADMINISTRATOR, True)]
    version = workflow.start(admin, world["project"])
    if state == Version.State.SUBMITTED:
        workflow.submit(admin, version)
    return version


def _post(client, url, data=None):
    return client.post(url, data or {})


def step(name):
    def run(client, world):
        url = reverse("declarations:step", kwargs={"pk": world["project"].pk, "step": name})
        return _post(client, url, {"text": "Message"})

    return run


# Each action as a person does it, and how to tell that it took effect.
def do_view(client, world):
    response = client.get(reverse("declarations:sheet", kwargs={"pk": world["project"].pk}))
    return response, response.status_code == 200


def do_create(client, world):
    page = client.get(reverse("declarations:new"))
    if page.status_code != 200:
        return page, False
    data = filled(
        page.text,
        title="Nouvelle fiche",
        **{"french_authorities-0-authority": "Poitiers (commune)"},
    )
    response = client.post(reverse("declarations:new"), data)
    return response, Project.objects.filter(title="Nouvelle fiche").exists()


def do_edit(client, world):
    url = reverse("declarations:edit", kwargs={"pk": world["project"].pk})
    page = client.get(url)
    if page.status_code != 200:
        return page, False
    fields = form_fields(page.text)
    fields.update(objectives="Changé", save="1")
    response = client.post(url, fields)
    version = workflow.open_version(world["project"])
    return response, bool(version and version.data.get("objectives") == "Changé")


def do_submit(client, world):
    version = open_version(world)
    response = step("submit")(client, world)
    version.refresh_from_db()
    return response, version.state == Version.State.SUBMITTED


def do_publish(client, world):
    version = open_version(world, Version.State.SUBMITTED)
    response = step("publish")(client, world)
    version.refresh_from_db()
    return response, version.state == Version.State.PUBLISHED


def do_send_back(client, world):
    version = open_version(world, Version.State.SUBMITTED)
    response = step("send-back")(client, world)
    version.refresh_from_db()
    return response, version.state == Version.State.DRAFT


def do_archive(client, world):
    response = step("archive")(client, world)
    world["project"].refresh_from_db()
    return response, world["project"].publication_state == State.ARCHIVED


def do_restore(client, world):
    revision = world["project"].revisions.order_by("pk").first()
    url = reverse(
        "declarations:restore", kwargs={"pk": world["project"].pk, "revision": revision.pk}
    )
    response = _post(client, url)
    return response, workflow.open_version(world["project"]) is not None


def do_delete(client, world):
    response = step("delete")(client, world)
    return response, not Project.objects.filter(pk=world["project"].pk).exists()


def do_manage_people(client, world):
    url = reverse("accounts:authority", kwargs={"pk": world["poitiers"].pk})
    page = client.get(url)
    if page.status_code != 200 or "person-form" not in page.text:
        return page, False
    fields = form_fields(page.text, "person-form")
    fields.update(
        kind="staff", first_name="Anne", last_name="Martin", function="Chargée de mission"
    )
    response = client.post(url, fields)
    return response, PersonInCharge.objects.filter(last_name="Martin").exists()


def do_manage_embassy(client, world):
    url = reverse("accounts:embassy", kwargs={"pk": world["post"].pk})
    page = client.get(url)
    if page.status_code != 200 or "contact-form" not in page.text:
        return page, False
    fields = form_fields(page.text, "contact-form")
    fields.update(role="correspondent", name="Jeanne Diop", email="jeanne.diop@example.org")
    response = client.post(url, fields)
    return response, DiplomaticContact.objects.filter(name="Jeanne Diop").exists()


def do_manage_accounts(client, world):
    response = client.get(reverse("accounts:requests"))
    return response, response.status_code == 200


def do_manage_references(client, world):
    response = client.get(reverse("admin:nomenclature_theme_changelist"))
    return response, response.status_code == 200


def do_view_statistics(client, world):
    response = client.get(reverse("declarations:statistics"))
    return response, response.status_code == 200


DOING = {
    Action.VIEW_DRAFTS: do_view,
    Action.CREATE: do_create,
    Action.EDIT: do_edit,
    Action.SUBMIT: do_submit,
    Action.PUBLISH: do_publish,
    Action.SEND_BACK: do_send_back,
    Action.ARCHIVE: do_archive,
    Action.RESTORE: do_restore,
    Action.DELETE: do_delete,
    Action.MANAGE_PEOPLE: do_manage_people,
    Action.MANAGE_EMBASSY: do_manage_embassy,
    Action.MANAGE_ACCOUNTS: do_manage_accounts,
    Action.MANAGE_REFERENCES: do_manage_references,
    Action.VIEW_STATISTICS: do_view_statistics,
}
CASES = [
    (role, inside, action)
    for role in Role
    for inside in ((True, False) if role in (Role.EDITOR, Role.CORRESPONDENT) else (True,))
    for action in Action
]


def test_every_action_has_a_way_to_be_done():
    assert set(DOING) == set(Action)


@pytest.mark.parametrize(("role", "inside", "action"), CASES)
def test_the_table_says_what_each_role_may_do(world, client, role, inside, action):
    scope = RULES[role].get(action)
    expected = scope is not None and (inside or scope is Scope.ALL)
    client.force_login(world["people"][(role, inside)])
    response, done = DOING[action](client, world)
    assert response.status_code < 500
    assert done is expected, (role, inside, action, response.status_code)
    if not expected:
        assert response.status_code == refusal(role, action)


def refusal(role: Role, action: Action) -> int:
    """How a refusal shows: a 403, except for a person who may create sheets elsewhere
    (the form says why this one is out of reach), one who reads everything (an analyst
    sees an authority's people without the form to change them), and the admin (its
    own sign-in page)."""
    if action is Action.MANAGE_REFERENCES:
        return 302
    if action is Action.CREATE and Action.CREATE in RULES[role]:
        return 200
    reads_all = RULES[role].get(Action.VIEW_DRAFTS) is Scope.ALL
    if action in (Action.MANAGE_PEOPLE, Action.MANAGE_EMBASSY) and reads_all:
        return 200
    return 403
