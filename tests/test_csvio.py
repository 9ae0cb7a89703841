"""The low-level file layer: CSV dialects, line numbers, encodings, locking, atomic replace, kills."""

from __future__ import annotations

import logging
import os
import signal
import stat
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from geo import _csvio
from geo._csvio import Dialect, cell_text, format_number, format_row, parse_csv
from geo.errors import InvalidRecord, RecordsFileError
from geo.records import HEADER, Record
from geo.records_file import append_records, read_records

BOM = b"\xef\xbb\xbf"
ROWS = [["id", "place", "note"], ["a-1", "xã Xuân Mai", "một"], ["a-2", "Hà Nội", "hai"]]


def _csv_bytes(rows: list[list[str]], *, bom: bool, sep: str, newline: str) -> bytes:
    text = "".join(sep.join(row) + newline for row in rows)
    return (BOM if bom else b"") + text.encode("utf-8")


def _temps(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def _record(i: int, **changes: object) -> Record:
    fields: dict[str, object] = {
        "id": f"t-{i}",
        "places": ("xã Xuân Mai, huyện Văn Quan",),
        "unit_ids": ("u-1",),
        "levels": ("commune",),
        "activity": f"làm đường bê tông {i}",
        "start": date(2017, 6, 1),
    }
    fields.update(changes)
    return Record(**fields)  # type: ignore[arg-type]


# --- reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "sep", "newline"),
    [
        (False, ",", "\n"),
        (False, ",", "\r\n"),
        (True, ",", "\r\n"),
        (True, ";", "\r\n"),
        (False, ";", "\n"),
        (True, ",", "\r"),
    ],
)
def test_dialect_variants_read_alike(bom: bool, sep: str, newline: str) -> None:
    data = _csv_bytes(ROWS, bom=bom, sep=sep, newline=newline)
    table = parse_csv(data, "x.csv")
    assert table.header == tuple(ROWS[0])
    assert [row.fields for row in table.rows] == [tuple(r) for r in ROWS[1:]]
    assert [row.line for row in table.rows] == [2, 3]
    assert table.dialect == Dialect(delimiter=sep, newline=newline, bom=bom)
    assert table.ends_with_newline
    for row in table.rows:
        assert row.offset is not None
        assert row.raw is not None
        assert data[row.offset : row.offset + len(row.raw)] == row.raw
        assert row.raw.endswith(newline.encode())


def test_semicolon_sniffed_even_with_commas_in_quoted_header() -> None:
    data = b'id;"place, as written";note\na;b,c;d\n'
    table = parse_csv(data, "x.csv")
    assert table.dialect is not None
    assert table.dialect.delimiter == ";"
    assert table.rows[0].fields == ("a", "b,c", "d")


def test_embedded_newlines_keep_line_numbers_of_later_rows() -> None:
    data = (
        b"id,quote,note\n"  # line 1
        b'a,"first line\nsecond line\r\nthird ""quoted""",x\n'  # lines 2-4
        b"b,plain,y\n"  # line 5
        b"\n"  # line 6: blank, skipped
        b",,\n"  # line 7: empty fields, skipped
        b'c,"one\rtwo",z'  # lines 8-9, no final newline
    )
    table = parse_csv(data, "x.csv")
    assert [row.line for row in table.rows] == [2, 5, 8]
    assert table.rows[0].fields[1] == 'first line\nsecond line\r\nthird "quoted"'
    assert table.rows[2].fields[1] == "one\rtwo"
    assert table.rows[0].raw == b'a,"first line\nsecond line\r\nthird ""quoted""",x\n'
    assert table.n_lines == 9
    assert not table.ends_with_newline


def test_header_only_file_has_no_rows() -> None:
    table = parse_csv(b"id,place", "x.csv")
    assert table.rows == ()
    assert table.n_lines == 1
    assert not table.ends_with_newline


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "trống; dòng đầu tiên phải là dòng tiêu đề"),
        (BOM, "trống; dòng đầu tiên phải là dòng tiêu đề"),
        (b"\nid,place\n", "dòng 1 trống; dòng đầu tiên phải là dòng tiêu đề"),
        (
            b'id,place\na,"open\nb,c\n',
            r"dòng 2: một dấu ngoặc kép '\"' mở ở dòng này không được đóng.*dòng 3.*; đóng ngoặc kép",
        ),
        (b'id,place\na,b\nc,"d"e\n', r"dòng 3: ngoặc kép sai \(.*\); một ô bắt đầu bằng"),
    ],
)
def test_unreadable_structure_is_rejected(data: bytes, match: str) -> None:
    with pytest.raises(InvalidRecord, match=match):
        parse_csv(data, "x.csv")


@pytest.mark.parametrize(
    ("encoding_name", "bad_line"),
    [
        ("latin-1", b"a-2,H\xe0 N\xf4i,hai\r\n"),  # "Hà Nôi" in Latin-1
        ("windows-1258", b"a-2,H\xe0 N\xf4\xf2i,hai\r\n"),  # "Hà Nội" in Windows-1258
    ],
)
def test_non_utf8_file_names_line_and_utf8_fix(tmp_path: Path, encoding_name: str, bad_line: bytes) -> None:
    path = tmp_path / "activities.csv"
    data = b"id,place,note\r\n" + "a-1,Xuân Mai,một\r\n".encode() + bad_line + b"a-3,x,y\r\n"
    path.write_bytes(data)
    with pytest.raises(RecordsFileError) as info:
        _csvio.read_table(path)
    message = str(info.value)
    first_bad = data.index(b"\xe0")
    assert str(path) in message
    assert "(dòng 3)" in message
    assert f"ở vị trí byte {first_bad} " in message
    assert "UTF-8" in message
    assert "CSV UTF-8" in message


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    path.write_bytes("id\tplace\n".encode("utf-16"))
    with pytest.raises(RecordsFileError, match=r"UTF-16.*lưu lại dưới dạng UTF-8"):
        _csvio.read_table(path)


@pytest.mark.parametrize(
    ("name", "error", "match"),
    [
        ("missing.csv", RecordsFileError, "missing.csv không tồn tại; kiểm tra đường dẫn"),
        (
            "old.xls",
            RecordsFileError,
            "không đọc được tệp .xls; lưu trang tính dưới dạng .xlsx hoặc CSV UTF-8",
        ),
        ("missing.xlsx", RecordsFileError, "missing.xlsx không tồn tại; kiểm tra đường dẫn"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, error: type[Exception], match: str) -> None:
    if name.endswith(".xls"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(error, match=match):
        _csvio.read_table(tmp_path / name)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(RecordsFileError, match="là một thư mục; ghi đường dẫn của tệp bản ghi"):
        _csvio.read_table(tmp_path)


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "activities.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(
        RecordsFileError, match=r"không đọc được .* như một sổ tính \.xlsx .*; mở nó trong Excel"
    ):
        _csvio.read_table(path)


# --- numbers, cells and rows -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1445, "1445"),
        (0, "0"),
        (3000000000, "3000000000"),
        (2.5, "2.5"),
        (2.0, "2"),
        (1e20, "100000000000000000000"),
        (1e-7, "0.0000001"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1.445, "1.4450"),  # not Vietnamese thousands grouping
        (12.345, "12.3450"),
        (1234.567, "1234.567"),
        (0.125, "0.1250"),
        (float("nan"), "nan"),
        (True, "True"),
        ("12", "12"),
    ],
)
def test_format_number(value: object, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("xã Xuân Mai", "xã Xuân Mai"),
        (1445, "1445"),
        (1445.0, "1445"),
        (2.5, "2.5"),
        (True, "TRUE"),
        (datetime(2017, 6, 1), "2017-06-01"),
        (datetime(2017, 6, 1, 8, 30), "2017-06-01 08:30:00"),
        (date(2017, 6, 1), "2017-06-01"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("fields", "dialect", "line"),
    [
        (["a", "b"], Dialect(",", "\r\n"), "a,b\r\n"),
        (["a,b", "c;d"], Dialect(",", "\n"), '"a,b",c;d\n'),
        (["a,b", "c;d"], Dialect(";", "\n"), 'a,b;"c;d"\n'),
        (['say "hi"', ""], Dialect(",", "\n"), '"say ""hi""",\n'),
        (["two\nlines", "cr\ronly"], Dialect(",", "\r\n"), '"two\nlines","cr\ronly"\r\n'),
        ([" padded", "<script>"], Dialect(",", "\n"), '" padded",<script>\n'),
    ],
)
def test_format_row(fields: list[str], dialect: Dialect, line: str) -> None:
    assert format_row(fields, dialect) == line
    parsed = parse_csv(("h1" + dialect.delimiter + "h2\n" + line).encode(), "x.csv")
    assert parsed.rows[0].fields == tuple(fields)


# --- atomic write ------------------------------------------------------------------------------


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    path.write_bytes(b"old\n")
    path.chmod(0o640)
    _csvio.atomic_write(path, b"new\n", expected_state=_csvio.file_state(path))
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _temps(tmp_path) == []


def test_atomic_write_refuses_when_file_changed_since_read(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    path.write_bytes(b"old\n")
    state = _csvio.file_state(path)
    path.write_bytes(b"saved by a spreadsheet meanwhile\n")
    with pytest.raises(RecordsFileError, match=r"đã thay đổi trong lúc thêm các dòng .*; hãy thử lại"):
        _csvio.atomic_write(path, b"old\nnew\n", expected_state=state)
    assert path.read_bytes() == b"saved by a spreadsheet meanwhile\n"
    assert _temps(tmp_path) == []


def test_atomic_write_removes_temp_when_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "activities.csv"
    path.write_bytes(b"old\n")

    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_csvio, "_AFTER_PARTIAL_WRITE", interrupt)
    with pytest.raises(KeyboardInterrupt):
        _csvio.atomic_write(path, b"old\nnew\n", expected_state=_csvio.file_state(path))
    assert path.read_bytes() == b"old\n"
    assert _temps(tmp_path) == []


def test_stale_temps_are_removed_and_others_kept(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "activities.csv"
    stale = tmp_path / ".activities.csv.0123456789abcdef.tmp"
    stale.write_bytes(b"half a file")
    other = tmp_path / ".other.csv.0123456789abcdef.tmp"
    other.write_bytes(b"not ours")
    with caplog.at_level(logging.WARNING, logger="geo._csvio"):
        assert _csvio.remove_stale_temps(path) == [stale]
    assert not stale.exists()
    assert other.exists()
    assert "do một lần ghi bị ngắt để lại (tệp bản ghi vẫn nguyên vẹn)" in caplog.text


# --- locking -----------------------------------------------------------------------------------

HOLD_LOCK = """
import sys, time
from pathlib import Path
from geo import _csvio
with _csvio.locked(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def _dead_pid() -> int:
    with subprocess.Popen([sys.executable, "-c", "pass"]) as proc:
        proc.wait()
    return proc.pid


def test_lock_file_holds_pid_and_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    with _csvio.locked(path):
        assert _csvio.lock_path(path).read_text().strip() == str(os.getpid())
    assert not _csvio.lock_path(path).exists()


def test_live_lock_refuses_then_stale_lock_is_taken_over(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_csvio, "LOCK_WAIT", 0.5)  # an add waits this long for the holder
    path = tmp_path / "activities.csv"
    path.write_bytes(HEADER.encode() + b"\n")
    original = path.read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            with pytest.raises(
                RecordsFileError,
                match=rf"một lệnh thêm khác đã giữ .* trong 0 giây \(pid {holder.pid}\); không ghi gì",
            ):
                append_records(path, [_record(1)], today=date(2024, 1, 1))
            assert path.read_bytes() == original
        finally:
            holder.kill()
            holder.wait()
    assert _csvio.lock_path(path).exists()  # the killed holder could not clean up
    with caplog.at_level(logging.WARNING, logger="geo._csvio"):
        append_records(path, [_record(1)], today=date(2024, 1, 1))
    assert f"do pid {holder.pid} để lại" in caplog.text
    assert len(read_records(path)) == 1
    assert not _csvio.lock_path(path).exists()


def test_stale_lock_from_dead_pid_is_taken_over(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "activities.csv"
    pid = _dead_pid()
    _csvio.lock_path(path).write_text(f"{pid}\n")
    with caplog.at_level(logging.WARNING, logger="geo._csvio"):
        append_records(path, [_record(1)], today=date(2024, 1, 1))
    assert f"đã nhận lại khoá cũ {_csvio.lock_path(path)} do pid {pid} để lại" in caplog.text
    assert len(read_records(path)) == 1
    assert not _csvio.lock_path(path).exists()


def test_lock_is_released_after_a_refused_append(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    append_records(path, [_record(1)], today=date(2024, 1, 1))
    with pytest.raises(InvalidRecord, match="đã dùng ở dòng 2"):
        append_records(path, [_record(1)], today=date(2024, 1, 1))
    assert not _csvio.lock_path(path).exists()
    with _csvio.locked(path):  # would raise if the lock were still held
        pass


def test_nested_lock_in_one_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    with _csvio.locked(path), pytest.raises(RecordsFileError, match=rf"pid {os.getpid()}"):
        append_records(path, [_record(1)], today=date(2024, 1, 1))


# --- kills -------------------------------------------------------------------------------------

APPEND_CHILD = """
import os, sys, time
from datetime import date
from pathlib import Path
from geo import _csvio
from geo.records import Record
from geo.records_file import append_records

def stop_half_way():
    print("half", flush=True)
    time.sleep(60)

if os.environ.get("STOP_HALF_WAY"):
    _csvio._AFTER_PARTIAL_WRITE = stop_half_way
records = [
    Record(id=f"k-{i}", places=("xã Xuân Mai",), unit_ids=("u-1",), levels=("commune",),
           activity="làm đường " * 20, start=date(2017, 6, 1), value=i, unit="m")
    for i in range(int(sys.argv[2]))
]
print("start", flush=True)
append_records(Path(sys.argv[1]), records, today=date(2024, 1, 1))
print("done", flush=True)
"""


def _original_file(path: Path) -> bytes:
    append_records(path, [_record(i) for i in range(5)], today=date(2024, 1, 1))
    return path.read_bytes()


def test_kill_half_way_through_the_write_leaves_the_file_intact(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "activities.csv"
    original = _original_file(path)
    env = {**os.environ, "STOP_HALF_WAY": "1"}
    with subprocess.Popen(
        [sys.executable, "-c", APPEND_CHILD, str(path), "2000"], stdout=subprocess.PIPE, text=True, env=env
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "start"
            assert child.stdout.readline().strip() == "half"
            assert len(_temps(tmp_path)) == 1  # half of the new file is on disk, beside the original
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == original
    assert [row.values["id"] for row in read_records(path)] == [f"t-{i}" for i in range(5)]
    with caplog.at_level(logging.WARNING, logger="geo._csvio"):
        append_records(path, [_record(99)], today=date(2024, 1, 1))
    assert "do một lần ghi bị ngắt để lại (tệp bản ghi vẫn nguyên vẹn)" in caplog.text
    assert "đã nhận lại khoá cũ" in caplog.text
    assert _temps(tmp_path) == []
    assert path.read_bytes().startswith(original)
    assert len(read_records(path)) == 6


def test_kill_at_random_moments_leaves_old_or_complete_file(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    original = _original_file(path)
    rows = 20_000
    command = [sys.executable, "-c", APPEND_CHILD, str(path), str(rows)]
    began = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    duration = time.monotonic() - began
    complete = path.read_bytes()
    assert complete.startswith(original)
    for fraction in (0.3, 0.6, 0.8, 0.9, 0.95):
        path.write_bytes(original)
        with subprocess.Popen(command, stdout=subprocess.PIPE) as child:
            time.sleep(duration * fraction)
            child.kill()
            child.wait()
        assert path.read_bytes() in (original, complete)
        for leftover in _temps(tmp_path):
            leftover.unlink()  # a later append would remove it (tested above)
        _csvio.lock_path(path).unlink(missing_ok=True)
