"""Loading the gazetteer: built once from the installed data packages, cached, read back.

The gazetteer is derived (``geo._build``) from the installed data packages and cached in the
user's cache folder (:func:`cache_root`), keyed by the versions of those packages and by the code
that derives it; later runs load the cache. A stale or corrupt cache is rebuilt, never a crash.
Attributes are kept as JSON and, indexed, as a pickle that loads in a fraction of a second;
boundaries load on demand (Parquet). Building a new cache removes the caches of other versions.
What the loaded :class:`~geo.gazetteer.Gazetteer` answers is :mod:`geo.gazetteer`.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import logging
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

from geo.errors import GeoError
from geo.gazetteer import Gazetteer

log = logging.getLogger(__name__)

FORMAT_VERSION = 13  # bump when the build or the cache layout changes
CACHE_ENV = "VN_ACTIVITY_MAP_CACHE"


def cache_root() -> Path:
    """Where derived artefacts live: ``$VN_ACTIVITY_MAP_CACHE`` or the user cache folder."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vn-activity-map"))


def _code_digest(*modules: str) -> str:
    """A digest of these modules of the package: what other code derived is not reused."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()


def _cache_dir(versions: dict[str, str]) -> Path:
    # The data packages' versions, and the code that derives the gazetteer from them.
    build_modules = sorted(p.name for p in Path(__file__).parent.glob("_build*.py"))
    builder = _code_digest(*build_modules, "_sources.py", "_text.py", "data/merge_resolutions.csv")
    stamp = json.dumps({"format": FORMAT_VERSION, "builder": builder, **versions}, sort_keys=True)
    return cache_root() / f"gazetteer-{hashlib.sha256(stamp.encode()).hexdigest()[:12]}"


_LOADED: dict[Path, Gazetteer] = {}


def load_gazetteer(*, rebuild: bool = False) -> Gazetteer:
    """The gazetteer, from the cache when it is there and sound, else built and cached.

    Built once per process: later calls return the same object.
    """
    from geo._sources import source_versions

    versions = source_versions()
    folder = _cache_dir(versions)
    if not rebuild and folder in _LOADED:
        return _LOADED[folder]
    gazetteer = None if rebuild else _read_cache(folder, versions)
    if gazetteer is None:
        _write_cache(folder, versions)
        gazetteer = _read_cache(folder, versions)
        if gazetteer is None:
            msg = f"The gazetteer cache in {folder} could not be read back after building it"
            raise GeoError(msg)
    _LOADED[folder] = gazetteer
    gc.freeze()  # it lives as long as the process: the collector need not walk its objects again
    return gazetteer


def _read_cache(folder: Path, versions: dict[str, str]) -> Gazetteer | None:
    """The cached gazetteer: its ready-made index when sound, else its units read and indexed."""
    units_file, geometry_file = folder / "units.json", folder / "geometry.parquet"
    if not units_file.is_file() or not geometry_file.is_file():
        return None
    gc.disable()  # hundreds of thousands of objects that live as long as the process
    try:
        gazetteer = _read_index(folder, versions)
        if gazetteer is None:
            gazetteer = _read_units(folder, versions)
            if gazetteer is not None:
                _write_index(folder, versions, gazetteer)
        return gazetteer
    finally:
        gc.enable()


def _read_units(folder: Path, versions: dict[str, str]) -> Gazetteer | None:
    units_file, geometry_file = folder / "units.json", folder / "geometry.parquet"
    try:
        payload = json.loads(units_file.read_text(encoding="utf-8"))
        if payload.get("format") != FORMAT_VERSION or payload.get("versions") != versions:
            log.warning("The gazetteer cache in %s is stale; rebuilding it", folder)
            return None
        import pyarrow.parquet as pq

        if pq.read_metadata(geometry_file).num_rows != len(payload["units"]):
            raise ValueError("geometry rows do not match the units")
        return Gazetteer(payload, geometry_file)
    except (OSError, ValueError, KeyError, TypeError) as err:
        log.warning("The gazetteer cache in %s is unreadable (%s); rebuilding it", folder, err)
        return None
    except Exception as err:  # pyarrow raises its own ArrowException subclasses
        if type(err).__module__.startswith("pyarrow"):
            log.warning("The gazetteer cache in %s is corrupt (%s); rebuilding it", folder, err)
            return None
        raise


# The index file holds the gazetteer as Python objects, look-up tables included: loading it takes
# a fraction of reading units.json and indexing it again. It is written by this module into the
# user's own cache folder and only trusted when its stamp matches the files it was made from.
_INDEX_FILE = "index.pickle"
# The typo index is left out of what is sent to another process, but kept in the file: it is read
# back in a fraction of the time it takes to make.
_EPHEMERAL = (*(k for k in Gazetteer.PER_PROCESS if k != "typo_index"), "geometry_path")


def _index_stamp(folder: Path, versions: dict[str, str]) -> dict[str, Any]:
    """What an index file must have been made from: these files, these sources, this code."""
    files = [
        (name, (folder / name).stat().st_size, (folder / name).stat().st_mtime_ns)
        for name in ("units.json", "geometry.parquet")
    ]
    # The look-up tables are shaped by the code that builds them: a changed module, a new index.
    code = _code_digest(
        "gazetteer.py", "gazetteer_cache.py", "_address_index.py", "_addresses.py", "_text.py"
    )
    return {"format": FORMAT_VERSION, "versions": versions, "files": files, "code": code}


def _read_index(folder: Path, versions: dict[str, str]) -> Gazetteer | None:
    path = folder / _INDEX_FILE
    if not path.is_file():
        return None
    try:
        with path.open("rb") as stream:
            stamp = pickle.load(stream)
            if stamp != _index_stamp(folder, versions):
                return None  # made from other files: units.json is read instead
            state = pickle.load(stream)
        gazetteer = Gazetteer.__new__(Gazetteer)
        gazetteer.__setstate__(state)
        gazetteer.geometry_path = folder / "geometry.parquet"
        return gazetteer
    except Exception as err:  # a damaged pickle can raise almost anything: read units.json instead
        log.warning("The gazetteer index in %s is unreadable (%s); reading the units instead", folder, err)
        return None


def _write_index(folder: Path, versions: dict[str, str], gazetteer: Gazetteer) -> None:
    """Store the indexed gazetteer for the next process (best effort: a failure only costs time)."""
    for table in (
        "_province_id",
        "_in_province",
        "json_texts",
        "name_keys",
        "key_units",
        "known_segments",
        "level_units",
        "under",
        "key_prefixes",
        "typo_index",
    ):
        getattr(gazetteer, table)  # built now, so that they are stored too (and every unit's path)
    state = {k: v for k, v in gazetteer.__dict__.items() if k not in _EPHEMERAL}
    stamp = _index_stamp(folder, versions)
    tmp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".index-", delete=False) as stream:
            tmp = Path(stream.name)
            pickle.dump(stamp, stream, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(state, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / _INDEX_FILE)
    except OSError as err:
        log.debug("Could not store the gazetteer index in %s: %s", folder, err)
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _write_cache(folder: Path, versions: dict[str, str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    from geo._build import areas_km2, build_tables
    from geo._sources import read_sources

    log.info("Building the gazetteer from the installed data packages (once; about 20 seconds)")
    tables = build_tables(read_sources())
    ids = [u["id"] for u in tables.units]
    geoms = [tables.geometries.get(i) for i in ids]
    areas = areas_km2(geoms)
    points = [shapely.point_on_surface(g) if g is not None else None for g in geoms]
    units = []
    for record, area, point in zip(tables.units, areas, points, strict=True):
        row = {k: v for k, v in record.items() if k not in ("src_lat", "src_lon")}
        row["area_km2"] = round(float(area), 3) if point is not None else None
        row["lat"] = round(point.y, 6) if point is not None else record["src_lat"]
        row["lon"] = round(point.x, 6) if point is not None else record["src_lon"]
        units.append(row)
    payload = {
        "format": FORMAT_VERSION,
        "versions": versions,
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "report": tables.report,
        "units": units,
        "links": tables.links,
        "current": tables.current,
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=folder.parent))
    try:
        (tmp / "units.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        columns: list[tuple[str, pa.DataType]] = [("id", pa.string()), ("wkb", pa.binary())]
        table = pa.table(
            {"id": ids, "wkb": [shapely.to_wkb(g) if g is not None else None for g in geoms]},
            schema=pa.schema(columns),
        )
        pq.write_table(table, tmp / "geometry.parquet", row_group_size=2048)
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
        for other in folder.parent.glob("gazetteer-*"):  # made by other versions: dead weight
            if other != folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
