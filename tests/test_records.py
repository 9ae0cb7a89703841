"""Activity records: schema, Record <-> row, reading, validation, and appending without loss."""

from __future__ import annotations

import dataclasses
import os
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import _csvio
from geo.errors import InvalidRecord, PlaceNotFound, RecordsFileError
from geo.records import COLUMNS, HEADER, Problem, Record, Row, validate
from geo.records_file import append_records, read_records

TODAY = date(2024, 1, 1)
BOM = b"\xef\xbb\xbf"

BASE = {
    "id": "ls-2017-001",
    "place": "xã Xuân Mai, huyện Văn Quan",
    "unit_ids": "u-1",
    "level": "commune",
    "activity": "làm đường giao thông nông thôn",
    "kind": "nông thôn mới",
    "actor": "Đoàn Thanh niên",
    "value": "1445",
    "unit": "ngày công",
    "qualifier": "",
    "start": "2017-06-01",
    "end": "2017-06-30",
    "shared_group": "",
    "source": "Báo Lạng Sơn",
    "source_date": "2017-07-02",
    "quote": "Đoàn viên đóng góp 1.445 ngày công.",
    "note": "",
}


def _row(line: int = 7, **changes: str) -> Row:
    return Row(line, {**BASE, **changes})


def _record(i: int = 1, **changes: object) -> Record:
    fields: dict[str, object] = {
        "id": f"ls-2017-{i:03d}",
        "places": ("xã Xuân Mai, huyện Văn Quan",),
        "unit_ids": ("u-1",),
        "levels": ("commune",),
        "activity": "làm đường",
        "start": date(2017, 6, 1),
    }
    fields.update(changes)
    return Record(**fields)  # type: ignore[arg-type]


def _csv(
    rows: list[dict[str, str]],
    *,
    bom: bool = True,
    sep: str = ",",
    newline: str = "\r\n",
    columns: tuple[str, ...] = COLUMNS,
) -> bytes:
    def quote(text: str) -> str:
        if any(c in text for c in (sep, '"', "\n", "\r")):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [sep.join(columns)] + [sep.join(quote(row.get(c, "")) for c in columns) for row in rows]
    return (BOM if bom else b"") + "".join(line + newline for line in lines).encode("utf-8")


def _folder_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- schema, Problem, Record <-> row -----------------------------------------------------------


def test_header_is_the_documented_one() -> None:
    assert HEADER == (
        "id,place,unit_ids,level,activity,kind,actor,value,unit,qualifier,start,end,shared_group,"
        "source,source_date,quote,note"
    )
    import geo.records

    assert HEADER in (geo.records.__doc__ or "")


def test_problem_reads_like_a_sentence() -> None:
    problem = Problem(7, "value", '"-3" là số âm', "ghi một số ≥ 0, vd. 1445")
    assert str(problem) == 'dòng 7, value: "-3" là số âm; ghi một số ≥ 0, vd. 1445'
    assert (
        str(Problem(None, "id", "để trống", "ghi một mã", "x-1")) == 'bản ghi "x-1", id: để trống; ghi một mã'
    )
    assert str(Problem(1445, "id", "để trống", "ghi một mã")).startswith("dòng 1.445, id: ")


def test_validate_reports_the_documented_example() -> None:
    problems = validate([_row(7, value="-3")], today=TODAY)
    assert [str(p) for p in problems] == ['dòng 7, value: "-3" là số âm; ghi một số ≥ 0, vd. 1445']
    assert [p.code for p in problems] == ["value.negative"]


@pytest.mark.parametrize(
    "record",
    [
        _record(),
        _record(value=1445, unit="ngày công", qualifier="at_least", end=date(2017, 6, 30)),
        _record(value=2.5, unit="tỷ đồng", qualifier="approx", source_date=date(2017, 7, 2)),
        _record(value=1.445, unit="km"),
        _record(value=3_000_000_000, unit="đồng", shared_group="ls-2017-q2"),
        _record(
            places=("xã Xuân Mai", "xã Tân Đoàn", "huyện Văn Quan"),
            unit_ids=("u-1", "u-2", "d-1"),
            levels=("commune", "commune", "district"),
            activity='"Ngày thứ bảy tình nguyện", đợt 2\nnăm 2017',
            kind="dân vận",
            actor="Huyện đoàn",
            source="https://baolangson.vn/x?a=1&b=2",
            quote="Đoàn viên, thanh niên; nhân dân",
            note="<script>alert(1)</script>",
        ),
        _record(places=("xã A", "xã B"), unit_ids=("u-1", "u-2"), levels=("commune",)),
    ],
)
def test_record_row_record_round_trip(record: Record) -> None:
    row = record.to_row()
    assert list(row) == list(COLUMNS)
    assert all(isinstance(v, str) for v in row.values())
    assert Record.from_row(row, 5) == record
    assert Record.from_row(row, 5).line == 5


def test_to_row_writes_machine_numbers_and_iso_dates() -> None:
    row = _record(
        places=("xã A", "xã B"),
        unit_ids=("u-1", "u-2"),
        value=3e9,
        unit="đồng",
        end=date(2017, 7, 1),
        source_date=date(2017, 7, 2),
    ).to_row()
    assert row["place"] == "xã A | xã B"
    assert row["unit_ids"] == "u-1 | u-2"
    assert row["value"] == "3000000000"
    assert (row["start"], row["end"], row["source_date"]) == ("2017-06-01", "2017-07-01", "2017-07-02")
    assert row["qualifier"] == ""


@pytest.mark.parametrize(
    ("changes", "attribute", "expected"),
    [
        ({}, "value", 1445),
        ({"value": "2.5"}, "value", 2.5),
        ({"value": "1.4450"}, "value", 1.445),
        ({"value": "3000000000"}, "value", 3_000_000_000),
        ({"value": "0"}, "value", 0),
        ({"value": "", "unit": ""}, "value", None),
        ({"level": " Commune "}, "levels", ("commune",)),
        ({"qualifier": "APPROX"}, "qualifier", "approx"),
        ({"place": "xã A|xã B ", "unit_ids": "u-1 |u-2"}, "places", ("xã A", "xã B")),
        ({"place": "xã A | xã B", "unit_ids": "u-1 | u-2"}, "place_levels", ("commune", "commune")),
        ({"start": "1945-09-02", "end": ""}, "start", date(1945, 9, 2)),
        ({"end": ""}, "end", None),
        ({"source_date": ""}, "source_date", None),
        ({"activity": "  trồng cây \n"}, "activity", "trồng cây"),
        ({"place": unicodedata.normalize("NFD", "xã Xuân Mai")}, "places", ("xã Xuân Mai",)),
    ],
)
def test_from_row_accepts(changes: dict[str, str], attribute: str, expected: object) -> None:
    record = Record.from_row({**BASE, **changes}, 3)
    assert getattr(record, attribute) == expected
    assert type(getattr(record, attribute)) is type(expected)


def test_from_row_names_line_and_every_bad_field() -> None:
    with pytest.raises(InvalidRecord) as info:
        Record.from_row({**BASE, "value": "-3", "start": "2017-02-30"}, 12)
    assert str(info.value).splitlines() == [
        'dòng 12, value: "-3" là số âm; ghi một số ≥ 0, vd. 1445',
        'dòng 12, start: "2017-02-30" không phải là một ngày có thật; '
        "kiểm tra ngày và tháng (YYYY-MM-DD), vd. 2017-02-28",
    ]


def test_from_row_rejects_unknown_columns() -> None:
    with pytest.raises(InvalidRecord, match=r"dòng 3: cột lạ 'valeu'; các cột là id,place,") as info:
        Record.from_row({**BASE, "valeu": "1"}, 3)
    assert info.value.code == "row.unknown_columns"


# --- validation, one problem at a time ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "code", "says"),
    [
        ({"id": ""}, "id", "id.empty", "id: để trống; đặt cho dòng một mã riêng"),
        ({"activity": " "}, "activity", "activity.empty", "activity: để trống; ghi việc đã làm"),
        (
            {"place": ""},
            "place",
            "place.empty",
            'place: để trống; ghi địa điểm như trong nguồn, vd. "xã Xuân Mai',
        ),
        (
            {"place": "xã A |  | xã B", "unit_ids": "u-1|u-2|u-3"},
            "place",
            "place.empty_part",
            '"xã A |  | xã B" có một địa điểm trống giữa hai dấu "|"; bỏ dấu \'|\' thừa',
        ),
        (
            {"unit_ids": ""},
            "unit_ids",
            "unit_ids.empty",
            "unit_ids: để trống; ghi mã đơn vị của từng địa điểm",
        ),
        (
            {"unit_ids": "u-1 | u-2"},
            "unit_ids",
            "unit_ids.count",
            "có 2 mã đơn vị cho 1 địa điểm; ghi mỗi địa điểm một mã đơn vị",
        ),
        ({"level": ""}, "level", "level.empty", "level: để trống; ghi một trong commune, district, province"),
        (
            {"level": "ward"},
            "level",
            "level.unknown",
            "'ward' không phải là một cấp; ghi một trong commune, district, province",
        ),
        (
            {"place": "xã A | xã B", "unit_ids": "u-1 | u-2", "level": "commune | commune | district"},
            "level",
            "level.count",
            "có 3 cấp cho 2 địa điểm; ghi mỗi địa điểm một cấp",
        ),
        ({"value": "-3"}, "value", "value.negative", '"-3" là số âm; ghi một số ≥ 0, vd. 1445'),
        (
            {"value": "abc"},
            "value",
            "value.not_a_number",
            '"abc" không phải là một số; ghi một số viết liền như 1445',
        ),
        ({"value": "1445 ngày công"}, "value", "value.not_a_number", '"1445 ngày công" không phải là một số'),
        ({"value": "1e3"}, "value", "value.not_a_number", '"1e3" không phải là một số'),
        (
            {"value": "1.445"},
            "value",
            "value.vn_thousands",
            '"1.445" dùng "." để phân cách hàng nghìn (kiểu Việt Nam); ghi 1445 '
            "(nếu là số thập phân 1.445 thì ghi 1.4450)",
        ),
        ({"value": "3.000.000.000"}, "value", "value.vn_thousands", "; ghi 3000000000"),
        (
            {"value": "2,5"},
            "value",
            "value.vn_decimal",
            '"2,5" dùng "," trước phần thập phân (kiểu Việt Nam); ghi 2.5',
        ),
        ({"value": "1.445,5"}, "value", "value.vn_thousands", "; ghi 1445.5"),
        (
            {"value": "3,000,000"},
            "value",
            "value.en_thousands",
            '"3,000,000" dùng "," để phân cách hàng nghìn; ghi 3000000',
        ),
        (
            {"value": "1 445"},
            "value",
            "value.space_thousands",
            '"1 445" dùng dấu cách để phân cách hàng nghìn; ghi 1445',
        ),
        (
            {"unit": ""},
            "unit",
            "unit.missing",
            'unit: để trống nhưng value là 1445; ghi đơn vị tính, vd. "ngày công"',
        ),
        (
            {"value": ""},
            "value",
            "value.missing",
            'value: để trống nhưng unit là "ngày công"; ghi số liệu, hoặc xoá đơn vị tính',
        ),
        (
            {"qualifier": "roughly"},
            "qualifier",
            "qualifier.unknown",
            '"roughly" không phải là một mức độ chính xác; ghi một trong exact, approx',
        ),
        (
            {"value": "", "unit": "", "qualifier": "approx"},
            "qualifier",
            "qualifier.without_value",
            'là "approx" nhưng value để trống; xoá nó, hoặc ghi số liệu',
        ),
        (
            {"start": ""},
            "start",
            "start.empty",
            "start: để trống; ghi ngày bắt đầu hoạt động theo dạng YYYY-MM-DD",
        ),
        (
            {"start": "2017-02-30"},
            "start",
            "date.not_real",
            '"2017-02-30" không phải là một ngày có thật; kiểm tra ngày và tháng',
        ),
        (
            {"start": "15/6/2017"},
            "start",
            "date.not_iso",
            '"15/6/2017" không phải là ngày theo dạng YYYY-MM-DD; ghi theo dạng YYYY-MM-DD: 2017-06-15',
        ),
        ({"start": "2017-6-1"}, "start", "date.not_iso", "; ghi theo dạng YYYY-MM-DD: 2017-06-01"),
        ({"start": "2017-06-01 08:00"}, "start", "date.not_iso", "; ghi ngày không kèm giờ: 2017-06-01"),
        ({"start": "31/02/2017"}, "start", "date.not_iso", "(và kiểm tra ngày và tháng)"),
        (
            {"start": "1945-09-01", "end": ""},
            "start",
            "date.too_early",
            "1945-09-01 là trước ngày 02/09/1945; các bản ghi tính từ ngày Quốc khánh 02/09/1945; kiểm tra năm",
        ),
        (
            {"start": "2024-01-02", "end": "", "source_date": ""},
            "start",
            "date.future",
            "2024-01-02 là ngày trong tương lai (hôm nay là 01/01/2024); kiểm tra năm",
        ),
        (
            {"end": "2017-05-31"},
            "end",
            "end.before_start",
            "end: 31/05/2017 là trước ngày bắt đầu 01/06/2017; sửa lại hai ngày",
        ),
        ({"end": "2017-02-29"}, "end", "date.not_real", '"2017-02-29" không phải là một ngày có thật'),
        ({"end": "2024-02-01"}, "end", "date.future", "2024-02-01 là ngày trong tương lai"),
        (
            {"source_date": "2017-13-01"},
            "source_date",
            "date.not_real",
            '"2017-13-01" không phải là một ngày có thật',
        ),
        ({"source_date": "2030-01-01"}, "source_date", "date.future", "2030-01-01 là ngày trong tương lai"),
    ],
)
def test_validate_reports(changes: dict[str, str], field: str, code: str, says: str) -> None:
    problems = validate([_row(7, **changes)], today=TODAY)
    assert [(p.line, p.field, p.code) for p in problems] == [(7, field, code)]
    assert says in str(problems[0])
    assert str(problems[0]).startswith(f"dòng 7, {field}: ")


def test_a_good_row_has_no_problem() -> None:
    assert validate([_row()], today=TODAY) == []


def test_validate_checks_records_too() -> None:
    bad = _record(value=-3, unit="m", end=date(2017, 1, 1))
    problems = validate([bad, _record(2, value=float("nan"), unit="m")], today=TODAY)
    assert [str(p) for p in problems] == [
        'bản ghi "ls-2017-001", value: "-3" là số âm; ghi một số ≥ 0, vd. 1445',
        'bản ghi "ls-2017-001", end: 01/01/2017 là trước ngày bắt đầu 01/06/2017; '
        "sửa lại hai ngày: end không được trước start",
        'bản ghi "ls-2017-002", value: "nan" không phải là một số; ghi một số viết liền như 1445 hoặc 2.5 '
        '("." trước phần thập phân, không phân cách hàng nghìn, đơn vị tính ghi ở cột unit), hoặc để trống',
    ]


def test_validate_rejects_other_things() -> None:
    with pytest.raises(TypeError, match="takes Records or Rows, not dict"):
        validate([BASE], today=TODAY)  # type: ignore[list-item]


# --- validation across rows ---------------------------------------------------------------------


def test_duplicate_id_names_both_lines() -> None:
    problems = validate([_row(2), _row(3, id="other"), _row(9)], today=TODAY)
    assert [str(p) for p in problems] == [
        'dòng 9, id: "ls-2017-001" đã dùng ở dòng 2; đặt cho mỗi dòng một mã riêng, vd. thêm -2 vào mã dòng này'
    ]
    assert problems[0].code == "id.repeated"


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        (
            {"value": "1500"},
            "có 1.445 ngày công từ ngày 01/06/2017 ở dòng 2, nhưng dòng này có 1.500 ngày công",
        ),
        (
            {"unit": "người"},
            "có 1.445 ngày công từ ngày 01/06/2017 ở dòng 2, nhưng dòng này có 1.445 người từ ngày 01/06/2017",
        ),
        (
            {"start": "2017-06-02"},
            "từ ngày 01/06/2017 ở dòng 2, nhưng dòng này có 1.445 ngày công từ ngày 02/06/2017",
        ),
    ],
)
def test_inconsistent_shared_group(changes: dict[str, str], says: str) -> None:
    rows = [
        _row(2, id="a", shared_group="g"),
        _row(3, id="b", shared_group="g", place="xã Tân Đoàn"),
        _row(4, id="c", shared_group="g", **changes),
        _row(5, id="d", shared_group="other", value="7"),
    ]
    problems = validate(rows, today=TODAY)
    assert [(p.line, p.field) for p in problems] == [(4, "shared_group")]
    assert says in problems[0].message
    assert problems[0].message.startswith('nhóm "g" có 1.445 ngày công từ ngày 01/06/2017 ở dòng 2, nhưng')
    assert "ghi cho chúng cùng value, unit và start" in problems[0].fix


def test_all_problems_of_a_file_are_reported_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    rows = [
        dict(BASE, id="a-1"),  # line 2: fine
        dict(BASE, id="a-2", value="-3", quote="một\nhai"),  # lines 3-4
        dict(BASE, id="a-3", start="2017-02-30", level="ward"),  # line 5
        dict(BASE, id="a-1", value=""),  # line 6: duplicate id, unit without value
        dict(BASE, id="a-4", shared_group="g", value="100", unit="người"),  # line 7
        dict(BASE, id="a-5", shared_group="g", value="200", unit="người", end="2017-05-01"),  # line 8
    ]
    extra = _csv([dict(BASE, id="a-6")], bom=False, newline="\n").splitlines()[1] + b",x,y\n"
    data = _csv(rows, newline="\n") + b"\n" + extra  # blank line 9, then line 10
    path.write_bytes(data)
    table = read_records(path)
    problems = validate(table, today=TODAY)
    assert sorted((p.line, p.field) for p in problems) == [
        (3, "value"),
        (5, "level"),
        (5, "start"),
        (6, "id"),
        (6, "value"),
        (8, "end"),
        (8, "shared_group"),
        (10, "row"),
    ]
    assert [p.line for p in problems] == sorted(p.line for p in problems if p.line is not None)
    assert "đã dùng ở dòng 2" in next(str(p) for p in problems if p.field == "id")
    assert "ở dòng 7" in next(str(p) for p in problems if p.field == "shared_group")
    assert "có 2 ô nhiều hơn dòng tiêu đề: 'x', 'y'" in next(str(p) for p in problems if p.field == "row")


@pytest.mark.parametrize(
    ("tail", "says"),
    [
        (b"a,b,c\n", "có 3 ô nhưng dòng tiêu đề có 17 cột; thiếu một dấu phân cách"),
        (b"a" + b",x" * 17 + b"\n", "có 1 ô nhiều hơn dòng tiêu đề: 'x'; có lẽ một đoạn chữ chứa ','"),
    ],
)
def test_row_shape_problems(tmp_path: Path, tail: bytes, says: str) -> None:
    path = tmp_path / "activities.csv"
    path.write_bytes(_csv([BASE], bom=False, newline="\n") + tail)
    problems = validate(read_records(path), today=TODAY)
    shape = [p for p in problems if p.field == "row"]
    assert [(p.line, p.field) for p in shape] == [(3, "row")]
    assert says in str(shape[0])


def test_text_under_an_unnamed_column(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    body = _csv([BASE], bom=False, newline="\n").decode()
    lines = body.splitlines()
    path.write_text(f"{lines[0]},\n{lines[1]},\n{lines[1].replace('ls-2017-001', 'x')},stray\n")
    problems = validate(read_records(path), today=TODAY)
    assert [(p.line, p.field) for p in problems] == [(3, "row")]
    assert "có chữ ở một cột không có tên: 'stray'; chuyển chữ đó sang một cột có tên" in str(problems[0])


# --- check_place ----------------------------------------------------------------------------------


def test_check_place_is_called_once_per_place_and_unit_and_turns_into_problems() -> None:
    calls = []

    def check_place(place: str, unit_id: str, level: str, as_of: date) -> str | None:
        calls.append((place, unit_id, level, as_of))
        if place == "xã Không Có":
            return "no commune named 'Không Có' in huyện Văn Quan (as of 2017-06-01)"
        if place == "xã Lạ":
            raise PlaceNotFound("no commune named 'Lạ'")
        return None

    rows = [
        _row(2, id="a"),
        _row(3, id="b"),  # same place, unit, level and date as line 2: no second call
        _row(4, id="c", place="xã Xuân Mai | xã Không Có", unit_ids="u-1 | u-9"),
        _row(5, id="d", place="xã Lạ"),
        _row(6, id="e", place="xã Không Có", unit_ids="u-1 | u-2"),  # count mismatch: not checked
    ]
    problems = validate(rows, today=TODAY, check_place=check_place)
    assert calls == [
        ("xã Xuân Mai, huyện Văn Quan", "u-1", "commune", date(2017, 6, 1)),
        ("xã Xuân Mai", "u-1", "commune", date(2017, 6, 1)),
        ("xã Không Có", "u-9", "commune", date(2017, 6, 1)),
        ("xã Lạ", "u-1", "commune", date(2017, 6, 1)),
    ]
    assert [(p.line, p.field) for p in problems] == [(4, "place"), (5, "place"), (6, "unit_ids")]
    assert str(problems[0]) == (
        "dòng 4, place: no commune named 'Không Có' in huyện Văn Quan (as of 2017-06-01); "
        'sửa chữ địa điểm "xã Không Có" hoặc mã đơn vị "u-9"'
    )
    assert problems[0].code == "place.check"
    assert "no commune named 'Lạ'" in str(problems[1])


# --- reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "sep", "newline"),
    [(True, ",", "\r\n"), (False, ",", "\n"), (True, ";", "\r\n"), (False, ";", "\n")],
)
def test_read_records_in_every_dialect(tmp_path: Path, bom: bool, sep: str, newline: str) -> None:
    path = tmp_path / "activities.csv"
    rows = [dict(BASE, quote="một; hai,\nba"), dict(BASE, id="ls-2017-002", value="2.5", unit="tỷ đồng")]
    path.write_bytes(_csv(rows, bom=bom, sep=sep, newline=newline))
    table = read_records(path)
    assert table.header == COLUMNS
    assert [row.line for row in table] == [2, 4]
    records = table.records()
    assert [r.line for r in records] == [2, 4]
    assert records[0].quote == "một; hai,\nba"
    assert records[1].value == 2.5
    assert table.dialect == _csvio.Dialect(sep, newline, bom)


def test_read_records_accepts_another_column_order_and_case(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    columns = tuple(reversed(COLUMNS))
    data = _csv([BASE], columns=columns).replace(b",id\r\n", b",ID\r\n", 1)
    path.write_bytes(data)
    assert read_records(path).header[-1] == "ID"
    assert read_records(path).records() == [Record.from_row(BASE, 2)]


@pytest.mark.parametrize(
    ("header", "match"),
    [
        (
            HEADER.replace("value", "valeu"),
            r"dòng 1 \(tiêu đề\): cột lạ 'valeu' \(có phải 'value'\?\); "
            r"thiếu cột 'value'; dòng tiêu đề phải là:\n" + HEADER,
        ),
        (HEADER.replace(",note", ""), r"thiếu cột 'note'"),
        (HEADER + ",note", r"cột lặp lại 'note'"),
        (HEADER.replace(",", "\t"), "phân cách bằng dấu tab: lưu tệp dưới dạng CSV UTF-8"),
    ],
)
def test_bad_header(tmp_path: Path, header: str, match: str) -> None:
    path = tmp_path / "activities.csv"
    path.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(InvalidRecord, match=match):
        read_records(path)


def test_table_records_lists_problems(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    path.write_bytes(_csv([BASE, dict(BASE, id="x", value="1.445")]))
    with pytest.raises(InvalidRecord, match=r"có 1 lỗi:\n  dòng 3, value: \"1.445\""):
        read_records(path).records()


def test_read_xlsx_first_sheet(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "activities.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    good = dict(BASE, value=1445, start=datetime(2017, 6, 1), end=date(2017, 6, 30))
    sheet.append([good[c] for c in COLUMNS])
    sheet.append([None] * len(COLUMNS))  # blank row 3
    bad = dict(BASE, id="ls-2017-002", value=2.5, unit="tỷ đồng", start="2017-02-30", end="")
    sheet.append([bad[c] for c in COLUMNS])
    workbook.create_sheet("notes").append(["not", "records"])
    workbook.save(path)

    table = read_records(path)
    assert table.dialect is None
    assert [row.line for row in table] == [2, 4]
    assert table.rows[0].values["value"] == "1445"
    assert table.rows[0].values["start"] == "2017-06-01"
    assert table.rows[1].values["value"] == "2.5"
    problems = validate(table, today=TODAY)
    assert [(p.line, p.field) for p in problems] == [(4, "start")]
    assert Record.from_row(table.rows[0].values, 2).value == 1445


# --- appending ------------------------------------------------------------------------------------


def test_append_creates_a_missing_file_with_header(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    placed = append_records(path, [_record(1), _record(2, quote="một\nhai")], today=TODAY)
    data = path.read_bytes()
    assert data.startswith(BOM + HEADER.encode() + b"\r\n")
    assert [r.line for r in placed] == [2, 3]
    assert read_records(path).records() == placed
    assert [r.line for r in read_records(path).records()] == [2, 3]
    assert append_records(path, [_record(3)], today=TODAY)[0].line == 5


def test_append_nothing_creates_nothing(tmp_path: Path) -> None:
    assert append_records(tmp_path / "activities.csv", [], today=TODAY) == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize(("sep", "newline"), [(",", "\r\n"), (";", "\r\n"), (",", "\n"), (";", "\n")])
@pytest.mark.parametrize("final_newline", [True, False])
def test_append_keeps_every_byte_and_uses_the_file_dialect(
    tmp_path: Path, bom: bool, sep: str, newline: str, final_newline: bool
) -> None:
    path = tmp_path / "activities.csv"
    original = _csv([BASE], bom=bom, sep=sep, newline=newline)
    if not final_newline:
        original = original[: -len(newline)]
    path.write_bytes(original)
    simple = _record(2, value=12, unit="người")
    tricky = _record(3, activity=f'nói "không"{sep} và\nxuống dòng', note="<script>alert(1)</script>")
    placed = append_records(path, [simple, tricky], today=TODAY)

    data = path.read_bytes()
    assert data[: len(original)] == original
    appended = data[len(original) :].decode("utf-8")
    expected_simple = sep.join(simple.to_row()[c] for c in COLUMNS) + newline
    assert "," in expected_simple  # the place text: quoted in ',' files
    if sep == ",":
        expected_simple = expected_simple.replace(
            "xã Xuân Mai, huyện Văn Quan", '"xã Xuân Mai, huyện Văn Quan"'
        )
    assert appended.startswith(("" if final_newline else newline) + expected_simple)
    assert appended.endswith(newline)
    table = read_records(path)
    assert table.dialect == _csvio.Dialect(sep, newline, bom)
    assert [r.line for r in placed] == [3, 4]
    assert table.records()[1:] == placed
    assert [r.line for r in table.records()] == [2, 3, 4]


def test_append_follows_the_file_column_order(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    columns = list(reversed(COLUMNS))
    path.write_text(",".join(columns) + "\n", encoding="utf-8")
    record = _record(1, value=5, unit="người", places=("xã Xuân Mai",))
    append_records(path, [record], today=TODAY)
    assert path.read_text(encoding="utf-8").splitlines()[1] == ",".join(record.to_row()[c] for c in columns)
    assert read_records(path).records() == [record]


def test_append_is_not_blocked_by_bad_rows_already_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    path.write_bytes(_csv([dict(BASE, value="1.445")]))
    original = path.read_bytes()
    append_records(path, [_record(2)], today=TODAY)
    assert path.read_bytes().startswith(original)


def test_append_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    link = tmp_path / "activities.csv"
    link.symlink_to(target)
    append_records(link, [_record(1)], today=TODAY)
    assert link.is_symlink()
    assert len(read_records(target)) == 1


def _good_file(folder: Path) -> Path:
    path = folder / "activities.csv"
    path.write_bytes(_csv([dict(BASE, shared_group="g")], newline="\n"))
    return path


def _unclosed_quote_file(folder: Path) -> Path:
    path = folder / "activities.csv"
    path.write_bytes(_csv([]) + b'x,"never closed\n')
    return path


def _bad_header_file(folder: Path) -> Path:
    path = folder / "activities.csv"
    path.write_bytes(b"id,place\n")
    return path


def _latin1_file(folder: Path) -> Path:
    path = folder / "activities.csv"
    path.write_bytes(_csv([]) + b"x,H\xe0 N\xf4i\n")
    return path


def _open_in_libreoffice(folder: Path) -> Path:
    (folder / ".~lock.activities.csv#").write_text("planner,host,2024-01-01")
    return _good_file(folder)


@pytest.mark.parametrize(
    ("prepare", "records", "error", "match"),
    [
        (
            _good_file,
            [_record(2, value=-3, unit="m")],
            InvalidRecord,
            r"không ghi gì vào .*; các bản ghi cần thêm có lỗi:\n.*là số âm",
        ),
        (_good_file, [_record(2, start=date(2024, 5, 1))], InvalidRecord, "là ngày trong tương lai"),
        (_good_file, [_record(2, places=("xã A", "xã B"))], InvalidRecord, r"có 1 mã đơn vị cho 2 địa điểm"),
        (
            _good_file,
            [_record(2), _record(2)],
            InvalidRecord,
            'bản ghi "ls-2017-002", id: "ls-2017-002" được ghi hai lần',
        ),
        (
            _good_file,
            [_record(1)],
            InvalidRecord,
            r'trùng với các dòng của tệp:\n  bản ghi "ls-2017-001", id: "ls-2017-001" đã dùng ở dòng 2',
        ),
        (
            _good_file,
            [_record(2, shared_group="g", value=9, unit="m")],
            InvalidRecord,
            'nhóm "g" có 1.445 ngày công từ ngày 01/06/2017 ở dòng 2, nhưng dòng này có 9 m',
        ),
        (_unclosed_quote_file, [_record(2)], InvalidRecord, "dòng 2: một dấu ngoặc kép .* không được đóng"),
        (_bad_header_file, [_record(2)], InvalidRecord, "thiếu cột"),
        (_latin1_file, [_record(2)], RecordsFileError, "không phải UTF-8.*dòng 2"),
        (_open_in_libreoffice, [_record(2)], RecordsFileError, "đang mở trong một chương trình bảng tính"),
    ],
)
def test_refused_append_leaves_the_folder_untouched(
    tmp_path: Path,
    prepare: Callable[[Path], Path],
    records: list[Record],
    error: type[Exception],
    match: str,
) -> None:
    path = prepare(tmp_path)
    before = _folder_snapshot(tmp_path)
    with pytest.raises(error, match=match):
        append_records(path, records, today=TODAY)
    assert _folder_snapshot(tmp_path) == before


def test_refused_append_to_xlsx(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "activities.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(list(COLUMNS))
    workbook.save(path)
    before = _folder_snapshot(tmp_path)
    with pytest.raises(RecordsFileError, match=r"không thể ghi vào đó mà không làm mất định dạng.*CSV UTF-8"):
        append_records(path, [_record(1)], today=TODAY)
    assert _folder_snapshot(tmp_path) == before


def test_append_checks_new_places_only(tmp_path: Path) -> None:
    path = _good_file(tmp_path)
    seen = []

    def check_place(place: str, unit_id: str, level: str, as_of: date) -> str | None:
        seen.append(place)
        return "unknown place" if place == "xã Lạ" else None

    before = path.read_bytes()
    with pytest.raises(
        InvalidRecord, match='bản ghi "ls-2017-002", place: unknown place; sửa chữ địa điểm "xã Lạ"'
    ):
        append_records(path, [_record(2, places=("xã Lạ",))], today=TODAY, check_place=check_place)
    assert path.read_bytes() == before
    append_records(path, [_record(3, places=("xã Quen",))], today=TODAY, check_place=check_place)
    assert seen == ["xã Lạ", "xã Quen"]


# --- property: arbitrary text survives append -> read ------------------------------------------

_SPECIAL = st.sampled_from(
    [
        '"',
        ",",
        ";",
        "\n",
        "\r\n",
        "\r",
        '""',
        "<script>alert('x')</script>",
        "xã Xuân Mai",
        "Hà Nội",
        "ngày công",
        "=1+2",
        "\ufeff",
        "\x00",
        "\t",
        "  ",
        "\u2028",
        "Thuỵ",
        unicodedata.normalize("NFD", "Hoà"),
    ]
)
_TEXT = st.lists(
    st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), _SPECIAL), max_size=5
).map("".join)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


@st.composite
def _records(draw: st.DrawFn) -> list[Record]:
    out = []
    for i in range(draw(st.integers(1, 3))):
        places = draw(st.lists(_TEXT.filter(lambda t: "|" not in t and _clean(t)), min_size=1, max_size=3))
        value = draw(st.one_of(st.none(), st.integers(0, 10**15), st.floats(0, 1e12, allow_nan=False)))
        out.append(
            Record(
                id=f"h-{i}-" + draw(_TEXT),
                places=tuple(places),
                unit_ids=tuple(f"u-{n}" for n in range(len(places))),
                levels=(draw(st.sampled_from(["commune", "district", "province"])),),
                activity=draw(_TEXT.filter(lambda t: bool(_clean(t)))),
                kind=draw(_TEXT),
                actor=draw(_TEXT),
                value=value,
                unit="" if value is None else "đơn vị " + draw(_TEXT),
                start=draw(st.dates(date(1945, 9, 2), TODAY)),
                # each record its own group or none: rows of one group must share their figure
                shared_group=draw(st.sampled_from(["", f"g-{i}-" + draw(_TEXT)])),
                source=draw(_TEXT),
                quote=draw(_TEXT),
                note=draw(_TEXT),
            )
        )
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=_records(),
    dialect=st.sampled_from(
        [(True, ",", "\r\n"), (False, ";", "\n"), (True, ";", "\r\n"), (False, ",", "\n")]
    ),
)
def test_arbitrary_text_survives_append_and_read(
    records: list[Record], dialect: tuple[bool, str, str]
) -> None:
    bom, sep, newline = dialect
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "activities.csv"
        original = _csv([BASE], bom=bom, sep=sep, newline=newline)
        path.write_bytes(original)
        placed = append_records(path, records, today=TODAY)
        assert path.read_bytes().startswith(original)
        back = read_records(path).records()[1:]
        assert os.listdir(folder) == ["activities.csv"]
    assert len(back) == len(records)
    for got, record in zip(back, records, strict=True):
        for name in ("id", "activity", "kind", "actor", "unit", "source", "quote", "note"):
            assert getattr(got, name) == _clean(getattr(record, name))
        assert got.places == tuple(_clean(p) for p in record.places)
        assert (got.unit_ids, got.levels, got.start) == (record.unit_ids, record.levels, record.start)
        assert got.value == record.value
        assert got.shared_group == _clean(record.shared_group)
    assert [r.line for r in back] == [r.line for r in placed]


def test_a_group_of_only_blank_characters_is_no_group_when_appending(tmp_path):
    path = tmp_path / "activities.csv"
    path.write_bytes(_csv([BASE]))
    records = [
        dataclasses.replace(read_records(path).records()[0], id=f"blank-{k}", shared_group="\r", start=day)
        for k, day in enumerate((date(2000, 1, 1), date(2000, 1, 2)))
    ]
    placed = append_records(path, records, today=TODAY)
    assert [r.shared_group for r in read_records(path).records()[1:]] == ["", ""] and len(placed) == 2
