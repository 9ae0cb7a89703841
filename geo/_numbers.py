"""Numbers in Vietnamese style: parse them from text, format them for readers.

Vietnamese writes ``.`` between groups of thousands and ``,`` as the decimal mark: ``1.445`` is
one thousand four hundred and forty-five, ``2,5`` is two and a half. News text follows this rule,
so :func:`parse_number` applies it strictly. Values typed on the command line may come in either
convention; :func:`parse_user_number` accepts them only when a single reading is possible.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

Number = int | float

# Multiplier words of news text. "vạn" (10 000) is archaic and deliberately absent.
MULTIPLIERS: dict[str, int] = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tỉ": 1_000_000_000,
    "tỷ": 1_000_000_000,
}

QUALIFIERS = ("exact", "approx", "at_least", "at_most", "vague")

# The word written before the number when a figure carries no word of its own.
DEFAULT_QUALIFIER_WORDS: dict[str, str] = {
    "approx": "khoảng",
    "at_least": "hơn",
    "at_most": "dưới",
    "vague": "hàng",
}

# Vietnamese style: a plain run of digits, or 1–3 digits then groups of exactly three after
# each ".", optionally followed by "," and the decimals. No leading zeros (those are codes).
_VIETNAMESE = re.compile(r"-?(?:0|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]*)(?:,[0-9]+)?")
_CONVENTION = "'.' groups thousands (exactly three digits after each '.') and ',' is the decimal mark"

# Readable multipliers for format_figure, largest first: (value, word, decimals allowed).
_READABLE = ((1_000_000_000, "tỉ", 1), (1_000_000, "triệu", 1), (1_000, "nghìn", 0))
_MAGNITUDE_WORDS = {1: "", 10: "chục", 100: "trăm"}


def parse_decimal(text: str) -> Decimal:
    """Parse a number written in Vietnamese style into an exact :class:`~decimal.Decimal`.

    See :func:`parse_number` for the rule and the errors.
    """
    s = text.strip()
    if not _VIETNAMESE.fullmatch(s):
        msg = f"{text!r} is not a number in Vietnamese style: {_CONVENTION}. " + _hint(s)
        raise ValueError(msg)
    return Decimal(s.replace(".", "").replace(",", "."))


def _hint(s: str) -> str:
    if re.match(r"-?0[0-9]", s):
        return "A leading zero marks a code or a date part, not a quantity."
    single_dot = re.fullmatch(r"-?([0-9]+)\.([0-9]+)", s)
    if single_dot:
        whole, frac = single_dot.groups()
        return f"Write '{whole},{frac}' for the decimal number, or group thousands as in '1.500'."
    if s.count(",") > 1:
        return "Only one ',' is allowed: it starts the decimals."
    return "Examples: '1.445', '2,5', '1.234.567', '0,75'."


# The most significant digits a figure may have: 30 (10^18 đồng has 19). Longer strings are codes
# or mistakes, and Python refuses to print integers of over 4,300 digits.
MAX_DIGITS = 30


def count_digits(text: str) -> int:
    """The significant digits of a number as written (leading signs, zeros and separators skipped)."""
    significant = re.sub(r"^[\s+\-−0.,]*", "", text)
    return sum(ch.isdigit() for ch in significant)


def check_digits(text: str) -> None:
    """Refuse a number with more than MAX_DIGITS significant digits, saying how many it has."""
    digits = count_digits(text)
    if digits > MAX_DIGITS:
        shown = text if len(text) <= 24 else f"{text[:20]}…"
        msg = f"{shown!r} has {digits:,} digits; a figure has at most {MAX_DIGITS}"
        raise ValueError(msg)


def parse_number(text: str) -> Number:
    """Parse a number written in Vietnamese style: ``"1.445"`` → 1445, ``"2,5"`` → 2.5.

    The one rule: ``.`` groups thousands and must be followed by exactly three digits; ``,``
    starts the decimals. So ``"1.5"`` is rejected rather than guessed (it is neither valid
    grouping nor a Vietnamese decimal; the writer meant ``1,5`` or ``1.500``). Plain digits
    (``"1445"``) are accepted; leading zeros (``"05"``) are not, as they mark codes and dates.
    Returns an ``int`` for whole values (``"2,0"`` → 2), else a ``float``.
    Raises :class:`ValueError` naming the input and the convention.
    """
    check_digits(text)
    return to_number(parse_decimal(text))


def to_number(value: Decimal) -> Number:
    """``int`` for whole values (``2,0`` and ``2,5 triệu`` included), else ``float``."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def parse_user_number(text: str) -> Number:
    """Parse a number typed by a person, in Vietnamese or English style when only one reading fits.

    Accepted: plain digits (``"1445"``), Vietnamese style (``"1.234.567"``, ``"1.234,5"``,
    ``"2,5"``), and a decimal point that cannot be a thousands separator (``"2.5"``,
    ``"1445.5"``, ``"0.125"``). Rejected as ambiguous: one separator followed by exactly three
    digits after 1–3 leading digits (``"1.234"``, ``"1,234"``), and English grouping
    (``"1,234,567"``). The error explains the Vietnamese convention and how to write the value.
    """
    s = text.strip()
    check_digits(s)
    single = re.fullmatch(r"-?([0-9]+)([.,])([0-9]+)", s)
    if single:
        whole, mark, frac = single.groups()
        if len(frac) == 3 and len(whole) <= 3 and not whole.startswith("0"):
            msg = (
                f"{text!r} is ambiguous: in Vietnamese style {_CONVENTION}, in English style the "
                f"roles are swapped. Write the whole number without a separator ('{whole}{frac}') or "
                f"the decimal with a trailing zero ('{whole}{mark}{frac}0')."
            )
            raise ValueError(msg)
        if mark == ".":
            if not re.fullmatch(r"-?(0|[1-9][0-9]*)", whole):
                msg = f"{text!r} has a leading zero: write '{whole.lstrip('0') or '0'}.{frac}'."
                raise ValueError(msg)
            return to_number(Decimal(s))
    try:
        return parse_number(s)
    except ValueError as err:
        msg = (
            f"{text!r} is not a number we can read unambiguously. Use plain digits ('1234567', "
            f"'2.5') or Vietnamese style, where {_CONVENTION} ('1.234.567', '2,5')."
        )
        raise ValueError(msg) from err


def _as_decimal(value: Number | Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        msg = f"Expected a number, got {value!r} ({type(value).__name__})."
        raise TypeError(msg)
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"Cannot format {value!r}: only finite numbers have a Vietnamese spelling."
            raise ValueError(msg)
        return Decimal(repr(value))  # shortest repr: 0.1 stays 0.1, not 0.1000000000000000055…
    return Decimal(value)


def format_number(value: Number | Decimal) -> str:
    """Vietnamese display: 1445 → ``"1.445"``, 2.5 → ``"2,5"``, 3.0 → ``"3"``."""
    if type(value) is int:  # a count (most figures): its digits grouped, no decimal arithmetic
        return ("-" if value < 0 else "") + _grouped(str(abs(value)))
    d = _as_decimal(value)
    if not d.is_finite():
        msg = f"Cannot format {value!r}: only finite numbers have a Vietnamese spelling."
        raise ValueError(msg)
    if d == d.to_integral_value():
        d = d.to_integral_value()
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    grouped = _grouped(whole)
    frac = frac.rstrip("0")
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def _grouped(whole: str) -> str:
    """Digits in groups of three from the right, joined by dots: ``"1445"`` → ``"1.445"``."""
    head = len(whole) % 3 or 3
    return ".".join([whole[:head], *(whole[k : k + 3] for k in range(head, len(whole), 3))])


def multiplier_value(words: str) -> int:
    """The factor of one or more multiplier words: ``"triệu"`` → 10⁶, ``"nghìn tỷ"`` → 10¹²."""
    factor = 1
    parts = words.split()
    for word in parts:
        if word.lower() not in MULTIPLIERS:
            msg = f"{word!r} is not a multiplier word; expected one of {', '.join(MULTIPLIERS)}."
            raise ValueError(msg)
        factor *= MULTIPLIERS[word.lower()]
    if not parts:
        msg = "Empty multiplier word; expected one of " + ", ".join(MULTIPLIERS) + "."
        raise ValueError(msg)
    return factor


def _readable(d: Decimal, qualifier: str) -> tuple[Decimal, str | None]:
    """Pick tỉ/triệu when the scaled value has at most one decimal, nghìn only for a whole
    multiple of an approximate figure (``gần 2 nghìn``; exact counts keep their digits)."""
    for factor, word, decimals in _READABLE:
        if abs(d) < factor or (word == "nghìn" and qualifier == "exact"):
            continue
        scaled = d / factor
        if (scaled * 10**decimals) == (scaled * 10**decimals).to_integral_value():
            return scaled, word
    return d, None


def _vague_phrase(d: Decimal) -> str:
    """``1000`` → ``"hàng nghìn"``, ``10000`` → ``"hàng chục nghìn"``, ``100`` → ``"hàng trăm"``."""
    for factor, word in ((1_000_000_000, "tỉ"), (1_000_000, "triệu"), (1_000, "nghìn"), (1, "")):
        rest = d / factor
        if d >= factor and rest in _MAGNITUDE_WORDS and (rest > 1 or word):
            return " ".join(w for w in ("hàng", _MAGNITUDE_WORDS[int(rest)], word) if w)
    msg = (
        f"A vague figure needs a magnitude such as 10, 100, 1000 or 10000 (hàng chục, hàng trăm, "
        f"hàng nghìn, hàng chục nghìn), got {format_number(d)}. Pass qualifier_word to spell it."
    )
    raise ValueError(msg)


def _as_written(value: int, unit: str, qualifier: str) -> bool:
    """Whether a whole number keeps its digits (no tỉ, triệu or nghìn: see :func:`format_figure`)."""
    return unit == "%" or abs(value) < (_READABLE[1][0] if qualifier == "exact" else _READABLE[2][0])


def format_figure(
    value: Number | Decimal,
    unit: str,
    qualifier: str = "exact",
    qualifier_word: str | None = None,
    multiplier_word: str | None = None,
) -> str:
    """A figure as a reader expects it: ``format_figure(3e9, "đồng", "approx", "gần")`` → ``"gần 3 tỉ đồng"``.

    The qualifier word is the one from the text when known, else a default per qualifier
    (:data:`DEFAULT_QUALIFIER_WORDS`). The number is scaled by ``multiplier_word`` when given;
    otherwise by tỉ or triệu when the result has at most one decimal, and by nghìn when the
    figure is not exact and a whole number of thousands (1445 stays ``1.445``, 2000 ``gần`` →
    ``gần 2 nghìn``). Vague figures carry their magnitude in the qualifier phrase (``hàng chục
    nghìn mét``). Percentages are written without a space: ``100%``.
    """
    if qualifier not in QUALIFIERS:
        msg = f"Unknown qualifier {qualifier!r}; expected one of {', '.join(QUALIFIERS)}."
        raise ValueError(msg)
    tail = unit if unit == "%" else f" {unit}" if unit else ""
    if (
        type(value) is int
        and qualifier != "vague"
        and not multiplier_word
        and _as_written(value, unit, qualifier)
    ):
        word = qualifier_word or DEFAULT_QUALIFIER_WORDS.get(qualifier)
        return f"{word} {format_number(value)}{tail}" if word else f"{format_number(value)}{tail}"
    d = _as_decimal(value)
    if qualifier == "vague":
        phrase = qualifier_word if qualifier_word and qualifier_word != "hàng" else _vague_phrase(d)
        return f"{phrase}{tail}" if unit != "%" else f"{phrase} phần trăm"
    if multiplier_word:
        number = f"{format_number(d / multiplier_value(multiplier_word))} {multiplier_word}"
    elif unit == "%":
        number = format_number(d)
    else:
        scaled, word = _readable(d, qualifier)
        number = (
            f"{format_number(scaled)} {word}" if word else format_number(value if type(value) is int else d)
        )
    word = qualifier_word or DEFAULT_QUALIFIER_WORDS.get(qualifier)
    return f"{word} {number}{tail}" if word else f"{number}{tail}"
