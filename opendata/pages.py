"""The open-data page (/fr/donnees/): every dataset with its description, licence, size,
last update and columns, written from the same column list as the files."""

import datetime

from django.db import connection
from django.db.models import Count
from django.shortcuts import render
from django.views.decorators.http import require_safe

from partnerships.models import ForeignContact, FundingLine, Project
from search.facet_index import current_index

from .datasets import DATASETS
from .writers import LICENCE


def _last_change() -> datetime.datetime | None:
    """When the published data last changed (the search documents' stamp)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT changed_at FROM search_state")
        row = cursor.fetchone()
    if not row:
        return None
    return datetime.datetime.fromtimestamp(row[0] / 1_000_000, tz=datetime.UTC)


def _row_counts() -> dict[str, int]:
    published = Project.objects.published()
    links = published.aggregate(
        french=Count("french_links", distinct=True), foreign=Count("foreign_links", distinct=True)
    )
    return {
        "projects": len(current_index()),
        "funding-lines": FundingLine.objects.filter(project__in=published).count(),
        "partners": links["french"] + links["foreign"],
        "contacts": ForeignContact.objects.filter(project__in=published).count(),
    }


@require_safe
def data_page(request):
    counts = _row_counts()
    datasets = [
        {"dataset": dataset, "rows": counts.get(name), "columns": dataset.columns}
        for name, dataset in DATASETS.items()
    ]
    return render(
        request,
        "opendata/data.html",
        {"datasets": datasets, "licence": LICENCE, "last_change": _last_change()},
    )
