"""``units``: export the administrative units valid on a date, as GeoJSON or CSV."""

from __future__ import annotations

import argparse
import sys

from geo import export
from geo._files import write_atomic
from geo.cli import OK
from geo.gazetteer_cache import load_gazetteer


def run(args: argparse.Namespace) -> int:
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
    return OK
