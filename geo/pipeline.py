"""The outer layer: read files, run the pure steps, write files. The command line and the
workbench call these."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo._article_text import MAX_ARTICLE_BYTES
from geo._dates import opens_with_date
from geo._files import read_regular, write_atomic
from geo._mapdata import default_as_of
from geo._messages import error
from geo._vocabulary import NEWSPAPER_DATELINES
from geo.activities import Activity, build_activities
from geo.errors import GeoError, InvalidRecord, RecordsFileError
from geo.extract import Reading, dateline, read_article
from geo.gazetteer import Gazetteer
from geo.gazetteer_cache import load_gazetteer
from geo.planner import place_checker, records_from_activities
from geo.records import WITHDRAWN, Record, problem_lines, validate
from geo.records_file import append_records, read_records
from geo.render import render_map

if TYPE_CHECKING:
    from geo._mapdata import Scope

log = logging.getLogger(__name__)

NEWSPAPERS = {code: paper for code, (_province, paper) in NEWSPAPER_DATELINES.items()}


def read_text(path: str | Path) -> str:
    """A text file as UTF-8 (a BOM is dropped), with errors a person can act on."""
    path = Path(path)
    data = read_regular(
        path, str(path), "give a text file (an article is at most 2 MB)", limit=MAX_ARTICLE_BYTES
    )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        msg = f"{path} is not UTF-8 (byte {err.start}, line {line}); save it as UTF-8"
        raise GeoError(msg) from err


@dataclass
class Extraction:
    """One article read: the reading, its activities and the records made of them (none when not
    asked for)."""

    reading: Reading
    activities: list[Activity]
    records: list[Record]


def extract_text(
    text: str,
    name: str,
    gazetteer: Gazetteer,
    *,
    date: dt.date | None,
    province: str | None,
    records: bool = True,
    url: str | None = None,
) -> Extraction:
    """Read one article and turn it into records (pure apart from logging); with ``records=False``
    the records are not made (a reading that is only shown needs none); ``url``: where it was
    published, if known (its site may tell the province)."""
    with collections_put_off():
        reading = read_article(text, gazetteer, date=date, province=province, url=url)
        activities = build_activities(reading)
        made = (
            records_from_activities(gazetteer, reading, activities, source=source_label(text, name))
            if records
            else []
        )
    return Extraction(reading, activities, made)


@contextlib.contextmanager
def collections_put_off() -> Iterator[None]:
    """Python's cyclic garbage collector paused while an article is read (and, for a command
    that reads one article, while its reading is shown).

    Reading makes many small objects that live until the end (a token per word, a figure per
    number, an activity per figure) and next to no reference cycles, so each of the collector's
    passes finds nothing while going over all of them again: a third of the time of a long text.
    Whatever cycles are left are collected once the collector runs again, after the article.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def source_label(text: str, name: str) -> str:
    """``Báo Lạng Sơn: <title> (<file>)`` from the dateline and the first line after the date."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = ""
    for line in lines[:3]:
        if not opens_with_date(line):
            title = _short_title(line)
            break
    paper = NEWSPAPERS.get(dateline(text) or "", "")
    parts = [p for p in (paper, title) if p]
    return f"{': '.join(parts)} ({name})" if parts else name


_TITLE_MOST = 160


def _short_title(line: str) -> str:
    """A title line as it stands, or, for a text copied without its line ends (the whole article
    on one line), its first sentence or first words: every record of the text carries it."""
    if len(line) <= _TITLE_MOST:
        return line
    end = re.search(r"[.!?](?=\s)", line[:_TITLE_MOST])
    if end is not None and end.end() >= 20:
        return line[: end.end()]
    cut = line.rfind(" ", 0, _TITLE_MOST)
    return line[: cut if cut > 0 else _TITLE_MOST].rstrip(" ,;:") + "…"


def append_new(path: Path, records: list[Record], gazetteer: Gazetteer) -> tuple[list[Record], int]:
    """Append the records whose ids are not in the file yet (re-reading an article adds nothing
    twice); returns (added, skipped). Raises InvalidRecord when two of the new records share an id."""

    existing: set[str] = set()
    if path.exists():
        existing = {row.values.get("id", "") for row in read_records(path)}
    fresh = [r for r in records if r.id not in existing]
    if len({r.id for r in fresh}) != len(fresh):
        msg = "duplicate ids among the records to add"
        raise InvalidRecord(msg)
    added = append_records(path, fresh, check_place=place_checker(gazetteer)) if fresh else []
    return added, len(records) - len(fresh)


def load_records(path: Path) -> list[Record]:
    """The records of a CSV or XLSX file, refusing (with every problem listed) a file with bad rows."""

    if not path.exists():
        raise error(RecordsFileError, "build.missing", path=path)
    table = read_records(path)
    records: list[Record] = []
    problems = validate(table, today=dt.date.today(), parsed=records)  # each row is read once
    if problems:
        raise error(InvalidRecord, "build.problems", path=path, listed=problem_lines(problems))
    return [record for record in records if not record.note.startswith(WITHDRAWN)]


def write_activity_map(
    records_path: Path, out: Path, *, as_of: dt.date | None, cdn: bool, province: str | None = None
) -> Path:
    """Read the records, render the map, write it atomically to ``out``; returns the path written.

    ``province``: a province's name (its records only) or ``"all"`` (the whole country).
    """
    records = load_records(records_path)
    gazetteer = load_gazetteer()
    scope: Scope = None
    if province == "all":
        scope = "all"
    elif province:
        day = as_of or default_as_of(records, gazetteer)
        one = gazetteer.province(province, day)
        if not one.valid_at(day):
            msg = f"{one.type} {one.name} did not exist on {day.isoformat()} (valid {one.period()}); give --as-of"
            raise GeoError(msg)
        scope = one
    html = render_map(records, gazetteer, as_of=as_of, cdn=cdn, scope=scope)
    return write_atomic(out, html, inputs=(records_path,))
