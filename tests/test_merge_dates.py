"""Mergers dated by their resolutions (geo/data/merge_resolutions.csv) instead of 1 Jan 2020.

Expected dates come from the resolutions: Nghị quyết 1278/NQ-UBTVQH15 (Hồ Chí Minh City, in force
1 Jan 2025: Phường 8, 9 and 10 of Quận 8 into Phường Hưng Phú), 1111/NQ-UBTVQH14 (in force
1 Jan 2021: Phường 6, 7 and 8 of Quận 3 into Phường Võ Thị Sáu), 1286/NQ-UBTVQH15 (Hà Nội, in force
1 Jan 2025: Văn Miếu and Quốc Tử Giám into one ward); Lạng Sơn's 818/NQ-UBTVQH14 (in force 1 Jan
2020) is not in the table and keeps the approximate 2020 date.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from builders import provinces_pieces

from geo._build_dates import day_before, formed_by_merger, merge_dates
from geo._sources import Sources, read_resolutions, read_sources
from geo.geocode import resolve

BEFORE, AFTER = dt.date(2024, 6, 1), dt.date(2025, 3, 1)
HCMC = "Hồ Chí Minh"


@pytest.fixture(scope="module")
def everything() -> Sources:
    return read_sources()


@pytest.fixture(scope="module")
def hcmc(everything):
    """Pieces and 2020 units of Hồ Chí Minh City, matched, shared communes cut."""
    return provinces_pieces(everything, {HCMC})


def _unit(legacy, district: str, ward: str) -> int:
    (found,) = [j for j, u in enumerate(legacy) if u.row["district"] == district and u.row["ward"] == ward]
    return found


# ----------------------------------------------------------------------------------- the table


def test_every_row_of_the_table_is_a_dated_resolution_naming_a_real_unit(everything):
    rows = read_resolutions()
    assert rows
    units = {(r["provinceShort"], r["district"], r["ward"]) for r in everything.legacy}
    for row in rows:
        effective = dt.date.fromisoformat(row["effective"])
        if row["resolution"]:  # blank when the source gives the day but not the number
            assert re.fullmatch(r"\d+/NQ-UBTVQH1[45]", row["resolution"]), row
        if row["signed"]:  # blank when the source gives no signing day
            assert row["resolution"], row
            assert dt.date.fromisoformat(row["signed"]) < effective, row
        assert dt.date(2019, 1, 1) < effective < dt.date(2025, 7, 1), row
        assert row["source"].startswith("https://"), row
        assert (row["province"], row["district"], row["unit"]) in units, row


@pytest.mark.parametrize(
    ("effective", "ends"),
    [("2025-01-01", "2024-12-31"), ("2021-01-01", "2020-12-31"), ("2024-03-01", "2024-02-29")],
)
def test_absorbed_communes_end_the_day_before(effective, ends):
    assert day_before(effective) == ends


# ----------------------------------------------------------------------------------- the step alone


def test_mergers_named_by_a_resolution_are_dated_and_the_others_listed(hcmc):
    pieces, legacy = hcmc
    hung_phu = _unit(legacy, "Quận 8", "Phường Hưng Phú")
    assert sorted(pieces[i].name for i in legacy[hung_phu].pieces) == ["10", "8", "9"]
    dates = merge_dates(pieces, legacy, read_resolutions())
    assert dates.by_unit[hung_phu].resolution == "1278/NQ-UBTVQH15"
    assert (dates.by_unit[hung_phu].effective, dates.by_unit[hung_phu].ends) == ("2025-01-01", "2024-12-31")
    vo_thi_sau = _unit(legacy, "Quận 3", "Phường Võ Thị Sáu")
    assert dates.by_unit[vo_thi_sau].effective == "2021-01-01"  # the 2020 round, not 2025
    merged = [j for j, u in enumerate(legacy) if u.row["ward"] and formed_by_merger(u, pieces)]
    assert sorted([*dates.by_unit, *dates.undated]) == merged
    # Without the table nothing is dated and every merger is listed.
    bare = merge_dates(pieces, legacy, ())
    assert not bare.by_unit and bare.undated == merged


def test_units_sharing_a_divided_commune_are_dated_together_or_not_at_all(hcmc):
    pieces, legacy = hcmc
    # Gò Vấp's Phường 13 was shared between Phường 14 and Phường 15 (1278/NQ-UBTVQH15).
    p14, p15 = _unit(legacy, "Quận Gò Vấp", "Phường 14"), _unit(legacy, "Quận Gò Vấp", "Phường 15")
    assert set(legacy[p14].pieces) & set(legacy[p15].pieces)
    rows = read_resolutions()
    assert {p14, p15} <= set(merge_dates(pieces, legacy, rows).by_unit)
    # Without the row of Phường 15 the shared commune would end on two days: neither is dated.
    partial = merge_dates(
        pieces, legacy, [r for r in rows if (r["district"], r["unit"]) != ("Quận Gò Vấp", "Phường 15")]
    )
    assert {p14, p15} <= set(partial.undated) and p14 not in partial.by_unit


# ----------------------------------------------------------------------------------- the gazetteer


def _successors(gazetteer, unit):
    return [
        (gazetteer[link["to_id"]], link["date"]) for link in gazetteer.links if link["from_id"] == unit.id
    ]


def test_a_ward_merged_in_2024_resolves_before_and_answers_its_successor_after(gazetteer):
    query = "phường 9, quận 8, thành phố Hồ Chí Minh"
    before = resolve(query, gazetteer, BEFORE)
    assert before.status == "resolved", before.message
    assert "other_vintage" not in before.flags
    assert (before.unit.valid_to, before.unit.to_bounded) == ("2024-12-31", False)
    ((successor, date),) = _successors(gazetteer, before.unit)
    assert (successor.name, date, successor.valid_from) == ("Hưng Phú", "2025-01-01", "2025-01-01")
    after = resolve(query, gazetteer, AFTER)
    assert "other_vintage" in after.flags and "not valid on" in after.message
    assert after.unit.id == before.unit.id
    now = resolve("phường Hưng Phú, quận 8, thành phố Hồ Chí Minh", gazetteer, AFTER)
    assert now.status == "resolved" and now.unit.id == successor.id
    assert "other_vintage" not in now.flags
    assert "other_vintage" in resolve("phường Hưng Phú, quận 8, TP Hồ Chí Minh", gazetteer, BEFORE).flags


def test_a_ha_noi_ward_merged_in_2024_ends_on_the_last_day_of_2024(gazetteer):
    result = resolve("phường Văn Miếu, quận Đống Đa, Hà Nội", gazetteer, BEFORE)
    assert result.status == "resolved", result.message
    assert result.unit.valid_at(BEFORE) and not result.unit.valid_at(AFTER)
    assert [(s.name, d) for s, d in _successors(gazetteer, result.unit)] == [
        ("Văn Miếu Quốc Tử Giám", "2025-01-01")
    ]


def test_a_commune_merged_in_2019_2020_still_ends_then(gazetteer):
    result = resolve("xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn", gazetteer, dt.date(2017, 6, 1))
    assert (result.unit.valid_to, result.unit.to_bounded) == ("2019-12-31", True)
    ((successor, date),) = _successors(gazetteer, result.unit)
    assert (successor.name, date, successor.valid_from, successor.from_bounded) == (
        "Bình Phúc",
        "2020-01-01",
        "2020-01-01",
        True,
    )


def test_the_build_reports_what_it_dated_and_what_it_could_not(gazetteer):
    report = gazetteer.report["merge_dates"]
    assert report["ended_2023_2025"] > 0 and report["dated_units_2023_2025"] > 0
    assert report["undated_units"] == len(report["undated"]) > 0
    assert ["Lạng Sơn", "Huyện Văn Quan", "Xã Bình Phúc"] in report["undated"]


# A commune absorbed by a dated merger, the day its resolution took effect, and the unit it went to.
# The mergers are those the resolutions name (Nghị quyết 892/NQ-UBTVQH14, Điều 1 khoản 1a: Đông Hải
# into Đông Trà) or that the GSO register records on that day; the days are the resolutions'.
DATED_MERGERS = [
    ("xã Tráng Liệt, huyện Bình Giang, tỉnh Hải Dương", "2019-12-01", "Kẻ Sặt"),  # 788/NQ-UBTVQH14
    ("xã Tén Tằn, huyện Mường Lát, tỉnh Thanh Hóa", "2019-12-01", "Mường Lát"),  # 786/NQ-UBTVQH14
    ("xã Lăng Yên, huyện Trùng Khánh, tỉnh Cao Bằng", "2020-02-01", "Lăng Hiếu"),  # 864/NQ-UBTVQH14
    ("xã Đông Hải, huyện Tiền Hải, tỉnh Thái Bình", "2020-03-01", "Đông Trà"),  # 892/NQ-UBTVQH14
    ("xã Cô Mười, huyện Trà Lĩnh, tỉnh Cao Bằng", "2020-03-01", "Quang Hán"),  # 897/NQ-UBTVQH14
    ("xã Hiếu Liêm, huyện Vĩnh Cửu, tỉnh Đồng Nai", "2024-11-01", "Trị An"),  # 1194/NQ-UBTVQH15
    ("xã Hồng Long, huyện Nam Đàn, tỉnh Nghệ An", "2024-12-01", "Xuân Hồng"),  # 1243/NQ-UBTVQH15
    ("phường Cầu Dền, quận Hai Bà Trưng, Hà Nội", "2025-01-01", "Bách Khoa"),  # 1286/NQ-UBTVQH15
]


@pytest.mark.parametrize(("query", "effective", "successor"), DATED_MERGERS)
def test_an_absorbed_commune_ends_the_day_before_its_resolution_took_effect(
    gazetteer, query, effective, successor
):
    day = dt.date.fromisoformat(effective)
    last = day - dt.timedelta(days=1)
    before = resolve(query, gazetteer, last)
    assert before.status == "resolved", before.message
    assert "other_vintage" not in before.flags
    assert (before.unit.valid_to, before.unit.to_bounded) == (last.isoformat(), False)
    on_the_day = resolve(query, gazetteer, day)
    assert "other_vintage" in on_the_day.flags and "not valid on" in on_the_day.message
    after = [(s.name, date, s.valid_from, s.from_bounded) for s, date in _successors(gazetteer, before.unit)]
    assert (successor, effective, effective, False) in after
