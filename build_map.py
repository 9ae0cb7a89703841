"""The one entry point: ``python build_map.py [COMMAND] ...`` (see ``--help``).

Parses arguments, configures logging, calls ``geo`` and maps its errors to exit codes:
0 success, 1 a problem with the input or the data (a message, never a traceback), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from geo.errors import GeoError

log = logging.getLogger("build_map")
NO_DATE = "no date: give --date or a date line"
SAVED_NOT_BUILT = 3  # exit code of `add`: the row is in the records file, the map is not rebuilt


def _date_arg(text: str):
    from geo.gazetteer import parse_date

    try:
        return parse_date(text, what="date")
    except GeoError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def cmd_units(args: argparse.Namespace) -> int:
    from geo import export
    from geo._files import write_atomic
    from geo.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    prov, units = export.select_units(gazetteer, args.province, args.as_of, args.level)
    text = (
        export.to_geojson(gazetteer, units) if args.format == "geojson" else export.to_csv(gazetteer, units)
    )
    if args.output:
        write_atomic(args.output, text)
        print(f"{len(units)} units of {prov.type} {prov.name} on {args.as_of.isoformat()} → {args.output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _open_queries(path: str | None):
    """The ``--from-file`` stream, opened before any answer so that a wrong path costs nothing."""
    if path is None:
        return None
    if path == "-":  # bytes: each line is decoded on its own, so a bad one is named by its number
        return getattr(sys.stdin, "buffer", sys.stdin)
    from geo._files import cannot_read

    try:
        return open(path, "rb")  # closed by cmd_geocode
    except OSError as err:
        hint = "give a text file with one place per line"
        raise GeoError(cannot_read(f"--from-file {path!r}", err, hint)) from err


def _queries(args: argparse.Namespace, stream):
    """The queries in input order: those on the command line, then the stream's lines, as they come."""
    yield from args.queries
    if stream is None:
        return
    for number, raw in enumerate(stream, 1):
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


def _describe(result, gazetteer) -> str:
    if result.status == "resolved":
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


def cmd_geocode(args: argparse.Namespace) -> int:
    if not args.queries and args.from_file is None:
        print("Error: give at least one QUERY or --from-file FILE (or - for standard input)", file=sys.stderr)
        return 2
    stream = _open_queries(args.from_file)
    try:
        return _geocode(args, stream)
    finally:
        if stream is not None and stream is not sys.stdin:
            stream.close()


def _geocode(args: argparse.Namespace, stream) -> int:
    """Answer every query, in order, as it is read (see ``cmd_geocode``)."""
    import datetime as dt

    from geo.gazetteer import load_gazetteer
    from geo.geocode import Context, resolve

    gazetteer = load_gazetteer()
    as_of = args.as_of or dt.date.today()
    context = Context(province=gazetteer.province(args.province, as_of)) if args.province else Context()
    status = 0
    # Answers go out in blocks (one write each), or one by one from standard input, where someone
    # may be typing. JSON answers are written as the UTF-8 they are made in.
    block = 1 if args.from_file == "-" else 256
    lines: list[bytes] = []
    count = 0
    for count, query in enumerate(_queries(args, stream), 1):  # noqa: B007 - read after the loop
        result = resolve(query, gazetteer, as_of, context)
        lines.append(result.json_bytes(gazetteer) if args.json else _describe(result, gazetteer).encode())
        if result.status != "resolved":
            status = 1
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


def cmd_extract(args: argparse.Namespace) -> int:
    import json

    from geo.batch import collect
    from geo.gazetteer import load_gazetteer, unit_json
    from geo.pipeline import append_new, extract_text, read_text

    paths = collect(args.paths)
    batch = len(paths) != 1 or Path(args.paths[0]).is_dir() or args.jobs > 1 or args.dask
    if batch:
        return _extract_batch(args, paths)
    gazetteer = load_gazetteer()
    path = paths[0]
    from geo._article_text import article_text

    text = article_text(path.name, path.read_bytes()) if path.suffix.lower() != ".txt" else read_text(path)
    done = extract_text(text, path.name, gazetteer, date=args.date, province=args.province)
    reading = done.reading
    if args.json:
        payload = {
            "document": reading.document.to_json(),
            "mentions": [m.to_json(gazetteer) for m in reading.mentions],
            "figures": [f.to_dict() for f in reading.figures],
            "activities": [
                {**a.to_json(), "units": [unit_json(gazetteer, u) for u in a.units]} for a in done.activities
            ],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        _print_reading(done, gazetteer)
    for warning in reading.document.warnings:
        log.warning("Warning: %s", warning)
    from geo._messages import say

    if args.write and reading.document.date is None:
        log.error("Error: %s", say("extract.no_date", name=path.name, path=args.write))
        return 1
    if args.write:
        added, skipped = append_new(Path(args.write), done.records, gazetteer)
        log.info("%s", say("extract.appended", added=len(added), path=args.write, skipped=skipped))
    return 0


def _extract_batch(args: argparse.Namespace, paths: list[Path]) -> int:
    """Read many articles; with --write, append each one's records as it is read (in chunks)."""
    import contextlib
    import datetime as dt
    import functools

    from geo._streaming import StreamingAppend, scan_ids
    from geo.batch import Tally, read_batch
    from geo.gazetteer import load_gazetteer
    from geo.planner import place_checker

    target = Path(args.write) if args.write else None
    load = functools.cache(load_gazetteer)  # loaded only if some article is to be read
    tally = Tally()
    failed: list[tuple[str, str]] = []
    undated: list[str] = []
    read = records = 0
    with _digest_cache(target) as cache:
        sink = None
        if target is not None:
            known = scan_ids(target, known_digests=lambda found: cache.recorded(found.path, found.state))
            sink = StreamingAppend(known, today=dt.date.today())
        with sink if sink is not None else contextlib.nullcontext():
            outcomes = read_batch(
                paths,
                load,
                date=args.date,
                province=args.province,
                jobs=args.jobs,
                dask=args.dask,
                skip=sink.recorded if sink is not None else None,
                cache=cache,
                quiet=args.quiet,
                tally=tally,
            )
            for outcome in outcomes:
                if sink is not None and not outcome.error and sink.recorded(outcome.digest):
                    tally.skipped += 1  # the same text as another file of this batch
                    continue
                if sink is not None and outcome.records:
                    _record(sink, outcome, lambda: place_checker(load()))
                if outcome.error:
                    failed.append((outcome.name, outcome.error))
                else:
                    read += 1
                    records += len(outcome.records)
                    if outcome.undated:
                        undated.append(outcome.name)
                if args.json:
                    _print_outcome(outcome)
        if sink is not None:
            cache.remember(target, sink.known.state, sink.known.digests)
    return _batch_summary(target, read, records, tally.skipped, failed, undated)


def _digest_cache(target: Path | None):
    """The cache of article hashes (used only to skip the articles already in ``target``)."""
    import contextlib

    if target is None:
        return contextlib.nullcontext()
    from geo._article_text import digest_scheme
    from geo._digests import DigestCache
    from geo.gazetteer import cache_root

    return contextlib.closing(DigestCache(cache_root() / "article-digests.sqlite", digest_scheme()))


def _record(sink, outcome, checker) -> None:
    """Queue an article's records; records that would not validate make the article fail."""
    from geo.errors import InvalidRecord

    if sink.check_place is None:
        sink.check_place = checker()
    try:
        sink.add(outcome.digest, outcome.records)
    except InvalidRecord as err:
        lines = str(err).splitlines()
        outcome.error = "; ".join(line.strip() for line in lines[1:4]) if len(lines) > 1 else lines[0]
        outcome.records = []


def _print_outcome(outcome) -> None:
    import json

    status = "failed" if outcome.error else "no_date" if outcome.undated else "read"
    row = {
        "file": outcome.name,
        "status": status,
        "error": outcome.error or (NO_DATE if outcome.undated else None),
    }
    row |= {"mentions": outcome.mentions, "figures": outcome.figures, "records": len(outcome.records)}
    print(json.dumps(row, ensure_ascii=False), flush=True)


def _batch_summary(
    target: Path | None, read: int, records: int, skipped: int, failed: list, undated: list[str]
) -> int:
    summary = f"{read} article(s) read, {records} record(s)"
    if target is not None:
        summary += f" appended to {target}, {skipped} article(s) skipped (already there)"
    print(summary)
    if undated:
        print(f"{len(undated)} article(s) read but not recorded, {NO_DATE}:", file=sys.stderr)
        for name in undated:
            print(f"  {name}", file=sys.stderr)
    if failed:
        print(f"{len(failed)} file(s) failed, the others were read:", file=sys.stderr)
        for name, error in failed:
            print(f"  {name}: {error}", file=sys.stderr)
    return 1 if failed or undated else 0


def _print_reading(done, gazetteer) -> None:
    from geo._numbers import format_figure

    doc = done.reading.document
    province = doc.province.name if doc.province else "unknown"
    date = doc.date or f"none (places read as of {doc.as_of})"
    print(f"Date: {date} ({doc.date_source}); province: {province}")
    print("Places:")
    for m in done.reading.mentions:
        where = gazetteer.path(m.unit) if m.unit else m.result.message if m.result else "?"
        actor = f" (in the name of {m.organisation}: who acted, not where)" if m.role == "actor" else ""
        print(f"  [{m.start}:{m.end}] {m.text} → {where}{actor}")
    context = [f.text for f in done.reading.figures if f.role == "context"]
    if context:
        print("Context figures (not activities): " + "; ".join(context))
    print("Activities:")
    for a in done.activities:
        figures = ", ".join(
            format_figure(f.value, f.unit, f.qualifier, f.qualifier_word, f.multiplier_word)
            for f in a.figures
        )
        places = "; ".join(gazetteer.path(u) for u in a.units)
        shared = " (chung)" if a.shared else ""
        print(
            f"  - {a.phrase} | {figures or 'không có số liệu'} | {places}{shared} | {a.start} – {a.end or ''}"
        )


def cmd_validate(args: argparse.Namespace) -> int:
    import datetime as dt

    from geo.activities import read_records, validate
    from geo.gazetteer import load_gazetteer
    from geo.planner import place_checker

    path = Path(args.file)
    table = read_records(path)
    problems = validate(table, today=dt.date.today(), check_place=place_checker(load_gazetteer()))
    for problem in problems:
        print(f"{path}: {problem}")
    from geo._messages import say
    from geo.activities import oversized, record_of

    for row in table.rows:  # read and kept, but larger than a new row may be: said, not refused
        record = record_of(row)
        found = oversized(record) if record is not None else []
        if found:
            print(f"{path}: {say('add.oversized_note', line=row.line, found='; '.join(found))}")
    if problems:
        print(say("validate.problems", count=len(problems), rows=len(table), path=path), file=sys.stderr)
        return 1
    print(say("validate.ok", path=path, rows=len(table)))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from geo.activities import append_records
    from geo.gazetteer import load_gazetteer
    from geo.planner import Draft, check_draft, save_new

    if not args.no_build:  # a map that could not be written is refused before the row is added
        from geo._files import check_output

        check_output(Path(args.out), (Path(args.activities),))
    draft = Draft(
        places=tuple(args.place),
        activity=args.activity,
        start=args.start,
        end=args.end or "",
        value=args.value or "",
        unit=args.unit or "",
        qualifier=args.qualifier or "",
        actor=args.actor or "",
        kind=args.kind or "",
        source=args.source or "",
        note=args.description or "",
        province=args.province or "",
    )
    gazetteer = load_gazetteer()
    checked = check_draft(gazetteer, draft)
    if checked.problems:
        raise checked.first_problem()
    for said in checked.read_as.values():
        log.info("%s", said)
    path = Path(args.activities)
    if path.suffix.lower() in (".xlsx", ".xls", ".ods"):
        append_records(path, [])  # refuses spreadsheets with the advice to export as CSV
    units = checked.units
    stored = save_new(path, checked.record, units, gazetteer)
    from geo._messages import say

    print(say("add.done", path=path, line=stored.line))
    for column, text in stored.to_row().items():
        if text:
            print(f"  {column}: {text}")
    for unit in units:
        print(f"  → {gazetteer.path(unit)} [{unit.id}]")
    if args.no_build:
        return 0
    try:
        return cmd_build(argparse.Namespace(activities=str(path), out=args.out, as_of=None, cdn=False))
    except GeoError as err:
        log.error("%s", say("add.saved_not_built", path=path, line=stored.line, reason=err))
        return SAVED_NOT_BUILT


def cmd_build(args: argparse.Namespace) -> int:
    from geo.pipeline import write_activity_map

    out = Path(args.out) if args.out else None
    province = getattr(args, "province", None)
    written = write_activity_map(
        Path(args.activities), out, as_of=args.as_of, cdn=args.cdn, province=province
    )
    print(written)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from geo.workbench.server import serve

    return serve(
        Path(args.activities),
        Path(args.out),
        host=args.host,
        port=args.port,
        open_browser=not args.no_browser,
    )


def build_parser() -> argparse.ArgumentParser:
    from geo.pipeline import DEFAULT_MAP, DEFAULT_RECORDS

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="only errors and results")
    common.add_argument("-v", "--verbose", action="store_true", help="say more about what happens")
    parser = argparse.ArgumentParser(
        prog="build_map.py",
        description="Map the activities reported in Vietnamese local news onto the administrative units "
        "of their date. Without a command: build the map.",
        parents=[common],
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser(
        "build", parents=[common], help="build the HTML map from the activity records (default)"
    )
    build.add_argument(
        "--activities", default=str(DEFAULT_RECORDS), metavar="FILE", help="records (.csv or .xlsx)"
    )
    build.add_argument("--out", metavar="FILE", help=f"the HTML file to write (default {DEFAULT_MAP})")
    build.add_argument("--province", metavar="NAME|all", help="one province's records, or the whole country")
    build.add_argument(
        "--as-of",
        type=_date_arg,
        metavar="YYYY-MM-DD",
        help="which units to draw (default: the records' dates)",
    )
    build.add_argument("--cdn", action="store_true", help="link scripts from CDNs instead of inlining them")
    build.set_defaults(func=cmd_build)

    units = sub.add_parser("units", parents=[common], help="export the administrative units valid on a date")
    units.add_argument("--province", required=True, help='e.g. "Lạng Sơn" (diacritics optional)')
    units.add_argument("--as-of", required=True, type=_date_arg, metavar="YYYY-MM-DD")
    units.add_argument("--level", choices=("province", "district", "commune"), default="commune")
    units.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    units.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    units.set_defaults(func=cmd_units)

    geocode = sub.add_parser("geocode", parents=[common], help="resolve place text to administrative units")
    geocode.add_argument("queries", nargs="*", metavar="QUERY", help='e.g. "xã Xuân Mai, huyện Văn Quan"')
    geocode.add_argument("--from-file", metavar="FILE", help="one query per line; - for standard input")
    geocode.add_argument(
        "--as-of", type=_date_arg, metavar="YYYY-MM-DD", help="date of the text (default: today)"
    )
    geocode.add_argument("--province", help="the province the text is about")
    geocode.add_argument("--json", action="store_true", help="one JSON object per query (JSON Lines)")
    geocode.set_defaults(func=cmd_geocode)

    extract = sub.add_parser("extract", parents=[common], help="read articles: places, figures, activities")
    extract.add_argument(
        "paths", nargs="+", metavar="PATH", help="articles (.txt, .md, .html; UTF-8) or folders"
    )
    extract.add_argument("--date", type=_date_arg, metavar="YYYY-MM-DD", help="the date of its events")
    extract.add_argument("--province", help="the province it is about (default: from the text)")
    extract.add_argument("--json", action="store_true", help="print everything as JSON")
    extract.add_argument("--write", metavar="FILE", help="append the activities to this records file")
    extract.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="read N articles at a time (processes)"
    )
    extract.add_argument(
        "--dask", metavar="ADDRESS", help="run on a Dask scheduler (or 'local': 2 workers here)"
    )
    extract.set_defaults(func=cmd_extract)

    add = sub.add_parser("add", parents=[common], help="add an activity record and rebuild the map")
    add.add_argument(
        "--place",
        action="append",
        required=True,
        metavar="TEXT",
        help="repeat for a figure shared by several places",
    )
    add.add_argument("--activity", required=True, metavar="TEXT", help="what was done")
    add.add_argument("--start", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--end", metavar="YYYY-MM-DD")
    add.add_argument(
        "--value", metavar="NUMBER", help="Vietnamese style (1.445 = 1445, 2,5) or plain (1445, 2.5)"
    )
    add.add_argument("--unit", metavar="TEXT", help="e.g. ngày công")
    add.add_argument("--qualifier", choices=("exact", "approx", "at_least", "at_most", "vague"))
    add.add_argument("--actor", metavar="TEXT")
    add.add_argument("--kind", metavar="TEXT", help="category, e.g. dân vận")
    add.add_argument("--source", metavar="TEXT", help="title or URL")
    add.add_argument("--description", metavar="TEXT", help="a note")
    add.add_argument("--province", metavar="NAME", help="the province of the places")
    add.add_argument("--activities", default=str(DEFAULT_RECORDS), metavar="FILE")
    add.add_argument("--out", default=str(DEFAULT_MAP), metavar="FILE", help="the map to rebuild")
    add.add_argument("--no-build", action="store_true", help="do not rebuild the map")
    add.set_defaults(func=cmd_add)

    validate = sub.add_parser("validate", parents=[common], help="check every activity record")
    validate.add_argument("file", nargs="?", default=str(DEFAULT_RECORDS), metavar="FILE")
    validate.set_defaults(func=cmd_validate)

    serve = sub.add_parser("serve", parents=[common], help="the planner's workbench: a local web app")
    serve.add_argument("--activities", default=str(DEFAULT_RECORDS), metavar="FILE")
    serve.add_argument("--out", default=str(DEFAULT_MAP), metavar="FILE", help="the map it builds")
    serve.add_argument("--host", default="127.0.0.1", help="other than 127.0.0.1: an access token is printed")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    serve.set_defaults(func=cmd_serve)
    return parser


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from geo import __version__

        print(f"{parser.prog} {__version__}")
        parser.exit()


def _only_escapes(text: str) -> bool:
    """Whether every surrogate in ``text`` is one that stands for an undecodable byte."""
    return all(not ("\ud800" <= ch <= "\udfff") or "\udc80" <= ch <= "\udcff" for ch in text)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for number, arg in enumerate(argv, 1):
        if any("\udc80" <= ch <= "\udcff" or "\ud800" <= ch <= "\udfff" for ch in arg):
            shown = arg.encode("utf-8", "surrogateescape" if _only_escapes(arg) else "backslashreplace")
            print(
                f"Error: argument {number} is not valid UTF-8 ({shown!r}); type it again as UTF-8",
                file=sys.stderr,
            )
            return 2
    commands = {"build", "units", "geocode", "extract", "add", "validate", "serve"}
    if not any(a in commands for a in argv) and not {"-h", "--help", "--version"} & set(argv):
        argv = ["build", *argv]  # "python build_map.py [--quiet ...]" builds the map
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    # Our own messages at the chosen level; other libraries' (Dask's chatter) only when they warn.
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr, force=True)
    for name in ("geo", "build_map"):
        logging.getLogger(name).setLevel(level)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except GeoError as err:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted; nothing was left half-written.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output stopped early ("| head"): stop quietly, and keep Python from
        # complaining again when it flushes standard output on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
