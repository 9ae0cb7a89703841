"""Read many articles: files and folders, in parallel processes or on a Dask cluster.

The work per article is a pure function of (text, gazetteer): :func:`read_one`. The batch layer
collects the files, skips articles whose content hash is already in the records, runs
``read_one`` on a process pool (the gazetteer is loaded before the workers fork, so each has
it without copying) or on Dask (the gazetteer is scattered once to every worker), and reports
the files that failed without stopping the others.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from geo._files import read_regular
from geo.errors import GeoError

# A news article is tens of kilobytes; a larger file is not an article (a dump, a log, a book).
MAX_ARTICLE_BYTES = 2_000_000

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".html", ".htm")
_DASK_CHUNK = 32  # articles per Dask task: enough to outweigh the cost of a task
_DASK_WINDOW = 16  # chunks in flight ahead of the one being collected


@dataclass
class Outcome:
    """What became of one file: its records, or why it failed."""

    name: str
    digest: str = ""
    records: list = field(default_factory=list)
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
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            msg = f"{path} is not a regular file (a device, FIFO or socket); give article files or folders"
            raise GeoError(msg)
        else:
            msg = f"{path} does not exist"
            raise GeoError(msg)
    return list(dict.fromkeys(found))


class _TextOfHTML(HTMLParser):
    """The visible text of an HTML page, one block element per line."""

    _BLOCKS = frozenset(
        "p div br li h1 h2 h3 h4 h5 h6 tr article section figcaption".split()  # noqa: SIM905
    )
    _SKIP = frozenset({"script", "style", "head", "nav", "footer", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def article_text(name: str, raw: bytes) -> str:
    """The article's text from a .txt, .md or .html file's bytes (UTF-8)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        msg = f"not UTF-8 (byte {err.start}, line {line}); save it as UTF-8"
        raise GeoError(msg) from err
    if "\x00" in text:
        msg = "a binary file, not an article"
        raise GeoError(msg)
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm"):
        parser = _TextOfHTML()
        parser.feed(text)
        parser.close()
        text = html.unescape("".join(parser.parts))
    elif suffix == ".md":
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
        text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+])\s+", "", text, flags=re.MULTILINE)
        text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_one(name: str, raw: bytes, gazetteer, date: dt.date | None, province: str | None) -> Outcome:
    """Read one article file's bytes into records; any failure becomes the outcome's error."""
    from geo.pipeline import extract_text
    from geo.planner import article_id

    try:
        text = article_text(name, raw)
        if not text:
            return Outcome(name, error="empty: no text to read")
        done = extract_text(text, Path(name).name, gazetteer, date=date, province=province)
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

_WORKER_GAZETTEER = None


def _work(job: tuple[str, bytes, dt.date | None, str | None]) -> Outcome:
    name, raw, date, province = job
    return read_one(name, raw, _WORKER_GAZETTEER, date, province)


def _read_chunk(chunk: list[tuple[str, bytes, dt.date | None, str | None]], gazetteer) -> list[Outcome]:
    return [read_one(name, raw, gazetteer, date, province) for name, raw, date, province in chunk]


def run_local(
    jobs: list[tuple[str, bytes, dt.date | None, str | None]], gazetteer, workers: int
) -> Iterator[Outcome]:
    """Outcomes in input order, from ``workers`` forked processes (1: in this process)."""
    global _WORKER_GAZETTEER  # the forked workers inherit it
    _WORKER_GAZETTEER = gazetteer
    if workers <= 1 or len(jobs) < 2:
        yield from map(_work, jobs)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_work, jobs, chunksize=max(1, min(64, len(jobs) // (workers * 8) or 1)))


def run_dask(
    jobs: list[tuple[str, bytes, dt.date | None, str | None]], gazetteer, address: str
) -> Iterator[Outcome]:
    """Outcomes in input order from a Dask cluster (``local``: a 2-worker cluster on this machine)."""
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
        window: deque = deque()  # a bounded number of chunks in flight, answered in input order
        for start in range(0, len(jobs), _DASK_CHUNK):
            chunk = jobs[start : start + _DASK_CHUNK]
            window.append(client.submit(_read_chunk, chunk, shared, pure=False))
            if len(window) >= _DASK_WINDOW:
                yield from window.popleft().result()
        for future in window:
            yield from future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def progress(items: Iterable[Outcome], total: int, *, quiet: bool) -> Iterator[Outcome]:
    """A progress bar on standard error, only on a terminal and without --quiet."""
    if quiet or not sys.stderr.isatty():
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, unit="bài", file=sys.stderr)


def known_digests(records_path: Path | None) -> set[str]:
    """Content hashes of the articles whose records are already in the file (ids ``a<hash>-NN``)."""
    if records_path is None or not records_path.exists():
        return set()
    from geo.activities import read_records

    out = set()
    for row in read_records(records_path):
        rid = row.values.get("id", "")
        match = re.fullmatch(r"a([0-9a-f]{10})-\d+", rid)
        if match:
            out.add(match.group(1))
    return out


def read_batch(
    paths: list[Path],
    gazetteer,
    *,
    date: dt.date | None = None,
    province: str | None = None,
    jobs: int = 1,
    dask: str | None = None,
    skip: set[str] | None = None,
    quiet: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> tuple[list[Outcome], int]:
    """Read every file; returns (outcomes in input order, number skipped as already recorded)."""
    from geo.planner import article_id

    skip = skip or set()
    work, skipped = [], 0
    for path in paths:
        try:
            raw = read_regular(
                path, path.name, "give article files (.txt, .md, .html)", limit=MAX_ARTICLE_BYTES
            )
        except GeoError as err:
            work.append((str(path), None, str(err)))
            continue
        if skip:
            try:
                if article_id(article_text(path.name, raw)) in skip:
                    skipped += 1
                    continue
            except GeoError:
                pass  # read_one reports it
        work.append((str(path), raw, ""))
    jobs_list = [(name, raw, date, province) for name, raw, _ in work if raw is not None]
    unreadable = [Outcome(name, error=f"cannot read: {why}") for name, raw, why in work if raw is None]
    runner = run_dask(jobs_list, gazetteer, dask) if dask else run_local(jobs_list, gazetteer, jobs)
    outcomes = list(unreadable)
    for outcome in progress(runner, len(jobs_list), quiet=quiet):
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes, skipped
