"""The page side of the activity map: one script that draws the payload, its CSS, and the element
that puts both (and the payload as JSON) into a folium figure.

The script and styles are files of the package (``geo/static``): ``map.js`` draws the payload,
``panel.js`` adds the period, totals, list and links; this module only hands them the payload and
the names of the folium objects. Nothing here goes through jinja: folium's ``MacroElement`` re-parses its rendered output as a
template, so a record containing ``{{`` would break the page or, worse, run as a template.
:class:`MapApp` adds plain text elements instead. Every text from the payload reaches the page
through ``esc()`` (HTML-escaping) before it becomes HTML; the payload itself sits in a
``<script type="application/json">`` block with ``</`` written ``<\\/`` so it cannot end the block.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import TYPE_CHECKING

from branca.element import Element

from geo._assets import figure_of

if TYPE_CHECKING:
    import folium

    from geo._mapdata import Payload

DATA_ELEMENT_ID = "vnam-data"
#: The page's files, shipped with the package (``geo/static``), in the order they run.
STATIC_SCRIPTS = ("map.js", "panel.js")
STATIC_STYLES = ("map.css",)


def static_text(name: str) -> str:
    """A file of the page (``geo/static/<name>``), read from the installed package."""
    return resources.files("geo").joinpath("static", name).read_text(encoding="utf-8")


class _Text(Element):
    """Text put into the page as it is (no jinja: record texts may contain ``{{``)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Text"
        self._text = text

    def render(self, **kwargs: object) -> str:
        return self._text


def json_for_script(data: object) -> str:
    """JSON that can sit inside a ``<script>`` element: ``</`` → ``<\\/``, ``<!--`` → ``\\u003c!--``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


class MapApp(Element):
    """Adds the payload, the page script, the CSS and the boxes (HTML) to the map's figure.

    Like folium's ``MacroElement`` it renders into the figure's header, body and script, but from
    plain text (see the module docstring), so it has no template of its own.

    ``groups`` maps the payload's layer keys (and ``"markers"``) to the folium layers the script
    fills; ``boxes`` is ready, escaped HTML (title, summary, legend). Add it to the map after the
    layers and after the ``LayerControl``, so that its boxes stack below the layer list.
    """

    def __init__(
        self,
        data: Payload,
        groups: dict[str, folium.map.Layer],
        boxes: str,
        control: folium.map.LayerControl | None = None,
    ) -> None:
        super().__init__()
        self._name = "VnActivityMap"
        self.data = data
        self.groups = groups
        self.boxes = boxes
        self.control = control

    def render(self, **kwargs: object) -> str:
        """Put the parts into the figure; the element itself renders as nothing."""
        figure = figure_of(self)
        if self._parent is None:  # a figure without a map
            msg = "MapApp draws on a folium map: add it to the map, not to the figure"
            raise TypeError(msg)
        groups = {key: layer.get_name() for key, layer in self.groups.items()}
        # The folium objects are global variables of the page: the call names them; the data go as JSON.
        names = "{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in groups.items()) + "}"
        control = self.control.get_name() if self.control is not None else "null"
        boot = (
            f"(function(){{var app=vnamDraw({self._parent.get_name()},{names},{control},"
            f"{json.dumps(DATA_ELEMENT_ID)});window.vnamap=app;vnamPanel(app);}})();"
        )
        scripts = "\n".join(static_text(name) for name in STATIC_SCRIPTS)
        styles = "\n".join(static_text(name) for name in STATIC_STYLES)
        data = f'<script type="application/json" id="{DATA_ELEMENT_ID}">{json_for_script(self.data)}</script>'
        figure.header.add_child(_Text(f"<style>{styles}</style>"), name=self.get_name() + "_css")
        figure.html.add_child(_Text(self.boxes + data), name=self.get_name() + "_html")
        figure.script.add_child(_Text(scripts + "\n" + boot), name=self.get_name() + "_script")
        return ""
