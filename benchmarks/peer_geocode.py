"""The peer as a command, for end-to-end timing beside ``build_map.py geocode --from-file``.

``python benchmarks/peer_geocode.py FILE --mode LEGACY|FROM_2025`` reads one place text per line
and prints one JSON object per line: the query and what ``vietnamadminunits.parse_address`` returns
(the fields of its ``AdminUnit``: names, codes, coordinates), or the error it raised. It does what our
command does around the resolver — start, load, read the file, write JSON Lines — so the two
commands can be timed on the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="one query per line (UTF-8)")
    parser.add_argument("--mode", choices=("LEGACY", "FROM_2025"), required=True)
    args = parser.parse_args(argv)

    from vietnamadminunits import parse_address

    write = sys.stdout.write
    with open(args.file, encoding="utf-8") as stream:
        for line in stream:
            query = line.strip()
            if not query:
                continue
            try:
                row = {"query": query, **vars(parse_address(query, mode=args.mode, keep_street=False))}
            except Exception as err:  # the peer's failures are part of its output, as ours are
                row = {"query": query, "error": f"{type(err).__name__}: {err}"}
            write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
