"""Correct or withdraw a row of a records file, and keep every change in a history file.

A row is changed in place: under the records file's lock the file is read again, the row must
still be what the planner saw (else nothing is written and they are asked to reload), its bytes
are replaced by the new row in the file's dialect, and the whole file is replaced atomically (as
``add`` does). Nothing is ever deleted: a withdrawn row stays, its note starting with
:data:`geo.records.WITHDRAWN`, and the map leaves it out. Each change (and each row added from
the workbench) is appended to ``<records>.history.jsonl`` with the row before and after.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from geo import _csvio
from geo._messages import error, say
from geo.errors import InvalidRecord, RecordsFileError
from geo.records import WITHDRAWN, PlaceCheck, Record, problem_listing, record_of, validate
from geo.records_file import header_columns, table_from_raw

MAX_REASON = 500  # characters of a withdrawal's reason


def history_path(records: Path) -> Path:
    """``data/activities.csv`` → ``data/activities.csv.history.jsonl``."""
    return records.with_name(records.name + ".history.jsonl")


def log_change(
    records: Path, action: str, line: int | None, before: dict[str, str] | None, after: dict[str, str] | None
) -> None:
    """Append one change to the history file (read, extended and replaced atomically, under its lock)."""
    entry = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "action": action,
        "file": records.name,
        "line": line,
        "id": (after or before or {}).get("id", ""),
        "before": before,
        "after": after,
    }
    text = json.dumps(entry, ensure_ascii=False) + "\n"
    target = Path(os.path.realpath(history_path(records)))
    with _csvio.locked(target):
        state = _csvio.file_state(target)
        old = _csvio.read_bytes(target) or b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        _csvio.atomic_write(target, old + text.encode("utf-8"), expected_state=state)


def read_history(records: Path) -> list[dict[str, Any]]:
    """Every change, newest first (a line that is not JSON is shown as such, never dropped)."""
    data = _csvio.read_bytes(history_path(records)) or b""
    entries = []
    for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            entries.append({"action": "unreadable", "line": number, "text": line[:200]})
    return entries[::-1]


def withdrawn_note(note: str, reason: str, day: dt.date) -> str:
    """``[đã rút 2026-03-02: trùng với dòng 5] <the note as it was>``."""
    reason = " ".join(reason.split())[:MAX_REASON]
    mark = f"{WITHDRAWN} {day.isoformat()}: {reason}]" if reason else f"{WITHDRAWN} {day.isoformat()}]"
    return f"{mark} {note}".strip()


def replace_row(
    path: Path,
    line: int,
    seen: dict[str, str],
    record: Record,
    *,
    action: str,
    check_place: PlaceCheck | None = None,
) -> Record:
    """Replace the row starting at ``line`` (which must still hold ``seen``) with ``record``.

    Raises InvalidRecord when the new row has problems or the row changed since it was shown,
    RecordsFileError for a spreadsheet or a file another program holds.
    """
    path = Path(path)
    if path.suffix.lower() in (*_csvio.SPREADSHEET_SUFFIXES, ".xls", ".ods"):
        raise error(RecordsFileError, "edit.spreadsheet", path=path)
    problems = validate(
        [dataclasses.replace(record, line=None)], today=dt.date.today(), check_place=check_place
    )
    if problems:
        refused = InvalidRecord(problem_listing(say("edit.problems", path=path).message, problems))
        refused.code = "edit.problems"
        raise refused
    target = Path(os.path.realpath(path))
    with _csvio.locked(target):
        _csvio.refuse_if_open_in_spreadsheet(target)
        state = _csvio.file_state(target)
        data = _csvio.read_bytes(target) or b""
        raw = _csvio.parse_csv(data, str(path))
        table = table_from_raw(path, raw)
        row = next((r for r in table.rows if r.line == line), None)
        if row is None or row.values != seen or row.raw is None or row.offset is None:
            raise error(InvalidRecord, "edit.changed", line=line, path=path)
        others = {r.values["id"].strip() for r in table.rows if r.line != line}
        if record.id in others:
            raise error(InvalidRecord, "edit.id_taken", record=record.id, path=path)
        after = record.to_row()
        header = header_columns(path, raw.header)
        formatted = _csvio.format_row(
            [after[c] if c else "" for c in header], raw.dialect or _csvio.DEFAULT_DIALECT
        )
        if not row.raw.endswith((b"\n", b"\r")):
            formatted = formatted.rstrip("\r\n")
        new = data[: row.offset] + formatted.encode("utf-8") + data[row.offset + len(row.raw) :]
        _csvio.atomic_write(target, new, expected_state=state)
    log_change(path, action, line, seen, after)
    return dataclasses.replace(record, line=line)


def withdraw_row(path: Path, line: int, seen: dict[str, str], reason: str) -> Record:
    """Mark a row withdrawn (kept in the file, left off the map) and log it."""
    from geo.records import Row

    record = record_of(Row(line, seen))
    if record is None:
        raise error(InvalidRecord, "edit.unreadable", line=line)
    if record.note.startswith(WITHDRAWN):
        raise error(InvalidRecord, "edit.already_withdrawn", line=line)
    marked = dataclasses.replace(record, note=withdrawn_note(record.note, reason, dt.date.today()))
    return replace_row(path, line, seen, marked, action="withdraw")
