"""What a map costs: each quote carried once and short, boundaries simplified once and cached,
records read once. (Sizes and times are measured in benchmarks/, not here.)"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from builders import D2017, record, unit

from geo import _mapgeom, _popup, pipeline, records, records_file
from geo._mapdata import select
from geo._mapjs import DATA_ELEMENT_ID
from geo.render import render_map

RECORDS = Path(__file__).resolve().parents[1] / "data" / "activities.csv"
# A sentence of real length (the median quote of the real-article set is about 200 characters).
LONG = (
    "Trong 5 tháng đầu năm, các đơn vị của Trung đoàn đã phối hợp với cấp ủy, chính quyền địa phương "
    "tổ chức nhiều hoạt động thiết thực giúp nhân dân các xã biên giới, đóng góp 1.445 ngày công làm mới "
    "và tu sửa các tuyến đường giao thông nông thôn, nạo vét kênh mương nội đồng, giúp đỡ các gia đình "
    "chính sách sửa chữa nhà ở, góp phần xây dựng nông thôn mới."
)


def _payload(html: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{DATA_ELEMENT_ID}">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1).replace("<\\/", "</"))


def test_a_quote_is_carried_once_and_short(gazetteer):
    xuan_mai, mai_pha = unit(gazetteer, "Xuân Mai"), unit(gazetteer, "Mai Pha")
    figure = {"value": 1445, "unit": "ngày công", "quote": LONG}
    records = [record("a", [xuan_mai], "Làm đường", **figure), record("b", [mai_pha], "Nạo vét", **figure)]
    data = _payload(render_map(records, gazetteer, tiles=False))
    assert len(data["Q"]) == 1
    assert data["r"][0]["q"] == data["r"][1]["q"] == 0
    (quote,) = data["Q"]
    assert len(quote) <= _popup.QUOTE_CHARS + 4  # and the ellipses
    assert "1.445 ngày công" in quote  # cut around its figure
    assert quote.startswith("… ") and quote.endswith(" …")


@pytest.mark.parametrize(
    ("quote", "value", "expected"),
    [
        ("ngắn 12 km", 12, "ngắn 12 km"),
        ("  hai   khoảng trắng  ", None, "hai khoảng trắng"),
        ("a " * 100 + "không số", None, ("a " * (_popup.QUOTE_CHARS // 2)).strip() + " …"),
    ],
)
def test_short_quote(quote, value, expected):
    rec = records.Record(
        id="x",
        places=(),
        unit_ids=(),
        levels=("commune",),
        activity="A",
        start=D2017,
        value=value,
        quote=quote,
    )
    short = _popup.short_quote(rec)
    assert short == expected


def test_the_boundaries_are_simplified_once_then_read_from_the_cache(gazetteer, monkeypatch):
    if gazetteer.geometry_path is None:
        pytest.skip("a gazetteer without a cache folder")
    records = [record("a", [unit(gazetteer, "Mai Pha")], "Làm đường")]
    selection = select(records, gazetteer, D2017)
    first = _mapgeom.display_geometries(gazetteer, selection)
    calls = []
    monkeypatch.setattr(_mapgeom, "_background", lambda *a: calls.append(a) or {})
    monkeypatch.setattr(_mapgeom, "topology", lambda *a: calls.append(a) or {})
    monkeypatch.setattr(_mapgeom, "_GROUPS", {})  # as in a new process: from the files
    again = _mapgeom.display_geometries(gazetteer, selection)
    assert calls == []  # the communes of 2017 and today's units: both read from the cache
    assert again.geometries.keys() == first.geometries.keys()
    assert all(again.geometries[k].equals_exact(first.geometries[k], 1e-9) for k in first.geometries)
    assert again.parts == first.parts
    assert list((gazetteer.geometry_path.parent / "display").glob("*.pickle"))


def test_only_the_arcs_of_the_units_drawn_are_sent(gazetteer):
    records = [record("a", [unit(gazetteer, "Mai Pha")], "Làm đường")]
    display = _mapgeom.display_geometries(gazetteer, select(records, gazetteer, D2017, "all"))
    mai_pha = unit(gazetteer, "Mai Pha").id
    (part, *_) = display.encode({mai_pha: 0})
    assert [g["properties"] for g in part["objects"]["data"]["geometries"]] == [{"i": 0}]
    used = {a if a >= 0 else ~a for ring in part["objects"]["data"]["geometries"][0]["arcs"] for a in ring}
    assert used == set(range(len(json.loads(part["arcs"]))))  # the other 11,000 communes' arcs are left out


def test_building_a_map_reads_each_record_once(tmp_path, monkeypatch):
    shutil.copyfile(RECORDS, tmp_path / "activities.csv")
    rows = len(records_file.read_records(tmp_path / "activities.csv"))
    calls = []
    parse = records.parse_row
    monkeypatch.setattr(records, "parse_row", lambda *a, **k: calls.append(1) or parse(*a, **k))
    pipeline.write_activity_map(tmp_path / "activities.csv", tmp_path / "map.html", as_of=None, cdn=False)
    assert len(calls) == rows
    assert (tmp_path / "map.html").stat().st_size > 0
