"""rebuild_search_index: stale documents only, or all of them when the catalogue's facets
or searched fields changed since they were written."""

from io import StringIO

from django.core.management import call_command

from catalogue.events import Event
from search.models import SearchDocument, WrittenWith


def rebuild(*args) -> Event | None:
    """The event the command emitted, if any."""
    before = Event.objects.count()
    call_command("rebuild_search_index", *args, stdout=StringIO())
    return Event.objects.order_by("-version").first() if Event.objects.count() > before else None


def test_documents_written_with_another_catalogue_are_all_rewritten(atlas):
    assert rebuild().kind == "rebuilt"  # never rewritten whole: the fingerprint is unknown
    assert rebuild() is None  # now only what is stale: here nothing
    WrittenWith.objects.update(fingerprint="written before the sdg facet")
    SearchDocument.objects.update(facets="country:BF")
    assert rebuild().kind == "rebuilt"
    assert "sdg:6" in SearchDocument.objects.get(project=atlas["water"]).facets


def test_a_stale_or_unpublished_document_is_rewritten_or_removed(atlas):
    rebuild("--all")
    SearchDocument.objects.filter(project=atlas["mali"]).delete()
    type(atlas["water"]).objects.filter(pk=atlas["health"].pk).update(publication_state="draft")
    event = rebuild()
    assert sorted(event.projects) == sorted([atlas["mali"].pk, atlas["health"].pk])
    assert SearchDocument.objects.filter(project=atlas["mali"]).exists()
    assert not SearchDocument.objects.filter(project=atlas["health"]).exists()
