"""Geometry helpers of the gazetteer build: areas in an equal-area projection, unions, strips."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

# Equal-area projection for Vietnam (Albers, standard parallels 9° and 22° N): areas in m².
AREA_CRS = "+proj=aea +lat_0=16 +lon_0=106 +lat_1=9 +lat_2=22 +datum=WGS84 +units=m +no_defs"

NEAR = 0.001  # degrees (about 100 m): borders of neighbouring source polygons within this meet


def areas_km2(geometries: list[Any]) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Areas in km², computed in an equal-area projection (never in degrees)."""
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:4326", AREA_CRS, always_xy=True)
    arr = np.array(geometries, dtype=object)
    mask = np.array([g is not None for g in arr])
    out = np.zeros(len(arr))
    if mask.any():
        projected = shapely.transform(
            arr[mask], lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
        )
        out[mask] = shapely.area(projected) / 1e6
    return out


def union(geoms: list[Any]) -> Any:
    """The union of the geometries that are there (None when none is)."""
    geoms = [g for g in geoms if g is not None]
    if not geoms:
        return None
    if len(geoms) == 1:
        return geoms[0]
    return shapely.union_all(np.array(geoms, dtype=object))


def polygonal(geometry: Any) -> Any:
    """The polygons of a geometry (dropping stray lines and points), or None."""
    if geometry is None or geometry.is_empty:
        return None
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if polygons else None


def strip(geometry: Any, border: Any, fraction: float) -> tuple[Any, Any]:
    """The part of ``geometry`` nearest to ``border`` holding ``fraction`` of its area, and the rest."""
    wanted = fraction * geometry.area
    xmin, ymin, xmax, ymax = geometry.bounds
    low, high = 0.0, max(xmax - xmin, ymax - ymin)
    for _ in range(20):
        middle = (low + high) / 2
        if shapely.intersection(geometry, border.buffer(middle)).area < wanted:
            low = middle
        else:
            high = middle
    zone = border.buffer(high)
    part = polygonal(shapely.intersection(geometry, zone))
    rest = polygonal(shapely.difference(geometry, zone))
    if part is None or rest is None:
        return None, None
    return part, rest
