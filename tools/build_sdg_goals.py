"""Write nomenclature/data/sdg_goals.csv from the IATI codelist of the UN Sustainable
Development Goals (``UNSDG-Goals``, IATI Standard 2.03, CC BY 4.0), which gives each goal's
title in English and French. A copy of the codelist is kept in tests/data/iati/.

Run: .venv/bin/python tools/build_sdg_goals.py
"""

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODELIST = ROOT / "tests" / "data" / "iati" / "UNSDG-Goals.xml"
OUTPUT = ROOT / "nomenclature" / "data" / "sdg_goals.csv"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def main() -> None:
    rows = []
    for item in ET.parse(CODELIST).getroot().iter("codelist-item"):
        names = {
            narrative.get(LANG, "en"): narrative.text.strip()
            for narrative in item.find("name").iter("narrative")
        }
        rows.append({"code": item.findtext("code"), "name_fr": names["fr"], "name_en": names["en"]})
    with open(OUTPUT, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["code", "name_fr", "name_en"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} goals written to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
