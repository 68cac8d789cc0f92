"""Writing a partnership: what is written reads back the same, entries keep their ids
across saves, each change is recorded once committed, and only changes to what the public
sees emit a publication event."""

import pytest

from catalogue.events import Event, current_version
from catalogue.reader import SheetReader
from catalogue.representation import load_representation, says, to_plain
from catalogue.writer import ProjectWriter
from partnerships.models import (
    ForeignContact,
    FundingLine,
    ImplementingActor,
    PostContactAsImported,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectRevision,
    ProjectTheme,
    Volunteer,
)
from search.models import SearchDocument
from territories.models import DiplomaticContact, DiplomaticPost
from tests.conftest import HEALTH, WATER
from tests.factories import SheetData

PUBLISHED = Project.PublicationState.PUBLISHED
LISTS = {
    "theme_links": ProjectTheme,
    "implementing_actors": ImplementingActor,
    "french_links": ProjectFrenchAuthority,
    "foreign_links": ProjectForeignAuthority,
    "foreign_contacts": ForeignContact,
    "funding_lines": FundingLine,
    "volunteers": Volunteer,
    "post_contacts": PostContactAsImported,
}


@pytest.fixture
def everything(french_authorities, themes):
    """A sheet with something in every list."""
    DiplomaticPost.objects.create(name="Ambassade de France au Burkina Faso", country_id="BF")
    return SheetData(
        title="Eau et santé à Ouagadougou",
        french=["Poitiers", "Lyon"],
        foreign=[("Ouagadougou", "BF"), ("Bobo-Dioulasso", "BF")],
        theme_path=WATER,
        first_signature_year=2012,
        end_date="2020-06-30",
        status="completed",
        triennial=True,
        other_themes=[{"path": HEALTH[:2], "priority": 1}],
        context="Contexte.",
        history="",
        objectives="Objectifs.",
        description="Description.",
        implementation={
            "project_owners": [{"name": "Ville de Poitiers"}],
            "project_managers": [{"name": "ONG Eau Vive"}],
            "beneficiaries": [{"name": "Habitants de Ouagadougou"}],
        },
        foreign_contacts=[
            {
                "authority": "Ouagadougou",
                "last_name": "OUÉDRAOGO",
                "first_name": "Awa",
                "function": "Maire",
                "email": "awa@example.bf",
            }
        ],
        funding=[
            {
                "funder": "Ville de Poitiers",
                "funder_kind": "etat",  # given: kept, whatever the name suggests
                "amount_eur": 12000,
                "water_1pct_eur": 4000,
                "energy_1pct_eur": None,
                "waste_1pct_eur": None,
                "mobility_1pct_eur": None,
                "year": 2016,
            },
            {
                "funder": "Agence de l'eau Loire-Bretagne",
                "amount_eur": 20000.5,
                "water_1pct_eur": 20000.5,
                "energy_1pct_eur": None,
                "waste_1pct_eur": 0,
                "mobility_1pct_eur": None,
                "year": 2017,
            },
        ],
        funding_total_eur=32000.5,
        communication_france="Une exposition.",
        communication_partner_countries=None,
        evaluation="Évaluation à mi-parcours.",
        volunteers=[
            {
                "last_name": "MARTIN",
                "first_name": "Léa",
                "mission": "Appui technique",
                "field_of_action": "Eau",
                "host_entity": "Mairie de Ouagadougou",
                "scheme": "Service civique",
            }
        ],
        diplomatic_post={
            "name": "Ambassade de France au Burkina Faso",
            "country": "BF",
            "contacts": [{"role": "Correspondant", "name": "Jean DUPONT", "email": "j@d.fr"}],
        },
    )


def ids(project: Project) -> dict[str, list[int]]:
    return {
        name: list(model.objects.filter(project=project).values_list("pk", flat=True))
        for name, model in LISTS.items()
    }


def test_a_sheet_written_reads_back_as_it_was_given(everything):
    project = ProjectWriter().save(everything, origin="import").project
    written = to_plain(load_representation(project.pk))
    assert says(written, to_plain(everything))
    # A kind of funder not given is told from the funder's name.
    assert [line["funder_kind"] for line in written["funding"]] == ["etat", "agence-eau"]
    assert all(ids(project).values())  # every list has its entries


def test_saving_again_keeps_the_ids_of_every_entry_and_updates_only_what_changed(everything):
    writer = ProjectWriter()
    project = writer.save(everything, origin="import").project
    before = ids(project)
    everything["funding"][1]["amount_eur"] = 25000  # an amount corrected
    everything["funding"][1]["water_1pct_eur"] = 25000
    everything["foreign_contacts"][0]["function"] = "Maire de la commune"
    everything["french_authorities"].reverse()  # partners listed the other way round
    everything["funding_total_eur"] = 37000
    outcome = writer.save(everything, project=project, origin="admin")
    assert ids(project) == {**before, "french_links": before["french_links"][::-1]}
    assert set(outcome.changes) == {
        "funding",
        "funding_total_eur",
        "foreign_contacts",
        "french_authorities",
    }
    assert says(to_plain(load_representation(project.pk)), to_plain(everything))


def test_an_entry_removed_goes_and_one_added_comes_without_touching_the_others(everything):
    writer = ProjectWriter()
    project = writer.save(everything, origin="import").project
    kept = FundingLine.objects.get(project=project, funder="Ville de Poitiers").pk
    everything["funding"] = [
        everything["funding"][0],
        {"funder": "AFD", "amount_eur": 5000, "year": 2018},
    ]
    writer.save(everything, project=project, origin="admin")
    lines = list(FundingLine.objects.filter(project=project).values_list("pk", "funder"))
    assert lines[0] == (kept, "Ville de Poitiers")
    assert [funder for _pk, funder in lines] == ["Ville de Poitiers", "AFD"]


def test_an_import_leaves_the_contacts_an_embassy_keeps(everything):
    post = DiplomaticPost.objects.get(name="Ambassade de France au Burkina Faso")
    DiplomaticContact.objects.create(post=post, role="correspondent", name="Awa SAWADOGO")
    project = ProjectWriter().save(everything, origin="import").project
    assert list(post.contacts.values_list("name", flat=True)) == ["Awa SAWADOGO"]
    assert list(project.post_contacts.values_list("name", flat=True)) == ["Jean DUPONT"]


def test_the_revision_is_recorded_once_committed(everything, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        project = ProjectWriter().save(everything, origin="import", source="page.txt").project
        assert not ProjectRevision.objects.exists()
    for callback in pending:
        callback()
    (revision,) = ProjectRevision.objects.filter(project=project)
    assert (revision.origin, revision.source) == ("import", "page.txt")
    assert revision.changes["title"] == {"old": None, "new": everything["title"]}


def events_of(project: Project) -> list[str]:
    return [e.kind for e in Event.objects.order_by("version") if project.pk in e.projects]


def test_drafts_move_nothing_public_and_each_publication_change_is_one_event(everything):
    writer = ProjectWriter()
    start = current_version()
    project = writer.save(everything, origin="import").project  # a draft
    everything["title"] = "Eau, santé et jeunesse à Ouagadougou"
    writer.save(everything, project=project, origin="admin")
    assert current_version() == start and events_of(project) == []
    assert not SearchDocument.objects.filter(project=project).exists()

    writer.save(everything, project=project, origin="admin", publication_state=PUBLISHED)
    assert events_of(project) == ["published"]
    assert SearchDocument.objects.get(project=project).title == everything["title"]

    writer.save(everything, project=project, origin="admin")  # nothing changed
    everything["context"] = "Un contexte revu."
    writer.save(everything, project=project, origin="admin")
    assert events_of(project) == ["published", "changed"]
    assert "revu" in SearchDocument.objects.get(project=project).body

    writer.save(everything, project=project, origin="admin", publication_state="archived")
    assert events_of(project) == ["published", "changed", "unpublished"]
    assert not SearchDocument.objects.filter(project=project).exists()


def test_deleting_published_partnerships_is_one_event(client, atlas):
    from django.contrib.admin.sites import site

    from catalogue.admin import ProjectAdmin

    before = Event.objects.count()
    doomed = Project.objects.filter(pk__in=[atlas["water"].pk, atlas["mali"].pk])
    ProjectAdmin(Project, site).delete_queryset(None, doomed)
    (event,) = Event.objects.all()[before:]
    assert (event.kind, sorted(event.projects)) == (
        "deleted",
        sorted([atlas["water"].pk, atlas["mali"].pk]),
    )


def test_a_new_foreign_partner_placed_from_geonames_keeps_its_geonames_id(reference_data):
    data = SheetData(status="ongoing")
    data["foreign_authorities"] = [
        {
            "name": "Thiès",
            "country": "SN",
            "latitude": 14.79,
            "longitude": -16.93,
            "geonames_id": 2244991,
        },
        {"name": "Village sans fiche", "country": "SN"},
    ]
    project = ProjectWriter().save(data, origin="form").project
    placed = {a.name: a.geonames_id for a in project.foreign_authorities.all()}
    assert placed == {"Thiès": 2244991, "Village sans fiche": None}
    # Bulk readers (the open-data files) read it with the partners.
    (sheet,) = SheetReader(items={"foreign": ("name", "geonames_id")}).sheets([project.pk])
    assert [p["geonames_id"] for p in sheet.lists["foreign"]] == [2244991, None]
