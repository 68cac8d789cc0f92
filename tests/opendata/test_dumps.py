"""The whole atlas's files written ahead of time: served while they hold today's data,
never after it changed; their sizes on the open-data page."""

from io import StringIO
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from catalogue import events
from explore.templatetags.atlas_format import file_size
from opendata.files import FILES, WRITTEN
from partnerships.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_data_dir(settings, tmp_path):
    settings.ATLAS_OPEN_DATA_DIR = tmp_path / "open-data"
    return settings.ATLAS_OPEN_DATA_DIR


def write(*args) -> str:
    out = StringIO()
    call_command("write_open_data", "--base-url", "http://testserver", *args, stdout=out)
    return out.getvalue()


def download(client, url, **extra) -> tuple[bytes, object]:
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content), response


def test_written_files_are_served_while_the_data_stays_the_same(
    client,
    atlas,
    open_data_dir,
):
    url = reverse("api:opendata:table", args=["projects"])
    live, response = download(client, url)
    assert not response.has_header("Last-Modified")  # nothing written yet: made on the fly

    assert "projects.csv" in write()
    assert sorted(p.name for p in open_data_dir.iterdir()) == sorted([*WRITTEN, "manifest.json"])
    served, response = download(client, url)
    assert served == live
    assert response.has_header("Last-Modified") and response.has_header("ETag")
    assert 'filename="projects.csv"' in response["Content-Disposition"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    repeated = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert repeated.status_code == 304
    assert "à jour" in write()  # nothing to do

    draft = atlas["draft"]
    Project.objects.filter(pk=draft.pk).update(publication_state="published")
    events.emit(events.Event.Kind.PUBLISHED, [draft.pk])
    changed, response = download(client, url)
    assert not response.has_header("Last-Modified")  # the files are stale: made on the fly
    assert draft.title.encode() in changed and draft.title.encode() not in served


def test_parameters_that_choose_everything_get_the_written_file(client, atlas, open_data_dir):
    """Neither a cache-buster (``?_=1``), nor an empty filter, nor the spreadsheet variant
    makes the whole atlas stream from the database again."""
    url = reverse("api:opendata:table", args=["projects"])
    live_semicolon, _ = download(client, url, data={"separator": "semicolon"})
    write()
    for params in ({"_": "1"}, {"q": " "}, {"separator": "semicolon", "_": "2"}):
        served, response = download(client, url, data=params)
        assert response.has_header("Last-Modified"), params
        assert 'filename="projects.csv"' in response["Content-Disposition"]
    assert served == live_semicolon and served.startswith("\ufeff".encode())
    for params in ({"country": "BF"}, {"sort": "title"}):
        _, response = download(client, url, data=params)
        assert not response.has_header("Last-Modified"), params  # a search's own file


def test_files_are_not_served_to_another_site_address(client, atlas, open_data_dir):
    write()
    _, response = download(client, reverse("api:opendata:projects_json"))
    assert response.has_header("Last-Modified")
    _, response = download(client, reverse("api:opendata:projects_json"), secure=True)
    assert not response.has_header("Last-Modified")  # its links would name another site


def test_the_open_data_page_gives_the_size_of_each_written_file(client, atlas, open_data_dir):
    with translation.override("fr"):
        url = reverse("opendata_pages:data")
    assert "Fichiers de l'Atlas entier écrits" not in client.get(url).content.decode()
    write()
    page = client.get(url).content.decode().replace("\xa0", " ")
    assert "Fichiers de l'Atlas entier écrits" in page
    for name in FILES:
        size = (open_data_dir / name).stat().st_size
        with translation.override("fr"):
            assert file_size(size).replace("\xa0", " ") in page, name


def test_files_written_by_another_release_are_written_again(client, atlas, open_data_dir):
    """After an upgrade, the files the previous code wrote (an IATI file of its making)
    are not served, even though the data has not changed, and the next run rewrites them."""
    write()
    url = reverse("api:opendata:projects_iati")
    _body, response = download(client, url)
    assert response.has_header("Last-Modified")  # from disk
    with patch("opendata.dumps.release", return_value="the next release"):
        _body, response = download(client, url)
        assert not response.has_header("Last-Modified")  # made on the fly
        assert "à jour" not in write()
        _body, response = download(client, url)
        assert response.has_header("Last-Modified")
