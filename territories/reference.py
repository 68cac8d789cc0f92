"""Reference places: zones, countries and their other spellings (territories/data/)."""

from pathlib import Path

from django.utils.text import slugify

from atlas.reference_data import SyncResult, read_csv, sync_rows
from atlas.text import normalize_name

from .matching import authority_match_key
from .models import Country, CountryAlias, FrenchAuthority, Zone

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


# Loaded level by level so that each level can point to the one above.
AUTHORITY_LEVELS = [
    ("régions and overseas collectivities", {"region", "com"}),
    ("départements", {"departement"}),
    ("communes and groupings", {"commune", "cc", "ca", "cu", "metropole", "ept"}),
]


def _number(value: str, kind=float):
    return kind(value) if value else None


def load_french_authorities(departements: set[str] | None = None) -> list[SyncResult]:
    """All authorities of the official geographic code (territories/data/
    french_authorities.csv), with their département and région. ``departements``
    restricts communes and groupings to those départements (tests use it)."""
    rows = read_csv(DATA / "french_authorities.csv")
    if departements is not None:
        rows = [
            r
            for r in rows
            if r["kind"] in {"region", "com", "departement"} or r["departement"] in departements
        ]
    results, parents = [], {}
    for label, kinds in AUTHORITY_LEVELS:
        batch = []
        for row in rows:
            if row["kind"] not in kinds:
                continue
            batch.append(
                {
                    "reference_key": row["reference_key"],
                    "kind": row["kind"],
                    "insee_code": row["insee_code"],
                    "siren": row["siren"],
                    "name": row["name"],
                    "normalized_name": authority_match_key(row["name"])[0],
                    "slug": slugify(row["name"])[:120],
                    "departement_id": parents.get(("departement", row["departement"])),
                    "region_id": parents.get(("region", row["region"]))
                    or parents.get(("com", row["region"])),
                    "population": _number(row["population"], int),
                    "latitude": _number(row["latitude"]),
                    "longitude": _number(row["longitude"]),
                    "needs_review": False,
                }
            )
        results.append(sync_rows(FrenchAuthority, "reference_key", batch, label))
        parents.update(
            ((kind, code), pk)
            for kind, code, pk in FrenchAuthority.objects.filter(
                kind__in=["region", "com", "departement"]
            )
            .exclude(reference_key="")
            .values_list("kind", "insee_code", "pk")
        )
    return results
