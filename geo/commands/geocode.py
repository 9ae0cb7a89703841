"""``geocode``: resolve place text to the administrative units of a date, one answer per query."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO, TypeAlias

from geo._answers import Result
from geo._files import cannot_read
from geo.cli import FAILED, OK, USAGE
from geo.errors import GeoError
from geo.gazetteer import Gazetteer
from geo.gazetteer_cache import load_gazetteer
from geo.geocode import Context, resolve

log = logging.getLogger(__name__)
_Stream: TypeAlias = BinaryIO | TextIO  # the lines of --from-file: bytes, or text from a text-only stdin


def run(args: argparse.Namespace) -> int:
    if not args.queries and args.from_file is None:
        print("Error: give at least one QUERY or --from-file FILE (or - for standard input)", file=sys.stderr)
        return USAGE
    stream = _open_queries(args.from_file)
    try:
        return _geocode(args, stream)
    finally:
        if stream is not None and stream is not sys.stdin:
            stream.close()


def _open_queries(path: str | None) -> _Stream | None:
    """The ``--from-file`` stream, opened before any answer so that a wrong path costs nothing."""
    if path is None:
        return None
    if path == "-":  # bytes: each line is decoded on its own, so a bad one is named by its number
        stdin: _Stream = getattr(sys.stdin, "buffer", sys.stdin)  # text only in some embeddings
        return stdin
    try:
        return open(path, "rb")  # closed by run()
    except OSError as err:
        hint = "give a text file with one place per line"
        raise GeoError(cannot_read(f"--from-file {path!r}", err, hint)) from err


def _queries(args: argparse.Namespace, stream: _Stream | None) -> Iterator[str]:
    """The queries in input order: those on the command line, then the stream's lines, as they come."""
    yield from args.queries
    if stream is None:
        return
    lines: Iterable[bytes | str] = stream
    for number, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as err:
            msg = (
                f"--from-file {args.from_file!r} is not UTF-8 (line {number}: {raw[:40]!r}); save it as UTF-8"
            )
            raise GeoError(msg) from err
        query = line.strip()
        if query:
            yield query


def _describe(result: Result, gazetteer: Gazetteer) -> str:
    if result.status == "resolved" and result.unit is not None:
        unit = result.unit
        today = ", ".join(
            f"{c['type']} {c['name']} {round(c['share'] * 100)}%" for c in gazetteer.current(unit)
        )
        extra = f"; today: {today}" if today and unit.valid_to else ""
        return (
            f"{result.query} → {result.message}\n    id {unit.id}, code {unit.code or '-'}, "
            f"valid {unit.period()}{extra}; confidence {result.confidence:.2f}"
        )
    lines = [f"{result.query} → {result.status.replace('_', ' ')}: {result.message}"]
    if result.status == "ambiguous":
        tied = [c for c in result.candidates if c.reason.endswith("tied")]
        lines += [f"    - {gazetteer.path(c.unit)}  [{c.unit.id}]" for c in tied]
    return "\n".join(lines)


def _geocode(args: argparse.Namespace, stream: _Stream | None) -> int:
    """Answer every query, in order, as it is read (see :func:`run`)."""
    gazetteer = load_gazetteer()
    as_of = args.as_of or dt.date.today()
    context = Context(province=gazetteer.province(args.province, as_of)) if args.province else Context()
    status = OK
    # Answers go out in blocks (one write each), or one by one from standard input, where someone
    # may be typing. JSON answers are written as the UTF-8 they are made in.
    block = 1 if args.from_file == "-" else 256
    lines: list[bytes] = []
    count = 0
    for count, query in enumerate(_queries(args, stream), 1):  # noqa: B007 - read after the loop
        result = resolve(query, gazetteer, as_of, context)
        lines.append(result.json_bytes(gazetteer) if args.json else _describe(result, gazetteer).encode())
        if result.status != "resolved":
            status = FAILED
        if len(lines) >= block:
            _write_lines(lines)
    _write_lines(lines)
    if count == 0:
        source = "standard input" if args.from_file == "-" else args.from_file
        log.warning("Warning: %s holds no place to geocode (write one per line)", source)
    return status


def _write_lines(lines: list[bytes]) -> None:
    """Write UTF-8 lines to standard output, through its byte stream when it has one."""
    if not lines:
        return
    data = b"\n".join(lines) + b"\n"
    lines.clear()
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (as in some embeddings)
        sys.stdout.write(data.decode())
    else:
        out.write(data)
        out.flush()
