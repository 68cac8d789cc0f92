"""The spreadsheet of a search and of the whole atlas: columns named in the page's
language, typed cells, text never a formula; and read back by a real spreadsheet program
(LibreOffice, headless), equal to the API's values."""

import csv
import io
import shutil
import subprocess

from openpyxl import load_workbook

from partnerships.models import Project

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(client, path: str, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content), read_only=True), content


def table(book) -> list[list]:
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_a_search_as_a_spreadsheet_has_named_columns_and_typed_cells(client, atlas):
    book, _content = workbook(client, "/fr/projets.xlsx", country="BF")
    header, *rows = table(book)
    assert header[:2] == ["Identifiant du partenariat dans l'Atlas", "Adresse de sa fiche"]
    assert len(rows) == 2
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    water = by_id[atlas["water"].pk]
    assert isinstance(atlas["water"].pk, int) and water["Adresse de sa fiche"].endswith(
        atlas["water"].get_absolute_url()
    )
    amounts = [value for value in water.values() if value == 20000]
    assert amounts and all(type(value) is int for value in amounts)  # a number, not text
    book, _content = workbook(client, "/en/projects.xlsx", country="BF")
    assert table(book)[0][0] == "Id of the partnership in the Atlas"


def test_text_that_looks_like_a_formula_stays_text(client, atlas):
    Project.objects.filter(pk=atlas["water"].pk).update(title='=HYPERLINK("http://x","y")')
    book, content = workbook(client, "/api/v1/exports/projects.xlsx", q="")
    titles = [row for row in table(book) if row[0] == atlas["water"].pk]
    assert '=HYPERLINK("http://x","y")' in titles[0]
    assert b"<f>" not in content  # no formula anywhere in the file


def test_libreoffice_reads_the_same_values_as_the_api(client, atlas, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "make test installs LibreOffice Calc (libreoffice-calc-nogui)"
    _book, content = workbook(client, "/fr/projets.xlsx")
    (tmp_path / "atlas.xlsx").write_bytes(content)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, quote, UTF-8
            "--outdir",
            str(tmp_path),
            str(tmp_path / "atlas.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    rows = list(csv.reader((tmp_path / "atlas.csv").read_text("utf-8").splitlines()))
    header, *rows = rows
    api = client.get("/api/v1/projects/", {"page_size": 100}).json()["results"]
    titles = {str(p["id"]): p["title"] for p in api}
    read = {row[0]: row for row in rows}
    assert set(read) == set(titles)
    title_column = header.index("Titre")
    for pk, title in titles.items():
        assert read[pk][title_column] == title  # accents included ("Accès à l'eau …")


def test_the_semicolon_csv_opens_right_in_a_spreadsheet_set_to_french(client, atlas, tmp_path):
    response = client.get("/fr/projets.csv", {"country": "BF", "separator": "semicolon"})
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbfid;url;title;")  # a BOM, then ";" between fields
    page = client.get("/fr/projets/", {"country": "BF"}).text
    assert "/fr/projets.csv?country=BF&amp;separator=semicolon" in page
    (tmp_path / "atlas.csv").write_bytes(content)
    soffice = shutil.which("soffice")
    assert soffice, "make test installs LibreOffice Calc (libreoffice-calc-nogui)"
    # Read as a French spreadsheet reads it (";", UTF-8, French locale), then written back
    # as plain CSV: the numbers must have been read as numbers.
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--infilter=CSV:59,34,76,1,,1036",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "atlas.csv"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    book = load_workbook(tmp_path / "out" / "atlas.xlsx", read_only=True)
    header, *rows = table(book)
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    water = by_id[atlas["water"].pk]
    assert water["title"] == "Accès à l'eau potable à Ouagadougou"  # accents intact
    amounts = [value for name, value in water.items() if name.startswith("funding_total")]
    assert amounts == [20000]  # a number, not the text "20000"
