"""Time to validate 10,000 activity records, place checks included. Goal: ≤ 2 s.

Run: ``.venv/bin/python benchmarks/bench_validate.py``. The rows are generated from the
gazetteer (communes of all provinces at dates of their own vintage, a third of them shared by
two places), written as a CSV file the way ``add`` writes it, then checked twice: by
``build_map.py validate FILE`` as a subprocess (start-up and gazetteer load included) and by
``validate()`` in-process. Writes ``benchmarks/results/validate.md``.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.gazetteer_cache import load_gazetteer  # noqa: E402
from geo.planner import place_checker, place_text  # noqa: E402
from geo.records import Record, validate  # noqa: E402
from geo.records_file import append_records, read_records  # noqa: E402

N = 10_000


def records(gazetteer, n: int, seed: int = 5) -> list[Record]:
    rng = random.Random(seed)
    days = [dt.date(2017, 6, 1), dt.date(2022, 6, 1), dt.date(2026, 3, 1)]
    pools = {d: [u for u in gazetteer.units_at(d, level="commune") if u.name[:1].isalpha()] for d in days}
    out = []
    for k in range(n):
        day = rng.choice(days)
        units = rng.sample(pools[day], 2 if k % 3 == 0 else 1)
        out.append(
            Record(
                id=f"bench-{k:05d}",
                places=tuple(place_text(gazetteer, u) for u in units),
                unit_ids=tuple(u.id for u in units),
                levels=("commune",),
                activity="giúp dân làm đường giao thông nông thôn",
                kind="dân vận",
                actor="Bộ Chỉ huy Quân sự tỉnh",
                value=rng.randint(10, 5000),
                unit="ngày công",
                start=day,
                end=day + dt.timedelta(days=30),
                source="bộ dữ liệu thử",
                quote="… giúp dân làm đường giao thông nông thôn …",
            )
        )
    return out


def main() -> None:
    gazetteer = load_gazetteer()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "activities.csv"
        append_records(path, records(gazetteer, N))
        size = path.stat().st_size / 1e6
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(ROOT / "build_map.py"), "validate", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        end_to_end = time.perf_counter() - start
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        checker = place_checker(gazetteer)
        gazetteer.written_parts  # made once per process, as the command does  # noqa: B018
        start = time.perf_counter()
        table = read_records(path)
        problems = validate(table, today=dt.date.today(), check_place=checker)
        in_process = time.perf_counter() - start
        assert not problems, problems[:3]
    lines = [
        "# Validating activity records",
        "",
        f"{N:,} generated rows ({size:.1f} MB, a third with two places), every place checked against the "
        "gazetteer at the row's date.",
        "",
        "| what | seconds | goal |",
        "|---|---:|---|",
        f"| `build_map.py validate FILE` (subprocess: start-up, gazetteer load, read, check) | {end_to_end:.2f} "
        f"| ≤ 2 s: {'**met**' if end_to_end <= 2 else '**not met**'} |",
        f"| `read_records` + `validate` in-process (gazetteer loaded) | {in_process:.2f} | – |",
    ]
    report = "\n".join(lines)
    print(report)
    out = Path(__file__).resolve().parent / "results" / "validate.md"
    out.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
