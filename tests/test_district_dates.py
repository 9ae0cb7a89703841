"""Districts changed by a dated resolution (geo/data/merge_resolutions.csv) instead of 1 Jan 2020.

Expected dates come from the resolutions of the 2023–2025 round, each of which arranged a province's
districts and communes together: Nghị quyết 1256/NQ-UBTVQH15 (Bà Rịa - Vũng Tàu, in force 1 Jan 2025:
huyện Long Điền and huyện Đất Đỏ merged into huyện Long Đất), 1104/NQ-UBTVQH15 (Nam Định, in force
1 Sep 2024: huyện Mỹ Lộc merged into thành phố Nam Định), 1318/NQ-UBTVQH15 (Ninh Bình, in force
1 Jan 2025: thành phố Ninh Bình and huyện Hoa Lư merged into thành phố Hoa Lư).
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import provinces_pieces

from geo._build_dates import MergeDates, merge_dates
from geo._build_districts import district_dates, moved_communes
from geo._sources import read_resolutions, read_sources
from geo.geocode import resolve

BR_VT = "Bà Rịa - Vũng Tàu"


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


# ----------------------------------------------------------------------------------- the gazetteer

# A district that ended with a dated change: valid on its last day, not after.
ENDED = [
    ("huyện Long Điền, Bà Rịa - Vũng Tàu", ["2020-09-05", "2024-12-31"], "2025-01-01"),
    ("huyện Đất Đỏ, tỉnh Bà Rịa - Vũng Tàu", ["2021-03-01", "2024-12-31"], "2025-01-01"),
    ("huyện Mỹ Lộc, tỉnh Nam Định", ["2022-05-01", "2024-08-31"], "2024-09-01"),
    ("huyện Hoa Lư, tỉnh Ninh Bình", ["2020-06-01", "2024-12-31"], "2025-01-01"),
]


@pytest.mark.parametrize(("query", "valid", "gone"), ENDED)
def test_a_merged_district_lasts_until_the_day_before_its_resolution(gazetteer, query, valid, gone):
    for day in valid:
        result = resolve(query, gazetteer, _day(day))
        assert result.status == "resolved", result.message
        assert "other_vintage" not in result.flags, result.message
        assert result.unit.level == "district" and not result.unit.to_bounded
    ended = result.unit
    assert ended.valid_to == (_day(gone) - dt.timedelta(days=1)).isoformat()
    # After it: the unit that took its name (thành phố Hoa Lư), or the old one said to be out of date.
    after = resolve(query, gazetteer, _day(gone))
    assert after.unit.id != ended.id or "not valid on" in after.message
    assert after.unit.valid_at(_day(gone)) or "other_vintage" in after.flags


# A commune that only changed district: under its old district until the change, the new one after.
MOVED = [
    ("TT. Long Hải, Bà Rịa - Vũng Tàu", "2020-09-05", "Long Điền", "2025-03-01", "Long Đất", "2025-01-01"),
    ("xã Phước Tỉnh, Bà Rịa - Vũng Tàu", "2024-12-31", "Long Điền", "2025-01-01", "Long Đất", "2025-01-01"),
    ("xã Mỹ Phúc, tỉnh Nam Định", "2024-08-31", "Mỹ Lộc", "2024-09-01", "Nam Định", "2024-09-01"),
    ("phường Ninh Khánh, tỉnh Ninh Bình", "2023-06-01", "Ninh Bình", "2025-03-01", "Hoa Lư", "2025-01-01"),
]


@pytest.mark.parametrize(("query", "before", "old", "after", "new", "effective"), MOVED)
def test_a_commune_moved_with_its_district_keeps_its_old_parent_until_that_day(
    gazetteer, query, before, old, after, new, effective
):
    then = resolve(query, gazetteer, _day(before))
    now = resolve(query, gazetteer, _day(after))
    for result, district in ((then, old), (now, new)):
        assert result.status == "resolved", result.message
        assert "other_vintage" not in result.flags, result.message
        assert result.unit.district == district
        assert gazetteer[result.unit.parent_id].name == district
    assert then.unit.valid_to == (_day(effective) - dt.timedelta(days=1)).isoformat()
    assert (then.unit.to_bounded, now.unit.valid_from, now.unit.from_bounded) == (False, effective, False)
    links = [lk for lk in gazetteer.links if lk["from_id"] == then.unit.id]
    assert [(lk["to_id"], lk["date"]) for lk in links] == [(now.unit.id, effective)]


def test_a_new_district_starts_on_the_day_of_its_resolution(gazetteer):
    before = resolve("huyện Long Đất, Bà Rịa - Vũng Tàu", gazetteer, _day("2024-12-31"))
    assert "other_vintage" in before.flags
    now = resolve("huyện Long Đất, Bà Rịa - Vũng Tàu", gazetteer, _day("2025-01-01"))
    assert "other_vintage" not in now.flags
    assert (now.unit.valid_from, now.unit.from_bounded) == ("2025-01-01", False)


def test_every_commune_lies_in_a_district_of_its_own_time(gazetteer):
    """No commune outlives its district, nor starts before it, once the district is dated."""
    districts = [u for u in gazetteer.units.values() if u.level == "district"]
    dated = [u for u in districts if u.valid_to not in (None, "2025-06-30") and not u.to_bounded]
    dated += [u for u in districts if u.valid_from and not u.from_bounded]
    assert dated
    children = {u.id: [] for u in dated}
    for u in gazetteer.units.values():
        if u.parent_id in children:
            children[u.parent_id].append(u)
    for district in dated:
        assert children[district.id], district
        for commune in children[district.id]:
            assert (commune.valid_from or "") >= (district.valid_from or ""), commune
            assert (commune.valid_to or "9999") <= (district.valid_to or "9999"), commune


def test_the_build_reports_the_district_changes_it_dated_and_those_it_could_not(gazetteer):
    report = gazetteer.report["district_dates"]
    assert report["dated"] == len([e for e in report["listed"] if e["effective"]]) >= 3
    assert report["with_a_dated_commune"] == len(report["listed"]) > report["dated"]
    assert report["with_a_dated_commune"] >= report["with_a_2023_2025_row"] > report["dated"]
    long_dat = next(e for e in report["listed"] if e["districts"] == ["Huyện Long Đất"])
    assert (long_dat["from_2008"], long_dat["days"]) == (["Đất Đỏ", "Long Điền"], ["2025-01-01"])
    assert (long_dat["effective"], long_dat["resolution"], long_dat["reason"]) == (
        "2025-01-01",
        "1256/NQ-UBTVQH15",
        "",
    )
    assert all(e["reason"] for e in report["listed"] if not e["effective"])


# ----------------------------------------------------------------------------------- the step alone


@pytest.fixture(scope="module")
def provinces():
    """Pieces and 2020 units of four provinces, matched, shared communes cut."""
    everything = read_sources()
    return provinces_pieces(everything, {BR_VT, "Quảng Ninh", "Bình Định", "Cao Bằng"})


def _change(found, legacy, district):
    (change,) = [
        c for c in found.changes if district in [legacy[found.members[k][0]].row["district"] for k in c.after]
    ]
    return change


@pytest.mark.parametrize(
    ("district", "reason"),
    [
        # Hoành Bồ joined Hạ Long in 2020; a 2024 ward merger of Hạ Long does not date that.
        ("Thành phố Hạ Long", "formed by a merger that no row dates"),
        # Qui Nhơn and Quy Nhơn: one city spelt two ways, not a change.
        ("Thành phố Quy Nhơn", "a rename is not dated by a merger"),
        # Cao Bằng's communes (864/NQ-UBTVQH14) and districts (897/NQ-UBTVQH14) a month apart.
        ("Huyện Hà Quảng", "2019–2021 round"),
        ("Huyện Trùng Khánh", "several days"),
    ],
)
def test_a_change_the_rows_cannot_date_is_left_with_its_reason(provinces, district, reason):
    pieces, legacy = provinces
    found = district_dates(pieces, legacy, merge_dates(pieces, legacy, read_resolutions()))
    change = _change(found, legacy, district)
    assert change.date is None and reason in change.reason


def test_a_change_is_dated_by_its_rows_and_only_by_them(provinces):
    pieces, legacy = provinces
    dates = merge_dates(pieces, legacy, read_resolutions())
    found = district_dates(pieces, legacy, dates)
    change = _change(found, legacy, "Huyện Long Đất")
    assert sorted(g[1] for g in change.before) == ["datdo", "longdien"]
    assert (change.date.resolution, change.date.effective, change.date.ends) == (
        "1256/NQ-UBTVQH15",
        "2025-01-01",
        "2024-12-31",
    )
    (code,) = change.after
    assert found.starts[code] == change.date and found.ends[change.before[0]] == "2024-12-31"
    moved = moved_communes(found, legacy, dates)
    long_hai = next(j for j in moved if legacy[j].row["ward"] == "Thị trấn Long Hải")
    assert moved[long_hai].effective == "2025-01-01"
    # Without the table nothing is dated, and no commune is said to have moved on a day.
    bare = district_dates(pieces, legacy, MergeDates())
    assert not bare.starts and not bare.ends and not moved_communes(bare, legacy, MergeDates())
