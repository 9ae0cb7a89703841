"""The entry point from a checkout: ``python build_map.py [COMMAND] ...`` (see ``--help``).

The same command is installed as ``vn-activity-map``; both run :func:`geo.cli.main`.
"""

from geo.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
