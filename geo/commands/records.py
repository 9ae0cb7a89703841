"""The records and their map: ``build`` the map, ``add`` a record (and rebuild), ``validate`` a file."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any

from geo import pipeline
from geo._files import check_output
from geo._messages import say
from geo.cli import FAILED, OK, SAVED_NOT_BUILT, default_map_path
from geo.errors import GeoError
from geo.gazetteer_cache import load_gazetteer
from geo.planner import Draft, check_draft, place_checker, save_new
from geo.records import oversized, record_of, validate
from geo.records_file import read_records, refuse_spreadsheet_target

log = logging.getLogger(__name__)


def build(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else default_map_path(args.province)
    return write_map(Path(args.activities), out, as_of=args.as_of, cdn=args.cdn, province=args.province)


def write_map(
    records: Path,
    out: Path,
    *,
    as_of: dt.date | None = None,
    cdn: bool = False,
    province: str | None = None,
) -> int:
    """Build the map of a records file and print the path written (see :func:`geo.pipeline.write_activity_map`)."""
    _import_folium_without_pandas()
    print(pipeline.write_activity_map(records, out, as_of=as_of, cdn=cdn, province=province))
    return OK


class _PandasIfLoaded:
    """Stands for pandas in ``folium.utilities``, which only asks it for ``DataFrame`` (to accept
    one as a location): the real class once pandas is imported, else a class of no object, since
    nothing can be a DataFrame before pandas is imported."""

    class _NoDataFrame:
        pass

    def __getattr__(self, name: str) -> Any:
        pandas = sys.modules.get("pandas")
        if pandas is None:
            return self._NoDataFrame
        return getattr(pandas, name)


def _import_folium_without_pandas() -> None:
    """Import folium, if no one has, without importing pandas.

    folium imports pandas when it is installed (geopandas installs it) only to accept DataFrames
    as locations, and importing pandas takes longer than the rest of a national map's build. The
    command imports folium with pandas hidden (folium catches the ImportError), then gives
    ``folium.utilities`` a stand-in that finds pandas when someone has imported it: folium
    behaves as with pandas. Done here, in the command's process, where no other thread imports
    meanwhile; a long-lived process (the workbench) imports folium as usual.
    """
    if "folium" in sys.modules or "pandas" in sys.modules:
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` raises ImportError
    try:
        import folium.utilities
    finally:
        del sys.modules["pandas"]
    folium.utilities.pd = _PandasIfLoaded()  # type: ignore[attr-defined,assignment]


def _draft(args: argparse.Namespace) -> Draft:
    """The record as typed on the command line, nothing read yet."""
    return Draft(
        places=tuple(args.place),
        activity=args.activity,
        start=args.start,
        end=args.end or "",
        value=args.value or "",
        unit=args.unit or "",
        qualifier=args.qualifier or "",
        actor=args.actor or "",
        kind=args.kind or "",
        source=args.source or "",
        note=args.description or "",
        province=args.province or "",
    )


def add(args: argparse.Namespace) -> int:
    path = Path(args.activities)
    # The files first: a records file that rows cannot be appended to, or a map that could not
    # be written, is refused before anything is read or added.
    refuse_spreadsheet_target(path)
    if not args.no_build:
        check_output(Path(args.out), (path,))
    gazetteer = load_gazetteer()
    checked = check_draft(gazetteer, _draft(args))
    record = checked.record
    if record is None or checked.problems:
        raise checked.first_problem()
    for said in checked.read_as.values():
        log.info("%s", said)
    stored = save_new(path, record, checked.units, gazetteer)
    print(say("add.done", path=path, line=stored.line))
    for column, text in stored.to_row().items():
        if text:
            print(f"  {column}: {text}")
    for unit in checked.units:
        print(f"  → {gazetteer.path(unit)} [{unit.id}]")
    if args.no_build:
        return OK
    try:
        return write_map(path, Path(args.out))
    except GeoError as err:
        log.error("%s", say("add.saved_not_built", path=path, line=stored.line, reason=err))
        return SAVED_NOT_BUILT


def validate_file(args: argparse.Namespace) -> int:
    path = Path(args.file)
    table = read_records(path)
    problems = validate(table, today=dt.date.today(), check_place=place_checker(load_gazetteer()))
    for problem in problems:
        print(f"{path}: {problem}")
    for row in table.rows:  # read and kept, but larger than a new row may be: said, not refused
        record = record_of(row)
        found = oversized(record) if record is not None else []
        if found:
            print(f"{path}: {say('add.oversized_note', line=row.line, found='; '.join(found))}")
    if problems:
        print(say("validate.problems", count=len(problems), rows=len(table), path=path), file=sys.stderr)
        return FAILED
    print(say("validate.ok", path=path, rows=len(table)))
    return OK
