"""Writing search documents: the text and facet tokens of each partnership.

``index_projects`` is the one way documents are written: after a sheet is saved or
imported, after the demo generator's bulk writes, and by ``rebuild_search_index``.
It reads in a fixed number of queries per batch of partnerships, whatever their size.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from nomenclature.models import Theme
from partnerships.models import (
    FundingLine,
    OnePercentMechanism,
    Project,
    ProjectForeignAuthority,
    ProjectFrenchAuthority,
    ProjectTheme,
)
from territories.models import FrenchAuthority

from .models import SearchDocument

BATCH = 1000


def theme_token(code: str, pk: int) -> str:
    """A theme's value in URLs and tokens: its code, or its id while it has none."""
    return code or str(pk)


class _ThemeTree:
    """Each theme's token and those of its ancestors (93 nodes: read once per run)."""

    def __init__(self):
        nodes = {
            pk: (parent, theme_token(code, pk))
            for pk, parent, code in Theme.objects.values_list("pk", "parent_id", "code")
        }
        self.lineage = {}
        for pk in nodes:
            chain, node = [], pk
            while node is not None:
                parent, token = nodes[node]
                chain.append(token)
                node = parent
            self.lineage[pk] = chain


def _french_tokens(row) -> list[str]:
    pk, kind, insee, departement, region = row
    region = insee if kind == FrenchAuthority.Kind.REGION else region
    departement = insee if kind == FrenchAuthority.Kind.DEPARTEMENT else departement
    tokens = [f"authority:{pk}", f"authority_kind:{kind}"]
    if region:
        tokens.append(f"region:{region}")
    if departement:
        tokens.append(f"departement:{departement}")
    return tokens


def _documents(ids: list[int], themes: _ThemeTree) -> list[SearchDocument]:
    tokens: dict[int, set[str]] = defaultdict(set)
    text: dict[int, list[str]] = defaultdict(list)

    for row in ProjectFrenchAuthority.objects.filter(project_id__in=ids).values_list(
        "project_id",
        "label",
        "authority__name",
        "authority_id",
        "authority__kind",
        "authority__insee_code",
        "authority__departement__insee_code",
        "authority__region__insee_code",
        "authority__departement__name",
        "authority__region__name",
    ):
        project, label, name, *facet, departement_name, region_name = row
        tokens[project].update(_french_tokens(facet))
        text[project] += [label, name, departement_name or "", region_name or ""]

    for (
        project,
        label,
        name,
        authority,
        country,
        zone,
        country_fr,
        country_en,
    ) in ProjectForeignAuthority.objects.filter(project_id__in=ids).values_list(
        "project_id",
        "label",
        "authority__name",
        "authority_id",
        "authority__country_id",
        "authority__country__zone__code",
        "authority__country__name_fr",
        "authority__country__name_en",
    ):
        tokens[project].update(
            (f"country:{country}", f"zone:{zone}", f"foreign_authority:{authority}")
        )
        text[project] += [label, name, country_fr, country_en]

    for project, theme in ProjectTheme.objects.filter(project_id__in=ids).values_list(
        "project_id", "theme_id"
    ):
        tokens[project].update(f"theme:{t}" for t in themes.lineage[theme])

    shares = [m.field_name for m in OnePercentMechanism]
    for project, funder_kind, *amounts in FundingLine.objects.filter(
        project_id__in=ids
    ).values_list("project_id", "funder_kind__code", *shares):
        if funder_kind:
            tokens[project].add(f"funder_kind:{funder_kind}")
        for mechanism, amount in zip(OnePercentMechanism, amounts, strict=True):
            if amount:
                tokens[project].add(f"funding_mechanism:{mechanism.value}")

    documents = []
    for p in Project.objects.filter(pk__in=ids).values(
        "pk",
        "title",
        "context",
        "history",
        "objectives",
        "description",
        "partnership_type__code",
        "main_theme_id",
        "status",
        "triennial",
        "start_year",
        "updated_at",
        "publication_state",
        "diplomatic_post__country_id",
        "diplomatic_post__country__zone__code",
        "diplomatic_post__country__name_fr",
        "diplomatic_post__country__name_en",
    ):
        own = tokens[p["pk"]]
        if not any(t.startswith("country:") for t in own) and p["diplomatic_post__country_id"]:
            own.add(f"country:{p['diplomatic_post__country_id']}")
            own.add(f"zone:{p['diplomatic_post__country__zone__code']}")
            text[p["pk"]] += [
                p["diplomatic_post__country__name_fr"],
                p["diplomatic_post__country__name_en"],
            ]
        if p["main_theme_id"]:
            own.update(f"theme:{t}" for t in themes.lineage[p["main_theme_id"]])
        if p["partnership_type__code"]:
            own.add(f"type:{p['partnership_type__code']}")
        if p["status"]:
            own.add(f"status:{p['status']}")
        own.add(f"triennial:{'true' if p['triennial'] else 'false'}")
        body = [p["context"], p["history"], p["objectives"], p["description"], *text[p["pk"]]]
        documents.append(
            SearchDocument(
                project_id=p["pk"],
                title=p["title"],
                body="\n".join(part for part in dict.fromkeys(body) if part),
                facets=" ".join(sorted(own)),
                published=p["publication_state"] == Project.PublicationState.PUBLISHED,
                start_year=p["start_year"],
                updated_at=p["updated_at"],
            )
        )
    return documents


def index_projects(ids: Iterable[int] | None = None) -> int:
    """(Re)write the search documents of these partnerships, or of all when ``ids`` is
    None; documents of partnerships that no longer exist go too. Returns how many
    documents were written."""
    themes = _ThemeTree()
    queryset = Project.objects.order_by("pk").values_list("pk", flat=True)
    all_ids = list(queryset) if ids is None else sorted(set(ids))
    written = 0
    with transaction.atomic():
        if ids is None:
            SearchDocument.objects.filter(~Q(project_id__in=Project.objects.all())).delete()
        for start in range(0, len(all_ids), BATCH):
            documents = _documents(all_ids[start : start + BATCH], themes)
            SearchDocument.objects.bulk_create(
                documents,
                update_conflicts=True,
                unique_fields=["project"],
                update_fields=[
                    "title",
                    "body",
                    "facets",
                    "published",
                    "start_year",
                    "updated_at",
                ],
            )
            written += len(documents)
    return written
