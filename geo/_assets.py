"""Make a folium map self-contained: inline Leaflet and its plugins from installed XStatic packages.

folium's HTML loads Leaflet, jQuery, Bootstrap, Font Awesome and Leaflet.awesome-markers from CDNs
(``Map.default_js``/``default_css``), and each plugin adds its own links (class-level
``default_js``/``default_css``, or ``figure.header.add_child(JavascriptLink(...))`` at render time,
as branca's colormaps do for d3). :func:`inline_assets` puts a gatekeeper on the figure's
``<head>`` so that every such link is, when the figure renders,

* replaced by the file's text in a ``<script>``/``<style>`` block, read from an installed package
  (Leaflet from ``xstatic-leaflet``, Leaflet.markercluster from ``xstatic-leaflet-markercluster``,
  jQuery from ``xstatic-jquery``; the images that ``leaflet.css`` and ``L.Icon.Default`` use become
  ``data:`` URIs), or
* dropped, for what our maps do not use (Bootstrap, Font Awesome, glyphicons, awesome-markers:
  we draw ``DivIcon``/``CircleMarker`` markers and ship our own small CSS), or
* refused with :class:`~geo.errors.AssetMissing` when no installed package provides it
  (e.g. ``folium.plugins.Search`` needs leaflet-search, which has no Python package).

jQuery stays: folium's ``Popup`` builds its content with ``$(`...`)[0]``, and
``Map.keep_in_front`` calls ``$(document).ready``.

This module imports branca (about 0.1 s, for jinja2); folium only inside the functions that need
it. Keep it out of ``geo/__init__.py`` so that ``import geo`` stays light.
"""

from __future__ import annotations

import base64
import importlib
import logging
import mimetypes
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from branca.element import CssLink, Element, Figure, JavascriptLink

from geo.errors import AssetMissing

if TYPE_CHECKING:
    from collections.abc import Iterator

    import folium

logger = logging.getLogger(__name__)

__all__ = ["asset_report", "inline_assets"]

#: ``maxZoom`` given to a map that has no tile layer (folium's own tile layers default to 18).
DEFAULT_MAX_ZOOM = 18


@dataclass(frozen=True)
class _Source:
    """An installed package that ships static files (XStatic layout: ``<module>.BASE_DIR``)."""

    module: str
    dist: str  # what to ``pip install``


@dataclass(frozen=True)
class _Asset:
    source: _Source
    path: str  # relative to the package's BASE_DIR
    kind: Literal["js", "css"]


_LEAFLET = _Source("xstatic.pkg.leaflet", "xstatic-leaflet")
_MARKERCLUSTER = _Source("xstatic.pkg.leaflet_markercluster", "xstatic-leaflet-markercluster")
_JQUERY = _Source("xstatic.pkg.jquery", "xstatic-jquery")

# Keyed by the names folium gives its links (``default_js``/``default_css``): a name is replaced
# in place, so two MarkerClusters still load the plugin once.
OFFLINE: dict[str, _Asset] = {
    "leaflet": _Asset(_LEAFLET, "leaflet.js", "js"),
    "leaflet_css": _Asset(_LEAFLET, "leaflet.css", "css"),
    "jquery": _Asset(_JQUERY, "jquery.min.js", "js"),
    "markerclusterjs": _Asset(_MARKERCLUSTER, "leaflet.markercluster.js", "js"),
    "markerclustercss": _Asset(_MARKERCLUSTER, "MarkerCluster.css", "css"),
    "markerclusterdefaultcss": _Asset(_MARKERCLUSTER, "MarkerCluster.Default.css", "css"),
}

# Links of folium.Map that only serve Bootstrap-styled controls, Font Awesome and awesome-markers.
_DROPPED = frozenset(
    {
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)

# Once leaflet.css is inline, Leaflet cannot guess the folder of its marker images from the
# stylesheet's URL; an empty imagePath makes it use the (data:) URLs below as they are.
_ICON_DEFAULT_IMAGES = {
    "iconUrl": "images/marker-icon.png",
    "iconRetinaUrl": "images/marker-icon-2x.png",
    "shadowUrl": "images/marker-shadow.png",
}

_SOURCE_MAP = re.compile(r"^\s*(?://[#@] sourceMappingURL=\S*|/\*[#@] sourceMappingURL=[^*]*\*/)\s*$", re.M)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
# "</script" or "<!--" inside a script would end it early or change how HTML parses it.
_UNSAFE_IN_ELEMENT = re.compile(r"<(?=/script|/style|!--)", re.I)


def inline_assets(m: folium.Map | Figure, *, cdn: bool = False) -> None:
    """Make ``m``'s HTML load no script or stylesheet from the network (or, with ``cdn``, fewer).

    Works on the whole figure ``m`` belongs to and takes effect when it renders (``m.save``,
    ``m.get_root().render()``), so layers and plugins added after this call are covered too.
    Calling it again is harmless; the last call's ``cdn`` wins.

    Parameters
    ----------
    m
        A folium map (or the branca ``Figure`` holding it).
    cdn
        ``False``: inline Leaflet, jQuery and Leaflet.markercluster from installed packages
        (about 250 kB, 290 kB with MarkerCluster). ``True``: keep folium's CDN links for them.
        Either way Bootstrap, Font Awesome, glyphicons and awesome-markers are dropped, so
        ``folium.Icon`` markers lose their glyphs: use ``DivIcon`` or ``CircleMarker``.

    Raises
    ------
    AssetMissing
        Offline, when an element needs a file that no installed package provides (now for the
        elements already on the map, at render time for those added later). Only Leaflet,
        jQuery and MarkerCluster are available; ``folium.plugins.Search`` (leaflet-search),
        ``FeatureGroupSubGroup``, ``MeasureControl`` and branca colormaps (d3) are not.

    Notes
    -----
    A Leaflet map without a tile layer has no maximum zoom, and MarkerCluster then throws
    "Map has no maxZoom specified". A folium map with ``tiles=None`` and no ``maxZoom`` option
    therefore gets ``maxZoom=18`` here. To choose another, create it with
    ``folium.Map(tiles=None, maxZoom=...)``: the ``max_zoom`` argument only reaches the tile layer
    and is silently dropped when ``tiles=None``.
    """
    figure = figure_of(m)
    _set_max_zoom(figure)

    header = figure.header
    if not isinstance(header, _OfflineHeader):
        header = _OfflineHeader(header)
        figure.header = header
    header.cdn = cdn

    # Fail now, not at save time, for what is already on the map; then replace any link that an
    # earlier render left in the header.
    for element in _walk(figure):
        for name, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]:
            _decide(name, url, cdn=cdn, owner=type(element).__name__)
    for name, child in list(header._children.items()):
        if isinstance(child, JavascriptLink | CssLink):
            header.add_child(child, name=name)


def figure_of(element: Element) -> Figure:
    """The branca Figure that holds a folium map (folium puts every map in one) or an element of it."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        msg = f"a folium.Map or a branca Figure is needed, not {type(element).__name__} outside a figure"
        raise TypeError(msg)
    return figure


def asset_report(html: str) -> list[str]:
    """Return the remote URLs that ``html`` loads through ``<script src>`` or ``<link href>``.

    Tile URLs inside scripts (``L.tileLayer("https://...")``) are not counted: they are data for
    a layer, not assets of the page.
    """
    parser = _RemoteLinks()
    parser.feed(html)
    parser.close()
    return parser.urls


class _OfflineHeader(Element):
    """A figure's ``<head>`` that swaps each CDN link for inline text, drops it, or refuses it."""

    def __init__(self, original: Element) -> None:
        super().__init__()
        self._name = original._name
        self._children = original._children
        self._parent = original._parent
        for child in self._children.values():
            child._parent = self
        self.cdn = False

    def add_child(self, child: Element, name: str | None = None, index: int | None = None) -> Element:
        if isinstance(child, JavascriptLink | CssLink):
            name = child.get_name() if name is None else name
            decision = _decide(name, child.url, cdn=self.cdn, owner="the map")
            if decision == "drop":
                self._children.pop(name, None)
                return self
            if isinstance(decision, _Asset):
                child = _InlineElement(name, decision)
        return super().add_child(child, name=name, index=index)


def _decide(name: str, url: str, *, cdn: bool, owner: str) -> _Asset | Literal["keep", "drop"]:
    """What becomes of folium link ``name``: inline ``_Asset``, kept, or dropped; raise if neither."""
    if name in _DROPPED:
        logger.debug("dropping %s (%s): not used by our maps", name, url)
        return "drop"
    if cdn:
        return "keep"
    asset = OFFLINE.get(name)
    if asset is None:
        msg = (
            f"{owner} needs {url} (folium link {name!r}) and no installed package provides it "
            "offline. Leave that element out of the map, or render with inline_assets(m, cdn=True) "
            "for a map that loads it from the network."
        )
        raise AssetMissing(msg)
    _check_file(_locate(asset.source) / asset.path, asset.source)
    return asset


class _InlineElement(Element):
    """A ``<script>`` or ``<style>`` block with a packaged file's text, read at render time."""

    def __init__(self, name: str, asset: _Asset) -> None:
        super().__init__()
        self._name = "InlineAsset"
        self._link_name = name
        self._asset = asset

    def render(self, **kwargs: object) -> str:
        # Not a jinja template: minified scripts may contain "{#" or "{{".
        tag = "script" if self._asset.kind == "js" else "style"
        return f"<{tag}>{asset_text(self._link_name, self._asset)}</{tag}>"


def asset_text(name: str, asset: _Asset) -> str:
    """The asset's text, ready to sit inside a ``<script>``/``<style>`` element."""
    file = _check_file(_locate(asset.source) / asset.path, asset.source)
    text = _SOURCE_MAP.sub("", file.read_text(encoding="utf-8"))
    if asset.kind == "css":
        text = _CSS_URL.sub(lambda match: _css_url(match, file.parent, asset.source), text)
    if name == "leaflet":
        images = _ICON_DEFAULT_IMAGES.items()
        options = ", ".join(f'{key}: "{_data_uri(file.parent / path, asset.source)}"' for key, path in images)
        text += f'\nL.Icon.Default.imagePath = "";\nL.Icon.Default.mergeOptions({{{options}}});\n'
    # "<\/" and "<\!" mean the same as "</" and "<!" in JS strings, regexes and comments.
    return _UNSAFE_IN_ELEMENT.sub(r"<\\", text)


def _css_url(match: re.Match[str], folder: Path, source: _Source) -> str:
    target = match.group(2)
    if target.startswith(("#", "data:", "http:", "https:", "//", "/")):
        return match.group(0)
    return f'url("{_data_uri(folder / target, source)}")'


def _data_uri(file: Path, source: _Source) -> str:
    _check_file(file, source)
    mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"


def _check_file(file: Path, source: _Source) -> Path:
    if not file.is_file():
        msg = (
            f"{file} is missing: the offline map needs it from the Python package {source.dist}. "
            f"Reinstall it: pip install --force-reinstall {source.dist}"
        )
        raise AssetMissing(msg)
    return file


def _locate(source: _Source) -> Path:
    """The folder holding ``source``'s files (tests replace this to simulate a broken install)."""
    try:
        module = importlib.import_module(source.module)
    except ImportError as err:
        msg = f"{source.module} is not installed; the offline map needs it: pip install {source.dist}"
        raise AssetMissing(msg) from err
    return Path(module.BASE_DIR)


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def _set_max_zoom(figure: Figure) -> None:
    import folium

    for m in _walk(figure):
        if not isinstance(m, folium.Map) or {"max_zoom", "maxZoom"} & m.options.keys():
            continue
        if any(isinstance(element, folium.TileLayer) for element in _walk(m)):
            continue  # Leaflet takes the map's max zoom from its tile layers
        logger.debug("%s has no tile layer: setting maxZoom=%d", m.get_name(), DEFAULT_MAX_ZOOM)
        m.options["max_zoom"] = DEFAULT_MAX_ZOOM


class _RemoteLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href"}.get(tag)
        for key, value in attrs:
            if key == wanted and value and value.strip().lower().startswith(("http://", "https://", "//")):
                self.urls.append(value.strip())
