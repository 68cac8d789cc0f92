"""Every value a facet offers leads somewhere: walked through the search page's filter and
the API's, on a generated demo portfolio, each finds as many partnerships as the facet
said it would (a facet offering "988" that its filter refused would strand 315 of them)."""

from io import StringIO

from django.core.management import call_command


def test_every_value_a_facet_offers_is_accepted_with_its_count(client, demo_ready):
    call_command("generate_demo", projects=150, seed=3, stdout=StringIO(), stderr=StringIO())
    page = client.get("/fr/projets/")
    walked = 0
    for facet in page.context["facets"]:
        for option in facet.options + facet.more:
            found = client.get("/fr/projets/", {facet.name: option.value})
            assert found.status_code == 200, (facet.name, option.value)
            assert found.context["result"].total == option.count, (facet.name, option.value)
            api = client.get("/api/v1/projects/", {facet.name: option.value, "page_size": 1})
            assert api.status_code == 200, (facet.name, option.value, api.content[:200])
            assert api.json()["count"] == option.count, (facet.name, option.value)
            walked += 1
    assert walked > 100  # countries, régions, départements, themes, kinds ...
