"""A new planner's session, end to end: add two records, validate, rebuild, read the map."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builders import NA_SAM_RECORD

from geo import cli

pytestmark = pytest.mark.browser
RECORDS = Path(__file__).resolve().parents[2] / "data" / "activities.csv"


def test_add_validate_rebuild_and_find_both_places_on_the_map(tmp_path, capsys, open_map, gazetteer):
    records = tmp_path / "activities.csv"
    shutil.copyfile(RECORDS, records)
    out = tmp_path / "map.html"
    common = ["--activities", str(records), "--out", str(out)]

    # A commune that exists only since 1 Jul 2025, added with a rebuild.
    assert cli.main(["add", *NA_SAM_RECORD, "--kind", "giúp dân", *common]) == 0
    # A commune dissolved in the 2019-2020 mergers, at a 2017 date.
    assert (
        cli.main(
            [
                "add",
                "--place",
                "xã Trùng Quán, huyện Văn Lãng",
                "--activity",
                "bê tông đường liên thôn",
                "--start",
                "2017-04-10",
                "--value",
                "1,5",
                "--unit",
                "km",
                "--no-build",
                *common,
            ]
        )
        == 0
    )
    assert cli.main(["validate", str(records)]) == 0
    assert cli.main(["build", *common, "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed

    na_sam = next(u for u in gazetteer.named("Na Sầm") if u.vintage == "2025")
    trung_quan = next(u for u in gazetteer.named("Trùng Quán") if u.district == "Văn Lãng")
    opened = open_map(out, allow_tiles=True)
    page = opened.page

    page.locator(f'.vnam-pin[data-id="{na_sam.id}"]').click()
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "Xã Na Sầm, tỉnh Lạng Sơn" in popup
    assert "120 ngày công" in popup
    assert "01/03/2026 – 31/03/2026" in popup
    assert "Bộ Chỉ huy Quân sự tỉnh" in popup
    opened.settle()
    page.locator(".leaflet-popup-close-button").click()

    page.locator(f'.vnam-pin[data-id="{trung_quan.id}"]').click()
    popup = page.locator(".leaflet-popup-content", has_text="Trùng Quán").inner_text()
    assert "Xã Trùng Quán, huyện Văn Lãng, tỉnh Lạng Sơn" in popup
    assert "1,5 km" in popup
    assert "Nay thuộc Xã Na Sầm" in popup
    assert "bê tông đường giao thông nông thôn" in popup  # the article's caption, same place
    assert opened.errors == []
    assert opened.blocked == []
