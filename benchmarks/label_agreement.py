"""How far two labellers agree on the same real articles: the ceiling a reader can be held to.

Run: ``.venv/bin/python benchmarks/label_agreement.py`` (reads ``benchmarks/data/extract_real/
labels.jsonl`` and ``second_labels.jsonl``; no texts needed). The second labeller read the texts
without seeing the first labels. Figures are matched by their text and occurrence; places are
compared by the first and last part of each chain (``xã A`` … ``tỉnh C``), so a chain written with
or without its district agrees.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from geo._text import key

DATA = Path(__file__).resolve().parent / "data" / "extract_real"


def _labels(name: str) -> dict[str, dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return {label["id"]: label for label in map(json.loads, filter(None, lines))}


def _places(place: str | list[str] | None) -> frozenset[str]:
    chains = [] if place is None else [place] if isinstance(place, str) else place
    return frozenset(f"{key(c.split(',')[0])}|{key(c.split(',')[-1])}" for c in chains)


def _figures(label: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(f["text"], f.get("occurrence", 1)): f for f in label["figures"]}


def agreement(first: dict[str, dict[str, Any]], second: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Counts of agreement on dates, figures found, roles and the places of activity figures."""
    n = dict.fromkeys(
        ("articles", "dates", "both", "first_only", "second_only", "roles", "placed", "places"), 0
    )
    for article, other in second.items():
        label = first[article]
        n["articles"] += 1
        n["dates"] += (label.get("date") or None) == (other.get("date") or None)
        a, b = _figures(label), _figures(other)
        n["first_only"] += len(a.keys() - b.keys())
        n["second_only"] += len(b.keys() - a.keys())
        for k in a.keys() & b.keys():
            n["both"] += 1
            n["roles"] += a[k]["role"] == b[k]["role"]
            if a[k]["role"] == b[k]["role"] == "activity":
                n["placed"] += 1
                n["places"] += _places(a[k].get("place")) == _places(b[k].get("place"))
    return n


def main() -> int:
    n = agreement(_labels("labels.jsonl"), _labels("second_labels.jsonl"))
    print(f"{n['articles']} articles labelled twice, independently")
    print(f"- dates: the same in {n['dates']} of {n['articles']}")
    print(
        f"- figures: {n['both']} listed by both, {n['first_only']} by the first only, "
        f"{n['second_only']} by the second only"
    )
    print(f"- roles (activity / context): the same for {n['roles']} of {n['both']}")
    print(f"- place of an activity figure both call activity: the same for {n['places']} of {n['placed']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
