"""The map page: partnerships by country for the search's filters, as a table that reads
without JavaScript, and in Chromium a world map drawn from it that a click leaves for the
country's page."""

from pathlib import Path

import pytest
from django.urls import reverse
from lxml import html

from tests.declarations.test_declaration_browser import serious_violations

ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts"


def countries(page: str) -> dict[str, tuple[str, str]]:
    rows = html.fromstring(page).get_element_by_id("map-table").iter("tr")
    return {
        row.find("th").text_content().strip(): tuple(
            td.get("data-value") for td in row.findall("td")
        )
        for row in rows
        if row.findall("td")
    }


def test_the_map_lists_every_country_with_its_figures(client, atlas):
    page = client.get(reverse("explore:map")).text
    assert countries(page) == {
        "Burkina Faso": ("2", "20000"),
        "Allemagne": ("1", "0"),
        "Mali": ("1", "0"),
    }
    assert 'data-numeric="854"' in page  # Burkina Faso's shape


def test_the_map_follows_the_search_filters(client, atlas):
    page = client.get(reverse("explore:map"), {"theme": "eau-assainissement"}).text
    assert set(countries(page)) == {"Burkina Faso", "Mali"}
    assert "Retirer le filtre" in page
    assert client.get(reverse("explore:map"), {"country": "ZZ"}).status_code == 400
    for nonsense in ({"q": "\x00"}, {"authority": "9223372036854775808"}, {"start_year_min": "①"}):
        assert client.get(reverse("explore:map"), nonsense).status_code in {200, 400}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_world_map_shades_countries_and_opens_their_page(page, live_server, atlas):
    page.goto(live_server.url + "/fr/carte/")
    page.locator("#world-map[data-drawn]").wait_for()
    data = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById('world-map'));
            const option = chart.getOption();
            return {
                values: Object.fromEntries(
                    option.series[0].data.filter(d => d.value != null).map(d => [d.name, d.value])
                ),
                pieces: option.visualMap[0].pieces.map(p => [p.min, p.max, p.color]),
            };
        }"""
    )
    assert data["values"] == {"854": 2, "276": 1, "466": 1}
    colour = {
        value: c for low, high, c in data["pieces"] for value in (1, 2) if low <= value <= high
    }
    assert colour[2] != colour[1]  # Burkina Faso darker than Mali

    page.locator("label", has_text="les montants déclarés").click()
    page.locator("#world-map[data-measure=amount]").wait_for()
    amounts = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('world-map'))"
        ".getOption().series[0].data.find(d => d.name === '854').value"
    )
    assert amounts == 20000
    legend = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('world-map'))"
        ".getOption().visualMap[0].pieces.map(p => p.label)"
    )
    assert legend and all(label.endswith("€") for label in legend)  # the unit is said

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "map.png", full_page=True)
    assert serious_violations(page) == []
    x, y = page.evaluate(
        """() => {
            const box = document.getElementById('world-map');
            const chart = echarts.getInstanceByDom(box);
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [-1.6, 12.3]);
            const r = box.getBoundingClientRect();
            return [r.left + x, r.top + y];
        }"""
    )
    page.mouse.click(x, y)
    page.wait_for_url("**/fr/pays/BF/")
    assert page.problems == []


def test_pages_carry_a_small_map_of_their_own_partnerships(client, atlas):
    from territories.models import FrenchAuthority

    home = client.get(reverse("explore:home")).text
    assert countries_of_block(home) == {"Burkina Faso": "2", "Allemagne": "1", "Mali": "1"}
    poitiers = FrenchAuthority.objects.get(name="Poitiers", kind="commune")
    page = client.get(poitiers.get_absolute_url()).text
    assert countries_of_block(page) == {"Burkina Faso": "1"}
    assert f"/fr/carte/?authority={poitiers.pk}" in page
    theme = client.get(reverse("explore:theme", kwargs={"code": "eau-assainissement"})).text
    assert countries_of_block(theme) == {"Burkina Faso": "1", "Mali": "1"}


def countries_of_block(page: str) -> dict[str, str]:
    rows = html.fromstring(page).get_element_by_id("map-table").iter("tr")
    return {
        row.find("th").text_content().strip(): row.find("td").get("data-value")
        for row in rows
        if row.findall("td")
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_home_page_draws_its_small_map(page, live_server, atlas):
    page.goto(live_server.url + "/fr/")
    page.locator("#world-map[data-drawn]").wait_for()
    values = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('world-map')).getOption()"
        ".series[0].data.filter(d => d.value != null).map(d => [d.name, d.value])"
    )
    assert sorted(values) == [["276", 1], ["466", 1], ["854", 2]]
    assert page.problems == []
