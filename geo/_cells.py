"""One cell of a records file read: text made NFC and trimmed, a list of places, a number written
the Vietnamese way (``2.500``, ``2,5``) or the machine's, an ISO date within the records' span; a
cell that cannot be read raises ``_Bad`` with the catalogue's message and fix."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from geo._csvio import format_number
from geo._messages import Said, date_fix, say
from geo._numbers import MAX_DIGITS, count_digits

EARLIEST_DATE = date(1945, 9, 2)  # the Democratic Republic of Vietnam is proclaimed


class _Bad(Exception):
    """A field that cannot be read; carries the catalogue's message and fix."""

    def __init__(self, said: Said) -> None:
        super().__init__(said.message)
        self.said = said


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", text) if isinstance(text, str) else str(text)


def _clean(text: object) -> str:
    if text is None:
        return ""
    return _nfc(text).strip()


def _date_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|")) if text else ()


_PLAIN_INT = re.compile(r"\d+")


_PLAIN_DECIMAL = re.compile(r"\d+\.\d+")


_VN_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


_VN_DECIMAL = re.compile(r"\d+,\d+")


_EN_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


_SPACE_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?")


def _machine_number(text: str) -> int | float | None:
    if _PLAIN_INT.fullmatch(text):
        return int(text)
    if _PLAIN_DECIMAL.fullmatch(text) and not _VN_GROUPED.fullmatch(text):
        return float(text)
    return None


def _plain(text: str) -> str:
    """Digits with at most one '.', as the canonical CSV number."""
    return format_number(float(text) if "." in text else int(text))


def _number_suggestion(text: str, body: str) -> Said | None:
    """What a number written with separators should be written as in the CSV (None: not such a number)."""
    if _VN_GROUPED.fullmatch(body):
        also = ""
        if "," not in body and body.count(".") == 1:
            also = say("value.vn_thousands_or_decimal", text=body, plain=_plain(body)).message
        plain = _plain(body.replace(".", "").replace(",", "."))
        return say("value.vn_thousands", text=text, plain=plain, also=also)
    if _VN_DECIMAL.fullmatch(body):
        also = ""
        if _EN_GROUPED.fullmatch(body):
            also = say("value.vn_decimal_or_thousands", plain=_plain(body.replace(",", ""))).message
        return say("value.vn_decimal", text=text, plain=_plain(body.replace(",", ".")), also=also)
    if _EN_GROUPED.fullmatch(body):
        return say("value.en_thousands", text=text, plain=_plain(body.replace(",", "")))
    if _SPACE_GROUPED.fullmatch(body):
        plain = _plain(re.sub(r"[ \u00a0\u202f]", "", body).replace(",", "."))
        return say("value.space_thousands", text=text, plain=plain)
    return None


def _parse_number(text: str) -> int | float:
    digits = count_digits(text)
    if digits > MAX_DIGITS:
        shown = text if len(text) <= 24 else f"{text[:20]}…"
        raise _Bad(say("value.digits", text=shown, digits=digits, most=MAX_DIGITS))
    negative = len(text) > 1 and text[0] in "-−"
    body = text[1:].strip() if negative else text
    value = _machine_number(body)
    suggestion = _number_suggestion(text, body) if value is None else None
    if negative and (value is not None or suggestion is not None):
        raise _Bad(say("value.negative", text=text))
    if suggestion is not None:
        raise _Bad(suggestion)
    if value is None:
        raise _Bad(say("value.not_a_number", text=text))
    return value


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _parse_date(text: str, today: date | None) -> date:
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        raise _Bad(say("date.not_iso", text=text, fix=date_fix(text)))
    try:
        value = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as err:
        raise _Bad(say("date.not_real", text=text)) from err
    if value < EARLIEST_DATE:
        raise _Bad(say("date.too_early", text=text, earliest=EARLIEST_DATE))
    if today is not None and value > today:
        raise _Bad(say("date.future", text=text, today=today))
    return value
