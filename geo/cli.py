"""The command line: ``vn-activity-map [COMMAND] ...``, also ``python build_map.py [COMMAND] ...``.

Parses the arguments, configures logging, runs the command and turns our errors into messages
and exit codes: :data:`OK`, :data:`FAILED` (a problem with the input or the data: a message,
never a traceback), :data:`USAGE`, :data:`SAVED_NOT_BUILT` (``add``: the row is in the records
file but the map was not rebuilt) and :data:`INTERRUPTED`.

How a command starts fast: each command's work is a function of a module of
:mod:`geo.commands`, named in the parser (``handler="geocode:run"``) and imported by
:func:`main` only when that command runs. Those modules import what they use at their top, so
``geocode`` never loads the records, batch or map code; the heavy libraries (folium, shapely,
geopandas, starlette, uvicorn, dask) are imported by the ``geo`` functions that draw, build or
serve, when they run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from geo._text import fold
from geo.errors import GeoError
from geo.gazetteer import parse_date

if TYPE_CHECKING:
    _Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

OK = 0
FAILED = 1  # a problem with the input or the data, said in a message
USAGE = 2
SAVED_NOT_BUILT = 3  # `add`: the row is in the records file, the map is not rebuilt
INTERRUPTED = 130

COMMANDS = ("build", "units", "geocode", "extract", "add", "validate", "serve")
PROG = "build_map.py"
DEFAULT_RECORDS = Path("data/activities.csv")
DEFAULT_MAP = Path("maps/lang_son_activities.html")


def default_map_path(province: str | None) -> Path:
    """``maps/lang_son_activities.html``; ``maps/vietnam_activities.html`` for the whole country."""
    if not province:
        return DEFAULT_MAP
    slug = "vietnam" if province == "all" else fold(province).replace(" ", "_")
    return DEFAULT_MAP.with_name(f"{slug}_activities.html")


def _date_arg(text: str) -> dt.date:
    try:
        return parse_date(text, what="date")
    except GeoError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        from geo import __version__  # package metadata, slow to read: only when asked

        print(f"{parser.prog} {__version__}")
        parser.exit()


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The parser of every command; each sets ``handler``, the ``geo.commands`` function it runs."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="only errors and results")
    common.add_argument("-v", "--verbose", action="store_true", help="say more about what happens")
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Map the activities reported in Vietnamese local news onto the administrative units "
        "of their date. Without a command: build the map.",
        parents=[common],
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in (_build, _units, _geocode, _extract, _add, _validate, _serve):
        add(sub, common)
    return parser


def _build(sub: _Subparsers, common: argparse.ArgumentParser) -> None:
    build = sub.add_parser(
        "build", parents=[common], help="build the HTML map from the activity records (default)"
    )
    build.add_argument(
        "--activities", default=str(DEFAULT_RECORDS), metavar="FILE", help="records (.csv or .xlsx)"
    )
    build.add_argument("--out", metavar="FILE", help=f"the HTML file to write (default {DEFAULT_MAP})")
    build.add_argument("--province", metavar="NAME|all", help="one province's records, or the whole country")
    build.add_argument(
        "--as-of",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="which units to draw (default: the records' dates)",
    )
    build.add_argument("--cdn", action="store_true", help="link scripts from CDNs instead of inlining them")
    build.set_defaults(handler="records:build")


def _units(sub: _Subparsers, common: argparse.ArgumentParser) -> None:
    units = sub.add_parser("units", parents=[common], help="export the administrative units valid on a date")
    units.add_argument("--province", required=True, help='e.g. "Lạng Sơn" (diacritics optional)')
    units.add_argument("--as-of", required=True, type=_date_arg, metavar="YYYY-MM-DD")
    units.add_argument("--level", choices=("province", "district", "commune"), default="commune")
    units.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    units.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    units.set_defaults(handler="units:run")


def _geocode(sub: _Subparsers, common: argparse.ArgumentParser) -> None:
    geocode = sub.add_parser("geocode", parents=[common], help="resolve place text to administrative units")
    geocode.add_argument("queries", nargs="*", metavar="QUERY", help='e.g. "xã Xuân Mai, huyện Văn Quan"')
    geocode.add_argument("--from-file", metavar="FILE", help="one query per line; - for standard input")
    geocode.add_argument(
        "--as-of", type=_date_arg, metavar="YYYY-MM-DD", help="date of the text (default: today)"
    )
    geocode.add_argument("--province", help="the province the text is about")
    geocode.add_argument("--json", action="store_true", help="one JSON object per query (JSON Lines)")
    geocode.set_defaults(handler="geocode:run")


def _extract(sub: _Subparsers, common: argparse.ArgumentParser) -> None:
    extract = sub.add_parser("extract", parents=[common], help="read articles: places, figures, activities")
    extract.add_argument(
        "paths", nargs="+", metavar="PATH", help="articles (.txt, .md, .html; UTF-8) or folders"
    )
    extract.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD", help="the date of its events")
    extract.add_argument("--province", help="the province it is about (default: from the text)")
    extract.add_argument(
        "--url", help="where the article was published (one article): a provincial site tells the province"
    )
    extract.add_argument("--json", action="store_true", help="print everything as JSON")
    extract.add_argument("--write", metavar="FILE", help="append the activities to this records file")
    extract.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="read N articles at a time (processes)"
    )
    extract.add_argument(
        "--dask", metavar="ADDRESS", help="run on a Dask scheduler (or 'local': 2 workers here)"
    )
    extract.set_defaults(handler="extract:run")


def _add(sub: _Subparsers, common: argparse.ArgumentParser) -> None:
    add = sub.add_parser("add", parents=[common], help="add an activity record and rebuild the map")
    add.add_argument(
        "--place",
        action="append",
        required=True,
        metavar="TEXT",
        help="repeat for a figure shared by several places",
    )
    add.add_argument("--activity", required=True, metavar="TEXT", help="what was done")
    add.add_argument("--start", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--end", metavar="YYYY-MM-DD")
    add.add_argument(
        "--value", metavar="NUMBER", help="Vietnamese style (1.445 = 1445, 2,5) or plain (1445, 2.5)"
    )
    add.add_argument("--unit", metavar="TEXT", help="e.g. ngày công")
    add.add_argument("--qualifier", choices=("exact", "approx", "at_least", "at_most", "vague"))
    add.add_argument("--actor", metavar="TEXT")
    add.add_argument("--kind", metavar="TEXT", help="category, e.g. dân vận")
    add.add_argument("--source", metavar="TEXT", help="title or URL")
    add.add_argument("--description", metavar="TEXT", help="a note")
    add.add_argument("--province", metavar="NAME", help="the province of the places")
    add.add_argument("--activities", default=str(DEFAULT_RECORDS), metavar="FILE")
    add.add_argument("--out", default=str(DEFAULT_MAP), metavar="FILE", help="the map to rebuild")
    add.add_argument("--no-build", action="store_true", help="do not rebuild the map")
    add.set_defaults(handler="records:add")


def _validate(sub: _Subparsers, common: argparse.ArgumentParser) -> None:
    validate = sub.add_parser("validate", parents=[common], help="check every activity record")
    validate.add_argument("file", nargs="?", default=str(DEFAULT_RECORDS), metavar="FILE")
    validate.set_defaults(handler="records:validate_file")


def _serve(sub: _Subparsers, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser("serve", parents=[common], help="the planner's workbench: a local web app")
    serve.add_argument("--activities", default=str(DEFAULT_RECORDS), metavar="FILE")
    serve.add_argument("--out", default=str(DEFAULT_MAP), metavar="FILE", help="the map it builds")
    serve.add_argument("--host", default="127.0.0.1", help="other than 127.0.0.1: an access token is printed")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    serve.set_defaults(handler="serve:run")


def handler(name: str) -> Callable[[argparse.Namespace], int]:
    """The function a command runs, ``"module:function"`` of :mod:`geo.commands`, imported now."""
    module, function = name.split(":")
    found: Callable[[argparse.Namespace], int] = getattr(
        importlib.import_module(f"geo.commands.{module}"), function
    )
    return found


def _only_escapes(text: str) -> bool:
    """Whether every surrogate in ``text`` is one that stands for an undecodable byte."""
    return all(not ("\ud800" <= ch <= "\udfff") or "\udc80" <= ch <= "\udcff" for ch in text)


def _undecodable(argv: list[str]) -> str | None:
    """The message for the first argument that is not valid UTF-8, if one is not."""
    for number, arg in enumerate(argv, 1):
        if any("\udc80" <= ch <= "\udcff" or "\ud800" <= ch <= "\udfff" for ch in arg):
            shown = arg.encode("utf-8", "surrogateescape" if _only_escapes(arg) else "backslashreplace")
            return f"Error: argument {number} is not valid UTF-8 ({shown!r}); type it again as UTF-8"
    return None


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    # Our own messages at the chosen level; other libraries' (Dask's chatter) only when they warn.
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr, force=True)
    logging.getLogger("geo").setLevel(level)


def main(argv: Sequence[str] | None = None, *, prog: str = PROG) -> int:
    """Run one command (``argv`` without the program's name; default ``sys.argv[1:]``); the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    undecodable = _undecodable(argv)
    if undecodable:
        print(undecodable, file=sys.stderr)
        return USAGE
    if not any(a in COMMANDS for a in argv) and not {"-h", "--help", "--version"} & set(argv):
        argv = ["build", *argv]  # "python build_map.py [--quiet ...]" builds the map
    args = build_parser(prog).parse_args(argv)
    _configure_logging(args)
    try:
        return handler(args.handler)(args)
    except GeoError as err:
        print(f"Error: {err}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("Interrupted; nothing was left half-written.", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # The reader of our output stopped early ("| head"): stop quietly, and keep Python from
        # complaining again when it flushes standard output on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILED


def script() -> int:
    """The installed command ``vn-activity-map`` (see ``[project.scripts]`` in pyproject.toml)."""
    return main(prog="vn-activity-map")
