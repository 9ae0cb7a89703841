"""Read many articles: files and folders, in parallel processes or on a Dask cluster.

The work per article is a pure function of (text, gazetteer): :func:`read_one`. The batch layer
collects the files, skips articles whose content hash is already in the records, runs
``read_one`` on a process pool (the gazetteer is loaded before the workers fork, so each has
it without copying) or on Dask (the gazetteer is scattered once to every worker), and reports
the files that failed without stopping the others.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from geo._article_text import MAX_ARTICLE_BYTES, SUFFIXES, article_digest, article_text, page_address
from geo._digests import DigestCache
from geo._files import cannot_read, read_regular
from geo.errors import GeoError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from distributed import Future as DaskFuture
    from tqdm import tqdm

    from geo.gazetteer import Gazetteer
    from geo.records import Record

log = logging.getLogger(__name__)

_DASK_CHUNK = 32  # articles per Dask task: enough to outweigh the cost of a task
_DASK_WINDOW = 16  # chunks in flight ahead of the one being collected
_LOCAL_CHUNK = 4  # articles per task of the process pool
_LOCAL_WINDOW = 4  # chunks in flight per worker


@dataclass
class Outcome:
    """What became of one file: its records, or why it failed."""

    name: str
    digest: str = ""
    records: list[Record] = field(default_factory=list)
    mentions: int = 0
    figures: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    undated: bool = False  # read, but no date stated: its records wait for --date


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """The article files named or inside the folders named (recursively), sorted, each once."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_articles_in(path))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            msg = f"{path} is not a regular file (a device, FIFO or socket); give article files or folders"
            raise GeoError(msg)
        else:
            msg = f"{path} does not exist"
            raise GeoError(msg)
    return list(dict.fromkeys(found))


def _articles_in(folder: Path) -> list[Path]:
    """The article files under a folder, sorted as paths are (by their parts); folders that are
    symbolic links are not entered. Strings, not Paths, until the end: 100,000 files take a second."""
    found: list[tuple[tuple[str, ...], str]] = []
    stack: list[tuple[str, tuple[str, ...]]] = [(str(folder), ())]
    while stack:
        here, parts = stack.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                key = (*parts, entry.name)
                if entry.is_dir() and not entry.is_symlink():
                    stack.append((entry.path, key))
                elif os.path.splitext(entry.name)[1].lower() in SUFFIXES and entry.is_file():
                    found.append((key, entry.path))
    found.sort()
    return [Path(path) for _, path in found]


def read_one(
    name: str, raw: bytes, gazetteer: Gazetteer, date: dt.date | None, province: str | None
) -> Outcome:
    """Read one article file's bytes into records; any failure becomes the outcome's error."""
    from geo.pipeline import extract_text
    from geo.planner import article_id

    try:
        text = article_text(name, raw)
        if not text:
            return Outcome(name, error="empty: no text to read")
        url = page_address(name, raw)  # a saved page's own address tells where it was published
        done = extract_text(text, Path(name).name, gazetteer, date=date, province=province, url=url)
    except GeoError as err:
        return Outcome(name, error=str(err))
    except Exception as err:  # one bad article must not stop a batch of thousands
        log.debug("reading %s failed", name, exc_info=True)
        return Outcome(name, error=f"{type(err).__name__}: {err}")
    undated = done.reading.document.date is None
    return Outcome(
        name,
        digest=article_id(done.reading.text),
        records=[] if undated else done.records,
        undated=undated,
        mentions=len(done.reading.mentions),
        figures=len(done.reading.figures),
        warnings=list(done.reading.document.warnings),
    )


# ---------------------------------------------------------------------------------------- runners

Job = tuple[str, bytes, dt.date | None, str | None]

_WORKER_GAZETTEER: Gazetteer | None = None  # set by run_local before the workers fork


def _work(job: Job) -> Outcome:
    if _WORKER_GAZETTEER is None:
        msg = "a worker of run_local has no gazetteer: run_local sets it before starting them"
        raise RuntimeError(msg)
    name, raw, date, province = job
    return read_one(name, raw, _WORKER_GAZETTEER, date, province)


def _work_chunk(chunk: list[Job]) -> list[Outcome]:
    return [_work(job) for job in chunk]


def _read_chunk(chunk: list[Job], gazetteer: Gazetteer) -> list[Outcome]:
    return [read_one(name, raw, gazetteer, date, province) for name, raw, date, province in chunk]


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def run_local(jobs: Iterable[Job], gazetteer: Gazetteer, workers: int) -> Iterator[Outcome]:
    """Outcomes in input order, from ``workers`` forked processes (1: in this process).

    Jobs are taken from ``jobs`` only as workers become free: at most ``_LOCAL_WINDOW`` chunks
    per worker are in flight, so memory does not grow with the number of articles.
    """
    global _WORKER_GAZETTEER  # the forked workers inherit it
    _WORKER_GAZETTEER = gazetteer
    if workers <= 1:
        yield from map(_work, jobs)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        window: deque[Future[list[Outcome]]] = deque()
        for chunk in _chunks(jobs, _LOCAL_CHUNK):
            window.append(pool.submit(_work_chunk, chunk))
            if len(window) >= workers * _LOCAL_WINDOW:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def run_dask(jobs: Iterable[Job], gazetteer: Gazetteer, address: str) -> Iterator[Outcome]:
    """Outcomes in input order from a Dask cluster (``local``: a 2-worker cluster on this machine).

    The cluster is started (or reached) when the first outcome is asked for.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as err:
        msg = "--dask needs dask.distributed: pip install 'dask[distributed]'"
        raise GeoError(msg) from err
    cluster = None
    logging.getLogger("distributed").setLevel(logging.WARNING)  # Dask's progress chatter: not ours
    if address == "local":
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.WARNING,
        )
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="10s")
        except OSError as err:
            msg = f"cannot reach the Dask scheduler at {address!r}: {err}"
            raise GeoError(msg) from err
    try:
        shared = client.scatter(gazetteer, broadcast=True)  # once per worker, not once per task
        window: deque[DaskFuture[list[Outcome]]] = (
            deque()
        )  # a bounded number of chunks in flight, answered in input order
        for chunk in _chunks(jobs, _DASK_CHUNK):
            window.append(client.submit(_read_chunk, chunk, shared, pure=False))
            if len(window) >= _DASK_WINDOW:
                yield from window.popleft().result()
        for future in window:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@dataclass
class Tally:
    """What a batch did besides its outcomes."""

    skipped: int = 0  # articles already recorded, not read


def _jobs(
    paths: Iterable[Path],
    date: dt.date | None,
    province: str | None,
    skip: Callable[[str], bool] | None,
    cache: DigestCache | None,
    side: deque[Outcome],
    tally: Tally,
) -> Iterator[Job]:
    """The jobs of the files not yet recorded, read one at a time as they are asked for.

    A file that cannot be read becomes a failed outcome in ``side``; a file whose content hash
    ``skip`` accepts is counted in ``tally`` and not read again (its hash is looked up in
    ``cache`` by path, size and time first).
    """
    for path in paths:
        key = digest = None
        try:
            if skip is not None and cache is not None:
                key = cache.key(path, path.stat())
                digest = cache.get(key)
                if digest is not None and skip(digest):
                    tally.skipped += 1
                    continue
            raw = read_regular(
                path, path.name, "give article files (.txt, .md, .html)", limit=MAX_ARTICLE_BYTES
            )
        except (GeoError, OSError) as err:
            why = str(err) if isinstance(err, GeoError) else cannot_read(path.name, err, "give article files")
            side.append(Outcome(str(path), error=f"cannot read: {why}"))
            continue
        if skip is not None and digest is None:
            try:
                digest = article_digest(path.name, raw)
            except GeoError:
                digest = None  # read_one reports it
            if digest is not None and key is not None and cache is not None:
                cache.put(key, digest)
        if digest is not None and skip is not None and skip(digest):
            tally.skipped += 1
            continue
        yield (str(path), raw, date, province)


def read_batch(
    paths: list[Path],
    gazetteer: Gazetteer | Callable[[], Gazetteer],
    *,
    date: dt.date | None = None,
    province: str | None = None,
    jobs: int = 1,
    dask: str | None = None,
    skip: Callable[[str], bool] | None = None,
    cache: DigestCache | None = None,
    quiet: bool = False,
    tally: Tally | None = None,
) -> Iterator[Outcome]:
    """The outcome of every file not skipped, as each is read (in input order, failures to open
    a file as soon as they happen).

    ``gazetteer``: the gazetteer, or a function that loads it, called only when some file is to
    be read: a batch whose files are all recorded loads nothing and starts no worker or cluster.
    ``skip(hash)`` says whether an article with this content hash is already recorded; ``tally``
    counts those.
    """
    tally = tally if tally is not None else Tally()
    side: deque[Outcome] = deque()
    bar = _progress_bar(len(paths), quiet=quiet)
    counted = 0

    def tick(outcome: Outcome) -> Outcome:
        nonlocal counted
        if bar is not None:
            bar.update(1 + tally.skipped - counted)
            counted = tally.skipped
        return outcome

    try:
        pending = _jobs(paths, date, province, skip, cache, side, tally)
        first = next(pending, None)
        while side:
            yield tick(side.popleft())
        if first is None:
            return
        loaded = gazetteer() if callable(gazetteer) else gazetteer
        work = itertools.chain([first], pending)
        runner = run_dask(work, loaded, dask) if dask else run_local(work, loaded, jobs)
        for outcome in runner:
            while side:
                yield tick(side.popleft())
            yield tick(outcome)
        while side:
            yield tick(side.popleft())
    finally:
        if bar is not None:
            bar.close()


def _progress_bar(total: int, *, quiet: bool) -> tqdm[NoReturn] | None:
    """A progress bar on standard error, only on a terminal and without --quiet."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="bài", file=sys.stderr)
