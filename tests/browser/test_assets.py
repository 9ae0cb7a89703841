"""Offline map assets: the inlined HTML loads nothing from the network and still works in chromium."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import branca.colormap
import folium
import folium.plugins
import pytest

from geo import _assets
from geo._assets import asset_report, inline_assets
from geo.errors import AssetMissing

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tests.browser.conftest import OpenedMap

# A made-up square near Xã Mai Pha, thành phố Lạng Sơn; GeoJSON order is (lon, lat).
RING = [[106.70, 21.80], [106.78, 21.80], [106.78, 21.86], [106.70, 21.86], [106.70, 21.80]]
POLYGON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Xã Mai Pha"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [RING],
            },
        }
    ],
}
POPUP = "Trung đoàn 123: 9.735 người"
LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
MARKERCLUSTER_CDN = re.compile(r"https://\S+/leaflet\.markercluster\.js$")
UNUSED_CDN = re.compile(r"bootstrap|fontawesome|awesome-markers|awesome\.rotate", re.I)


def small_map(tiles: str | None = None) -> folium.Map:
    """A small map with one of each thing our activity map draws; folium wants (lat, lon)."""
    m = folium.Map(location=[21.85, 106.78], zoom_start=11, tiles=tiles, control_scale=True)
    folium.GeoJson(POLYGON, name="Xã", tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(m)
    folium.CircleMarker(
        [21.90, 106.85], radius=12, fill=True, popup=folium.Popup(POPUP), class_name="activity-circle"
    ).add_to(m)
    cluster = folium.plugins.MarkerCluster(name="Hoạt động").add_to(m)
    for i in range(3):
        folium.Marker([21.83 + i / 1000, 106.90], icon=folium.DivIcon(html=f"<b>{i}</b>")).add_to(cluster)
    folium.Marker([21.92, 106.72], tooltip="default icon").add_to(m)  # L.Icon.Default
    folium.LayerControl().add_to(m)
    return m


def _is_tile_url(url: str) -> bool:
    return re.match(r"https://tile\.openstreetmap\.org/\d+/\d+/\d+\.png$", url) is not None


def save(m: folium.Map, path: Path) -> Path:
    m.save(path)
    return path


@pytest.mark.browser
def test_inlined_map_works_offline(open_map: Callable[..., OpenedMap], tmp_path: Path) -> None:
    m = small_map()
    inline_assets(m)
    opened = open_map(save(m, tmp_path / "map.html"))
    page = opened.page
    page.screenshot(path=tmp_path / "map.png")
    assert opened.errors == []  # e.g. "$ is not defined" without jQuery, "no maxZoom" from MarkerCluster

    polygons = page.locator("path.leaflet-interactive:not(.activity-circle)")
    assert polygons.count() == 1
    polygons.hover()
    assert "Xã Mai Pha" in page.locator(".leaflet-tooltip").inner_text()

    page.locator("path.activity-circle").click()
    assert page.locator(".leaflet-popup-content").inner_text() == POPUP  # needs jQuery

    cluster = page.locator(".marker-cluster")
    assert cluster.inner_text() == "3"
    # MarkerCluster.Default.css is applied
    assert cluster.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(181, 226, 140, 0.6)"

    assert page.locator(".leaflet-control-scale").count() == 1
    toggle = page.locator(".leaflet-control-layers-toggle")
    assert toggle.evaluate("e => getComputedStyle(e).backgroundImage").startswith('url("data:image/png;')

    icons = page.eval_on_selector_all(
        "img.leaflet-marker-icon, img.leaflet-marker-shadow",
        "els => els.map(e => [e.src.slice(0, 22), e.naturalWidth])",
    )
    assert sorted(icons) == [["data:image/png;base64,", 25], ["data:image/png;base64,", 41]]  # icon, shadow

    assert opened.errors == []
    assert opened.blocked == []


@pytest.mark.browser
def test_open_map_blocks_tiles_or_ignores_them(open_map: Callable[..., OpenedMap], tmp_path: Path) -> None:
    path = save(small_map(tiles="OpenStreetMap"), tmp_path / "tiled.html")  # CDN links, tile URLs

    strict = open_map(path)
    assert LEAFLET_CDN in strict.blocked
    assert not any(_is_tile_url(url) for url in strict.blocked)  # without Leaflet no tile is asked for

    inline_assets(m := small_map(tiles="OpenStreetMap"))
    path = save(m, tmp_path / "tiled-inline.html")
    tolerant = open_map(path, allow_tiles=True)
    assert tolerant.page.locator("img.leaflet-tile").count() > 0
    assert tolerant.blocked == []
    assert tolerant.errors == []

    strict = open_map(path)
    assert strict.blocked
    assert all(_is_tile_url(url) for url in strict.blocked)


def test_asset_report_finds_cdn_links_until_inlined() -> None:
    plain = asset_report(small_map(tiles="OpenStreetMap").get_root().render())
    assert LEAFLET_CDN in plain
    assert any(MARKERCLUSTER_CDN.match(url) for url in plain)
    assert not any("{z}" in url for url in plain)  # the tile URL in L.tileLayer is not an asset

    m = small_map(tiles="OpenStreetMap")
    inline_assets(m)
    html = m.get_root().render()
    assert asset_report(html) == []
    assert "tile.openstreetmap.org" in html


def test_cdn_keeps_links_to_what_we_use_and_drops_the_rest() -> None:
    m = small_map()
    inline_assets(m, cdn=True)
    links = asset_report(m.get_root().render())
    assert LEAFLET_CDN in links
    assert "https://code.jquery.com/jquery-3.7.1.min.js" in links
    assert any(MARKERCLUSTER_CDN.match(url) for url in links)
    assert [url for url in links if UNUSED_CDN.search(url)] == []


def test_elements_added_after_inlining_are_inlined_too() -> None:
    m = folium.Map(tiles=None)
    inline_assets(m)
    folium.plugins.MarkerCluster().add_to(m)
    html = m.get_root().render()
    assert asset_report(html) == []
    assert "L.MarkerClusterGroup=" in html


def test_inlining_after_a_render_replaces_the_links_it_left() -> None:
    m = small_map()
    assert asset_report(m.get_root().render())  # as a notebook showing the map would
    inline_assets(m)
    assert asset_report(m.get_root().render()) == []


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"tiles": None}, '"maxZoom": 18'),
        ({"tiles": None, "maxZoom": 12}, '"maxZoom": 12'),
        ({"tiles": "OpenStreetMap", "max_zoom": 16}, None),  # the tile layer carries it
    ],
)
def test_map_without_tiles_gets_a_max_zoom(kwargs: dict[str, object], expected: str | None) -> None:
    m = folium.Map(**kwargs)
    inline_assets(m)
    options = re.search(r"L\.map\((.*?)\);", m.get_root().render(), re.S)
    assert options is not None
    if expected is None:
        assert "maxZoom" not in options.group(1)
    else:
        assert expected in options.group(1)


def test_missing_asset_file_raises(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_assets, "_locate", lambda source: tmp_path)
    with pytest.raises(AssetMissing, match=r"leaflet\.js is missing.*--force-reinstall xstatic-leaflet$"):
        inline_assets(folium.Map(tiles=None))


def test_uninstalled_package_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    absent = _assets._Source("xstatic.pkg.not_installed", "xstatic-not-installed")
    monkeypatch.setitem(_assets.OFFLINE, "jquery", _assets._Asset(absent, "jquery.min.js", "js"))
    with pytest.raises(AssetMissing, match="pip install xstatic-not-installed"):
        inline_assets(folium.Map(tiles=None))


@pytest.mark.parametrize(
    ("add", "expected"),
    [
        (lambda m, layer: folium.plugins.Search(layer, search_label="name").add_to(m), "leaflet-search"),
        (
            lambda m, layer: folium.plugins.FeatureGroupSubGroup(folium.FeatureGroup().add_to(m)).add_to(m),
            "leaflet.featuregroup.subgroup",
        ),
        (lambda m, layer: folium.plugins.MeasureControl().add_to(m), "leaflet-measure"),
    ],
    ids=["Search", "FeatureGroupSubGroup", "MeasureControl"],
)
def test_plugins_without_a_package_are_refused_offline(
    add: Callable[[folium.Map, folium.GeoJson], object], expected: str
) -> None:
    m = folium.Map(tiles=None)
    add(m, folium.GeoJson(POLYGON).add_to(m))
    with pytest.raises(AssetMissing, match=f"needs https://\\S*{re.escape(expected)}"):
        inline_assets(m)


def test_links_added_while_rendering_are_refused_offline() -> None:
    m = folium.Map(tiles=None)
    inline_assets(m)
    branca.colormap.LinearColormap(["#ffffcc", "#800026"], vmin=0, vmax=10).add_to(m)  # d3 legend
    with pytest.raises(AssetMissing, match=r"needs https://\S*/d3"):
        m.get_root().render()
