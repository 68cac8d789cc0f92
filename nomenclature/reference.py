"""Reference nomenclatures kept in nomenclature/data/."""

from pathlib import Path

from atlas.reference_data import SyncResult, read_csv, sync_rows

from .models import PartnershipType, VolunteerScheme

DATA = Path(__file__).resolve().parent / "data"


def _load(model, filename: str, label: str) -> SyncResult:
    rows = [
        {**row, "position": int(row["position"]), "needs_review": False}
        for row in read_csv(DATA / filename)
    ]
    return sync_rows(model, "code", rows, label)


def load_partnership_types() -> SyncResult:
    return _load(PartnershipType, "partnership_types.csv", "partnership types")


def load_volunteer_schemes() -> SyncResult:
    return _load(VolunteerScheme, "volunteer_schemes.csv", "volunteer schemes")
