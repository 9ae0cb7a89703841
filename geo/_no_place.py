"""Names read as places that are none: the President's ("tư tưởng Hồ Chí Minh"), a person's
("Chủ tịch UBND tỉnh Trần Phong", "Bí thư Đoàn xã Đặng Thị Hải Lý"), a place abroad ("huyện Sepon
(tỉnh Savannakhet, Lào)")."""

from __future__ import annotations

import re

from geo._mention import Mention
from geo._text import key
from geo._vocabulary import PRESIDENTS_NAME_AFTER, SURNAMES
from geo.gazetteer import Gazetteer


def no_place(text: str, mention: Mention, gazetteer: Gazetteer) -> bool:
    """Whether a name read as a place is none: the President's, a person's, a place abroad."""
    return (
        _the_presidents_name(text, mention)
        or _a_persons_name(text, mention, gazetteer)
        or (mention.type is None and _after_family_and_middle_name(text, mention.start))
        or _abroad(text, mention, gazetteer)
    )


# A neighbouring country named right after a place: "huyện Sepon (tỉnh Savannakhet, Lào)".
_COUNTRY_AFTER = re.compile(r"[^.;\n]{0,40}?\b(?:Lào|Campuchia|Cam-pu-chia|Trung Quốc|Thái Lan|Myanmar)\b")


def _abroad(text: str, mention: Mention, gazetteer: Gazetteer) -> bool:
    """Whether a name that names no unit is a place abroad: a neighbouring country follows it."""
    return key(mention.name) not in gazetteer.by_key and _COUNTRY_AFTER.match(text, mention.end) is not None


def _a_persons_name(text: str, mention: Mention, gazetteer: Gazetteer) -> bool:
    """Whether a type word's name is a person's ("Chủ tịch UBND tỉnh Trần Phong"): a name that
    opens with a family name and names no unit, or goes on with a middle name ("Bí thư Đoàn xã
    Đặng Thị Hải Lý": not xã Dang)."""
    words = mention.name.split()
    return (
        mention.type is not None
        and bool(words)
        and words[0].lower() in SURNAMES
        and (key(mention.name) not in gazetteer.by_key or _middle_name_after(text, mention.end))
    )


def _middle_name_after(text: str, end: int) -> bool:
    found = _MIDDLE_NAME.match(text, end)
    return found is not None and found.group(1).isupper()


_MIDDLE_NAME = re.compile(r" (?:Thị|Văn) (\w)")


def _after_family_and_middle_name(text: str, start: int) -> bool:
    """Whether a bare name ends a person's full name: "Đặng Thị Hải Lý", not xã Hải Lý."""
    found = _FAMILY_AND_MIDDLE.search(text, max(0, start - 20), start)
    return found is not None and found.group(1).lower() in SURNAMES


_FAMILY_AND_MIDDLE = re.compile(r"\b(\w+) (?:Thị|Văn) $")


def _the_presidents_name(text: str, mention: Mention) -> bool:
    """Whether a bare "Hồ Chí Minh" is the President's name ("Đoàn TNCS Hồ Chí Minh", "tư tưởng
    Hồ Chí Minh"), not the city."""
    if mention.type is not None or key(mention.name) != _HCM:
        return False
    before = " ".join(text[max(0, mention.start - 30) : mention.start].lower().split())
    return before.endswith(PRESIDENTS_NAME_AFTER)


_HCM = key("Hồ Chí Minh")
