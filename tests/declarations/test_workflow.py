"""A sheet's life in the back office: created as a draft, saved without lost updates,
submitted, sent back or published, changed as a pending version, archived, restored."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from declarations import workflow
from declarations.models import Comment, Version
from partnerships.models import Project, ProjectRevision
from tests.factories import ForeignAuthorityFactory, FrenchAuthorityFactory, SheetData, person

State = Project.PublicationState


@pytest.fixture
def parties(reference_data):
    poitiers = FrenchAuthorityFactory(name="Poitiers")
    dakar = ForeignAuthorityFactory(name="Dakar", country_id="SN")
    return {
        "poitiers": poitiers,
        "dakar": dakar,
        "editor": person(Role.EDITOR, poitiers, user__email="redactrice@poitiers.fr"),
        "correspondent": person(Role.CORRESPONDENT, "SN", user__email="cooperation@dakar.fr"),
        "other_editor": person(Role.EDITOR, FrenchAuthorityFactory(name="Lyon")),
        "other_correspondent": person(Role.CORRESPONDENT, "AR"),
        "analyst": person(Role.ANALYST),
        "administrator": person(Role.ADMINISTRATOR, user__email="admin@atlas.fr"),
    }


def sheet(parties, **kwargs) -> dict:
    data = SheetData(title="Eau potable à Dakar", **kwargs)
    data["french_authorities"] = [{"name": "Poitiers", "id": parties["poitiers"].pk}]
    data["foreign_authorities"] = [{"name": "Dakar", "country": "SN", "id": parties["dakar"].pk}]
    return data


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a step with its after-commit work (revisions, e-mails), as a request would."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


def public(client, project: Project) -> int:
    return client.get(Project.objects.get(pk=project.pk).get_absolute_url()).status_code


def test_a_new_partnership_is_a_draft_the_public_does_not_see(parties, committed, client):
    version = committed(workflow.create, parties["editor"], sheet(parties))
    project = version.project
    assert project.publication_state == State.DRAFT
    assert version.state == Version.State.DRAFT and version.number == 1
    assert version.data["french_authorities"] == [
        {"name": "Poitiers", "id": parties["poitiers"].pk}
    ]
    assert public(client, project) == 404


def test_the_second_of_two_saves_from_the_same_start_is_refused_with_what_changed(
    parties, committed
):
    version = committed(workflow.create, parties["editor"], sheet(parties))
    first = dict(version.data, title="Accès à l'eau potable à Dakar")
    committed(workflow.save, parties["editor"], version, first, lock=0)
    second = dict(version.data, objectives="Former des fontainiers")
    with pytest.raises(workflow.Conflict) as refused:
        committed(workflow.save, parties["correspondent"], version, second, lock=0)
    assert refused.value.changes["title"] == {
        "old": "Eau potable à Dakar",
        "new": "Accès à l'eau potable à Dakar",
    }
    version.refresh_from_db()
    assert version.data["title"] == "Accès à l'eau potable à Dakar"
    assert version.lock == 1


def test_submitted_sheet_is_published_by_the_partner_country_correspondent(
    parties, committed, client
):
    version = committed(workflow.create, parties["editor"], sheet(parties))
    committed(workflow.submit, parties["editor"], version, "Première déclaration")
    assert Project.objects.get().publication_state == State.SUBMITTED
    assert [m.to for m in mail.outbox] == [["cooperation@dakar.fr"]]
    assert "Eau potable à Dakar" in mail.outbox[0].subject
    assert "/fr/espace/" in mail.outbox[0].body and "/en/workspace/" in mail.outbox[0].body

    with pytest.raises(workflow.WorkflowError):
        workflow.publish(parties["editor"], version)
    with pytest.raises(workflow.WorkflowError):
        workflow.publish(parties["other_correspondent"], version)
    committed(workflow.publish, parties["correspondent"], version)
    assert Project.objects.get().publication_state == State.PUBLISHED
    assert public(client, version.project) == 200
    assert mail.outbox[-1].to == ["redactrice@poitiers.fr"]
    assert list(version.comments.values_list("kind", flat=True)) == [
        Comment.Kind.SUBMITTED,
        Comment.Kind.PUBLISHED,
    ]


def test_a_change_to_a_published_sheet_waits_for_its_publication(parties, committed, client):
    version = committed(workflow.create, parties["editor"], sheet(parties))
    committed(workflow.publish, parties["administrator"], version)
    project = Project.objects.get()

    pending = workflow.start(parties["editor"], project)
    assert pending.number == 2
    committed(
        workflow.save, parties["editor"], pending, dict(pending.data, title="Nouveau titre"), 0
    )
    project.refresh_from_db()
    assert project.title == "Eau potable à Dakar"
    assert "Eau potable à Dakar" in client.get(project.get_absolute_url()).text

    committed(workflow.submit, parties["editor"], pending)
    committed(workflow.publish, parties["correspondent"], pending)
    project.refresh_from_db()
    assert project.title == "Nouveau titre"
    assert project.publication_state == State.PUBLISHED


def test_sending_back_needs_a_message_and_keeps_it(parties, committed):
    version = committed(workflow.create, parties["editor"], sheet(parties))
    committed(workflow.submit, parties["editor"], version)
    with pytest.raises(workflow.WorkflowError, match="changer"):
        workflow.send_back(parties["correspondent"], version, "  ")
    mail.outbox.clear()
    committed(workflow.send_back, parties["correspondent"], version, "Ajoutez le budget 2024.")
    version.refresh_from_db()
    assert version.state == Version.State.DRAFT
    assert Project.objects.get().publication_state == State.DRAFT
    assert version.comments.last().text == "Ajoutez le budget 2024."
    assert mail.outbox[0].to == ["redactrice@poitiers.fr"]
    assert "Ajoutez le budget 2024." in mail.outbox[0].body


@pytest.mark.parametrize("who", ["other_editor", "other_correspondent", "analyst"])
def test_people_outside_the_sheet_cannot_change_it(parties, committed, who):
    version = committed(workflow.create, parties["editor"], sheet(parties))
    with pytest.raises(workflow.WorkflowError):
        workflow.save(parties[who], version, dict(version.data, title="x"), 0)
    with pytest.raises(workflow.WorkflowError):
        workflow.archive(parties[who], version.project)
    assert Project.objects.get().title == "Eau potable à Dakar"


def test_an_earlier_state_comes_back_as_a_new_pending_version(parties, committed):
    version = committed(workflow.create, parties["editor"], sheet(parties))
    committed(workflow.publish, parties["administrator"], version)
    project = Project.objects.get()
    first_publication = project.revisions.order_by("pk").last()
    pending = workflow.start(parties["editor"], project)
    committed(workflow.save, parties["editor"], pending, dict(pending.data, title="Renommé"), 0)
    committed(workflow.publish, parties["correspondent"], pending)
    assert Project.objects.get().title == "Renommé"

    restored = committed(workflow.restore, parties["editor"], project, first_publication)
    assert restored.state == Version.State.DRAFT and restored.number == 3
    assert restored.data["title"] == "Eau potable à Dakar"
    assert Project.objects.get().title == "Renommé"  # until it is published


def test_publishing_over_a_change_made_elsewhere_is_refused(parties, committed):
    from catalogue.writer import ProjectWriter

    version = committed(workflow.create, parties["editor"], sheet(parties))
    committed(workflow.publish, parties["administrator"], version)
    project = Project.objects.get()
    pending = workflow.start(parties["editor"], project)
    imported = dict(pending.data, objectives="Écrit par un import")
    committed(ProjectWriter().save, imported, project=project, origin="import")
    with pytest.raises(workflow.WorkflowError, match="a changé"):
        workflow.publish(parties["correspondent"], pending)


def test_changes_made_elsewhere_are_taken_into_the_version_and_nothing_is_lost(
    parties, committed, client
):
    from catalogue.writer import ProjectWriter

    version = committed(workflow.create, parties["editor"], sheet(parties))
    committed(workflow.publish, parties["administrator"], version)
    project = Project.objects.get()
    pending = workflow.start(parties["editor"], project)
    mine = dict(pending.data, title="Titre de la rédactrice", context="Contexte de la rédactrice")
    pending = committed(workflow.save, parties["editor"], pending, mine, 0)
    imported = dict(
        workflow.editable_data(project), objectives="Écrit par un import", context="De l'import"
    )
    committed(ProjectWriter().save, imported, project=project, origin="import")

    client.force_login(parties["correspondent"])
    page = client.get(reverse("declarations:sheet", kwargs={"pk": project.pk})).text
    assert "Reprendre les changements publiés" in page
    response = client.post(
        reverse("declarations:step", kwargs={"pk": project.pk, "step": "rebase"}), follow=True
    )
    assert "Repris : Objectifs du partenariat" in response.text
    assert "Contexte" in response.text.split("Changés des deux côtés")[1]

    committed(workflow.submit, parties["editor"], pending)
    committed(workflow.publish, parties["correspondent"], pending)
    project.refresh_from_db()
    assert project.title == "Titre de la rédactrice"
    assert project.objectives == "Écrit par un import"  # not undone
    assert project.context == "Contexte de la rédactrice"  # both changed: the version's


def test_archiving_takes_the_sheet_off_the_public_site(parties, committed, client):
    version = committed(workflow.create, parties["editor"], sheet(parties))
    committed(workflow.publish, parties["correspondent"], version)
    committed(workflow.archive, parties["editor"], version.project)
    assert Project.objects.get().publication_state == State.ARCHIVED
    assert public(client, version.project) == 404
    assert ProjectRevision.objects.filter(project=version.project).count() >= 2


def test_only_administrators_delete(parties, committed):
    version = committed(workflow.create, parties["editor"], sheet(parties))
    for who in ("editor", "correspondent", "analyst"):
        with pytest.raises(workflow.WorkflowError):
            workflow.delete(parties[who], version.project)
    committed(workflow.delete, parties["administrator"], version.project)
    assert not Project.objects.exists()


def test_a_version_saying_completed_before_its_end_waits(parties, committed):
    """A version saved before the form refused it ("completed", the end still to come)
    is not published: the correspondent reads why, nothing is lost."""
    version = committed(workflow.create, parties["editor"], sheet(parties))
    later = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    Version.objects.filter(pk=version.pk).update(
        data={**version.data, "status": "completed", "end_date": later}
    )
    version.refresh_from_db()
    with pytest.raises(workflow.WorkflowError, match="encore à venir est en cours"):
        committed(workflow.publish, parties["administrator"], version)
    assert Project.objects.get().publication_state == State.DRAFT
    version.refresh_from_db()
    assert version.data["end_date"] == later
