"""Exports under /api/v1/exports/: every file of a search, valid and agreeing with the API."""

import csv
import io
import json

import pytest
from django.urls import reverse
from frictionless import validate

from opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db


def export(client, name, expect=200, **params):
    response = client.get(reverse("api:opendata:table", args=[name]), params)
    assert response.status_code == expect
    return response


def download(response) -> str:
    assert response.streaming  # never built whole in memory
    return b"".join(response.streaming_content).decode("utf-8")


def rows(client, name, **params) -> list[dict]:
    return list(csv.DictReader(io.StringIO(download(export(client, name, **params)))))


def test_a_filtered_export_holds_what_the_api_answers(client, atlas):
    for params in [{}, {"country": "BF"}, {"theme": "eau-assainissement", "sort": "title"}]:
        api = client.get(reverse("api:projects"), {**params, "page_size": 100}).json()["results"]
        if "sort" not in params:  # files come in id order unless a sort is asked for
            api.sort(key=lambda p: p["id"])
        exported = rows(client, "projects", **params)
        assert [int(r["id"]) for r in exported] == [p["id"] for p in api]
        assert [r["title"] for r in exported] == [p["title"] for p in api]
        stream = client.get(reverse("api:opendata:projects_json"), params)
        assert json.loads(download(stream)) == api


def test_csv_rows_agree_with_the_sheet(client, atlas):
    (water,) = rows(client, "projects", q="Ouagadougou")
    project = atlas["water"]
    assert water["url"].endswith(project.get_absolute_url())
    assert (water["status"], water["status_label"]) == ("ongoing", "En cours")
    assert water["theme"] == "acces-eau-potable"
    assert water["theme_label"] == "Eau et assainissement > Accès à l'eau potable"
    assert (water["countries"], water["country_names"]) == ("BF", "Burkina Faso")
    assert water["triennial"] == "true"
    assert water["funding_total_eur"] == "20000"
    (line,) = rows(client, "funding-lines", q="Ouagadougou")
    assert (line["project_id"], line["amount_eur"], line["water_1pct_eur"]) == (
        water["id"],
        "20000",
        "20000",
    )
    assert (line["funder_kind"], line["funder_kind_label"]) == ("agence-eau", "Agence de l'eau")
    partners = rows(client, "partners", q="Ouagadougou")
    assert [(p["side"], p["name"], p["country"]) for p in partners] == [
        ("french", "Poitiers", "FR"),
        ("foreign", "Ouagadougou", "BF"),
    ]
    assert partners[0]["insee_code"] == "86194"
    assert partners[0]["kind_label"] == "Commune"


def test_every_csv_validates_against_its_data_package(client, atlas, tmp_path):
    descriptor = client.get(reverse("api:opendata:package")).json()
    for resource in descriptor["resources"]:
        path = tmp_path / f"{resource['name']}.csv"
        path.write_text(download(export(client, resource["name"])), "utf-8")
        resource["path"] = path.name
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    read = {task.name: task.stats.get("rows") for task in report.tasks}
    assert read["projects"] == 4 and read["partners"] == 8  # rows were read and checked
    assert {r["name"] for r in descriptor["resources"]} == set(DATASETS)


def test_partner_locations_as_geojson(client, atlas):
    response = client.get(reverse("api:opendata:partners_geojson"), {"country": "BF"})
    assert response["Content-Type"].startswith("application/geo+json")
    data = json.loads(download(response))
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        longitude, latitude = feature["geometry"]["coordinates"]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90
        assert feature["properties"]["projects"] >= 1
    names = {f["properties"]["name"] for f in data["features"]}
    assert "Lyon" not in names  # Lyon's partnership is in Germany


def test_bad_parameters_and_unknown_files(client, atlas):
    assert "country" in export(client, "projects", 400, country="ZZ").json()["errors"]
    assert export(client, "budgets", 404)


def test_the_open_data_page_documents_every_file_and_column(client, atlas):
    from django.utils import translation

    with translation.override("fr"):
        url = reverse("opendata_pages:data")
    assert url == "/fr/donnees/"
    page = client.get(url).content.decode()
    assert page.count("<h1") == 1
    assert "Licence Ouverte / Open Licence 2.0" in page
    for dataset in DATASETS.values():
        assert f'href="{reverse("api:opendata:table", args=[dataset.name])}"' in page
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in page, column.name
            assert str(column.description) in page.replace("&#x27;", "'")
    assert "4\xa0lignes" in page or "4 lignes" in page  # the four published partnerships
    with translation.override("en"):
        english = client.get(reverse("opendata_pages:data")).content.decode()
    assert "Open data" in english and "Funding lines" in english


def test_exports_count_in_each_clients_limit(client, atlas, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    client.get(reverse("api:zones"))  # the API and the exports share one budget
    download(export(client, "projects"))
    assert client.get(reverse("api:opendata:package")).status_code == 200
    limited = client.get(reverse("api:opendata:projects_iati"))
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0 and "detail" in limited.json()
    cache.clear()
