"""The planner's commands: add (with every refusal leaving the file unchanged) and validate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from builders import NA_SAM_RECORD

from geo import cli

RECORDS = Path(__file__).resolve().parents[1] / "data" / "activities.csv"


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "activities.csv"
    shutil.copyfile(RECORDS, path)
    return path


def _add(records, *argv):
    return cli.main(["add", "--activities", str(records), "--no-build", *argv])


def test_shipped_records_are_valid(capsys):
    assert cli.main(["validate", str(RECORDS)]) == 0
    assert "dòng, không có lỗi" in capsys.readouterr().out


def test_add_appends_one_row_and_prints_it(records, capsys):
    before = records.read_bytes()
    code = _add(records, *NA_SAM_RECORD)
    assert code == 0
    after = records.read_bytes()
    assert after.startswith(before)
    out = capsys.readouterr().out
    assert "unit_ids: 2025/c/06124" in out
    assert "value: 120" in out
    assert "Xã Na Sầm, tỉnh Lạng Sơn" in out
    new_line = after[len(before) :].decode("utf-8")
    assert new_line.startswith("2026-03-01-na-sam,") and new_line.endswith("\r\n")


def test_add_accepts_vietnamese_numbers(records, capsys):
    assert (
        _add(
            records,
            "--place",
            "xã Mai Pha, TP. Lạng Sơn",
            "--activity",
            "làm đường",
            "--start",
            "2017-02-01",
            "--value",
            "1.445",
            "--unit",
            "ngày công",
        )
        == 0
    )
    assert "value: 1445" in capsys.readouterr().out


REFUSALS = [
    (
        ["--place", "xã Tân Thành", "--province", "Lạng Sơn", "--activity", "x", "--start", "2017-06-01"],
        [
            '"xã Tân Thành" ứng với nhiều đơn vị vào ngày 01/06/2017; hãy chọn một:',
            '--place "xã Tân Thành, huyện Hữu Lũng, tỉnh Lạng Sơn"',
            '--place "xã Tân Thành, huyện Cao Lộc, tỉnh Lạng Sơn"',
        ],
    ),
    (
        ["--place", "xã Xuan Maii, huyện Văn Quan", "--activity", "x", "--start", "2017-06-01"],
        [
            'Không có địa điểm "xã Xuan Maii, huyện Văn Quan" vào ngày 01/06/2017.\nCó phải:',
            '--place "xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn"',
        ],
    ),
    # Na Sầm became a xã only on 1 Jul 2025: in 2017 it was a thị trấn.
    (
        [
            "--place",
            "xã Na Sầm, tỉnh Lạng Sơn",
            "--activity",
            "x",
            "--start",
            "2017-06-01",
            "--end",
            "2017-06-02",
        ],
        [
            "tồn tại 01/07/2025 – nay, không có vào ngày 01/06/2017",
            "Vào ngày đó địa điểm là:\n",
            '  --place "thị trấn Na Sầm, huyện Văn Lãng, tỉnh Lạng Sơn"\n',
            "Hoặc ghi --start là một ngày trong khoảng thời gian đó.",
        ],
    ),
    (
        ["--place", "xã Mai Pha, TP Lạng Sơn", "--activity", "x", "--start", "2017-02-30"],
        ["--start '2017-02-30' không phải là một ngày có thật; kiểm tra ngày và tháng"],
    ),
    (
        [
            "--place",
            "xã Mai Pha, TP Lạng Sơn",
            "--activity",
            "x",
            "--start",
            "2017-06-01",
            "--end",
            "2017-05-01",
        ],
        ["end: 01/05/2017 là trước ngày bắt đầu 01/06/2017; sửa lại hai ngày"],
    ),
    (
        [
            "--place",
            "xã Mai Pha, TP Lạng Sơn",
            "--activity",
            "x",
            "--start",
            "2017-06-01",
            "--value",
            "-3",
            "--unit",
            "ngày công",
        ],
        ['value: "-3" là số âm; ghi một số ≥ 0'],
    ),
    (
        [
            "--place",
            "xã Mai Pha, TP Lạng Sơn",
            "--activity",
            "x",
            "--start",
            "2017-06-01",
            "--value",
            "nhiều",
            "--unit",
            "ngày công",
        ],
        ["--value 'nhiều' không phải là một số đọc được rõ ràng; ghi chữ số liền"],
    ),
    (
        ["--place", "xã Mai Pha, TP Lạng Sơn", "--activity", "x", "--start", "2017-06-01", "--value", "12"],
        ["unit: để trống nhưng value là 12; ghi đơn vị tính"],
    ),
    (
        ["--place", "xã Mai Pha, TP Lạng Sơn", "--activity", "x", "--start", "2099-01-01"],
        ["--start 2099-01-01 là ngày trong tương lai (hôm nay là "],
    ),
    (
        ["--place", "xã Mai Pha, TP Lạng Sơn", "--activity", "x", "--start", "2001-01-01"],
        ["--start 2001-01-01 là trước ngày 01/08/2008, trạng thái cũ nhất của các đơn vị hành chính"],
    ),
]


@pytest.mark.parametrize(("argv", "messages"), REFUSALS)
def test_add_refusals_leave_the_file_byte_identical(records, capsys, argv, messages):
    before = records.read_bytes()
    assert _add(records, *argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ")
    for message in messages:
        assert message in err
    assert "Traceback" not in err
    assert records.read_bytes() == before


def test_add_refuses_a_spreadsheet(tmp_path, capsys):
    from openpyxl import Workbook

    book = tmp_path / "activities.xlsx"
    wb = Workbook()
    wb.active.append(["id"])
    wb.save(book)
    before = book.read_bytes()
    assert _add(book, "--place", "xã Mai Pha, TP Lạng Sơn", "--activity", "x", "--start", "2017-06-01") == 1
    assert "CSV UTF-8" in capsys.readouterr().err
    assert book.read_bytes() == before


def test_validate_reports_every_problem_with_its_line(records, capsys):
    text = records.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    # Line 3: a unit id that is not the place's; line 6: a Vietnamese-style number; line 2's id repeated.
    lines[2] = lines[2].replace("2008/p/20", "2008/c/05992", 1)
    lines[5] = lines[5].replace(",9735,", ",9.735,", 1)
    lines.append(lines[1])
    records.write_text("".join(lines), encoding="utf-8")
    assert cli.main(["validate", str(records)]) == 1
    out = capsys.readouterr().out
    assert "dòng 3, place: " in out and "2008/c/05992" in out
    assert 'dòng 6, value: "9.735" dùng "." để phân cách hàng nghìn (kiểu Việt Nam); ghi 9735' in out
    assert f"dòng {len(lines)}, id: " in out and "đã dùng ở dòng 2" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id,place\n", "thiếu cột"),
        ("id;place\nMai Phà\n".encode("cp1258"), "UTF-8"),
    ],
)
def test_validate_unreadable_files(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert cli.main(["validate", str(path)]) == 1
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("place", "problem"),
    [
        ("xã Xuân Mai, huyện Văn Quan", None),
        (
            "xã Xuân Maii, huyện Văn Quan",
            '"xã Xuân Maii, huyện Văn Quan" viết sai: nó được đọc là Xã Xuân Mai, huyện Văn Quan, tỉnh Lạng Sơn; '
            "ghi đúng tên đó",
        ),
    ],
)
def test_validate_names_a_misspelt_place_of_a_record(gazetteer, place, problem):
    import datetime as dt

    from geo.planner import place_checker

    unit = next(u for u in gazetteer.named("Xuân Mai") if u.district == "Văn Quan")
    found = place_checker(gazetteer)(place, unit.id, "commune", dt.date(2017, 6, 1))
    assert found == problem if problem is None else problem in found
