"""The province an article's web address tells: a provincial paper's or a local authority's site.

``baohagiang.vn`` is Báo Hà Giang, ``daian.namdinh.gov.vn`` a commune of Nam Định, ``conganbackan.vn``
the police of Bắc Kạn. A reader of the article knows where it was published; the reader of the text
uses it only when the text names no province itself (see ``extract.document_province``). National
outlets (``vtv.vn``, ``dantri.com.vn``) and addresses that name no province tell nothing.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from geo._text import key
from geo.gazetteer import Gazetteer, Unit

# What a provincial body's site puts before its province's name ("bao" + "langson": Báo Lạng Sơn).
_PREFIXES = ("bao", "congan", "thanhdoan", "tinhdoan", "hoinongdan", "")
# The endings under which the label before them is a local authority's province ("x.langson.gov.vn").
_AUTHORITY_ENDINGS: tuple[tuple[str, ...], ...] = (("gov", "vn"), ("dcs", "vn"), ("org", "vn"))
_SITE_ENDINGS: tuple[tuple[str, ...], ...] = (("com", "vn"), ("net", "vn"), ("org", "vn"), ("vn",))


def outlet_province(url: str, gazetteer: Gazetteer) -> str | None:
    """The name of the province that the site at ``url`` belongs to, or None."""
    address = url.strip()
    if "://" not in address:  # "baolangson.vn/xa-hoi/…" as people paste it
        address = "http://" + address
    try:
        host = (urlsplit(address).hostname or "").lower()
    except ValueError:
        return None
    labels = [label.replace("-", "") for label in host.split(".") if label]
    for ending in _AUTHORITY_ENDINGS:
        if len(labels) > len(ending) and tuple(labels[-len(ending) :]) == ending:
            found = _named(labels[-len(ending) - 1], gazetteer)
            if found is not None:
                return found
    for ending in _SITE_ENDINGS:
        if len(labels) > len(ending) and tuple(labels[-len(ending) :]) == ending:
            return _named(labels[-len(ending) - 1], gazetteer)
    return None


def _named(label: str, gazetteer: Gazetteer) -> str | None:
    """The province whose name's key a label is, after a body's prefix ("baolangson"), or whose
    district's ("doluong": huyện Đô Lương, Nghệ An; not a name that districts of two provinces have)."""
    for prefix in _PREFIXES:
        if label.startswith(prefix) and len(label) > len(prefix):
            units = gazetteer.level_units.get((("province",), key(label[len(prefix) :])))
            if units:
                return gazetteer[next(iter(units))].name
    districts = gazetteer.level_units.get((("district",), key(label)), {})
    provinces = {gazetteer[uid].province for uid in districts}
    return provinces.pop() if len(provinces) == 1 else None


def site_province(url: str | None, gazetteer: Gazetteer, day: dt.date) -> Unit | None:
    """The province of the site an article was published on, when it was one on the day: a vote
    among its places' provinces ("xã Quảng Yên", seven communes of that name, on baophutho.vn)."""
    name = outlet_province(url, gazetteer) if url else None
    unit = gazetteer.province(name, day) if name is not None else None
    return unit if unit is not None and unit.valid_at(day) else None
