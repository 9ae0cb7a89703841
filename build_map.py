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
    text = export.to_geojson(gazetteer, units) if args.format == "geojson" else export.to_csv(gazetteer, units)
    if args.output:
        write_atomic(args.output, text)
        print(f"{len(units)} units of {prov.type} {prov.name} on {args.as_of.isoformat()} → {args.output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


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
