"""The published partnerships' funding lines as arrays, beside the facet index: amounts
declared per year and per kind of funder, and the shares raised under each "1 %" law,
summed for any search in a few milliseconds (``numpy.bincount`` over the lines of the
partnerships the search finds).

Read once per process, then kept at the facet index's version: when the index moves, only
the lines of the partnerships its patches name are read again (as the index itself is
patched); a rebuilt index rebuilds this table. Amounts are read as floats (euros and
cents; a Decimal per value cost seconds at 100,000 partnerships).
"""

import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import F, FloatField, Value
from django.db.models.functions import Cast, Coalesce

from atlas.bulk_reads import id_list
from partnerships.models import FundingLine, Project
from partnerships.models.funding import ONE_PERCENT_FIELDS, OnePercentMechanism

from .facet_index import FacetIndex

AMOUNTS = ("amount_eur", *ONE_PERCENT_FIELDS)
MECHANISMS = tuple(mechanism.value for mechanism in OnePercentMechanism)
NO_KIND = ""  # lines whose funder's kind is not known


@dataclass
class FundingTable:
    version_number: int
    project: np.ndarray  # the partnership of each line (id)
    year: np.ndarray  # 0 when unknown
    kind: np.ndarray  # index into ``kinds``
    amounts: np.ndarray  # lines × AMOUNTS, NaN when not given
    kinds: list[str]  # funder kind codes; NO_KIND among them
    positions: np.ndarray | None = None  # each line's partnership in the index
    found: np.ndarray | None = None


def _lines(project_ids=None):
    published = Project.PublicationState.PUBLISHED
    lines = FundingLine.objects.filter(project__publication_state=published)
    if project_ids is not None:
        lines = lines.filter(project_id__in=id_list(project_ids))
    return lines.values_list(
        "project_id",
        Coalesce("year", Value(0)),
        Coalesce(F("funder_kind__code"), Value(NO_KIND)),
        *(Cast(name, FloatField()) for name in AMOUNTS),
    )


def _arrays(rows, kinds: list[str]):
    rows = list(rows)
    kind_index = {code: i for i, code in enumerate(kinds)}
    for _pk, _year, code, *_amounts in rows:
        if code not in kind_index:
            kind_index[code] = len(kinds)
            kinds.append(code)
    project = np.array([row[0] for row in rows], dtype=np.int64)
    year = np.array([row[1] for row in rows], dtype=np.int32)
    kind = np.array([kind_index[row[2]] for row in rows], dtype=np.int32)
    amounts = np.array(
        [[np.nan if v is None else v for v in row[3:]] for row in rows], dtype=np.float64
    ).reshape(len(rows), len(AMOUNTS))
    return project, year, kind, amounts


def _built(index: FacetIndex) -> FundingTable:
    kinds: list[str] = []
    project, year, kind, amounts = _arrays(_lines(), kinds)
    return FundingTable(index.version.number, project, year, kind, amounts, kinds)


def _patched(table: FundingTable, index: FacetIndex, changed: np.ndarray) -> FundingTable:
    keep = ~np.isin(table.project, changed)
    kinds = list(table.kinds)
    project, year, kind, amounts = _arrays(_lines(changed), kinds)
    return FundingTable(
        index.version.number,
        np.concatenate([table.project[keep], project]),
        np.concatenate([table.year[keep], year]),
        np.concatenate([table.kind[keep], kind]),
        np.concatenate([table.amounts[keep], amounts]),
        kinds,
    )


_current: FundingTable | None = None
_lock = threading.Lock()


def funding_table(index: FacetIndex) -> FundingTable:
    """The funding lines at the index's version, with each line's place in the index."""
    global _current
    table = _current
    if table is not None and table.version_number == index.version.number:
        return table
    with _lock:
        table = _current
        if table is None or table.version_number != index.version.number:
            changed = index.changed_since(table.version_number) if table else None
            table = _built(index) if changed is None else _patched(table, index, changed)
            table.positions, table.found = index.positions(table.project)
            _current = table
        return table


def forget() -> None:
    """Drop this process's table (tests whose database is rolled back between them)."""
    global _current
    _current = None


def funding_figures(index: FacetIndex, within: np.ndarray) -> dict:
    """Amounts declared for the partnerships of ``within`` (a mask over the index): per
    year and kind of funder, per year and "1 %" mechanism, and in all. Years without a
    line are left out; lines without a year count in the totals only."""
    table = funding_table(index)
    chosen = table.found & within[table.positions] if len(table.project) else table.found
    years, kinds = table.year[chosen], table.kind[chosen]
    amounts = np.nan_to_num(table.amounts[chosen])
    by_year_and_kind: dict[int, dict[str, float]] = {}
    by_year_and_mechanism: dict[int, dict[str, float]] = {}
    if len(years):
        span = int(years.max()) + 1
        keys = years.astype(np.int64) * len(table.kinds) + kinds
        sums = np.bincount(keys, weights=amounts[:, 0], minlength=span * len(table.kinds))
        for key in np.flatnonzero(sums):
            year, kind = divmod(int(key), len(table.kinds))
            if year:
                by_year_and_kind.setdefault(year, {})[table.kinds[kind]] = round(sums[key], 2)
        for column, mechanism in enumerate(MECHANISMS, start=1):
            shares = np.bincount(years, weights=amounts[:, column], minlength=span)
            for year in np.flatnonzero(shares):
                if year:
                    by_year_and_mechanism.setdefault(int(year), {})[mechanism] = round(
                        shares[year], 2
                    )
    return {
        "total_eur": round(float(amounts[:, 0].sum()), 2) if len(amounts) else 0.0,
        "one_percent_eur": {
            mechanism: round(float(amounts[:, column].sum()), 2) if len(amounts) else 0.0
            for column, mechanism in enumerate(MECHANISMS, start=1)
        },
        "by_year_and_funder_kind": dict(sorted(by_year_and_kind.items())),
        "by_year_and_one_percent": dict(sorted(by_year_and_mechanism.items())),
    }
