"""Debian's headless chromium, as the map's browser tests and benchmarks start it.

Offline and quiet: no first-run pages, no background requests (the machine has no network but
the package registries), no sandbox (CI runs as root). Never ``playwright install``: the browser
comes from Debian (``apt-get install chromium``).
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "install Debian chromium: apt-get install chromium"
