"""Open our HTML maps in Debian's chromium, offline, and collect what went wrong.

``browser`` starts one headless chromium for the session (Playwright's own launch gives it a fresh
temporary profile). ``open_map(path)`` opens a saved map through ``file://`` in a new context
where every request other than ``file:`` and ``data:`` is aborted and recorded, and returns the
page with the blocked URLs and the JavaScript errors seen so far (both lists keep filling while a
test clicks around).

A missing chromium or playwright makes these tests fail, not skip: CI installs both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, ConsoleMessage, Page, Route

from geo._browser import CHROMIUM, CHROMIUM_ARGS, INSTALL_HINT

# Hosts of the basemaps folium knows by name. Their tiles are aborted too (no network in tests),
# but with allow_tiles=True they are not counted as failures.
TILE_HOSTS = (
    "tile.openstreetmap.org",
    "basemaps.cartocdn.com",
    "tile.opentopomap.org",
    "server.arcgisonline.com",
    "tiles.stadiamaps.com",
)
TIMEOUT_MS = 15_000  # a loaded CI machine draws slowly


@dataclass
class OpenedMap:
    """A map page opened offline, with the requests it tried and the errors it raised."""

    page: Page
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def settle(self) -> None:
        """Wait until the map stops moving (a popup that opens pans the map into view).

        A click inside a popup while the map still pans lands wherever the button was a frame
        earlier, on the map or on a neighbouring commune. Leaflet keeps no public "is moving"
        flag: these are its pan and zoom animations' own.
        """
        self.page.wait_for_function(
            """() => { const m = vnamap.map;
                return !(m._panAnim && m._panAnim._inProgress) && !m._animatingZoom; }"""
        )


def _is_tile(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == tile_host or host.endswith("." + tile_host) for tile_host in TILE_HOSTS)


def _is_remote(url: str) -> bool:
    return not url.startswith(("file:", "data:", "blob:"))  # blob: is made in the page (downloads)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import Error, expect, sync_playwright
    except ImportError as err:
        pytest.fail(f"the playwright package is missing ({err}): pip install -e '.[test]'; {INSTALL_HINT}")
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: {INSTALL_HINT} (never run `playwright install`)")
    expect.set_options(timeout=TIMEOUT_MS)  # expect() has its own default (5 s)
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except Error as err:
            pytest.fail(f"{CHROMIUM} did not start: {err}\n{INSTALL_HINT}")
        yield chromium
        chromium.close()


@pytest.fixture
def open_map(browser: Browser) -> Iterator[Callable[..., OpenedMap]]:
    contexts = []

    def open_(
        path: Path, *, allow_tiles: bool = False, hash: str = "", viewport: tuple[int, int] = (1024, 640)
    ) -> OpenedMap:
        width, height = viewport
        context = browser.new_context(
            viewport={"width": width, "height": height}, service_workers="block", accept_downloads=True
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        opened = OpenedMap(context.new_page())
        ignored: set[str] = set()

        def abort(route: Route) -> None:
            url = route.request.url
            if allow_tiles and _is_tile(url):
                ignored.add(url)
            else:
                opened.blocked.append(url)
            route.abort()

        def on_console(message: ConsoleMessage) -> None:
            # An aborted request also logs "Failed to load resource" with the request's URL.
            if message.type == "error" and message.location.get("url") not in ignored:
                opened.errors.append(f"console: {message.text} ({message.location.get('url')})")

        context.route(_is_remote, abort)
        opened.page.on("pageerror", lambda error: opened.errors.append(f"uncaught: {error}"))
        opened.page.on("console", on_console)
        opened.page.goto(Path(path).resolve().as_uri() + hash, wait_until="load")
        return opened

    yield open_
    for context in contexts:
        context.close()
