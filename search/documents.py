"""Writing search documents, the public index: for each published partnership, its title,
the text the catalogue's ``searched`` fields give, and its facet values as tokens.

``index_projects`` is the one way documents are written: when a publication event names
partnerships (``catalogue.events``), and by ``rebuild_search_index``. Partnerships that are
not published (drafts, archived sheets) have no document. Sheets are read in bulk by the
catalogue's reader, a fixed number of queries per batch of partnerships.
"""

import hashlib
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from atlas.bulk_reads import id_list
from catalogue.facets import TOKEN_FACETS, YEAR_RANGE
from catalogue.fields import FIELDS
from catalogue.lists import merged
from catalogue.reader import Sheet, SheetReader
from partnerships.models import Project

from .models import SearchDocument, WrittenWith

SEARCHED = tuple(field for field in FIELDS.values() if field.searched)
# What the documents read of the lists: the facets' values and the searched texts.
NEEDS = merged(*(facet.reads for facet in TOKEN_FACETS), *(field.text_reads for field in SEARCHED))
UPDATED = ["title", "body", "facets", "start_year", "updated_at"]
BATCH = 1000


def fingerprint() -> str:
    """What the documents are written from: the facets and the searched fields."""
    declared = [f"{type(facet).__name__}:{facet.name}" for facet in TOKEN_FACETS]
    declared += [f"year:{YEAR_RANGE.name}", *(f"text:{field.name}" for field in SEARCHED)]
    return hashlib.sha256(" ".join(declared).encode()).hexdigest()


def written_with_current_catalogue() -> bool:
    return WrittenWith.objects.filter(fingerprint=fingerprint()).exists()


def document(sheet: Sheet, reader: SheetReader) -> SearchDocument:
    tokens = {facet.token(value) for facet in TOKEN_FACETS for value in facet.values(sheet, reader)}
    texts = [text for field in SEARCHED for text in field.texts(sheet, reader)]
    return SearchDocument(
        project_id=sheet.pk,
        title=sheet.fields["title"],
        body="\n".join(text for text in dict.fromkeys(texts) if text),
        facets=" ".join(sorted(tokens)),
        start_year=YEAR_RANGE.year(sheet),
        updated_at=sheet.updated_at,
    )


def index_projects(ids: Iterable[int] | None = None) -> int:
    """(Re)write the documents of these partnerships (of all when ``ids`` is None): those
    published get theirs, the others lose theirs. Returns how many were written."""
    reader = SheetReader(published=True, items=NEEDS)
    written = 0
    with transaction.atomic():
        if ids is None:
            SearchDocument.objects.filter(~Q(project__publication_state="published")).delete()
            wanted = list(Project.objects.published().order_by("pk").values_list("pk", flat=True))
            WrittenWith.objects.update_or_create(pk=1, defaults={"fingerprint": fingerprint()})
        else:
            wanted = sorted({int(pk) for pk in ids})
            SearchDocument.objects.filter(project_id__in=id_list(wanted)).exclude(
                project__publication_state="published"
            ).delete()
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            documents = [document(sheet, reader) for sheet in reader.sheets(batch)]
            SearchDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["project"],
                update_fields=UPDATED,
            )
            written += len(documents)
    return written
