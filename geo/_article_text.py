"""The text of an article file: a .txt or .md file's words, an HTML page's visible text.

Used wherever an article comes from a file (``extract``, a batch, the workbench's upload). The
content hash that the records of an article carry in their ids is a hash of this text
(:func:`article_digest`), so the code here also names the version of those hashes
(:func:`digest_scheme`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from geo.errors import GeoError

# A news article is tens of kilobytes; a larger file is not an article (a dump, a log, a book).
MAX_ARTICLE_BYTES = 2_000_000
#: The files read as articles (other files in a folder are left alone).
SUFFIXES = (".txt", ".md", ".html", ".htm")


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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


# Where a saved web page says it was published: its canonical link or its Open Graph address.
_ADDRESS_TAGS = (
    re.compile(r"""<link\b[^>]*\brel=["']?canonical["']?[^>]*>""", re.IGNORECASE),
    re.compile(r"""<meta\b[^>]*\bproperty=["']?og:url["']?[^>]*>""", re.IGNORECASE),
)
_ADDRESS_VALUE = re.compile(r"""\b(?:href|content)=["']?(https?://[^"'\s>]+)""", re.IGNORECASE)


def page_address(name: str, raw: bytes) -> str | None:
    """The address an HTML page gives for itself (``<link rel="canonical" href=…>``, ``<meta
    property="og:url" content=…>``), read from its head; None for other files or pages without one."""
    if Path(name).suffix.lower() not in (".html", ".htm"):
        return None
    head = raw[:65536].decode("utf-8", errors="replace")
    for tags in _ADDRESS_TAGS:
        for tag in tags.finditer(head):
            value = _ADDRESS_VALUE.search(tag.group())
            if value is not None:
                return html.unescape(value.group(1))
    return None


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


def article_digest(name: str, raw: bytes) -> str:
    """The content hash that the records read from this file carry in their ids (``a<hash>-NN``)."""
    from geo.planner import article_id

    return article_id(unicodedata.normalize("NFC", article_text(name, raw)))


def digest_scheme() -> str:
    """What the hashes of :func:`article_digest` depend on: the code that makes an article's text."""
    import hashlib
    import inspect

    source = inspect.getsource(article_text) + inspect.getsource(_TextOfHTML)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]
