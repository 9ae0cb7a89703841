"""The map for readers, in a real browser: the period and the boundaries of its era, the URL hash and
the script interface, totals, the list beside the map and its downloads, keyboard use and phones."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from builders import record, unit
from playwright.sync_api import expect

from geo.render import render_map, write_map

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.browser.conftest import OpenedMap

pytestmark = pytest.mark.browser

D2016 = dt.date(2016, 5, 1)
D2024 = dt.date(2024, 4, 1)
SOURCE = {"source": "Báo Lạng Sơn", "quote": "giúp dân 1.200 ngày công làm đường"}


def _records(gazetteer):
    xuan_mai, mai_pha = unit(gazetteer, "Xuân Mai", day=D2016), unit(gazetteer, "Mai Pha", day=D2016)
    trung_quan = unit(gazetteer, "Trùng Quán", day=D2016)
    binh_phuc = unit(gazetteer, "Bình Phúc", day=D2024, district="Văn Quan")
    lang_son = gazetteer.province("Lạng Sơn", D2016)
    day = {"value": None, "unit": "ngày công", "kind": "dân vận"}
    return [
        record("a-2016", [mai_pha], "Làm đường", start=D2016, **{**day, "value": 1200}, **SOURCE),
        record("b-2016", [mai_pha], "Nạo vét kênh", start=D2016, **{**day, "value": 300}),
        # One figure for two places (one record) and one for two places (a shared group of two rows).
        record("c-2016", [xuan_mai, mai_pha], "Dân vận", start=D2016, **{**day, "value": 1445}),
        record("d-2016", [xuan_mai], "Sửa nhà", start=D2016, shared_group="g", **{**day, "value": 500}),
        record("e-2016", [trung_quan], "Sửa nhà", start=D2016, shared_group="g", **{**day, "value": 500}),
        record("f-2024", [binh_phuc], "Tuyên truyền", start=D2024, kind="tuyên truyền"),
        record(
            "g-2024", [lang_son], "Tuyển quân", start=D2024, kind="tuyển quân", value=2650, unit="công dân"
        ),
    ]


@pytest.fixture(scope="module")
def two_eras(gazetteer, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("reader") / "two_eras.html"
    write_map(render_map(_records(gazetteer), gazetteer, tiles=False), path)
    return path


def _drawn_ids(page, kind: str = "communes") -> set[str]:
    return set(
        page.eval_on_selector_all(f"path.vnam-{kind}", "els => els.map(e => e.getAttribute('data-id'))")
    )


def test_a_link_to_2024_shows_the_2024_records_on_the_units_of_2024(
    open_map: Callable[..., OpenedMap], two_eras: Path, gazetteer
) -> None:
    opened = open_map(two_eras, hash="#from=2024-01-01&to=2024-12-31")
    page = opened.page
    assert sorted(page.evaluate("vnActivityMap.visibleIds()")) == ["f-2024", "g-2024"]
    lang_son = gazetteer.province("Lạng Sơn", D2024)
    expected = {u.id for u in gazetteer.units_at(dt.date(2024, 1, 1), level="commune", province=lang_son)}
    assert _drawn_ids(page) == expected  # the merged communes of 2020, not those of 2016
    assert unit(gazetteer, "Trùng Quán", day=D2016).id not in _drawn_ids(page, "other")
    assert page.locator(".vnam-pin").count() == 1  # Bình Phúc
    assert page.input_value("#vnam-from") == "2024-01"
    assert "2.650 công dân" in page.inner_text("#vnam-totals")
    # Clearing the filter shows everything again, on the map's own date, and clears the hash.
    page.click("#vnam-all")
    assert len(page.evaluate("vnActivityMap.visibleIds()")) == 7
    assert page.evaluate("location.hash") == ""
    on_2016 = {u.id for u in gazetteer.units_at(D2016, level="commune", province=lang_son)}
    assert _drawn_ids(page) == on_2016
    assert opened.errors == []


def test_set_filter_and_the_hash_follow_each_other(
    open_map: Callable[..., OpenedMap], two_eras: Path, gazetteer
) -> None:
    opened = open_map(two_eras)
    page = opened.page
    mai_pha = unit(gazetteer, "Mai Pha", day=D2016).id
    page.evaluate("f => vnActivityMap.setFilter(f)", {"kinds": ["dân vận"], "units": [mai_pha]})
    assert sorted(page.evaluate("vnActivityMap.visibleIds()")) == ["a-2016", "b-2016", "c-2016"]
    hash_ = page.evaluate("location.hash")
    assert "kind=d%C3%A2n+v%E1%BA%ADn" in hash_ and "unit=" in hash_
    page.evaluate("location.hash = '#from=2016-01-01&to=2016-12-31'")
    page.wait_for_function("vnActivityMap.visibleIds().length === 5")
    assert page.evaluate("vnActivityMap.getFilter()")["kinds"] == []
    assert opened.errors == []


def test_a_place_totals_its_figures_and_the_province_counts_a_shared_one_once(
    open_map: Callable[..., OpenedMap], two_eras: Path, gazetteer
) -> None:
    opened = open_map(two_eras, hash="#from=2016-01-01&to=2016-12-31")
    page = opened.page
    mai_pha = unit(gazetteer, "Mai Pha", day=D2016).id
    page.locator(f'.vnam-pin[data-id="{mai_pha}"]').click()
    totals = page.locator(".leaflet-popup-content .vnam-totals").inner_text()
    # 1.200 + 300 of its own, and 1.445 shared with Xuân Mai (said so, counted once).
    assert "2.945 ngày công" in totals
    assert "trong đó chung với nơi khác: 1.445 ngày công" in totals
    # In all: 1.200 + 300 + 1.445 + 500 (two rows of one shared group) = 3.445, not 4.390 or 3.945.
    everything = page.inner_text("#vnam-totals")
    assert "3.445 ngày công" in everything
    assert "gồm số liệu chung của nhiều nơi, tính một lần: 1.945 ngày công" in everything
    assert opened.errors == []


def test_the_fill_follows_the_measure_chosen(
    open_map: Callable[..., OpenedMap], two_eras: Path, gazetteer
) -> None:
    opened = open_map(two_eras, hash="#from=2016-01-01&to=2016-12-31")
    page = opened.page
    page.select_option("#vnam-measure", "ngày công")
    legend = page.inner_text("#vnam-fill-legend")
    assert "Tổng ngày công tại mỗi nơi" in legend
    assert "1.500" in legend  # Mai Pha's own figures, in Vietnamese style
    mai_pha = unit(gazetteer, "Mai Pha", day=D2016).id
    fill = page.get_attribute(f'path.vnam-communes[data-id="{mai_pha}"]', "fill")
    assert fill not in (None, "#ffffff")
    trung_quan = unit(gazetteer, "Trùng Quán", day=D2016).id  # only a shared figure: not filled
    assert page.get_attribute(f'path.vnam-communes[data-id="{trung_quan}"]', "fill") == "#ffffff"
    assert opened.errors == []


def test_the_list_opens_the_popup_of_a_row_and_the_popup_marks_its_rows(
    open_map: Callable[..., OpenedMap], two_eras: Path, gazetteer
) -> None:
    opened = open_map(two_eras)
    page = opened.page
    rows = page.locator("#vnam-list tbody tr")
    assert rows.count() == 7
    page.click('#vnam-list th button[data-key="b"]')  # newest first
    assert rows.first.get_attribute("data-record") in {"f-2024", "g-2024"}
    page.locator('#vnam-list tr[data-record="f-2024"]').click()
    binh_phuc = unit(gazetteer, "Bình Phúc", day=D2024, district="Văn Quan").id
    popup = page.locator(f'.leaflet-popup-content .vnam-place[data-id="{binh_phuc}"]')
    expect(popup).to_contain_text("Tuyên truyền")
    page.keyboard.press("Escape")
    # the row's pin was shown by zooming the map: click the next pin once the map has settled
    page.wait_for_function("() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')")
    mai_pha = unit(gazetteer, "Mai Pha", day=D2016).id
    page.locator(f'.vnam-pin[data-id="{mai_pha}"]').click()
    # the popup marks its rows once it has opened: wait for them rather than read at once
    expect(page.locator('#vnam-list tr.vnam-hl[data-record$="-2016"]')).to_have_count(3)
    marked = page.eval_on_selector_all("#vnam-list tr.vnam-hl", "els => els.map(e => e.dataset.record)")
    assert sorted(marked) == ["a-2016", "b-2016", "c-2016"]
    assert opened.errors == []


def test_the_csv_and_geojson_downloads_hold_exactly_the_rows_shown(
    open_map: Callable[..., OpenedMap], two_eras: Path
) -> None:
    opened = open_map(two_eras, hash="#from=2016-01-01&to=2016-12-31&kind=d%C3%A2n+v%E1%BA%ADn")
    page = opened.page
    shown = page.evaluate("vnActivityMap.visibleIds()")
    with page.expect_download() as info:
        page.click("#vnam-csv")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == shown == ["a-2016", "b-2016", "c-2016", "d-2016", "e-2016"]
    assert rows[0]["value"] == "1200" and rows[0]["quote"] == SOURCE["quote"]
    with page.expect_download() as info:
        page.click("#vnam-geojson")
    collection = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [f["id"] for f in collection["features"]] == shown
    assert collection["features"][2]["geometry"]["type"] == "MultiPoint"  # Xuân Mai and Mai Pha
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert 106 < lon < 108 and 21 < lat < 23  # GeoJSON order: lon, lat
    assert opened.errors == []


def test_markers_and_rows_work_from_the_keyboard(open_map: Callable[..., OpenedMap], two_eras: Path) -> None:
    opened = open_map(two_eras)
    page = opened.page
    pin = page.locator(".leaflet-marker-icon[role=button]").first
    assert "hoạt động" in pin.get_attribute("aria-label")
    pin.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content .vnam-place")).to_have_count(1)
    page.locator("#vnam-list tbody tr").first.focus()
    page.keyboard.press("ArrowDown")
    record_id = page.evaluate("document.activeElement.dataset.record")
    page.keyboard.press("Enter")
    expect(page.locator(f'#vnam-list tr.vnam-hl[data-record="{record_id}"]')).to_have_count(1)
    assert page.get_attribute("#vnam-panel", "aria-label")
    assert page.locator("#vnam-list th[aria-sort]").count() == 5
    assert opened.errors == []


def _contrast(page, selector: str) -> list[float]:
    """WCAG contrast of each element's text against its own background colour."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].map(el => {
            const rgb = s => s.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
            const lum = c => { const v = c.map(x => x / 255).map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
                               return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
            const st = getComputedStyle(el), a = lum(rgb(st.color)), b = lum(rgb(st.backgroundColor));
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        })""",
        selector,
    )


def test_marker_digits_have_aa_contrast(
    open_map: Callable[..., OpenedMap], gazetteer, tmp_path: Path
) -> None:
    """Eight kinds: every colour of the palette, each with a number on it."""
    province = gazetteer.province("Lạng Sơn", D2016)
    communes = gazetteer.units_at(D2016, level="commune", province=province)[:8]
    records = [
        record(f"r{k}-{j}", [c], "Hoạt động", start=D2016, kind=f"loại {k}")
        for k, c in enumerate(communes)
        for j in range(2)
    ]
    path = write_map(render_map(records, gazetteer, tiles=False), tmp_path / "kinds.html")
    opened = open_map(path)
    ratios = _contrast(opened.page, ".vnam-pin")
    assert len(ratios) == 8
    assert min(ratios) >= 4.5


def _boxes(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll(
              '.leaflet-control, #vnam-titlebox, #vnam-panel')]
            .filter(el => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
            .filter(el => !el.parentElement.closest('#vnam-panel'))
            .map(el => { const r = el.getBoundingClientRect();
                         return {name: el.id || el.className, x: r.left, y: r.top, w: r.width, h: r.height}; })
            .filter(b => b.w > 0 && b.h > 0)"""
    )


def _overlap(a: dict, b: dict) -> float:
    w = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
    h = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
    return max(w, 0) * max(h, 0)


@pytest.mark.parametrize("viewport", [(390, 844), (1024, 640)])
def test_on_a_phone_no_panels_overlap_and_the_map_has_most_of_the_screen(
    open_map: Callable[..., OpenedMap], two_eras: Path, viewport: tuple[int, int]
) -> None:
    opened = open_map(two_eras, viewport=viewport)
    page = opened.page
    boxes = _boxes(page)
    names = " ".join(b["name"] for b in boxes)
    assert "vnam-panel" in names and "leaflet-control-layers" in names and "vnam-legend" in names
    overlaps = [
        (a["name"], b["name"]) for k, a in enumerate(boxes) for b in boxes[k + 1 :] if _overlap(a, b) > 1
    ]
    assert overlaps == []
    if viewport[0] < 700:
        width, height = viewport
        mapbox = page.evaluate(
            "(() => { const r = vnActivityMap.map.getContainer().getBoundingClientRect();"
            " return {x: r.left, y: r.top, w: r.width, h: r.height}; })()"
        )
        covered = sum(_overlap(mapbox, b) for b in boxes if b["name"] != "vnam-panel")
        assert mapbox["w"] * mapbox["h"] - covered >= 0.6 * width * height
        page.click(".vnam-panel-toggle")  # the bottom sheet opens the list
        expect(page.locator("#vnam-list")).to_be_visible()
    assert opened.errors == []


def test_a_link_to_a_place_opens_it(open_map: Callable[..., OpenedMap], two_eras: Path, gazetteer) -> None:
    mai_pha = unit(gazetteer, "Mai Pha", day=D2016).id
    opened = open_map(two_eras, hash=f"#unit={mai_pha}")
    page = opened.page
    expect(page.locator(f'.leaflet-popup-content .vnam-place[data-id="{mai_pha}"]')).to_have_count(1)
    assert sorted(page.evaluate("vnActivityMap.visibleIds()")) == ["a-2016", "b-2016", "c-2016"]
    assert opened.errors == []


def test_the_printed_page_shows_the_map_and_the_list_without_controls(
    open_map: Callable[..., OpenedMap], two_eras: Path
) -> None:
    opened = open_map(two_eras)
    page = opened.page
    page.emulate_media(media="print")
    assert page.locator(".leaflet-control-zoom").is_hidden()
    assert page.locator("#vnam-csv").is_hidden()
    assert page.evaluate("getComputedStyle(document.getElementById('vnam-panel')).position") == "static"
    expect(page.locator("#vnam-list")).to_be_visible()
    assert opened.errors == []


def test_a_popup_keeps_only_its_place_and_the_panel_gives_all_back(
    open_map: Callable[..., OpenedMap], two_eras: Path, gazetteer
) -> None:
    opened = open_map(two_eras)
    page = opened.page
    xuan_mai = unit(gazetteer, "Xuân Mai", day=D2016).id
    page.evaluate("id => vnamap.openMarker(vnamap.markerIndex[id])", xuan_mai)  # its pin lies under Mai Pha's
    opened.settle()
    page.locator(f'.leaflet-popup-content .vnam-place[data-id="{xuan_mai}"] .vnam-only').click()
    assert sorted(page.evaluate("vnActivityMap.visibleIds()")) == ["c-2016", "d-2016"]
    assert "unit=" in page.evaluate("location.hash")
    assert "Chỉ ở: Xã Xuân Mai" in page.inner_text("#vnam-places")
    page.click("#vnam-allplaces")
    assert len(page.evaluate("vnActivityMap.visibleIds()")) == 7
    assert opened.errors == []
