"""Remembered content hashes of article files, so that a re-run does not read unchanged files.

Skipping an article already recorded needs its content hash (the ``a<hash>`` of its records'
ids), which needs its text. For 100,000 files that is reading and decoding every one of them.
This cache keeps ``(path, inode, size, mtime) → hash`` in an SQLite file in the cache folder
(``$VN_ACTIVITY_MAP_CACHE`` or the user cache folder); a file changed in any of these is hashed
again. It also keeps, for the last version of each records file a batch wrote or read, the hashes
of the articles recorded in it, so that a re-run need not read the file's ids. The hashes are of the text as :func:`geo._article_text.article_text` makes it, so entries made by
another version of that code are dropped. The cache only saves time: if it cannot be opened or
written, the files are hashed as if it were empty.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

_FLUSH = 2_000  # new entries written per transaction


class DigestCache:
    """``(path, inode, size, mtime_ns) → content hash``; ``scheme`` names the way hashes are made."""

    def __init__(self, path: Path | None, scheme: str) -> None:
        self.scheme = scheme
        self.new: list[tuple[str, int, int, int, str, str]] = []
        self.known: dict[str, tuple[int, int, int, str]] = {}  # path → (inode, size, mtime, hash)
        self.loaded: list[str] = []  # folders whose entries are in ``known``
        self.db: sqlite3.Connection | None = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=10)
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS digests (path TEXT PRIMARY KEY, ino INTEGER, size INTEGER, "
                "mtime INTEGER, scheme TEXT, digest TEXT)"
            )
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS recorded (path TEXT PRIMARY KEY, ino INTEGER, size INTEGER, "
                "mtime INTEGER, scheme TEXT, digests BLOB)"
            )
            self.db.execute("DELETE FROM digests WHERE scheme != ?", (scheme,))
            self.db.execute("DELETE FROM recorded WHERE scheme != ?", (scheme,))
            self.db.commit()
        except (sqlite3.Error, OSError) as err:
            log.warning("the cache of article hashes %s cannot be used (%s); every file is read", path, err)
            self.db = None

    @staticmethod
    def key(path: Path, st: os.stat_result) -> tuple[str, int, int, int]:
        return (os.path.abspath(path), st.st_ino, st.st_size, st.st_mtime_ns)

    def get(self, key: tuple[str, int, int, int]) -> str | None:
        """The hash remembered for this file in this state (the entries of its folder, and of the
        folders under it, are read at the first look-up there: one query, not one per file)."""
        if self.db is None:
            return None
        folder = os.path.dirname(key[0])
        if not any(folder == done or folder.startswith(done + os.sep) for done in self.loaded):
            try:
                rows = self.db.execute(
                    "SELECT path, ino, size, mtime, digest FROM digests WHERE scheme = ? AND path > ? AND path < ?",
                    (self.scheme, folder + os.sep, folder + chr(ord(os.sep) + 1)),
                ).fetchall()
            except sqlite3.Error as err:
                self._give_up(err)
                return None
            self.known.update((path, (ino, size, mtime, digest)) for path, ino, size, mtime, digest in rows)
            self.loaded.append(folder)
        entry = self.known.get(key[0])
        return entry[3] if entry is not None and entry[:3] == key[1:] else None

    def put(self, key: tuple[str, int, int, int], digest: str) -> None:
        if self.db is None:
            return
        self.new.append((*key, self.scheme, digest))
        if len(self.new) >= _FLUSH:
            self.flush()

    def recorded(self, path: Path, state: tuple[int, int, int] | None) -> set[str] | None:
        """The content hashes of the articles in this version (inode, size, mtime) of a records file."""
        if self.db is None or state is None:
            return None
        try:
            row = self.db.execute(
                "SELECT digests FROM recorded WHERE path = ? AND ino = ? AND size = ? AND mtime = ? AND scheme = ?",
                (os.path.realpath(path), *state, self.scheme),
            ).fetchone()
        except sqlite3.Error as err:
            self._give_up(err)
            return None
        if row is None:
            return None
        blob = bytes(row[0])
        return {blob[k : k + 10].decode("ascii") for k in range(0, len(blob), 10)}

    def remember(self, path: Path, state: tuple[int, int, int] | None, digests: set[str]) -> None:
        """Remember the content hashes of the articles in this version of a records file."""
        if self.db is None or state is None or any(len(d) != 10 for d in digests):
            return
        blob = "".join(sorted(digests)).encode("ascii")
        try:
            with self.db:
                self.db.execute(
                    "INSERT OR REPLACE INTO recorded VALUES (?, ?, ?, ?, ?, ?)",
                    (os.path.realpath(path), *state, self.scheme, blob),
                )
        except sqlite3.Error as err:
            self._give_up(err)

    def flush(self) -> None:
        if self.db is None or not self.new:
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO digests VALUES (?, ?, ?, ?, ?, ?)", self.new)
        except sqlite3.Error as err:
            self._give_up(err)
        self.new = []

    def close(self) -> None:
        self.flush()
        if self.db is not None:
            self.db.close()
            self.db = None

    def _give_up(self, err: sqlite3.Error) -> None:
        log.warning("the cache of article hashes failed (%s); the remaining files are read", err)
        if self.db is not None:
            self.db.close()
        self.db = None
