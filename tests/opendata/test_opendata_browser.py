"""The open-data page in a real headless Chromium: every file downloads from its link,
written on the fly or from the files written ahead."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from opendata.files import FILES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STARTS = {
    ".csv": b"",  # the header: checked against the file's first column below
    ".json": b"[",
    ".geojson": b'{"type": "FeatureCollection"',
    ".xml": b'<?xml version="1.0" encoding="UTF-8"?>',
    ".xlsx": b"PK",  # a zip archive
}


def download_every_file(page, url: str) -> dict[str, bytes]:
    page.goto(url)
    files = {}
    for name in FILES:
        with page.expect_download() as info:
            page.get_by_role("link", name=name, exact=True).click()
        download = info.value
        assert download.suggested_filename == name
        files[name] = Path(download.path()).read_bytes()
    return files


def test_a_user_downloads_every_file_of_the_atlas(page, live_server, atlas, settings, tmp_path):
    settings.ATLAS_OPEN_DATA_DIR = tmp_path
    on_the_fly = download_every_file(page, live_server.url + "/fr/donnees/")
    for name, content in on_the_fly.items():
        suffix = name[name.rindex(".") :]
        assert content.startswith(STARTS[suffix]), name
    assert on_the_fly["projects.csv"].startswith(b"id,url,title,")
    assert on_the_fly["funding-lines.csv"].startswith(b"project_id,")
    assert b"Ouagadougou" in on_the_fly["projects.csv"]
    assert b"Brouillon" not in on_the_fly["projects.csv"]  # drafts are not published

    call_command("write_open_data", "--base-url", live_server.url, stdout=StringIO())
    served = page.request.get(live_server.url + "/api/v1/exports/projects.csv")
    assert "last-modified" in served.headers  # from the file written ahead
    written = download_every_file(page, live_server.url + "/fr/donnees/")
    assert written["projects.csv"] == on_the_fly["projects.csv"]
    assert written["partners.geojson"] == on_the_fly["partners.geojson"]
    assert page.problems == []


def test_the_api_reference_has_a_language_a_way_back_and_no_serious_barrier(
    page, live_server, atlas
):
    from tests.declarations.test_declaration_browser import serious_violations

    page.goto(live_server.url + "/api/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert serious_violations(page) == []
    page.get_by_role("link", name="Atlas de la coopération décentralisée").click()
    page.wait_for_url("**/fr/")
    assert page.problems == []
