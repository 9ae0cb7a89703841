"""``serve``: the planner's workbench, a local web app (starlette and uvicorn load when it starts)."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.workbench.server import serve


def run(args: argparse.Namespace) -> int:
    return serve(
        Path(args.activities),
        Path(args.out),
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
    )
