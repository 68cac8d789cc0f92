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
    click_at(page, [-1.6, 12.3])  # Burkina Faso
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
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(live_server.url + "/fr/", wait_until="networkidle")
    # ECharts (about 350 kB) comes only when the map, far below, nears the screen.
    assert page.evaluate("() => typeof window.echarts") == "undefined"
    page.locator("#world-map").scroll_into_view_if_needed()
    page.locator("#world-map[data-drawn]").wait_for()
    values = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('world-map')).getOption()"
        ".series[0].data.filter(d => d.value != null).map(d => [d.name, d.value])"
    )
    assert sorted(values) == [["276", 1], ["466", 1], ["854", 2]]
    assert page.problems == []


# -- the partner towns, the lines, the France view ------------------------------------------

# GeoNames positions of the atlas's foreign partners (an import leaves them unplaced).
TOWNS = {
    "Ouagadougou": (12.36566, -1.53388),
    "Bobo-Dioulasso": (11.17715, -4.2979),
    "Kayes": (14.44693, -11.44448),
}


@pytest.fixture
def located(atlas):
    from territories.models import ForeignAuthority

    for name, (latitude, longitude) in TOWNS.items():
        ForeignAuthority.objects.filter(name=name).update(latitude=latitude, longitude=longitude)
    return atlas


def test_the_map_places_partner_towns_from_their_coordinates_only(client, located):
    answer = client.get(reverse("explore:map_places")).json()
    assert answer["projects"] == 4
    placed = {
        name: (lon, lat, count, precision)
        for _id, lon, lat, name, precision, count in answer["places"]
    }
    assert placed == {
        "Ouagadougou": (-1.5339, 12.3657, 1, "town"),
        "Bobo-Dioulasso": (-4.2979, 11.1771, 1, "town"),
        "Kayes": (-11.4445, 14.4469, 1, "town"),
    }
    assert answer["unplaced"] == 1  # Leipzig: no coordinates, so no point
    # French partners by département, at the chef-lieu's position.
    departements = {
        code: (name, count) for code, name, _lon, _lat, count in answer["french"]["departement"]
    }
    assert departements == {"93": ("Seine-Saint-Denis", 2), "86": ("Vienne", 1), "69": ("Rhône", 1)}


def test_flow_lines_join_french_partners_to_foreign_ones_in_a_small_selection(client, located):
    from territories.models import FrenchAuthority

    poitiers = FrenchAuthority.objects.get(name="Poitiers", kind="commune")
    answer = client.get(reverse("explore:map_places"), {"authority": poitiers.pk}).json()
    (flow,) = answer["flows"]
    assert flow[4:] == [1, "Poitiers", "Ouagadougou"]
    assert flow[:2] == [round(poitiers.longitude, 4), round(poitiers.latitude, 4)]
    assert flow[2:4] == [-1.5339, 12.3657]


def test_a_place_chosen_on_the_map_lists_its_partnerships_among_the_search(client, located):
    from territories.models import ForeignAuthority

    ouagadougou = ForeignAuthority.objects.get(name="Ouagadougou")
    address = reverse("explore:map_place", kwargs={"pk": ouagadougou.pk})
    place = client.get(address).json()
    assert place["name"] == "Ouagadougou" and place["country"] == "Burkina Faso"
    assert place["precision"] == "position de la ville (GeoNames)"
    assert [p["title"] for p in place["projects"]] == ["Accès à l'eau potable à Ouagadougou"]
    assert place["count"] == 1  # the draft is not published
    assert client.get(address, {"theme": "sante"}).json()["count"] == 0  # the search's filters
    for missing in (999999, 10**20):  # the second beyond any database's integer
        assert client.get(reverse("explore:map_place", kwargs={"pk": missing})).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"country": "ZZ"},
        {"authority": "9223372036854775808"},
        {"authority": "①"},
        {"q": "\x00"},
        {"start_year_min": "99999999999999999999"},
        {"theme": "x" * 10_000},
    ],
)
def test_nonsense_parameters_get_a_json_error_from_the_map_layers(client, atlas, params):
    for name in ("explore:map_places", "explore:map_place"):
        kwargs = {"pk": 1} if name == "explore:map_place" else {}
        response = client.get(reverse(name, kwargs=kwargs), params)
        assert response.status_code in {400, 404}
        if response.status_code == 400:
            assert response["Content-Type"] == "application/json"
            assert response.json()["errors"]


def test_the_map_page_lists_french_partners_by_region_and_departement(client, atlas):
    page = html.fromstring(client.get(reverse("explore:map")).text)
    captions = {
        table.find("caption").text_content(): {
            row.find("th").text_content(): row.find("td").text_content()
            for row in table.iter("tr")
            if row.findall("td")
        }
        for table in page.iter("table")
        if table.find("caption") is not None
    }
    assert captions["Partenariats par région des partenaires français"] == {
        "Île-de-France": "2",
        "Auvergne-Rhône-Alpes": "1",
        "Nouvelle-Aquitaine": "1",
    }
    assert captions["Partenariats par département des partenaires français"]["86 · Vienne"] == "1"


def chart_data(page, series: str):
    return page.evaluate(
        """(id) => echarts.getInstanceByDom(document.getElementById('world-map'))
            .getOption().series.find(s => s.id === id).data""",
        series,
    )


def click_at(page, coordinates):
    page.locator("#world-map").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """(at) => {
            const box = document.getElementById('world-map');
            const [x, y] = echarts.getInstanceByDom(box).convertToPixel({geoIndex: 0}, at);
            const r = box.getBoundingClientRect();
            return [r.left + x, r.top + y];
        }""",
        coordinates,
    )
    page.mouse.click(x, y)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_towns_cluster_expand_and_list_their_partnerships(page, live_server, located):
    page.goto(live_server.url + "/fr/carte/")
    page.locator("#world-map[data-layers]").wait_for()
    page.locator("#world-map").scroll_into_view_if_needed()
    drawn = chart_data(page, "places")
    assert any(d["cluster"] is not None for d in drawn)  # towns close together: a group
    assert sum(d["towns"] for d in drawn) == 3  # Leipzig, without coordinates, is not drawn
    # Four partnerships: few enough for their lines, from each French partner located.
    lines = {(d["from"], d["to"]) for d in chart_data(page, "flows")}
    assert lines == {
        ("Poitiers", "Ouagadougou"),
        ("Seine-Saint-Denis", "Bobo-Dioulasso"),
        ("Montreuil", "Kayes"),
    }
    zoom = page.locator("#world-map").get_attribute("data-zoom")
    for _ in range(6):  # a click on a group opens it, until its towns stand apart
        groups = [d for d in chart_data(page, "places") if d["cluster"] is not None]
        if not groups:
            break
        before = page.locator("#world-map").get_attribute("data-zoom")
        click_at(page, groups[0]["value"][:2])
        page.wait_for_function(
            "(z) => document.getElementById('world-map').dataset.zoom !== z", arg=before
        )
    assert int(page.locator("#world-map").get_attribute("data-zoom")) > int(zoom)
    towns = {d["name"]: d for d in chart_data(page, "places")}
    assert set(towns) == {"Ouagadougou", "Bobo-Dioulasso", "Kayes"}
    click_at(page, towns["Ouagadougou"]["value"][:2])
    place = page.locator("#map-place")
    place.get_by_role("link", name="Accès à l'eau potable à Ouagadougou").wait_for()
    assert "Ouagadougou (Burkina Faso)" in place.inner_text()
    assert "position de la ville (GeoNames)" in place.inner_text()

    page.get_by_role("button", name="Recentrer").click()  # back to the whole world
    assert page.locator("#world-map").get_attribute("data-zoom") == zoom
    page.locator("label[for=map-view-france]").click()  # the France view
    page.locator("#world-map[data-view=france]").wait_for()
    french = {d["name"]: d["count"] for d in chart_data(page, "french")}
    assert french == {"Seine-Saint-Denis": 2, "Vienne": 1, "Rhône": 1}
    page.locator("label[for=map-french-region]").click()
    french = {d["name"]: d["count"] for d in chart_data(page, "french")}
    assert french == {"Île-de-France": 2, "Auvergne-Rhône-Alpes": 1, "Nouvelle-Aquitaine": 1}
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "map-france.png", full_page=True)
    assert serious_violations(page) == []
    assert page.problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_flow_lines_appear_for_one_authority(page, live_server, located):
    from territories.models import FrenchAuthority

    poitiers = FrenchAuthority.objects.get(name="Poitiers", kind="commune")
    page.goto(f"{live_server.url}/en/map/?authority={poitiers.pk}")  # in English
    page.locator("#world-map[data-layers]").wait_for()
    (line,) = chart_data(page, "flows")
    assert (line["from"], line["to"], line["count"]) == ("Poitiers", "Ouagadougou", 1)
    page.locator("label[for=map-flows]").click()  # the DSFR draws the box over its input
    assert chart_data(page, "flows") == []
    zoom = (
        "() => echarts.getInstanceByDom(document.getElementById('world-map'))"
        ".getOption().geo[0].zoom"
    )
    opened = page.evaluate(zoom)
    assert opened > 1.5  # the map opens on Poitiers and Ouagadougou, not on the whole world
    page.get_by_role("button", name="Zoom in").click()  # keyboard-usable controls
    page.get_by_role("button", name="Zoom in").press("Enter")
    assert page.evaluate(zoom) == pytest.approx(opened * 4)
    page.get_by_role("button", name="Reset view").press("Enter")
    assert page.evaluate(zoom) == pytest.approx(opened)
    assert "1 published partnership in 1 country." in page.locator("main").inner_text()
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})  # on a phone
    # Nothing wider than the phone once the map has followed (no sideways scrolling).
    page.wait_for_function("() => document.documentElement.scrollWidth <= 390", timeout=5000)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "map-phone-en.png", full_page=True)
    assert page.problems == []


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_map_colours_are_ordered_and_told_apart():
    import itertools
    import re

    script = (Path(__file__).resolve().parents[2] / "explore/static/explore/js/map.js").read_text()

    def colour(name):
        return re.search(rf'var {name} = "(#[0-9a-fA-F]{{6}})"', script)[1]

    classes = re.findall(r"#[0-9a-fA-F]{6}", re.search(r"var COLOURS = \[(.*?)\]", script)[1])
    assert len(classes) == 5
    # Lighter to darker, each step a visible one, from the countries without partnership.
    steps = [colour("NO_DATA"), *classes]
    assert all(contrast(a, b) >= 1.5 for a, b in itertools.pairwise(steps))
    assert contrast(steps[0], steps[-1]) >= 10
    # A point stands out (3:1) on every fill: by its edge or by its own colour.
    for fill in steps:
        assert max(contrast(colour("POINT"), fill), contrast(colour("EDGE"), fill)) >= 3


def test_the_shapes_installed_include_small_countries_and_leave_out_antarctica():
    import json

    shapes = Path(__file__).resolve().parents[2] / "explore/static/explore/vendor/world.geo.json"
    codes = {feature["id"] for feature in json.loads(shapes.read_text())["features"]}
    assert {"854", "466", "276"} <= codes  # Burkina Faso, Mali, Germany (1:110m)
    assert {"132", "480", "174", "470"} <= codes  # Cabo Verde, Mauritius, Comoros, Malta (1:50m)
    assert "010" not in codes  # Antarctica
