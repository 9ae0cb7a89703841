"""The workbench's real server, started as ``python build_map.py serve`` on a free port, for tests.

``running(records, out)`` starts it (the gazetteer comes from the cache the other tests use),
waits until it answers, and yields a :class:`Served` holding its address, the page's CSRF token
and ``call`` for JSON requests made the way the page makes them (or deliberately not). The
server is stopped (by its own process id) when the block ends.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 120.0  # seconds: the first start may build the gazetteer's cache


@dataclass
class Served:
    base: str  # http://127.0.0.1:PORT
    url: str  # as printed (with ?token= when one is needed)
    csrf: str
    process: subprocess.Popen

    def call(
        self, method: str, path: str, body: object = None, *, csrf: bool = True, headers: dict | None = None
    ) -> tuple[int, dict]:
        """(status, JSON answer) of a request; writes carry the page's origin and token unless told not to."""
        data = None if body is None else json.dumps(body).encode()
        sent = {"Content-Type": "application/json"} if data is not None else {}
        if method != "GET":
            sent["Origin"] = self.base
            if csrf:
                sent["X-CSRF-Token"] = self.csrf
        sent.update(headers or {})
        sent = {k: v for k, v in sent.items() if v is not None}
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            raw = err.read()
            try:
                return err.code, json.loads(raw)
            except json.JSONDecodeError:
                return err.code, {"raw": raw.decode("utf-8", "replace")}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running(records: Path, out: Path, *, host: str = "127.0.0.1") -> Iterator[Served]:
    port = free_port()
    command = [sys.executable, str(ROOT / "build_map.py"), "serve", "--activities", str(records)]
    command += ["--out", str(out), "--host", host, "--port", str(port), "--no-browser"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    try:
        url = _printed_url(process)
        base = f"http://127.0.0.1:{port}"
        page = _wait_for_page(process, url)
        token = re.search(r'name="csrf-token" content="([^"]+)"', page)
        if token is None:
            raise AssertionError(f"no CSRF token in the page:\n{page[:500]}")
        yield Served(base, url.replace(f"{host}:{port}", f"127.0.0.1:{port}"), token.group(1), process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _printed_url(process: subprocess.Popen) -> str:
    line = process.stdout.readline() if process.stdout else ""
    found = re.search(r"http://\S+", line)
    if found is None:
        err = process.stderr.read() if process.stderr and process.poll() is not None else ""
        raise AssertionError(f"serve did not print its address: {line!r} {err}")
    return found.group(0)


def _wait_for_page(process: subprocess.Popen, url: str) -> str:
    local = re.sub(r"http://[^/]+", lambda m: "http://127.0.0.1:" + m.group(0).rsplit(":", 1)[1], url)
    deadline = time.monotonic() + START_TIMEOUT
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve stopped: {process.stderr.read() if process.stderr else ''}")
        try:
            with opener.open(local, timeout=5) as response:
                return response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"serve did not answer at {url} within {START_TIMEOUT:.0f} s")


def xlsx_bytes(rows: list[dict[str, object]]) -> bytes:
    """An .xlsx workbook whose first sheet has the records' header and these rows (missing cells empty)."""
    import openpyxl

    from geo.records import COLUMNS

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
