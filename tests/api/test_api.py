"""The read API under /api/v1/, as a program using it would."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from rest_framework.throttling import AnonRateThrottle

from catalogue.representation import says
from tests.search.test_search import search, titles

pytestmark = pytest.mark.django_db


def api(client, name, expect=200, **params):
    response = client.get(reverse(f"api:{name}"), params)
    assert response.status_code == expect, response.content
    return response


def test_projects_take_the_search_pages_filters_and_give_the_same_answer(client, atlas):
    for params in [{}, {"country": "BF", "sort": "title"}, {"q": "eau", "status": "completed"}]:
        data = api(client, "projects", **params).json()
        assert [p["title"] for p in data["results"]] == titles(search(client, **params))
        assert data["count"] == len(data["results"])


def test_a_project_is_its_json_representation_with_id_and_url(client, atlas, seed_expected):
    from catalogue.writer import ProjectWriter
    from partnerships.models import Project

    project = (
        ProjectWriter()
        .save(seed_expected, origin="import", publication_state=Project.PublicationState.PUBLISHED)
        .project
    )
    response = client.get(reverse("api:project", args=[project.pk]))
    data = response.json()
    assert data.pop("id") == project.pk
    assert data.pop("url").endswith(project.get_absolute_url())
    assert says(data, seed_expected)  # every key of the contract; extra keys are allowed
    assert [line["funder_kind"] for line in data["funding"]] == [
        "etat",
        "collectivite-francaise",
        "collectivite-partenaire",
    ]
    listed = api(client, "projects", q="biotechnologies").json()["results"]
    assert listed[0]["id"] == project.pk and says(listed[0]["funding"], seed_expected["funding"])


def test_drafts_and_unknown_projects_are_not_found(client, atlas):
    assert client.get(reverse("api:project", args=[atlas["draft"].pk])).status_code == 404
    assert client.get(reverse("api:project", args=[999999])).status_code == 404


def test_pages_link_to_each_other(client, atlas):
    first = api(client, "projects", page_size=3, sort="title").json()
    assert (first["count"], first["pages"], first["previous"]) == (4, 2, None)
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert second["previous"].endswith("page=1")


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("projects", {"country": "ZZ"}, "country"),
        ("projects", {"page_size": "500"}, "page_size"),
        ("projects", {"page_size": "0"}, "page_size"),
        ("projects", {"page": "40"}, "page"),
        ("projects", {"start_year_min": "soon"}, "start_year_min"),
        ("french_authorities", {"kind": "castle"}, "kind"),
        ("french_authorities", {"page": "999"}, "page"),
        ("foreign_authorities", {"country": "ABC"}, "country"),
    ],
)
def test_nonsense_parameters_get_a_400_naming_them(client, atlas, name, params, field):
    assert field in api(client, name, 400, **params).json()["errors"]


def test_reference_lists(client, atlas):
    countries = {c["code"]: c for c in api(client, "countries").json()}
    assert countries["BF"]["name_fr"] == "Burkina Faso"
    assert countries["BF"]["zone"] == "afrique-subsaharienne"
    assert {z["code"] for z in api(client, "zones").json()} >= {"europe"}
    themes = {t["code"]: t for t in api(client, "themes").json()}
    assert themes["acces-eau-potable"]["parent"] == "eau-assainissement"
    assert themes["acces-eau-potable"]["dac_code"] == "14031"
    poitiers = api(client, "french_authorities", q="poitiers", kind="commune").json()
    assert [a["insee_code"] for a in poitiers["results"]] == ["86194"]
    assert poitiers["results"][0]["departement"] == "86"
    mali = api(client, "foreign_authorities", country="ml").json()["results"]
    assert [a["name"] for a in mali] == ["Kayes"]
    assert isinstance(api(client, "embassies").json(), list)


def test_stats_count_published_partnerships(client, atlas):
    stats = api(client, "stats").json()
    assert stats["projects"] == 4
    assert stats["countries"] == 3
    assert stats["by"]["country"] == {"BF": 2, "DE": 1, "ML": 1}
    assert stats["by_start_year"] == {"1990": 1, "2008": 1, "2012": 1, "2015": 1}


@pytest.mark.parametrize(
    "params",
    [{"country": "BF"}, {"q": "eau"}, {"start_year_min": "2000", "status": "ongoing"}, {}],
)
def test_stats_take_the_search_filters_and_count_what_the_search_finds(client, atlas, params):
    stats = api(client, "stats", **params).json()
    found = api(client, "projects", page_size=100, **params).json()
    assert stats["projects"] == found["count"]
    countries = {}
    for project in found["results"]:
        for code in {partner["country"] for partner in project["foreign_authorities"]}:
            countries[code] = countries.get(code, 0) + 1
    assert stats["by"]["country"] == countries
    years = {}
    for project in found["results"]:
        if project["start_year"]:
            years[str(project["start_year"])] = years.get(str(project["start_year"]), 0) + 1
    assert stats["by_start_year"] == years
    by_zone = stats["by_start_year_and_zone"]
    assert set(by_zone) == set(stats["by"]["zone"])
    for zone, zone_years in by_zone.items():
        assert sum(zone_years.values()) <= stats["by"]["zone"][zone]


def test_stats_refuse_nonsense_with_the_searchs_messages(client, atlas):
    answer = api(client, "stats", expect=400, country="ZZ", start_year_min="①").json()
    assert set(answer["errors"]) >= {"country"}
    for nonsense in ({"q": "\x00" * 5}, {"authority": "9223372036854775808"}, {"page": "x"}):
        assert client.get(reverse("api:stats"), nonsense).status_code in {200, 400}


def test_unchanged_answers_are_not_sent_twice(client, atlas):
    first = api(client, "projects", country="BF")
    again = client.get(
        reverse("api:projects"), {"country": "BF"}, headers={"if-none-match": first["ETag"]}
    )
    assert again.status_code == 304


def test_any_site_may_read_the_api(client, atlas):
    assert api(client, "zones")["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        reverse("api:zones"),
        headers={"origin": "https://example.org", "access-control-request-method": "GET"},
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_each_client_is_limited(client, atlas, monkeypatch):
    # DRF reads the rates once, when the throttle class is defined.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    for _ in range(3):
        api(client, "zones")
    limited = api(client, "zones", 429)
    assert int(limited["Retry-After"]) > 0
    cache.clear()


def test_the_openapi_schema_is_valid_and_documented(client):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    schema = client.get(reverse("api:schema"), headers={"accept": "application/json"})
    assert schema.status_code == 200
    parameters = {
        p["name"] for p in schema.json()["paths"]["/api/v1/projects/"]["get"]["parameters"]
    }
    assert {"q", "country", "theme", "status", "sort", "page", "page_size"} <= parameters
    docs = client.get(reverse("api:docs")).content.decode()
    assert "swagger-ui-bundle.js" in docs
    assert "<style>" not in docs and "<script>" not in docs  # the CSP allows neither


def test_an_id_too_large_for_any_column_is_simply_not_found(client, atlas):
    response = client.get(reverse("api:project", args=[10**25]))
    assert response.status_code == 404
    assert "detail" in response.json()


def test_stats_sum_the_declared_amounts_of_what_the_search_finds(client, atlas):
    funding = api(client, "stats").json()["funding"]
    assert funding["total_eur"] == 20000
    assert funding["one_percent_eur"]["water"] == 20000
    assert funding["by_year_and_one_percent"] == {"2016": {"water": 20000}}
    (kinds,) = funding["by_year_and_funder_kind"].values()
    assert sum(kinds.values()) == 20000
    elsewhere = api(client, "stats", country="DE").json()["funding"]
    assert elsewhere["total_eur"] == 0 and elsewhere["by_year_and_funder_kind"] == {}


def test_a_publication_moves_the_amounts_without_rebuilding_them(client, atlas):
    from catalogue.writer import ProjectWriter
    from partnerships.models import Project
    from search import funding
    from search.index_updates import current_index
    from tests.factories import SheetData

    api(client, "stats")
    before = funding.funding_table(current_index())
    ProjectWriter().save(
        SheetData(
            title="Énergie solaire à Kayes",
            french=["Lyon"],
            foreign=[("Kayes", "ML")],
            funding=[
                {"funder": "Lyon", "amount_eur": 5000.5, "energy_1pct_eur": 1000, "year": 2020}
            ],
        ),
        origin="import",
        publication_state=Project.PublicationState.PUBLISHED,
    )
    answer = api(client, "stats").json()["funding"]
    patched = funding.funding_table(current_index())
    assert patched is not before and len(patched.project) == len(before.project) + 1
    assert answer["total_eur"] == 25000.5
    assert answer["by_year_and_one_percent"]["2020"] == {"energy": 1000}
    funding.forget()
    assert api(client, "stats").json()["funding"] == answer  # a rebuild says the same


def test_api_errors_are_json_whichever_view_raises_them(client, atlas, rf):
    from api.views import server_error

    missing = client.get("/api/v1/exports/nope.csv")  # an export's own 404
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.json()["detail"]
    page = client.get("/fr/nulle-part/")  # the site keeps its own page
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
    failed = server_error(rf.get("/api/v1/projects/"))
    assert failed.status_code == 500 and failed["Content-Type"] == "application/json"
    assert server_error(rf.get("/fr/")).status_code == 500
