"""Finding one's authority among the official list by name or INSEE code: the
type-ahead's JSON and the list shown without JavaScript offer the same ones."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.authority_lookup import find_authorities

pytestmark = pytest.mark.django_db


def suggestions(client, q):
    response = client.get(reverse("accounts:authority_suggestions"), {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_typing_the_start_of_a_name_suggests_the_authority_first(client, french_authorities):
    results = suggestions(client, "Poit")
    assert results[0]["label"] == "Poitiers (commune, Vienne)"
    assert {"id", "label"} == set(results[0])
    # Names containing the text come after those starting with it.
    labels = [r["label"] for r in results]
    assert "CU du Grand Poitiers (communauté urbaine, Vienne)" in labels
    assert labels.index("Poitiers (commune, Vienne)") < labels.index(
        "CU du Grand Poitiers (communauté urbaine, Vienne)"
    )


def test_accents_case_and_legal_forms_do_not_matter(client, french_authorities):
    assert (
        suggestions(client, "SAINT-DENIS")[0]["label"] == "Saint-Denis (commune, Seine-Saint-Denis)"
    )
    # The legal form says which kind: départements only.
    labels = [r["label"] for r in suggestions(client, "Département de la Vienne")]
    assert labels == ["Vienne (département)", "Haute-Vienne (département)"]


def test_an_insee_code_finds_its_commune(client, french_authorities):
    assert suggestions(client, "86194")[0]["label"] == "Poitiers (commune, Vienne)"


def test_at_most_twenty_suggestions_and_none_under_two_characters(client, french_authorities):
    assert len(suggestions(client, "sa")) == 20
    assert suggestions(client, "p") == []
    assert suggestions(client, "") == []
    assert suggestions(client, "zzzzzz") == []


def test_a_search_takes_a_few_bounded_queries(french_authorities):
    with CaptureQueriesContext(connection) as queries:
        found = find_authorities("poit")
    assert found
    assert len(queries) <= 3  # INSEE code (not here), prefix, then contains
    assert all("LIMIT" in q["sql"] for q in queries.captured_queries)
