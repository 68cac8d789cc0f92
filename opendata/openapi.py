"""The exports in the OpenAPI document (drf-spectacular's post-processing hook): they are
plain Django views, which the generator does not see. Each takes the search's parameters,
copied from the generated ``/api/v1/projects/`` operation so that both say the same."""

from django.urls import reverse

from .files import FILES

NOT_FOR_FILES = {"page", "page_size"}
ERROR = {"application/json": {"schema": {"type": "object"}}}
SEPARATOR = {
    "in": "query",
    "name": "separator",
    "schema": {"type": "string", "enum": ["semicolon"]},
    "description": (
        "`semicolon`: the file for a spreadsheet set to French (a byte-order mark, `;` "
        "between fields, a decimal comma)"
    ),
}
COUNTRIES = {
    "in": "query",
    "name": "countries",
    "schema": {"type": "string", "enum": ["oda", "all"], "default": "oda"},
    "description": (
        "`oda` (default): only partnerships whose countries are on the OECD DAC List of ODA "
        "Recipients; `all`: every partnership, the others marked as not aid "
        "(`default-flow-type` 50). docs/iati.md"
    ),
}
EXTRA_PARAMETERS = {".csv": [SEPARATOR], ".xml": [COUNTRIES]}
SUMMARIES = {
    ".csv": "Table as CSV (UTF-8, RFC 4180; cells that a spreadsheet would run as a formula "
    "begin with an apostrophe)",
    ".xlsx": "Partnerships as a spreadsheet (Office Open XML)",
    ".json": "Partnerships in their full JSON representation",
    ".geojson": "Located partners as GeoJSON points",
    ".xml": "Partnerships as IATI 2.03 activities",
}


def _operation(name: str, content_type: str, parameters: list[dict]) -> dict:
    suffix = "." + name.rsplit(".", 1)[1]
    return {
        "get": {
            "operationId": "export_" + name.replace(".", "_").replace("-", "_"),
            "summary": f"{name}: {SUMMARIES[suffix]}",
            "description": (
                "Without parameters, or with parameters that choose every partnership, the "
                "whole atlas's file written ahead of time (with `ETag` and `Last-Modified`); "
                "otherwise the file of the search these parameters make, streamed. A client "
                "may stream a few files at once: beyond, 429."
            ),
            "tags": ["exports"],
            "parameters": [*parameters, *EXTRA_PARAMETERS.get(suffix, [])],
            "responses": {
                "200": {
                    "description": name,
                    "content": {content_type.split(";")[0]: {"schema": {"type": "string"}}},
                },
                "400": {
                    "description": "Parameters refused, each with its message",
                    "content": ERROR,
                },
                "429": {"description": "Too many requests or files at once", "content": ERROR},
            },
        }
    }


def exports_in_schema(result, generator, request, public):
    listing = result["paths"].get(reverse("api:projects"), {}).get("get", {})
    parameters = [p for p in listing.get("parameters", []) if p["name"] not in NOT_FOR_FILES]
    folder = reverse("api:opendata:package").removesuffix("datapackage.json")
    for name, file in FILES.items():
        result["paths"][folder + name] = _operation(name, file.content_type, parameters)
    result["paths"][folder + "datapackage.json"] = {
        "get": {
            "operationId": "export_datapackage",
            "summary": "datapackage.json: the Frictionless data package describing the tables",
            "tags": ["exports"],
            "parameters": parameters,
            "responses": {
                "200": {"description": "The data package", "content": ERROR},
                "400": {"description": "Parameters refused", "content": ERROR},
            },
        }
    }
    return result
