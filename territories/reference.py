"""Reference places: zones, countries and their other spellings (territories/data/)."""

from pathlib import Path

from atlas.reference_data import SyncResult, read_csv, sync_rows
from atlas.text import normalize_name

from .models import Country, CountryAlias, Zone

DATA = Path(__file__).resolve().parent / "data"


def load_zones() -> SyncResult:
    rows = [{**row, "position": int(row["position"])} for row in read_csv(DATA / "zones.csv")]
    return sync_rows(Zone, "code", rows, "zones")


def load_countries() -> SyncResult:
    zone_ids = dict(Zone.objects.values_list("code", "pk"))
    rows = [
        {
            "code": row["code"],
            "iso3": row["iso3"],
            "numeric": row["numeric"],
            "name_fr": row["name_fr"],
            "name_en": row["name_en"],
            "capital": row["capital"],
            "zone_id": zone_ids[row["zone"]],
        }
        for row in read_csv(DATA / "countries.csv")
    ]
    return sync_rows(Country, "code", rows, "countries")


def load_country_aliases() -> SyncResult:
    """Aliases are the hand-kept spellings plus the ISO forms that differ from display names
    ("Corée, République de"), so both read as the country they mean."""
    countries = read_csv(DATA / "countries.csv")
    display = {normalize_name(row[f]) for row in countries for f in ("name_fr", "name_en")}
    spellings = [(row["code"], row["alias"]) for row in read_csv(DATA / "country_aliases.csv")]
    spellings += [
        (row["code"], row[f]) for row in countries for f in ("iso_name_fr", "iso_name_en")
    ]
    rows, seen = [], set()
    for code, alias in spellings:
        normalized = normalize_name(alias)
        if normalized in display or normalized in seen:
            continue
        seen.add(normalized)
        rows.append({"normalized": normalized, "alias": alias, "country_id": code})
    return sync_rows(CountryAlias, "normalized", rows, "country aliases")
