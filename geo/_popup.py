"""The Vietnamese texts of the activity map: dates, periods, figures, "today" lines, planner lines.

Pure functions of a record or a unit (and the gazetteer). They return plain text; escaping for
HTML happens where the text is put into HTML (``html.escape`` in Python, ``esc()`` in the page).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from geo._numbers import format_figure, format_number
from geo.gazetteer import REFORM_2025

if TYPE_CHECKING:
    from geo.gazetteer import Gazetteer, Unit
    from geo.records import Record

log = logging.getLogger(__name__)

#: A quote on the map is at most this many characters (the records file keeps the whole sentence).
QUOTE_CHARS = 140
#: The command a planner copies from a commune's popup; ``{place}`` and ``{start}`` are filled in.
PLANNER_COMMAND = 'python build_map.py add --place "{place}" --start {start} --activity "..."'


def vi_date(day: dt.date | str) -> str:
    """Vietnamese date style: ``2017-03-31`` → ``"31/03/2017"``."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return day.strftime("%d/%m/%Y")


def record_period(record: Record) -> str:
    """``"01/01/2017 – 31/03/2017"``, or the one date when the activity has no (other) end."""
    if record.end is None or record.end == record.start:
        return vi_date(record.start)
    return f"{vi_date(record.start)} – {vi_date(record.end)}"


def unit_period(unit: Unit) -> str:
    """When the unit existed with these borders: ``"trước 2008 – khoảng 31/12/2019"``."""
    if unit.valid_from is None:
        start = "trước 2008"
    else:
        start = ("khoảng " if unit.from_bounded else "") + vi_date(unit.valid_from)
    end = "nay" if unit.valid_to is None else ("khoảng " if unit.to_bounded else "") + vi_date(unit.valid_to)
    return f"{start} – {end}"


def figure_text(record: Record) -> str:
    """The record's figure as a reader expects it (``"1.445 ngày công"``), or ``""`` without value.

    Records do not store the qualifier word of the text, so the default words are used
    (approx → "khoảng", at_least → "hơn", at_most → "dưới", vague → "hàng ...").
    """
    if record.value is None:
        return ""
    qualifier = record.qualifier or "exact"
    try:
        return format_figure(record.value, record.unit, qualifier)
    except ValueError as err:
        # A "vague" value that is not a round magnitude (hàng trăm, hàng nghìn...) has no
        # spelling of its own; show the number as an estimate rather than fail the whole map.
        log.warning("record %s: %s; showing it as an approximate figure", record.id, err)
        return format_figure(record.value, record.unit, "approx")


def short_quote(record: Record, limit: int = QUOTE_CHARS) -> str:
    """The record's quote cut to about ``limit`` characters around its figure, at word breaks.

    ``"… đóng góp 1.445 ngày công xây dựng …"``: an ellipsis marks each cut. A quote that fits is
    returned as it is; without a figure in it, its beginning is kept.
    """
    quote = " ".join(record.quote.split())
    if len(quote) <= limit:
        return quote
    at = quote.find(format_number(record.value)) if record.value is not None else -1
    start = max(0, min(at - limit // 3, len(quote) - limit)) if at >= 0 else 0
    end = start + limit
    if start > 0:
        space = quote.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    if end < len(quote):
        space = quote.rfind(" ", start, end)
        end = space if space > end - 20 else end
    return ("… " if start > 0 else "") + quote[start:end].strip(" ,;:") + (" …" if end < len(quote) else "")


def short_name(gazetteer: Gazetteer, unit: Unit) -> str:
    """A unit and its nearest parent: ``"Xã Mai Pha, thành phố Lạng Sơn"`` (for "Chung với ...")."""
    parents = gazetteer.parents(unit)
    if not parents:
        return unit.label
    return f"{unit.label}, {parents[0].type} {parents[0].name}"


def today_text(gazetteer: Gazetteer, unit: Unit) -> str:
    """What the unit is part of today: ``"Nay thuộc Xã Yên Phúc (100%)"``, several with their shares."""
    if unit.valid_to is None:
        since = f" (từ {vi_date(unit.valid_from)})" if unit.valid_from else ""
        return f"Đơn vị hiện hành{since}"
    if unit.level == "district":
        if unit.valid_to >= (REFORM_2025 - dt.timedelta(days=1)).isoformat():
            return f"Cấp huyện không còn từ {vi_date(REFORM_2025)}"
        return f"Không còn sau {vi_date(unit.valid_to)}"
    successors = gazetteer.current(unit)
    if not successors:
        return "Chưa rõ thuộc đơn vị nào hiện nay"
    parts = []
    for c in successors:
        label = f"{c['type'][:1].upper()}{c['type'][1:]} {c['name']}"
        if c["province"] != unit.province:
            province = gazetteer.province_of(gazetteer.units[c["id"]])
            label += f", {province.type} {province.name}"
        share = c["share"] * 100
        parts.append(f"{label} ({round(share)}%)" if share >= 1 else f"{label} (<1%)")
    return "Nay thuộc " + ", ".join(parts)


def planner_start(unit: Unit, first: dt.date, last: dt.date, as_of: dt.date) -> dt.date:
    """A ``--start`` date for the planner line: in the records' date range when the unit existed then.

    Tries the map's date, the earliest record date and the latest record date; when the unit
    existed at none of them, the nearest day of its own period.
    """
    for day in (as_of, first, last):
        if unit.valid_at(day):
            return day
    if unit.valid_from and first.isoformat() < unit.valid_from:
        return dt.date.fromisoformat(unit.valid_from)
    if unit.valid_to:
        return dt.date.fromisoformat(unit.valid_to)
    return first


def planner_line(place: str, start: dt.date) -> str:
    """The ready-to-copy ``build_map.py add`` command for a place (shell-quoted)."""
    return PLANNER_COMMAND.format(place=shell_quoted(place), start=start.isoformat())


def shell_quoted(text: str) -> str:
    """Text safe inside double quotes in a POSIX shell."""
    for ch in ("\\", '"', "$", "`"):
        text = text.replace(ch, "\\" + ch)
    return text
