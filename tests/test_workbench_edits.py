"""The workbench's pure parts: the form's reading of a draft (table-driven), suggestions as one
types, and corrections and withdrawals written in place, byte for byte, with their history."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from geo import _csvio
from geo.errors import InvalidRecord
from geo.planner import Draft, check_draft
from geo.records import WITHDRAWN, record_of
from geo.records_file import read_records
from geo.workbench import edits
from geo.workbench.places import Suggester

RECORDS = Path(__file__).resolve().parents[1] / "data" / "activities.csv"
TODAY = dt.date(2026, 3, 31)


def draft(**fields) -> Draft:
    base = {"places": ("xã Trùng Quán, huyện Văn Lãng",), "activity": "làm đường", "start": "2017-04-10"}
    return Draft(**{**base, **fields})


@pytest.mark.parametrize(
    ("fields", "unit_ids", "value"),
    [
        ({}, ("2008/c/lang-son.van-lang.trung-quan",), None),
        ({"places": ("xa trung quan, van lang",)}, ("2008/c/lang-son.van-lang.trung-quan",), None),
        ({"value": "1.445", "unit": "km"}, ("2008/c/lang-son.van-lang.trung-quan",), 1445),
        ({"value": "2,5", "unit": "km"}, ("2008/c/lang-son.van-lang.trung-quan",), 2.5),
        ({"value": " 120 ", "unit": "km"}, ("2008/c/lang-son.van-lang.trung-quan",), 120),
        ({"places": ("X. Mai Pha, TP. Lạng Sơn",)}, ("2008/c/05992",), None),
        ({"places": ("xã Na Sầm, tỉnh Lạng Sơn",), "start": "2026-03-01"}, None, None),
    ],
)
def test_a_draft_is_read_into_a_record(gazetteer, fields, unit_ids, value):
    checked = check_draft(gazetteer, draft(**fields), flag="", today=TODAY)
    assert checked.problems == {}
    assert checked.record is not None
    if unit_ids is not None:
        assert checked.record.unit_ids == unit_ids
    assert checked.record.value == value


@pytest.mark.parametrize(
    ("fields", "field", "code", "words"),
    [
        (
            {"start": "10/04/2017"},
            "start",
            "date.unreadable",
            r"^start '10/04/2017' không phải là một ngày; ghi theo dạng YYYY-MM-DD: 2017-04-10$",
        ),
        ({"start": ""}, "start", "new.start_empty", r"^start để trống; ghi ngày bắt đầu hoạt động"),
        (
            {"start": "2026-04-01"},
            "start",
            "new.future",
            r"^start 2026-04-01 là ngày trong tương lai \(hôm nay là 31/03/2026\); ghi ngày đã diễn ra",
        ),
        (
            {"start": "2001-01-01"},
            "start",
            "date.before_data",
            r"^start 2001-01-01 là trước ngày 01/08/2008, .*; ghi một ngày muộn hơn",
        ),
        (
            {"end": "2017-04-31"},
            "end",
            "date.impossible",
            r"^end '2017-04-31' không phải là một ngày có thật; kiểm tra ngày và tháng",
        ),
        (
            {"value": "1,234,567"},
            "value",
            "new.value_unreadable",
            r"^value '1,234,567' không phải là một số đọc được rõ ràng; ghi chữ số liền",
        ),
        ({"value": "một trăm"}, "value", "new.value_unreadable", r"^value 'một trăm' không phải là một số"),
        ({"value": "05"}, "value", "new.value_unreadable", r"số 0 ở đầu là dấu hiệu của một mã số"),
        (
            {"value": "1" * 31},
            "value",
            "new.value_digits",
            r"^value '1{20}…' có 31 chữ số; một số liệu có nhiều nhất 30",
        ),
        (
            {"qualifier": "roughly"},
            "qualifier",
            "new.qualifier",
            r"^qualifier 'roughly' không phải là một trong exact, approx, at_least, at_most, vague; chọn",
        ),
        ({"activity": "  "}, "activity", "new.activity_empty", r"^activity để trống; ghi việc đã làm$"),
        ({"places": ()}, "place", "new.place_empty", r"^place để trống; ghi xã, huyện hoặc tỉnh"),
        (
            {"places": ("xã Hoàng Văn Thụ",)},
            "place",
            "new.ambiguous",
            r'^"xã Hoàng Văn Thụ" ứng với nhiều đơn vị vào ngày 10/04/2017; hãy chọn một:\n  "xã Hoàng Văn Thụ, ',
        ),
        (
            {"places": ("xã Na Sầm, tỉnh Lạng Sơn",)},
            "place",
            "new.not_then",
            r"tồn tại 01/07/2025 – nay, không có vào ngày 10/04/2017\.\n.*\n.*Hoặc ghi start là một ngày",
        ),
        (
            {"places": ("xa khong co",)},
            "place",
            "new.no_place",
            r'^Không có địa điểm "xa khong co" vào ngày 10/04/2017\.\nCó phải:\n  "xã .*\nGhi thêm huyện, tỉnh sau dấu phẩy',
        ),
        # What validate refuses in the row, said before anything is written, in validate's words.
        (
            {"value": "-3", "unit": "m"},
            "value",
            "value.negative",
            r'^value: "-3" là số âm; ghi một số ≥ 0, vd\. 1445$',
        ),
        ({"value": "12"}, "unit", "unit.missing", r"^unit: để trống nhưng value là 12; ghi đơn vị tính"),
        (
            {"end": "2017-04-01"},
            "end",
            "end.before_start",
            r"^end: 01/04/2017 là trước ngày bắt đầu 10/04/2017; sửa lại hai ngày: end không được trước start$",
        ),
        (
            {"province": "Atlantis"},
            "province",
            "new.no_province",
            r"^không có tỉnh nào tên 'Atlantis'; (có phải: .*\?|kiểm tra tên tỉnh .*)$",
        ),
    ],
)
def test_a_wrong_field_is_named_with_the_cli_words(gazetteer, fields, field, code, words):
    import re

    checked = check_draft(gazetteer, draft(**fields), flag="", today=TODAY)
    assert checked.record is None
    assert checked.codes[field] == code
    assert re.search(words, checked.problems[field], re.S), checked.problems[field]
    # The command line says the same words, naming its option where the form names its field.
    cli = check_draft(gazetteer, draft(**fields), today=TODAY)
    assert cli.codes[field] == code
    if field == "province" or not code.startswith(("new.", "date.")):
        assert cli.problems[field] == checked.problems[field]
    elif field != "place":
        assert cli.problems[field] == checked.problems[field].replace(f"{field} ", f"--{field} ", 1)


def test_every_wrong_field_is_named_at_once(gazetteer):
    checked = check_draft(gazetteer, draft(start="x", value="1,2,3", activity=""), flag="", today=TODAY)
    assert set(checked.problems) == {"start", "value", "activity"}


def test_the_cli_flag_prefixes_the_field_name(gazetteer):
    checked = check_draft(gazetteer, draft(start="x"), today=TODAY)
    assert checked.problems["start"].startswith("--start 'x'")


@pytest.mark.parametrize(
    ("typed", "day", "first"),
    [
        ("xuan m", "2017-06-01", "Xuân Mai"),
        ("Xuân Mai", "2017-06-01", "Xuân Mai"),
        ("trung qu", "2017-06-01", "Trùng Quán"),
        ("xa trung qu, van l", "2017-06-01", "Trùng Quán"),
        ("tp lang s", "2017-06-01", "Lạng Sơn"),
        ("h. van qu", "2017-06-01", "Văn Quan"),
    ],
)
def test_completions_begin_with_what_is_typed(gazetteer, typed, day, first):
    units = Suggester(gazetteer).completions(typed, dt.date.fromisoformat(day))
    assert units and units[0].name == first
    assert all(u.valid_at(dt.date.fromisoformat(day)) for u in units)


def test_completions_are_narrowed_by_the_parts_after_a_comma(gazetteer):
    units = Suggester(gazetteer).completions("hoang van thu, bình g", dt.date(2017, 6, 1))
    assert [(u.name, u.district) for u in units] == [("Hoàng Văn Thụ", "Bình Gia")]


def test_a_single_letter_suggests_nothing(gazetteer):
    assert Suggester(gazetteer).completions("x", dt.date(2017, 6, 1)) == []


# --- corrections and withdrawals, in place ---------------------------------------------------------


@pytest.fixture
def records(tmp_path) -> Path:
    path = tmp_path / "activities.csv"
    shutil.copyfile(RECORDS, path)
    return path


def test_a_withdrawal_changes_that_row_only_and_is_in_the_history(records):
    before = records.read_bytes()
    row = read_records(records).rows[3]
    edits.withdraw_row(records, row.line, row.values, "trùng")
    after = records.read_bytes()
    assert after.startswith(before[: row.offset])
    assert after.endswith(before[row.offset + len(row.raw) :])
    changed = read_records(records).rows[3]
    assert changed.values["note"].startswith(f"{WITHDRAWN} ") and "trùng" in changed.values["note"]
    assert {k: v for k, v in changed.values.items() if k != "note"} == {
        k: v for k, v in row.values.items() if k != "note"
    }
    (entry,) = edits.read_history(records)
    assert entry["action"] == "withdraw" and entry["before"] == row.values and entry["line"] == row.line
    with pytest.raises(InvalidRecord, match=r"đã thay đổi từ lúc được hiển thị .*; tải lại trang"):
        edits.withdraw_row(records, row.line, row.values, "again")


def test_a_row_keeps_the_file_dialect(tmp_path):
    path = tmp_path / "activities.csv"
    text = RECORDS.read_text(encoding="utf-8-sig")
    table = read_records(RECORDS)
    lines = [_csvio.format_row(list(table.header), _csvio.Dialect(";", "\r\n"))]
    lines += [
        _csvio.format_row([r.values[c] for c in table.header], _csvio.Dialect(";", "\r\n")) for r in table
    ]
    path.write_bytes("".join(lines).encode("utf-8"))
    assert text  # the sample was read
    row = read_records(path).rows[0]
    edits.withdraw_row(path, row.line, row.values, "thử")
    data = path.read_bytes()
    assert data.count(b"\r\n") == len(lines)
    assert read_records(path).rows[0].values["note"].startswith(WITHDRAWN)


def test_an_interrupted_correction_leaves_the_file_as_it_was(records, monkeypatch):
    before = records.read_bytes()
    row = read_records(records).rows[0]
    record = record_of(row)

    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_csvio, "_AFTER_PARTIAL_WRITE", interrupt)
    import dataclasses

    with pytest.raises(KeyboardInterrupt):
        edits.replace_row(
            records, row.line, row.values, dataclasses.replace(record, note="x"), action="correct"
        )
    assert records.read_bytes() == before
    assert not edits.history_path(records).exists()


def test_a_correction_may_not_take_another_rows_id(records):
    rows = read_records(records).rows
    import dataclasses

    clash = dataclasses.replace(record_of(rows[0]), id=rows[1].values["id"])
    with pytest.raises(InvalidRecord, match=r"đã được một dòng khác của .* dùng; giữ mã riêng của dòng này"):
        edits.replace_row(records, rows[0].line, rows[0].values, clash, action="correct")


def test_an_unreadable_history_line_is_shown_not_dropped(records):
    edits.history_path(records).write_text('{"action": "add", "line": 2}\nnot json\n', encoding="utf-8")
    entries = edits.read_history(records)
    assert entries[0]["action"] == "unreadable" and entries[0]["text"] == "not json"
    assert entries[1] == json.loads('{"action": "add", "line": 2}')
