"""The exports are in the API's OpenAPI document, with the search's parameters."""

import json

import pytest

from opendata.files import FILES

pytestmark = pytest.mark.django_db


def test_every_export_is_documented_with_the_search_parameters(client):
    schema = json.loads(client.get("/api/schema/?format=json").content)
    listing = {p["name"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    for name in [*FILES, "datapackage.json"]:
        operation = schema["paths"][f"/api/v1/exports/{name}"]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert names >= listing - {"page", "page_size"}, name
        assert "page" not in names
        assert ("separator" in names) == name.endswith(".csv"), name
        assert ("countries" in names) == name.endswith(".iati.xml"), name
        assert {"200", "400"} <= set(operation["responses"]), name
    csv = schema["paths"]["/api/v1/exports/projects.csv"]["get"]
    assert "text/csv" in csv["responses"]["200"]["content"]
