"""``build_map.py serve``: load the gazetteer, start the web server, open the workbench in a browser."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

from geo.workbench.security import LOOPBACK, Secrets

if TYPE_CHECKING:
    from geo.workbench.app import Workbench

log = logging.getLogger(__name__)


def url_of(host: str, port: int, tokens: Secrets) -> str:
    """The address to open (with the access token when one is needed)."""
    if host in ("0.0.0.0", "::"):  # every interface: other machines know this one by its name
        import socket

        host = socket.gethostname()
    shown = f"[{host}]" if ":" in host else host
    query = f"?token={tokens.access}" if tokens.access else ""
    return f"http://{shown}:{port}/{query}"


def serve(records: Path, map_out: Path, *, host: str, port: int, open_browser: bool) -> int:
    """Serve the workbench until interrupted; returns the exit code."""
    import uvicorn

    from geo.gazetteer_cache import load_gazetteer
    from geo.workbench.app import Workbench, build_app

    _check_port(host, port)
    tokens = Secrets.for_host(host)
    bench = Workbench(records=records, map_out=map_out, gazetteer=load_gazetteer(), tokens=tokens)
    bench.suggester.completions("xa", dt.date.today())  # the name index, made before the first key
    threading.Thread(target=_warm_geometry, args=(bench,), daemon=True).start()
    app = build_app(bench, host=host)
    url = url_of(host, port, tokens)
    print(f"Bàn làm việc của người lập kế hoạch: {url}", flush=True)
    print(f"Tệp bản ghi: {records}; bản đồ: {map_out}. Dừng: Ctrl+C", flush=True)
    if host not in LOOPBACK:
        print(
            f"Đang mở cho các máy khác ({host}): chỉ ai có mã truy cập trong đường dẫn trên mới vào được.",
            flush=True,
        )
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    return 0


def _check_port(host: str, port: int) -> None:
    """Say plainly when the address cannot be used (the server would stop with its own words)."""
    import socket

    from geo.errors import GeoError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            msg = (
                f"cannot listen on {host}:{port} ({err.strerror}); give another --port, or stop what uses it"
            )
            raise GeoError(msg) from err


def _warm_geometry(bench: Workbench) -> None:
    """Open the boundaries' file once, so that the first unit picked is drawn at once."""
    from geo.workbench.records import boundary

    try:
        boundary(bench.gazetteer, next(iter(bench.gazetteer.units)))
    except Exception:  # only a head start: the request that needs it will say what is wrong
        log.debug("could not read a boundary ahead of time", exc_info=True)
