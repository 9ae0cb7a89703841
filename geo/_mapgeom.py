"""Display boundaries of an activity map: simplified, shared as TopoJSON, cached. Pure but for the cache.

:func:`display_geometries` simplifies the units a :class:`~geo._mapdata.Selection` draws;
:func:`topology` encodes them for the page. The simplified background of a map (every commune of
its provinces on its date, and the district and province outlines made of them) depends only on
the gazetteer, the set of communes and the tolerance: it is cached next to the gazetteer
(:func:`_cached_background`), so a national map does not simplify 11,000 communes on every build.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo._files import write_atomic
from geo.errors import GeoError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from shapely import Geometry

    from geo._mapdata import Selection
    from geo.gazetteer import Gazetteer, Unit

    GeoArray = npt.NDArray[np.object_]  # an array of shapely geometries

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
_CACHE_FORMAT = 3


@dataclass
class Display:
    """The boundaries of a map: simplified geometries (EPSG:4326, x = lon, y = lat) of every unit
    drawn, and the TopoJSON parts they are sent in (geometries carry ``u``, their unit id)."""

    geometries: dict[str, Geometry]
    parts: list[dict[str, Any]] = field(default_factory=list)

    def encode(self, index: dict[str, int]) -> list[dict[str, Any]]:
        """The parts for the page: only the units of ``index``, each geometry carrying ``i``, its
        index in the payload, and only the arcs they use."""
        return [_pruned(part, index) for part in self.parts]


def display_geometries(gazetteer: Gazetteer, selection: Selection) -> Display:
    """The boundaries a map draws, simplified for display and encoded as TopoJSON.

    The communes of the map's provinces on ``as_of`` are simplified together as a coverage
    (``shapely.coverage_simplify``) so that neighbours keep sharing their border without gaps or
    slivers; their districts and provinces are the unions of the simplified communes, so district
    lines lie exactly on commune lines. On a national map only the communes with activities are
    kept (the others only shape the districts). Today's units are a second coverage (on a
    national map none: the popups say what each place is part of today), and the communes of each other era the map's period may show (:attr:`Selection.eras`) one
    more each. These coverages and their topologies are cached (:func:`_cached_group`). Units of
    other vintages, which may overlap those, are simplified one by one on each build.
    """
    tolerance = NATIONAL_TOLERANCE_M if selection.national else SIMPLIFY_TOLERANCE_M
    parents = [*selection.districts, *selection.provinces]
    today = selection.today
    wanted = {
        u.id
        for u in [*selection.communes, *parents, *selection.today, *(c for e in selection.eras for c in e)]
    }
    display = Display({})
    for communes, group_parents in [
        (selection.background, parents),
        (today, []),
        *((e, []) for e in selection.eras),
    ]:
        if not communes:
            continue
        group = _cached_group(gazetteer, communes, group_parents, tolerance)
        keep = {uid for uid in group.geometries if uid in wanted and uid not in display.geometries}
        if keep:
            display.geometries |= _taken(group.geometries, keep)
            display.parts.append(_restricted(group.topology, keep))
    rest = [u for u in [*parents, *selection.other] if u.id not in display.geometries]
    if rest:
        fresh = _to_geographic(_single(gazetteer, rest, tolerance))
        display.geometries |= fresh
        display.parts.append(topology(fresh, COORD_DECIMALS))
    return display


@dataclass(frozen=True)
class _Group:
    """Communes simplified as one coverage and their parents as unions of them."""

    geometries: dict[str, Any]  # unit id → geometry (EPSG:4326), or its WKB still to decode (_FromWKB)
    topology: dict[str, Any]  # TopoJSON of them


def _cached_group(
    gazetteer: Gazetteer, communes: list[Unit], parents: list[Unit], tolerance: float
) -> _Group:
    """The communes simplified as one coverage and their parents as unions of them.

    Read from the gazetteer's cache folder when this set of units was simplified before at this
    tolerance; computed and written there (atomically) otherwise. Without a cache folder (a
    gazetteer built in memory) it is computed every time.
    """
    folder = gazetteer.geometry_path.parent / "display" if gazetteer.geometry_path else None
    stamp = repr((_CACHE_FORMAT, tolerance, sorted(u.id for u in communes), sorted(u.id for u in parents)))
    path = folder / f"{hashlib.sha256(stamp.encode()).hexdigest()[:16]}.pickle" if folder else None
    if path is not None and path in _GROUPS:
        return _GROUPS[path]
    if path is not None and path.is_file():
        try:
            with path.open("rb") as handle:
                stored = pickle.load(handle)
            return _remember(path, _Group(_FromWKB(stored["geometries"]), stored["topology"]))
        except (OSError, pickle.UnpicklingError, EOFError, KeyError, ValueError) as err:
            log.warning("display cache %s unreadable (%s); simplifying again", path, err)
    geometries = _to_geographic(_background(gazetteer, communes, parents, tolerance))
    decimals = COORD_DECIMALS if tolerance <= SIMPLIFY_TOLERANCE_M else COORD_DECIMALS - 1
    group = _Group(geometries, topology(geometries, decimals))
    if path is not None:
        import shapely

        wkb = {uid: shapely.to_wkb(g) for uid, g in geometries.items()}
        blob = pickle.dumps({"geometries": wkb, "topology": group.topology}, protocol=5)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, blob)
        except (OSError, GeoError) as err:  # a read-only cache still gives a map
            log.warning("could not cache display boundaries in %s: %s", path, err)
        _remember(path, group)
    return group


# The groups read in this process (a server or a notebook builds many maps): the last few kept.
_GROUPS: dict[Path, _Group] = {}
_GROUPS_KEPT = 4


def _remember(path: Path, group: _Group) -> _Group:
    while len(_GROUPS) >= _GROUPS_KEPT:
        _GROUPS.pop(next(iter(_GROUPS)))
    _GROUPS[path] = group
    return group


def _restricted(topo: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    """The topology with only the geometries of the units in ``keep`` (arcs left as they are)."""
    geometries = [
        g for g in topo["objects"]["data"]["geometries"] if g.get("properties", {}).get("u") in keep
    ]
    return {**topo, "objects": {"data": {"type": "GeometryCollection", "geometries": geometries}}}


def _pruned(topo: dict[str, Any], index: dict[str, int]) -> dict[str, Any]:
    """The topology's geometries of the units in ``index`` (``u`` → ``i``) and only their arcs."""
    geometries = [
        g for g in topo["objects"]["data"]["geometries"] if g.get("properties", {}).get("u") in index
    ]
    used: dict[int, int] = {}

    def renumber(arcs: Any) -> Any:
        if isinstance(arcs, list):
            return [renumber(a) for a in arcs]
        arc = arcs if arcs >= 0 else ~arcs
        new = used.setdefault(arc, len(used))
        return new if arcs >= 0 else ~new

    out = []
    for g in geometries:
        item = {"type": g["type"], "properties": {"i": index[g["properties"]["u"]]}}
        if "arcs" in g:
            item["arcs"] = renumber(g["arcs"])
        out.append(item)
    arcs = [""] * len(used)
    for old, new in used.items():
        arcs[new] = topo["arcs"][old]
    result = {"type": "Topology", "objects": {"data": {"type": "GeometryCollection", "geometries": out}}}
    # The arcs as JSON text in a string (digits, commas and brackets: nothing to escape), which
    # the page parses: each arc is written once, when the topology is made, not on every build.
    result["arcs"] = "[" + ",".join(arcs) + "]"
    if "transform" in topo:
        result["transform"] = topo["transform"]
    return result


def _from_wkb(blob: dict[str, bytes]) -> dict[str, Geometry]:
    import shapely

    ids = list(blob)
    return dict(zip(ids, shapely.from_wkb([blob[i] for i in ids]), strict=True))


class _FromWKB(dict[str, bytes]):
    """A cached group's geometries as stored (WKB by unit id), decoded when taken: a national
    background holds every commune of the country, and a map draws the few hundred it needs."""


def _taken(geometries: dict[str, Any], ids: set[str]) -> dict[str, Geometry]:
    """The geometries of ``ids``, decoded first when they are still WKB."""
    if isinstance(geometries, _FromWKB):
        return _from_wkb({uid: geometries[uid] for uid in ids})
    return {uid: geometries[uid] for uid in ids}


def _background(
    gazetteer: Gazetteer, communes: list[Unit], parents: list[Unit], tolerance: float
) -> dict[str, Geometry]:
    import shapely

    out = _coverage(gazetteer, communes, tolerance)
    members: dict[str, list[Geometry]] = {}
    for commune in communes:
        if commune.id in out:
            for parent_id in {commune.parent_id, gazetteer.province_of(commune).id}:
                if parent_id is not None:
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


def _coverage_simplify(array: GeoArray, tolerance: float) -> GeoArray:
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


def topology(geometries: dict[str, Geometry], decimals: int = COORD_DECIMALS) -> dict[str, Any]:
    """Geometries (EPSG:4326) as one TopoJSON object: each border stored once, as quantised deltas.

    Neighbouring communes, the districts made of them and the province outline share their
    arcs; the quantisation grid is ``10**-decimals`` degrees: about 1 m with
    :data:`COORD_DECIMALS`, 10 m for a national map (whose borders are simplified at 100 m). Each geometry carries
    ``u``, its unit id (:meth:`Display.encode` turns it into the unit's index in the payload);
    each arc is JSON text.
    """
    import geopandas as gpd
    import shapely
    from topojson.core.topology import Topology

    ids = list(geometries)
    if not ids:
        return {
            "type": "Topology",
            "objects": {"data": {"type": "GeometryCollection", "geometries": []}},
            "arcs": [],
        }
    west, south, east, north = shapely.total_bounds(list(geometries.values()))
    steps = max(east - west, north - south) / 10 ** (-decimals)
    frame = gpd.GeoDataFrame({"u": ids}, geometry=list(geometries.values()), crs="EPSG:4326")
    topo = Topology(frame, prequantize=int(min(max(steps, 1e4), 4e6))).to_dict()
    topo["arcs"] = [json.dumps(arc, separators=(",", ":")) for arc in topo["arcs"]]
    return topo
