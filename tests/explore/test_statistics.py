"""The statistics page as a reader uses it: the search's filters, tables that say the same
numbers as the API, each table as a CSV file, the theme drill-down; and in Chromium the
charts drawn from the tables, without serious accessibility findings."""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from lxml import html

from tests.declarations.test_declaration_browser import serious_violations

ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artefacts"


def table(page: str, slug: str) -> dict[str, list[str]]:
    """A table of the page: row label -> its numbers, as a reader sees them."""
    found = html.fromstring(page).get_element_by_id(f"table-{slug}")
    return {
        row.find("th").text_content().strip(): [td.get("data-value") for td in row.findall("td")]
        for row in found.iter("tr")
        if row.find("th") is not None and row.findall("td")
    }


@pytest.mark.parametrize("params", [{}, {"country": "BF"}, {"theme": "eau-assainissement"}])
def test_the_tables_say_what_the_api_says_for_the_same_filters(client, atlas, params):
    page = client.get(reverse("explore:statistics"), params).text
    stats = client.get(reverse("api:stats"), params).json()
    countries = table(page, "countries")
    assert sorted(int(values[0]) for values in countries.values()) == sorted(
        stats["by"]["country"].values()
    )
    years = table(page, "start-years")
    assert {year: sum(int(v) for v in values) for year, values in years.items()} == {
        year: sum(zones.get(year, 0) for zones in stats["by_start_year_and_zone"].values())
        for year in stats["by_start_year"]
    }
    assert f"{stats['projects']} partenariat" in page


def test_a_filter_changes_the_numbers_and_can_be_removed(client, atlas):
    everything = table(client.get(reverse("explore:statistics")).text, "countries")
    assert set(everything) == {"Burkina Faso", "Allemagne", "Mali"}
    page = client.get(reverse("explore:statistics"), {"country": "BF"}).text
    assert table(page, "countries") == {"Burkina Faso": ["2"]}
    assert "Retirer le filtre Pays : Burkina Faso" in page


def test_each_table_is_a_csv_file_of_the_same_numbers(client, atlas):
    page = client.get(reverse("explore:statistics"), {"country": "BF"}).text
    response = client.get(
        reverse("explore:statistics_table", kwargs={"table": "countries"}), {"country": "BF"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["", "Partenariats"]
    assert {row[0]: [row[1]] for row in rows[1:]} == table(page, "countries")
    missing = reverse("explore:statistics_table", kwargs={"table": "nothing"})
    assert client.get(missing).status_code == 404


def test_the_themes_drill_down_to_sub_themes(client, atlas):
    level_one = table(client.get(reverse("explore:statistics")).text, "themes")
    assert "Eau et assainissement" in level_one
    below = client.get(reverse("explore:statistics"), {"theme": "eau-assainissement"}).text
    assert "Partenariats par sous-thématique de « Eau et assainissement »" in below
    assert "Accès à l'eau potable" in table(below, "themes")


@pytest.mark.parametrize(
    "params",
    [
        {"country": "ZZ"},
        {"start_year_min": "①"},
        {"authority": "9223372036854775808"},
        {"q": "\x00"},
    ],
)
def test_nonsense_filters_get_a_clear_answer(client, atlas, params):
    response = client.get(reverse("explore:statistics"), params)
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert "Ces filtres ne sont pas valides" in response.text
    csv_answer = client.get(
        reverse("explore:statistics_table", kwargs={"table": "countries"}), params
    )
    assert csv_answer.status_code in {200, 400}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_charts_are_drawn_from_the_tables(page, live_server, atlas):
    page.goto(live_server.url + "/fr/statistiques/?theme=eau-assainissement")
    page.locator(".atlas-chart[data-drawn]").first.wait_for()
    drawn = page.locator(".atlas-chart[data-drawn]").count()
    assert drawn == page.locator(".atlas-chart").count() >= 5
    bars = page.locator('.atlas-chart[data-table="table-countries"] svg path').count()
    assert bars >= 2  # Burkina Faso and Mali
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "statistics.png", full_page=True)
    assert serious_violations(page) == []
    assert page.problems == []


def test_declared_amounts_by_year_by_kind_of_funder_and_one_percent(client, atlas):
    page = client.get(reverse("explore:statistics")).text
    assert table(page, "funding") == {"2016": ["20000"]}
    one_percent = html.fromstring(page).get_element_by_id("table-one-percent-amounts")
    assert [th.text_content() for th in one_percent.iter("th")][1].startswith("1 % eau")
    assert table(page, "one-percent-amounts") == {"2016": ["20000"]}
    assert "ils ne sont pas audités" in page


def year_rows(page: str) -> dict[str, list[str]]:
    years = html.fromstring(page).get_element_by_id("page-years")
    assert years.tag == "details"  # the table behind the chart
    return {
        tr.findall("td")[0].text_content().strip(): [
            td.text_content().strip() for td in tr.findall("td")[1:]
        ]
        for tr in years.iter("tr")
        if tr.findall("td")
    }


def test_country_authority_and_theme_pages_keep_their_years_behind_a_chart(client, atlas):
    from territories.models import FrenchAuthority

    page = client.get(reverse("explore:country", kwargs={"code": "BF"})).text
    assert year_rows(page)["2008"][0] == "1"  # started in 2008: one
    poitiers = FrenchAuthority.objects.get(name="Poitiers", kind="commune")
    rows = year_rows(client.get(poitiers.get_absolute_url()).text)
    assert sum(int(started) for started, _ in rows.values()) == 1  # its one partnership
    theme = reverse("explore:theme", kwargs={"code": "eau-assainissement"})
    rows = year_rows(client.get(theme).text)
    assert sum(int(started) for started, _ in rows.values()) == 2  # Burkina Faso and Mali
    assert rows["2016"][1] == "20\u202f000\xa0€"  # the funding line of 2016, from the index


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_country_page_draws_its_years(page, live_server, atlas):
    page.goto(live_server.url + "/fr/pays/BF/")
    page.locator('.atlas-chart[data-table="page-years"][data-drawn]').wait_for()
    drawn = page.evaluate(
        "() => { const o = echarts.getInstanceByDom(document.querySelector('.atlas-chart'))"
        ".getOption(); return [o.xAxis[0].data, o.series[0].data]; }"
    )
    # Partnerships started each year; 2016 has funding, no start.
    assert drawn == [["2008", "2015", "2016"], [1, 1, 0]]
    assert serious_violations(page) == []
    assert page.problems == []
