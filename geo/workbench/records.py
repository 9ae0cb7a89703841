"""What each screen of the workbench does, as functions of JSON-like data (the routes call these).

Pure over their arguments but for the records file, its history and the map they read and write;
the answers are dicts ready to be sent as JSON. Problems are given by field in the words of the
command line (``check_draft`` with the form's field names).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo import _csvio
from geo._messages import error, say
from geo.errors import GeoError, InvalidRecord
from geo.gazetteer import Gazetteer, Unit, parse_date
from geo.planner import check_draft, place_checker, save_new
from geo.records import PLACE_SEPARATOR, WITHDRAWN, Row, record_of, validate
from geo.records_file import read_records
from geo.workbench import edits
from geo.workbench.imports import draft_of

_listing_cache: dict[tuple[str, tuple[int, int, int] | None], dict[str, Any]] = {}
_listing_lock = threading.Lock()


def reading_of(text: str) -> dict[str, Any]:
    """How the form reads a figure: ``1.445`` → 1445, shown ``1 445`` (spaces group thousands in
    either convention, so the reading is plain to anyone)."""
    from geo._messages import spaced
    from geo.planner import read_value

    value = read_value(text, "value")
    return {"value": value, "shown": spaced(value)}


def add(path: Path, gazetteer: Gazetteer, fields: dict[str, Any]) -> dict[str, Any]:
    """Check the form and append its record (as ``add``); problems by field when it cannot be saved."""
    checked = check_draft(gazetteer, draft_of(fields), flag="")
    if checked.record is None:
        return {"problems": checked.problems, "codes": checked.codes, "read_as": checked.read_as}
    stored = save_new(path, checked.record, checked.units, gazetteer)
    edits.log_change(path, "add", stored.line, None, stored.to_row())
    return {
        "line": stored.line,
        "row": stored.to_row(),
        "read_as": checked.read_as,
        "units": _units(gazetteer, checked.units),
    }


def correct(path: Path, gazetteer: Gazetteer, line: int, data: dict[str, Any]) -> dict[str, Any]:
    """Replace a row by the corrected form (same id, its quote and source date kept)."""
    seen = _seen(data)
    checked = check_draft(gazetteer, draft_of(data.get("fields") or {}), flag="")
    if checked.record is None:
        return {"problems": checked.problems, "codes": checked.codes, "read_as": checked.read_as}
    old = record_of(Row(line, seen))
    record = dataclasses.replace(
        checked.record,
        id=seen.get("id", "").strip() or checked.record.id,
        shared_group=seen.get("shared_group", ""),
        quote=seen.get("quote", ""),
        source_date=old.source_date if old is not None else None,
    )
    stored = edits.replace_row(
        path, line, seen, record, action="correct", check_place=place_checker(gazetteer)
    )
    return {"line": stored.line, "row": stored.to_row()}


def withdraw(path: Path, line: int, data: dict[str, Any]) -> dict[str, Any]:
    stored = edits.withdraw_row(path, line, _seen(data), str(data.get("reason") or ""))
    return {"line": stored.line, "row": stored.to_row()}


def history(path: Path) -> dict[str, Any]:
    return {"file": path.name, "entries": edits.read_history(path)}


def listing(path: Path, gazetteer: Gazetteer) -> dict[str, Any]:
    """Every row with its problems (as ``validate``), whether it is withdrawn, and where to draw it."""
    state = _csvio.file_state(Path(path))
    key = (str(path), state)
    with _listing_lock:
        if key in _listing_cache:
            return _listing_cache[key]
    if state is None:
        answer: dict[str, Any] = {"file": path.name, "rows": [], "problems": []}
    else:
        answer = _listing(path, gazetteer)
    with _listing_lock:
        _listing_cache.clear()
        _listing_cache[key] = answer
    return answer


def _listing(path: Path, gazetteer: Gazetteer) -> dict[str, Any]:
    table = read_records(path)
    problems = validate(table, today=dt.date.today(), check_place=place_checker(gazetteer))
    by_line: dict[int | None, list[dict[str, str]]] = {}
    for p in problems:
        by_line.setdefault(p.line, []).append(
            {"field": p.field, "code": p.code, "message": p.message, "fix": p.fix}
        )
    rows = []
    for row in table.rows:
        ids = [u.strip() for u in row.values.get("unit_ids", "").split(PLACE_SEPARATOR.strip()) if u.strip()]
        units = [gazetteer.units[u] for u in ids if u in gazetteer.units]
        rows.append(
            {
                "line": row.line,
                "values": row.values,
                "withdrawn": row.values.get("note", "").startswith(WITHDRAWN),
                "problems": by_line.get(row.line, []),
                "units": _units(gazetteer, units),
            }
        )
    listed = [
        {"line": p.line, "field": p.field, "code": p.code, "message": p.message, "fix": p.fix}
        for p in problems
    ]
    return {"file": path.name, "rows": rows, "problems": listed}


def _units(gazetteer: Gazetteer, units: list[Unit]) -> list[dict[str, Any]]:
    return [
        {
            "id": u.id,
            "path": gazetteer.path(u),
            "lat": u.lat,
            "lon": u.lon,
            "province_id": gazetteer.province_of(u).id,
        }
        for u in units
    ]


def boundary(gazetteer: Gazetteer, unit_id: str) -> dict[str, Any]:
    """The unit's boundary as a GeoJSON feature (simplified for a small map), with its path."""
    if unit_id not in gazetteer.units:
        raise error(GeoError, "place.unknown_id", unit_id=unit_id)
    return _boundary(gazetteer, unit_id)


@lru_cache(maxsize=256)
def _boundary(gazetteer: Gazetteer, unit_id: str) -> dict[str, Any]:
    import shapely

    unit = gazetteer.units[unit_id]
    frame = gazetteer.geodataframe([unit])
    geometry = frame.geometry.iloc[0] if len(frame) else None
    shape = None
    if geometry is not None and not geometry.is_empty:
        # GeoJSON is (lon, lat), as shapely; Leaflet's L.geoJSON turns it round itself.
        shape = shapely.geometry.mapping(geometry.simplify(0.0005, preserve_topology=True))
    return {
        "type": "Feature",
        "geometry": shape,
        "properties": {
            "id": unit.id,
            "path": gazetteer.path(unit),
            "lat": unit.lat,
            "lon": unit.lon,
            "province_id": gazetteer.province_of(unit).id,
        },
    }


def propose(gazetteer: Gazetteer, text: str, name: str, data: dict[str, Any]) -> dict[str, Any]:
    from geo.workbench.imports import propose as read_article

    date = parse_date(data["date"], what="date") if data.get("date") else None
    url = str(data.get("url") or "").strip() or None  # where it was published: its site may tell the province
    return read_article(text, name, gazetteer, date=date, province=data.get("province") or None, url=url)


def accept(path: Path, gazetteer: Gazetteer, data: dict[str, Any]) -> dict[str, Any]:
    """Append the accepted proposals (as ``extract --write``: an id already there is skipped)."""
    from geo.pipeline import append_new
    from geo.workbench.imports import accepted_record

    chosen = data.get("proposals") or []
    records, problems = [], {}
    for index, item in enumerate(chosen):
        record, found = accepted_record(gazetteer, item.get("row") or {}, item.get("fields") or {})
        if record is None:
            problems[str(index)] = found
        else:
            records.append(record)
    if problems:
        return {"problems": problems}
    if not records:
        return {"error": str(say("web.none_accepted")), "code": "web.none_accepted"}
    added, skipped = append_new(path, records, gazetteer)
    for record in added:
        edits.log_change(path, "add from article", record.line, None, record.to_row())
    return {"added": [r.line for r in added], "skipped": skipped}


def sheet(path: Path, gazetteer: Gazetteer, name: str, raw: bytes, *, append: bool) -> dict[str, Any]:
    """Preview an uploaded sheet; with ``append``, add its good rows (nothing else is written)."""
    from geo.records_file import append_records
    from geo.workbench.imports import good_records, preview_sheet

    preview = preview_sheet(name, raw, gazetteer, path)
    if not append:
        return preview
    good = good_records(preview)
    if not good:
        raise error(InvalidRecord, "web.no_good_rows")
    added = append_records(path, good, check_place=place_checker(gazetteer))
    for record in added:
        edits.log_change(path, f"add from {preview['name']}", record.line, None, record.to_row())
    return {**preview, "added": [r.line for r in added]}


def build(path: Path, out: Path) -> dict[str, Any]:
    """Build the readers' map from the records (withdrawn rows left out)."""
    from geo.pipeline import write_activity_map

    write_activity_map(path, out, as_of=None, cdn=False)
    return {"url": "/map", "name": out.name}


def _seen(data: dict[str, Any]) -> dict[str, str]:
    seen = data.get("seen")
    if not isinstance(seen, dict):
        raise error(InvalidRecord, "web.no_seen")
    return {str(k): str(v) for k, v in seen.items()}
