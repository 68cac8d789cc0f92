"""The open-data page (/fr/donnees/): every dataset with its description, licence, size,
last update and columns, written from the same column list as the files."""

from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from catalogue.events import changed_at, current_version
from partnerships.models import ForeignContact, FundingLine, Project
from search.index_updates import current_index

from .datasets import DATASETS
from .dumps import read_manifest
from .iati import Reporter, aid_partnerships
from .writers import LICENCE


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
@cache_control(no_cache=True, private=True)  # it follows the written files, not only the data
def data_page(request):
    counts = _row_counts()
    version = current_version()
    dump = read_manifest()
    # Sizes are those of the files written for today's data; older ones would mislead.
    current = dump if dump and dump.holds(version) else None
    sizes = current.sizes if current else {}
    datasets = [
        {
            "dataset": dataset,
            "rows": counts.get(name),
            "size": sizes.get(f"{name}.csv"),
            "columns": dataset.columns,
        }
        for name, dataset in DATASETS.items()
    ]
    context = {
        "datasets": datasets,
        "sizes": {name.replace(".", "_"): size for name, size in sizes.items()},
        "licence": LICENCE,
        "last_change": changed_at(version),
        "iati": {
            "aid": aid_partnerships().count(),
            "published": counts["projects"],
            "reporter": Reporter.from_settings(),
        },
        "written": current.written if current else None,
        "breadcrumb_data": {"root_dir": reverse("explore:home"), "current": _("Données ouvertes")},
    }
    return render(request, "opendata/data.html", context)
