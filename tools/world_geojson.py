"""Country shapes for the map: world-atlas's TopoJSON (Natural Earth 1:110m, public
domain) turned into the GeoJSON the map draws, each feature keyed by its zero-padded ISO
numeric code ("032"). Run at install time (Makefile, from node_modules):

    python tools/world_geojson.py node_modules/world-atlas/countries-110m.json OUT.geo.json

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


def main(source: str, target: str) -> None:
    topology = json.loads(Path(source).read_text("utf-8"))
    arcs = decoded_arcs(topology)
    features = []
    for shape in topology["objects"]["countries"]["geometries"]:
        drawn = geometry(shape, arcs)
        if drawn is None or "id" not in shape:  # a few disputed areas have no ISO code
            continue
        if shape["id"] == ANTARCTICA:  # no partner there, and it flattens the whole map
            continue
        features.append(
            {
                "type": "Feature",
                "id": shape["id"],
                "properties": {"name": shape["id"]},  # the map joins on the code
                "geometry": drawn,
            }
        )
    Path(target).write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
        "utf-8",
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
