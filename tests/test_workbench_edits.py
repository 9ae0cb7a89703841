"""The workbench's pure parts: the form's reading of a draft (table-driven), suggestions as one
types, and corrections and withdrawals written in place, byte for byte, with their history."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from geo import _csvio
from geo.activities import WITHDRAWN, read_records, record_of
from geo.errors import InvalidRecord
from geo.planner import Draft, check_draft
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
        ({"value": "1.445"}, ("2008/c/lang-son.van-lang.trung-quan",), 1445),
        ({"value": "2,5"}, ("2008/c/lang-son.van-lang.trung-quan",), 2.5),
        ({"value": " 120 "}, ("2008/c/lang-son.van-lang.trung-quan",), 120),
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
    ("fields", "field", "words"),
    [
        ({"start": "10/04/2017"}, "start", r"start '10/04/2017' is not a date; write it as YYYY-MM-DD"),
        ({"start": ""}, "start", r"start is empty"),
        ({"start": "2026-04-01"}, "start", r"start 2026-04-01 is in the future"),
        ({"start": "2001-01-01"}, "start", r"before 2008-08-01"),
        ({"end": "2017-04-31"}, "end", r"end '2017-04-31' is not a date"),
        ({"value": "1,234,567"}, "value", r"value '1,234,567': .* not a number we can read"),
        ({"value": "một trăm"}, "value", r"value 'một trăm'"),
        ({"qualifier": "roughly"}, "qualifier", r"qualifier 'roughly' is not one of exact, approx"),
        ({"activity": "  "}, "activity", r"activity is empty"),
        ({"places": ()}, "place", r"place is empty"),
        ({"places": ("xã Hoàng Văn Thụ",)}, "place", r'"xã Hoàng Văn Thụ" is ambiguous on 2017-04-10'),
        (
            {"places": ("xã Na Sầm, tỉnh Lạng Sơn",)},
            "place",
            r"existed 2025-07-01 – today, not on 2017-04-10",
        ),
        ({"places": ("xa khong co",)}, "place", r'No place "xa khong co" on 2017-04-10'),
        ({"province": "Atlantis"}, "province", r"No province named 'Atlantis'"),
    ],
)
def test_a_wrong_field_is_named_with_the_cli_words(gazetteer, fields, field, words):
    checked = check_draft(gazetteer, draft(**fields), flag="", today=TODAY)
    assert checked.record is None
    assert field in checked.problems
    import re

    assert re.search(words, checked.problems[field]), checked.problems[field]


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
    with pytest.raises(InvalidRecord, match="changed since it was shown"):
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
    with pytest.raises(InvalidRecord, match="already used by another row"):
        edits.replace_row(records, rows[0].line, rows[0].values, clash, action="correct")


def test_an_unreadable_history_line_is_shown_not_dropped(records):
    edits.history_path(records).write_text('{"action": "add", "line": 2}\nnot json\n', encoding="utf-8")
    entries = edits.read_history(records)
    assert entries[0]["action"] == "unreadable" and entries[0]["text"] == "not json"
    assert entries[1] == json.loads('{"action": "add", "line": 2}')
