"""Text that a spreadsheet would run as a formula (OWASP's "CSV injection") reaches every
CSV with an apostrophe before it: the written and streamed tables, the semicolon variant
and the statistics tables."""

import csv
import io

import pytest

from atlas.text import spreadsheet_safe
from partnerships.models import FundingLine, Project
from territories.models import FrenchAuthority

HOSTILE = ['=HYPERLINK("http://x","y")', "+33 1 23", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_starting_as_a_formula_is_neutralised(text):
    assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("Accès à l'eau") == "Accès à l'eau"  # the rest untouched


def rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    delimiter = ";" if content.split("\n", 1)[0].count(";") > 1 else ","
    return list(csv.reader(io.StringIO(content), delimiter=delimiter))


def test_every_csv_neutralises_formulas(client, atlas):
    water = atlas["water"]
    Project.objects.filter(pk=water.pk).update(title=HOSTILE[0])
    FundingLine.objects.filter(project=water).update(funder=HOSTILE[2])
    for params in ({"country": "BF"}, {"country": "BF", "separator": "semicolon"}):
        cells = [c for row in rows(client.get("/api/v1/exports/projects.csv", params)) for c in row]
        assert "'" + HOSTILE[0] in cells and HOSTILE[0] not in cells
        funding = rows(client.get("/api/v1/exports/funding-lines.csv", params))
        assert "'" + HOSTILE[2] in [c for row in funding for c in row]
    FrenchAuthority.objects.filter(name="Poitiers", kind="commune").update(name="=cmd()")
    table = client.get("/fr/statistiques/french-authorities.csv").content.decode()
    labels = [row[0] for row in csv.reader(io.StringIO(table))]
    assert "'=cmd()" in labels and "=cmd()" not in labels
