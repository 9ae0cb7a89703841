"""Display boundaries of an activity map: simplified, shared as TopoJSON, cached. Pure but for the cache.

:func:`display_geometries` simplifies the units a :class:`~geo._mapdata.Selection` draws;
:func:`topology` encodes them for the page. The simplified background of a map (every commune of
its provinces on its date, and the district and province outlines made of them) depends only on
the gazetteer, the set of communes and the tolerance: it is cached next to the gazetteer
(:func:`_cached_background`), so a national map does not simplify 11,000 communes on every build.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from typing import TYPE_CHECKING, Any

from geo._files import write_atomic
from geo.errors import GeoError

if TYPE_CHECKING:
    from shapely import Geometry

    from geo._mapdata import Selection
    from geo.gazetteer import Gazetteer, Unit

log = logging.getLogger(__name__)

#: Coverage simplification tolerance (Visvalingam–Whyatt: about the square root of the area of the
#: triangles removed), in metres of :data:`METRIC_CRS`. The source rings (GADM level 3) have
#: ~380 m segments already; 50 m moves no vertex more than ~60 m and keeps areas within 0.1 %.
SIMPLIFY_TOLERANCE_M = 50.0
#: VN-2000 / UTM zone 48N: metres, good enough over all of Vietnam for a display tolerance.
METRIC_CRS = "EPSG:3405"
#: Decimals kept in displayed coordinates: 1e-5° is about 1 m.
COORD_DECIMALS = 5
#: A national map is seen from further away: borders simplified at this tolerance (metres).
NATIONAL_TOLERANCE_M = 100.0
#: Bump when what the background cache holds changes.
_CACHE_FORMAT = 1


def display_geometries(gazetteer: Gazetteer, selection: Selection) -> dict[str, Geometry]:
    """Unit id → geometry for display: simplified, in EPSG:4326 (x = lon, y = lat).

    The communes of the map's provinces on ``as_of`` are simplified together as a coverage
    (``shapely.coverage_simplify``) so that neighbours keep sharing their border without gaps or
    slivers; their districts and provinces are the unions of the simplified communes, so district
    lines lie exactly on commune lines. On a national map only the communes with activities are
    kept (the others only shape the districts). Today's units are a second coverage, and the
    communes of each other era the map's period may show (:attr:`Selection.eras`) one more each.
    Units of other vintages, which may overlap those, are simplified one by one.
    """
    tolerance = NATIONAL_TOLERANCE_M if selection.national else SIMPLIFY_TOLERANCE_M
    parents = [*selection.districts, *selection.provinces]
    background = _cached_background(gazetteer, selection.background, parents, tolerance)
    wanted = {u.id for u in [*selection.communes, *parents]}
    metric: dict[str, Geometry] = {uid: g for uid, g in background.items() if uid in wanted}
    missing = [u for u in parents if u.id not in metric]
    metric |= _single(gazetteer, missing, tolerance)
    metric |= _coverage(gazetteer, selection.today, tolerance)
    for era in selection.eras:
        fresh = _coverage(gazetteer, [u for u in era if u.id not in metric], tolerance)
        metric |= fresh
    metric |= _single(gazetteer, [u for u in selection.other if u.id not in metric], tolerance)
    return _to_geographic(metric)


def _cached_background(
    gazetteer: Gazetteer, communes: list[Unit], parents: list[Unit], tolerance: float
) -> dict[str, Geometry]:
    """The communes simplified as one coverage and their parents as unions of them (metric CRS).

    Read from the gazetteer's cache folder when this set of communes was simplified before at
    this tolerance; computed and written there (atomically) otherwise. Without a cache folder
    (a gazetteer built in memory) it is computed every time.
    """
    folder = gazetteer.geometry_path.parent / "display" if gazetteer.geometry_path else None
    stamp = repr((_CACHE_FORMAT, tolerance, sorted(u.id for u in communes), sorted(u.id for u in parents)))
    path = folder / f"{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.pickle" if folder else None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as handle:
                return _from_wkb(pickle.load(handle))
        except (OSError, pickle.UnpicklingError, EOFError, ValueError) as err:
            log.warning("display cache %s unreadable (%s); simplifying again", path, err)
    out = _background(gazetteer, communes, parents, tolerance)
    if path is not None:
        import shapely

        blob = pickle.dumps({uid: shapely.to_wkb(g) for uid, g in out.items()}, protocol=5)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, blob)
        except (OSError, GeoError) as err:  # a read-only cache still gives a map
            log.warning("could not cache display boundaries in %s: %s", path, err)
    return out


def _from_wkb(blob: dict[str, bytes]) -> dict[str, Geometry]:
    import shapely

    ids = list(blob)
    return dict(zip(ids, shapely.from_wkb([blob[i] for i in ids]), strict=True))


def _background(
    gazetteer: Gazetteer, communes: list[Unit], parents: list[Unit], tolerance: float
) -> dict[str, Geometry]:
    import shapely

    out = _coverage(gazetteer, communes, tolerance)
    members: dict[str, list[Geometry]] = {}
    for commune in communes:
        if commune.id in out:
            for parent_id in {commune.parent_id, gazetteer.province_of(commune).id} - {None}:
                members.setdefault(parent_id, []).append(out[commune.id])
    for parent in parents:
        if parent.id in members:
            out[parent.id] = shapely.make_valid(shapely.union_all(members[parent.id]))
    return out


def _metric_geometries(gazetteer: Gazetteer, units: list[Unit]) -> dict[str, Geometry]:
    if not units:
        return {}
    frame = gazetteer.geodataframe(units)
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    if frame.empty:
        return {}
    projected = frame.geometry.to_crs(METRIC_CRS)
    return dict(zip(frame["id"], projected.values, strict=True))


def _coverage(gazetteer: Gazetteer, units: list[Unit], tolerance: float) -> dict[str, Geometry]:
    import numpy as np
    import shapely

    geoms = _metric_geometries(gazetteer, units)
    if not geoms:
        return {}
    ids = list(geoms)
    array = np.array([geoms[i] for i in ids], dtype=object)
    polygonal = np.isin(shapely.get_type_id(array), [3, 6])  # Polygon, MultiPolygon
    out = dict(zip(ids, array, strict=True))
    if polygonal.any():
        # The source polygons are not a perfect coverage everywhere: repair what simplifying breaks.
        simplified = shapely.make_valid(_coverage_simplify(array[polygonal], tolerance))
        out |= dict(zip(np.array(ids)[polygonal], simplified, strict=True))
    return out


def _coverage_simplify(array, tolerance: float):
    """``shapely.coverage_simplify``, except for the few small polygons GEOS cannot simplify.

    GEOS refuses a coverage holding a polygon whose rings would collapse to a point (small city
    wards at a national tolerance); those are simplified on their own, the rest still as one
    coverage.
    """
    import numpy as np
    import shapely

    try:
        return shapely.coverage_simplify(array, tolerance)
    except shapely.errors.GEOSException:
        pass
    alone = np.zeros(len(array), dtype=bool)
    for k, geom in enumerate(array):
        try:
            shapely.coverage_simplify(np.array([geom], dtype=object), tolerance)
        except shapely.errors.GEOSException:
            alone[k] = True
    log.debug("%d polygons simplified on their own", alone.sum())
    out = np.empty(len(array), dtype=object)
    out[alone] = shapely.simplify(array[alone], tolerance / 4, preserve_topology=True)
    if (~alone).any():
        out[~alone] = shapely.coverage_simplify(array[~alone], tolerance)
    return out


def _single(gazetteer: Gazetteer, units: list[Unit], tolerance: float) -> dict[str, Geometry]:
    import shapely

    return {
        uid: shapely.simplify(geom, tolerance, preserve_topology=True)
        for uid, geom in _metric_geometries(gazetteer, units).items()
    }


def _to_geographic(metric: dict[str, Geometry]) -> dict[str, Geometry]:
    import geopandas as gpd

    if not metric:
        return {}
    ids = list(metric)
    geographic = gpd.GeoSeries(list(metric.values()), crs=METRIC_CRS).to_crs("EPSG:4326").values
    return {uid: g for uid, g in zip(ids, geographic, strict=True) if g is not None and not g.is_empty}


def topology(geometries: dict[str, Geometry], index: dict[str, int]) -> dict[str, Any]:
    """The display geometries as one TopoJSON object: each border stored once, as quantised deltas.

    Neighbouring communes, the districts made of them and the province outline share their
    arcs; the quantisation grid is about 1 m (:data:`COORD_DECIMALS`). Each geometry carries
    ``i``, the index of its unit in the payload.
    """
    import geopandas as gpd
    import shapely
    import topojson

    ids = [uid for uid in geometries if uid in index]
    if not ids:
        return {
            "type": "Topology",
            "objects": {"data": {"type": "GeometryCollection", "geometries": []}},
            "arcs": [],
        }
    west, south, east, north = shapely.total_bounds(list(geometries[u] for u in ids))
    steps = max(east - west, north - south) / 10 ** (-COORD_DECIMALS)
    frame = gpd.GeoDataFrame(
        {"i": [index[u] for u in ids]}, geometry=[geometries[u] for u in ids], crs="EPSG:4326"
    )
    topo = topojson.Topology(frame, prequantize=int(min(max(steps, 1e4), 4e6)))
    return topo.to_dict()
