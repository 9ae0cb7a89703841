"""``extract``: read articles (places, figures, activities); one in detail, or many as a batch."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import logging
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo._article_text import article_text, digest_scheme, page_address
from geo._digests import DigestCache
from geo._messages import say
from geo._numbers import format_figure
from geo._streaming import StreamingAppend, scan_ids
from geo.batch import Outcome, Tally, collect, read_batch
from geo.cli import FAILED, OK, USAGE
from geo.errors import InvalidRecord
from geo.gazetteer import Gazetteer, unit_json
from geo.gazetteer_cache import cache_root, load_gazetteer
from geo.pipeline import Extraction, append_new, collections_put_off, extract_text, read_text
from geo.planner import place_checker
from geo.records import PlaceCheck

log = logging.getLogger(__name__)
NO_DATE = "no date: give --date or a date line"


def run(args: argparse.Namespace) -> int:
    paths = collect(args.paths)
    batch = len(paths) != 1 or Path(args.paths[0]).is_dir() or args.jobs > 1 or args.dask
    if batch and args.url:
        log.error("Error: %s", say("extract.url_one", count=len(paths)))
        return USAGE
    if batch:
        return _extract_batch(args, paths)
    gazetteer = load_gazetteer()
    path = paths[0]
    raw = path.read_bytes() if path.suffix.lower() != ".txt" else None
    text = article_text(path.name, raw) if raw is not None else read_text(path)
    # The collector paused until the reading is shown: a long text's reading is millions of
    # objects that it would otherwise go over again, in vain, while the lines are made.
    with collections_put_off():
        done = extract_text(
            text,
            path.name,
            gazetteer,
            date=args.date,
            province=args.province,
            records=bool(args.write),
            url=args.url or (page_address(path.name, raw) if raw is not None else None),
        )  # the records are only written, never shown
        if args.json:
            print(json.dumps(_payload(done, gazetteer), ensure_ascii=False, indent=1))
        else:
            _print_reading(done, gazetteer)
    reading = done.reading
    for warning in reading.document.warnings:
        log.warning("Warning: %s", warning)
    if args.write and reading.document.date is None:
        log.error("Error: %s", say("extract.no_date", name=path.name, path=args.write))
        return FAILED
    if args.write:
        added, skipped = append_new(Path(args.write), done.records, gazetteer)
        log.info("%s", say("extract.appended", added=len(added), path=args.write, skipped=skipped))
    return OK


def _payload(done: Extraction, gazetteer: Gazetteer) -> dict[str, Any]:
    """``extract --json`` of one article."""
    reading = done.reading
    return {
        "document": reading.document.to_json(),
        "mentions": [m.to_json(gazetteer) for m in reading.mentions],
        "figures": [f.to_dict() for f in reading.figures],
        "activities": [
            {**a.to_json(), "units": [unit_json(gazetteer, u) for u in a.units]} for a in done.activities
        ],
    }


def _print_reading(done: Extraction, gazetteer: Gazetteer) -> None:
    doc = done.reading.document
    province = doc.province.name if doc.province else "unknown"
    date = doc.date or f"none (places read as of {doc.as_of})"
    # Printed at once: a long text has tens of thousands of lines (one write, not one per line).
    lines = [f"Date: {date} ({doc.date_source}); province: {province}", "Places:"]
    for m in done.reading.mentions:
        where = gazetteer.path(m.unit) if m.unit else m.result.message if m.result else "?"
        actor = f" (in the name of {m.organisation}: who acted, not where)" if m.role == "actor" else ""
        former = " (what the place used to be: not where)" if m.role == "former" else ""
        lines.append(f"  [{m.start}:{m.end}] {m.text} → {where}{actor}{former}")
    context = [f.text for f in done.reading.figures if f.role == "context"]
    if context:
        lines.append("Context figures (not activities): " + "; ".join(context))
    lines.append("Activities:")
    for a in done.activities:
        figures = ", ".join(
            format_figure(f.value, f.unit, f.qualifier, f.qualifier_word, f.multiplier_word)
            for f in a.figures
        )
        places = "; ".join(gazetteer.path(u) for u in a.units)
        shared = " (chung)" if a.shared else ""
        lines.append(
            f"  - {a.phrase} | {figures or 'không có số liệu'} | {places}{shared} | {a.start} – {a.end or ''}"
        )
    print("\n".join(lines))


@dataclass
class _Batch:
    """What a batch read: counts, the files that failed (and why), those read without a date."""

    read: int = 0
    records: int = 0
    tally: Tally = field(default_factory=Tally)
    failed: list[tuple[str, str]] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        if outcome.error:
            self.failed.append((outcome.name, outcome.error))
            return
        self.read += 1
        self.records += len(outcome.records)
        if outcome.undated:
            self.undated.append(outcome.name)


def _extract_batch(args: argparse.Namespace, paths: list[Path]) -> int:
    """Read many articles; with --write, append each one's records as it is read (in chunks)."""
    target = Path(args.write) if args.write else None
    load = functools.cache(load_gazetteer)  # loaded only if some article is to be read
    batch = _Batch()
    with _digest_cache(target) as cache:
        sink = None
        if target is not None and cache is not None:
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
                tally=batch.tally,
            )
            for outcome in outcomes:
                if sink is not None and not outcome.error and sink.recorded(outcome.digest):
                    batch.tally.skipped += 1  # the same text as another file of this batch
                    continue
                if sink is not None and outcome.records:
                    _record(sink, outcome, lambda: place_checker(load()))
                batch.count(outcome)
                if args.json:
                    _print_outcome(outcome)
        if sink is not None and target is not None and cache is not None:
            cache.remember(target, sink.known.state, sink.known.digests)
    return _batch_summary(target, batch)


def _digest_cache(target: Path | None) -> AbstractContextManager[DigestCache | None]:
    """The cache of article hashes (used only to skip the articles already in ``target``)."""
    if target is None:
        return contextlib.nullcontext()
    return contextlib.closing(DigestCache(cache_root() / "article-digests.sqlite", digest_scheme()))


def _record(sink: StreamingAppend, outcome: Outcome, checker: Callable[[], PlaceCheck]) -> None:
    """Queue an article's records; records that would not validate make the article fail."""
    if sink.check_place is None:
        sink.check_place = checker()
    try:
        sink.add(outcome.digest, outcome.records)
    except InvalidRecord as err:
        lines = str(err).splitlines()
        outcome.error = "; ".join(line.strip() for line in lines[1:4]) if len(lines) > 1 else lines[0]
        outcome.records = []


def _print_outcome(outcome: Outcome) -> None:
    status = "failed" if outcome.error else "no_date" if outcome.undated else "read"
    row: dict[str, str | int | None] = {
        "file": outcome.name,
        "status": status,
        "error": outcome.error or (NO_DATE if outcome.undated else None),
    }
    row |= {"mentions": outcome.mentions, "figures": outcome.figures, "records": len(outcome.records)}
    print(json.dumps(row, ensure_ascii=False), flush=True)


def _batch_summary(target: Path | None, batch: _Batch) -> int:
    summary = f"{batch.read} article(s) read, {batch.records} record(s)"
    if target is not None:
        summary += f" appended to {target}, {batch.tally.skipped} article(s) skipped (already there)"
    print(summary)
    if batch.undated:
        print(f"{len(batch.undated)} article(s) read but not recorded, {NO_DATE}:", file=sys.stderr)
        for name in batch.undated:
            print(f"  {name}", file=sys.stderr)
    if batch.failed:
        print(f"{len(batch.failed)} file(s) failed, the others were read:", file=sys.stderr)
        for name, error in batch.failed:
            print(f"  {name}: {error}", file=sys.stderr)
    return FAILED if batch.failed or batch.undated else OK
