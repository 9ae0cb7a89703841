"""Records proposed from an article, and rows previewed from a spreadsheet, before anything is written.

Both are pure over (bytes or text, gazetteer, the records file as it is now): the web layer shows
what they return and appends only what the planner accepts, through the same locked, atomic
append as ``add`` and ``extract --write``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from geo import _csvio
from geo._article_text import MAX_ARTICLE_BYTES, article_text
from geo._messages import DATE_SOURCES, error, say
from geo._numbers import format_number
from geo.errors import GeoError, InvalidRecord
from geo.gazetteer import Gazetteer, parse_date
from geo.planner import Draft, check_draft, new_record_id, place_checker, resolve_for_record
from geo.records import PLACE_SEPARATOR, Record, RecordsTable, Row, record_of, validate
from geo.records_file import read_records, table_from_raw

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
SHEET_SUFFIXES = (".csv", ".xlsx")
EDITABLE = ("place", "activity", "kind", "actor", "value", "unit", "qualifier", "start", "end", "note")


def article_from_upload(name: str, raw: bytes) -> str:
    """The article text of an uploaded ``.txt``/``.html`` file (the reader's own HTML-to-text)."""
    suffix = Path(name).suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise error(GeoError, "import.not_article", name=name)
    try:
        return article_text(name, raw)
    except GeoError as err:
        cause = err.__cause__
        if isinstance(cause, UnicodeDecodeError):
            line = raw[: cause.start].count(b"\n") + 1
            raise error(
                GeoError, "import.article_not_utf8", name=name, offset=cause.start, line=line
            ) from err
        raise error(GeoError, "import.article_binary", name=name) from err


def propose(
    text: str,
    name: str,
    gazetteer: Gazetteer,
    *,
    date: dt.date | None,
    province: str | None,
    url: str | None = None,
) -> dict[str, Any]:
    """What the reader makes of an article: its date and places, and one proposed record per figure."""
    from geo.pipeline import extract_text

    if not text.strip():
        raise error(GeoError, "import.article_empty")
    size = len(text.encode("utf-8"))
    if size > MAX_ARTICLE_BYTES:  # as the command line: an article is at most 2 MB
        raise error(GeoError, "import.article_too_big", name=name, size=size, most=MAX_ARTICLE_BYTES)
    done = extract_text(text, name, gazetteer, date=date, province=province, url=url)
    document = done.reading.document
    proposals = []
    # As extract --write: an article without a date records nothing until its date is given.
    for record in done.records if document.date is not None else []:
        row = record.to_row()
        shown = dict(row)
        shown["value"] = "" if record.value is None else format_number(record.value)
        proposals.append({"row": row, "fields": {k: shown[k] for k in EDITABLE}})
    return {
        "date": document.date.isoformat() if document.date else None,
        "date_source": DATE_SOURCES.get(document.date_source, document.date_source),
        "province": document.province.name if document.province else None,
        "warnings": _article_notes(document, done.reading.mentions),
        "places": [gazetteer.path(m.unit) for m in done.reading.mentions if m.unit and m.role == "place"],
        "proposals": proposals,
    }


def _article_notes(document: Any, mentions: list[Any]) -> list[str]:
    """What the planner should know about the reading, in Vietnamese (the reader's warnings, said again)."""
    notes = []
    header, used = document.header_date, document.date
    if header is not None and used is not None and header != used and document.years:
        years = ", ".join(map(str, document.years))  # years are not grouped as thousands
        notes.append(str(say("article.date_disagrees", header=header, used=used, years=years)))
    if used is None and document.as_of is not None:
        notes.append(str(say("article.no_date", as_of=document.as_of)))
    for mention in mentions:
        result = mention.result
        if result is not None and result.status in ("not_found", "ambiguous"):
            notes.append(
                say(f"article.place_{result.status}", text=mention.text, start=mention.start).message
            )
    return notes


FORM_FIELDS = (
    "place",
    "activity",
    "kind",
    "actor",
    "value",
    "unit",
    "qualifier",
    "start",
    "end",
    "source",
    "note",
)


def draft_of(fields: dict[str, Any]) -> Draft:
    """The form's fields as a Draft (places one per line or separated by " | ")."""
    text = {name: str(fields.get(name) or "") for name in FORM_FIELDS}
    places = tuple(p for line in text["place"].splitlines() for p in line.split(PLACE_SEPARATOR.strip()))
    return Draft(
        places=places,
        activity=text["activity"],
        start=text["start"],
        end=text["end"],
        value=text["value"],
        unit=text["unit"],
        qualifier=text["qualifier"],
        actor=text["actor"],
        kind=text["kind"],
        source=text["source"],
        note=text["note"],
        province=str(fields.get("province") or ""),
    )


def accepted_record(
    gazetteer: Gazetteer, row: dict[str, str], fields: dict[str, str]
) -> tuple[Record | None, dict[str, str]]:
    """A proposal as the planner left it: its fields read as the form's, its id, quote and source kept.

    Returns (record, problems by field); the record is None when a field is wrong.
    """
    checked = check_draft(gazetteer, draft_of({**fields, "source": row.get("source", "")}), flag="")
    if checked.record is None:
        return None, checked.problems
    source_date = row.get("source_date") or None
    record = dataclasses.replace(
        checked.record,
        id=row.get("id", ""),
        quote=row.get("quote", ""),
        source_date=dt.date.fromisoformat(source_date) if source_date else None,
        shared_group=row.get("shared_group", ""),
    )
    return record, {}


def preview_sheet(name: str, raw: bytes, gazetteer: Gazetteer, records_path: Path) -> dict[str, Any]:
    """Every row of an uploaded ``.xlsx``/``.csv`` with its problems; the good ones can be appended."""
    table = _read_upload(name, raw)
    taken = _ids_in(records_path)
    used = taken | {row.values.get("id", "").strip() for row in table.rows}  # ids a new one may not take
    filled: list[Row] = []
    by_line: dict[int | None, list[str]] = {}
    for row in table.rows:
        values, said = _with_units(gazetteer, row.values, used)
        filled.append(Row(row.line, values, problems=row.problems))
        if said:
            by_line[row.line] = [said]
    problems = validate(filled, today=dt.date.today(), check_place=place_checker(gazetteer))
    for problem in problems:
        by_line.setdefault(problem.line, []).append(f"{problem.field}: {problem.message}; {problem.fix}")
    rows = []
    for row in filled:
        found = list(by_line.get(row.line, []))
        rid = row.values.get("id", "").strip()
        if rid in taken:
            found.append(str(say("import.id_in_file", record=rid)))
        rows.append({"line": row.line, "values": row.values, "problems": found})
    return {"name": Path(name).name, "rows": rows, "good": sum(1 for r in rows if not r["problems"])}


def _with_units(gazetteer: Gazetteer, values: dict[str, str], taken: set[str]) -> tuple[dict[str, str], str]:
    """A sheet row written as a planner would (place and start, no unit ids) with its units and an id.

    Returns the values (filled when the places resolve at the start date) and the problem, if any.
    """
    if values.get("unit_ids", "").strip() or not values.get("place", "").strip():
        return values, ""
    try:
        start = parse_date(values.get("start", ""), what="start")
    except GeoError:
        return values, ""  # said by validate, in its words
    places = [p.strip() for p in values["place"].split(PLACE_SEPARATOR.strip()) if p.strip()]
    try:
        units = [resolve_for_record(gazetteer, place, start, flag="")[0] for place in places]
    except GeoError as err:
        return values, f"place: {err}"
    filled = dict(values)
    filled["unit_ids"] = PLACE_SEPARATOR.join(u.id for u in units)
    filled["level"] = PLACE_SEPARATOR.join(u.level for u in units)
    if not filled.get("id", "").strip():
        filled["id"] = new_record_id(units, start, taken)
        taken.add(filled["id"])
    return filled, ""


def good_records(preview: dict[str, Any]) -> list[Record]:
    """The records of the previewed rows without problems."""
    out = []
    for row in preview["rows"]:
        if not row["problems"]:
            record = record_of(Row(row["line"], row["values"]))
            if record is not None:
                out.append(record)
    return out


def _read_upload(name: str, raw: bytes) -> RecordsTable:
    suffix = Path(name).suffix.lower()
    if suffix not in SHEET_SUFFIXES:
        raise error(GeoError, "import.not_sheet", name=name)
    shown = Path(Path(name).name)
    if suffix == ".csv":
        return table_from_raw(shown, _csvio.parse_csv(raw, shown.name))
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "upload.xlsx"
        copy.write_bytes(raw)
        try:
            sheet = _csvio.read_xlsx(copy)
        except GeoError as err:
            msg = str(err).replace(str(copy), shown.name)
            raise InvalidRecord(msg) from err
    return table_from_raw(shown, sheet)


def _ids_in(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {row.values.get("id", "").strip() for row in read_records(path)}
