"""The one entry point: ``python build_map.py [COMMAND] ...`` (see ``--help``).

Parses arguments, configures logging, calls ``geo`` and maps its errors to exit codes:
0 success, 1 a problem with the input or the data (a message, never a traceback), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from geo.errors import GeoError

log = logging.getLogger("build_map")


def _date_arg(text: str):
    from geo.gazetteer import parse_date

    try:
        return parse_date(text, what="--as-of")
    except GeoError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def cmd_units(args: argparse.Namespace) -> int:
    from geo import export
    from geo._files import write_atomic
    from geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    prov, units = export.select_units(gazetteer, args.province, args.as_of, args.level)
    text = (
        export.to_geojson(gazetteer, units) if args.format == "geojson" else export.to_csv(gazetteer, units)
    )
    if args.output:
        write_atomic(args.output, text)
        print(f"{len(units)} units of {prov.type} {prov.name} on {args.as_of.isoformat()} → {args.output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _queries(args: argparse.Namespace):
    """The queries in input order: those on the command line, then the file's lines (streamed)."""
    yield from args.queries
    if args.from_file is None:
        return
    if args.from_file == "-":
        stream = sys.stdin
        yield from (line.strip() for line in stream if line.strip())
        return
    try:
        with open(args.from_file, encoding="utf-8-sig") as stream:
            number = 0
            for number, line in enumerate(stream, 1):  # noqa: B007 - read in the except clause
                if line.strip():
                    yield line.strip()
    except FileNotFoundError as err:
        msg = f"--from-file {args.from_file!r} does not exist"
        raise GeoError(msg) from err
    except UnicodeDecodeError as err:
        msg = f"--from-file {args.from_file!r} is not UTF-8 (line {number + 1}); save it as UTF-8"
        raise GeoError(msg) from err


def _describe(result, gazetteer) -> str:
    if result.status == "resolved":
        unit = result.unit
        today = ", ".join(
            f"{c['type']} {c['name']} {round(c['share'] * 100)}%" for c in gazetteer.current(unit)
        )
        extra = f"; today: {today}" if today and unit.valid_to else ""
        return (
            f"{result.query} → {result.message}\n    id {unit.id}, code {unit.code or '-'}, "
            f"valid {unit.period()}{extra}; confidence {result.confidence:.2f}"
        )
    lines = [f"{result.query} → {result.status.replace('_', ' ')}: {result.message}"]
    if result.status == "ambiguous":
        tied = [c for c in result.candidates if c.reason.endswith("tied")]
        lines += [f"    - {gazetteer.path(c.unit)}  [{c.unit.id}]" for c in tied]
    return "\n".join(lines)


def cmd_geocode(args: argparse.Namespace) -> int:
    import datetime as dt
    import json

    from geo.gazetteer import load_gazetteer
    from geo.geocode import Context, resolve

    if not args.queries and args.from_file is None:
        print("Error: give at least one QUERY or --from-file FILE (or - for standard input)", file=sys.stderr)
        return 2
    gazetteer = load_gazetteer()
    as_of = args.as_of or dt.date.today()
    context = Context(province=gazetteer.province(args.province, as_of)) if args.province else Context()
    status = 0
    for query in _queries(args):
        result = resolve(query, gazetteer, as_of, context)
        if args.json:
            print(json.dumps(result.to_json(gazetteer), ensure_ascii=False))
        else:
            print(_describe(result, gazetteer))
        if result.status != "resolved":
            status = 1
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build_map.py",
        description="Map the activities reported in Vietnamese local news onto the administrative units of their date.",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors and results")
    parser.add_argument("-v", "--verbose", action="store_true", help="say more about what happens")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    units = sub.add_parser("units", help="export the administrative units valid on a date")
    units.add_argument("--province", required=True, help='e.g. "Lạng Sơn" (diacritics optional)')
    units.add_argument("--as-of", required=True, type=_date_arg, metavar="YYYY-MM-DD")
    units.add_argument("--level", choices=("province", "district", "commune"), default="commune")
    units.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    units.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    units.set_defaults(func=cmd_units)

    geocode = sub.add_parser("geocode", help="resolve place text to administrative units")
    geocode.add_argument("queries", nargs="*", metavar="QUERY", help='e.g. "xã Xuân Mai, huyện Văn Quan"')
    geocode.add_argument("--from-file", metavar="FILE", help="one query per line; - for standard input")
    geocode.add_argument(
        "--as-of", type=_date_arg, metavar="YYYY-MM-DD", help="date of the text (default: today)"
    )
    geocode.add_argument("--province", help="the province the text is about")
    geocode.add_argument("--json", action="store_true", help="one JSON object per query (JSON Lines)")
    geocode.set_defaults(func=cmd_geocode)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr, force=True)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return func(args)
    except GeoError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; nothing was left half-written.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
