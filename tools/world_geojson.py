"""Country shapes for the map: world-atlas's TopoJSON (Natural Earth 1:110m, public
domain) turned into the GeoJSON the map draws, each feature keyed by its zero-padded ISO
numeric code ("032"). The 1:110m scale leaves out the smallest countries (Cabo Verde,
Comoros, Mauritius, Malta ...): they come from the 1:50m file, so that their partnerships
colour a shape too. Run at install time (Makefile, from node_modules):

    python tools/world_geojson.py node_modules/world-atlas/countries-110m.json \
        node_modules/world-atlas/countries-50m.json OUT.geo.json

TopoJSON stores shared borders once as delta-encoded, quantized arcs; a ring lists arcs by
index, ``~i`` (a negative number) for arc i walked backwards.
"""

import json
import sys
from pathlib import Path

ANTARCTICA = "010"


def decoded_arcs(topology: dict) -> list[list[list[float]]]:
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append(
                [round(x * scale[0] + translate[0], 4), round(y * scale[1] + translate[1], 4)]
            )
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs) -> list[list[float]]:
    points: list[list[float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])  # arcs share their end points
    longitudes = [lon for lon, _lat in points]
    if max(longitudes) - min(longitudes) > 270:
        # A ring that follows the antimeridian (Russia's far east, Fiji) would be drawn
        # across the whole map: its western points continue east of 180° instead.
        points = [[lon + 360 if lon < 0 else lon, lat] for lon, lat in points]
    return points


def geometry(shape: dict, arcs) -> dict | None:
    if shape["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r, arcs) for r in shape["arcs"]]}
    if shape["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[ring(r, arcs) for r in polygon] for polygon in shape["arcs"]],
        }
    return None


def features(source: str, leave_out: set[str]) -> list[dict]:
    topology = json.loads(Path(source).read_text("utf-8"))
    arcs = decoded_arcs(topology)
    found = []
    for shape in topology["objects"]["countries"]["geometries"]:
        if "id" not in shape or shape["id"] in leave_out:  # disputed areas have no ISO code
            continue
        drawn = geometry(shape, arcs)
        if drawn is None:
            continue
        found.append(
            {
                "type": "Feature",
                "id": shape["id"],
                "properties": {"name": shape["id"]},  # the map joins on the code
                "geometry": drawn,
            }
        )
    return found


def main(source: str, supplement: str, target: str) -> None:
    # Antarctica: no partner there, and it flattens the whole map.
    shapes = features(source, {ANTARCTICA})
    drawn = {feature["id"] for feature in shapes} | {ANTARCTICA}
    small = features(supplement, drawn)
    Path(target).write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": shapes + small}, separators=(",", ":")
        ),
        "utf-8",
    )
    print(f"{len(shapes)} countries at 1:110m, {len(small)} smaller ones at 1:50m -> {target}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
