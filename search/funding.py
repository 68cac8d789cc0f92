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

from atlas.bulk_reads import fetch, id_list
from catalogue.events import Version
from partnerships.models import FundingLine, Project
from partnerships.models.funding import ONE_PERCENT_FIELDS, OnePercentMechanism

from .facet_index import FacetIndex

AMOUNTS = ("amount_eur", *ONE_PERCENT_FIELDS)
MECHANISMS = tuple(mechanism.value for mechanism in OnePercentMechanism)
NO_KIND = ""  # lines whose funder's kind is not known


@dataclass
class FundingTable:
    version: Version  # the index's, stamp included: a restored database is another atlas
    project: np.ndarray  # the partnership of each line (id)
    year: np.ndarray  # 0 when unknown
    kind: np.ndarray  # index into ``kinds``
    amounts: np.ndarray  # lines × AMOUNTS, NaN when not given
    kinds: list[str]  # funder kind codes; NO_KIND among them
    # Made once the table is at its index's version (``ready``), for the sums:
    positions: np.ndarray | None = None  # each line's partnership in the index
    found: np.ndarray | None = None  # whether it is there
    columns: np.ndarray | None = None  # AMOUNTS × lines, contiguous, unknown as 0
    year_kind: np.ndarray | None = None  # year × len(kinds) + kind, the sums' key

    def ready(self, index: FacetIndex) -> "FundingTable":
        self.positions, self.found = index.positions(self.project)
        self.columns = np.ascontiguousarray(np.nan_to_num(self.amounts).T)
        self.year_kind = self.year.astype(np.int64) * max(len(self.kinds), 1) + self.kind
        return self

    def chosen(self, within: np.ndarray) -> np.ndarray:
        """The lines of the partnerships of ``within`` (a mask over the index)."""
        if not len(self.project):
            return self.found
        return self.found & within[self.positions]


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


def _arrays(lines, kinds: list[str]):
    # The driver's rows as they come: every column is cast or coalesced in SQL already,
    # and Django's converters cost most of the read at 100,000 partnerships.
    rows = fetch(lines)
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
    return FundingTable(index.version, project, year, kind, amounts, kinds)


def _patched(table: FundingTable, index: FacetIndex, changed: np.ndarray) -> FundingTable:
    keep = ~np.isin(table.project, changed)
    kinds = list(table.kinds)
    project, year, kind, amounts = _arrays(_lines(changed), kinds)
    return FundingTable(
        index.version,
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
    if table is not None and table.version == index.version:
        return table
    with _lock:
        table = _current
        if table is None or table.version != index.version:
            # Patched only forward along the index's own changes; anything else (another
            # stamp at the same number: a restore) is read again.
            later = table is not None and table.version.number < index.version.number
            changed = index.changed_since(table.version.number) if later else None
            table = _built(index) if changed is None else _patched(table, index, changed)
            _current = table.ready(index)
        return table


def forget() -> None:
    """Drop this process's table (tests whose database is rolled back between them)."""
    global _current
    _current = None


def amounts_by_partnership(index: FacetIndex, within: np.ndarray) -> np.ndarray:
    """Each partnership's declared amount (by position in the index), zero outside
    ``within``."""
    table = funding_table(index)
    weights = np.where(table.chosen(within), table.columns[0], 0.0)
    return np.bincount(table.positions, weights=weights, minlength=len(index.ids))


def funding_figures(index: FacetIndex, within: np.ndarray) -> dict:
    """Amounts declared for the partnerships of ``within`` (a mask over the index): per
    year and kind of funder, per year and "1 %" mechanism, and in all. Years without a
    line are left out; lines without a year count in the totals only.

    Every line takes part in each sum, those outside the selection with a weight of
    zero: cheaper than copying out the chosen lines, column by column."""
    table = funding_table(index)
    chosen = table.chosen(within)
    kinds = max(len(table.kinds), 1)
    amount = np.where(chosen, table.columns[0], 0.0)
    span = int(table.year.max()) + 1 if len(amount) else 1
    sums = np.bincount(table.year_kind, weights=amount, minlength=span * kinds).reshape(span, kinds)
    by_year_and_kind = {
        int(year): {
            table.kinds[kind]: round(float(sums[year, kind]), 2)
            for kind in np.flatnonzero(sums[year])
        }
        for year in np.flatnonzero(sums.any(axis=1))
        if year
    }
    shares = {
        mechanism: np.bincount(table.year, weights=np.where(chosen, table.columns[column], 0.0))
        if len(amount)
        else np.zeros(1)
        for column, mechanism in enumerate(MECHANISMS, start=1)
    }
    by_year_and_mechanism: dict[int, dict[str, float]] = {}
    for mechanism, per_year in shares.items():
        for year in np.flatnonzero(per_year):
            if year:
                by_year_and_mechanism.setdefault(int(year), {})[mechanism] = round(
                    float(per_year[year]), 2
                )
    return {
        "total_eur": round(float(amount.sum()), 2),
        "one_percent_eur": {
            mechanism: round(float(per_year.sum()), 2) for mechanism, per_year in shares.items()
        },
        "by_year_and_funder_kind": by_year_and_kind,
        "by_year_and_one_percent": dict(sorted(by_year_and_mechanism.items())),
    }
