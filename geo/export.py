"""Export the units valid on a date (``build_map.py units``) as GeoJSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from geo.errors import GeoError
from geo.gazetteer import REFORM_2025, Gazetteer, Unit

PROPERTIES = (
    "id",
    "name",
    "type",
    "level",
    "code",
    "province",
    "district",
    "valid_from",
    "valid_to",
    "geometry_quality",
)


def select_units(gazetteer: Gazetteer, province: str, as_of: dt.date, level: str) -> tuple[Unit, list[Unit]]:
    """The province meant by the user and its units of one level valid on ``as_of``."""
    if level == "district" and as_of >= REFORM_2025:
        msg = (
            f"There are no districts on {as_of.isoformat()}: districts (huyện, quận, thị xã, "
            "thành phố thuộc tỉnh) were abolished on 2025-07-01. Ask for --level commune, or give an "
            "earlier --as-of date."
        )
        raise GeoError(msg)
    prov = gazetteer.province(province, as_of)
    if not prov.valid_at(as_of):
        msg = (
            f"Tỉnh/thành phố {prov.name} did not exist on {as_of.isoformat()} "
            f"(valid {prov.period()}); give a date in that period"
        )
        raise GeoError(msg)
    if level == "province":
        return prov, [prov]
    units = [u for u in gazetteer.units_at(as_of, level=level) if gazetteer.province_of(u).id == prov.id]
    return prov, sorted(units, key=lambda u: (u.district or "", u.name))


def _properties(gazetteer: Gazetteer, unit: Unit) -> dict[str, Any]:
    props = {name: getattr(unit, name) for name in PROPERTIES}
    props["district"] = unit.district if unit.level == "commune" else None
    props["area_km2"] = unit.area_km2
    if unit.valid_to is not None and unit.level == "commune":
        props["current"] = [
            {"name": c["name"], "type": c["type"], "code": c["code"], "share": c["share"]}
            for c in gazetteer.current(unit)
        ]
    return props


def to_geojson(gazetteer: Gazetteer, units: list[Unit]) -> str:
    """A GeoJSON FeatureCollection in EPSG:4326 (coordinates are lon, lat)."""
    import shapely

    frame = gazetteer.geodataframe(units)
    features = []
    for unit, geom in zip(units, frame.geometry, strict=True):
        features.append(
            {
                "type": "Feature",
                "properties": _properties(gazetteer, unit),
                "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def to_csv(gazetteer: Gazetteer, units: list[Unit]) -> str:
    """One row per unit; ``current`` lists today's unit(s) as ``Xã Yên Phúc (06298) 100%``."""
    out = io.StringIO()
    fields = [*PROPERTIES, "area_km2", "lat", "lon", "current"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for unit in units:
        row = _properties(gazetteer, unit)
        row["lat"], row["lon"] = unit.lat, unit.lon
        row["current"] = "; ".join(
            f"{c['type'].capitalize()} {c['name']} ({c['code']}) {round(c['share'] * 100)}%"
            for c in row.get("current", [])
        )
        writer.writerow(row)
    return out.getvalue()
