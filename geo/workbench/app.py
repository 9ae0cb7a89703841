"""The web layer: routes that read a request, call the planner's functions and answer JSON.

Every answer is data; the page (``static/``) builds its elements with ``textContent`` only, so
a value is never read as HTML. The browser never names a file: the records file and the map are
the ones given to ``serve``. Endpoints run in Starlette's thread pool (they are synchronous), and
two saves at once are serialised by the records file's lock, as two ``add`` commands are.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import html
import json
import logging
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from geo._article_text import page_address
from geo._messages import error, say
from geo.errors import GeoError
from geo.gazetteer import Gazetteer, parse_date
from geo.workbench import records as rec
from geo.workbench.places import Suggester
from geo.workbench.security import LOOPBACK, Guard, Secrets

log = logging.getLogger(__name__)

MAX_FORM_BYTES = 64 * 1024  # a form, a correction, a withdrawal
MAX_UPLOAD_BYTES = 4 * 1024 * 1024  # an article or a spreadsheet, base64 in JSON (about 3 MB of file)
_STATIC = ("app.js", "screens.js", "app.css")
_TYPES = {".js": "text/javascript", ".css": "text/css"}


@dataclass
class Workbench:
    """What the server works on: one records file, the map it builds, the gazetteer, the tokens."""

    records: Path
    map_out: Path
    gazetteer: Gazetteer
    tokens: Secrets = field(default_factory=Secrets)
    suggester: Suggester = field(init=False)
    _assets: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.suggester = Suggester(self.gazetteer)

    def asset(self, name: str) -> str:
        """Leaflet's script and stylesheet from the installed package (as the offline map inlines them)."""
        if name not in self._assets:
            from geo._assets import OFFLINE, asset_text

            self._assets[name] = asset_text(name, OFFLINE[name])
        return self._assets[name]


def _error(message: str, status: int = 400, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


class TooLarge(GeoError):
    """A request body over its endpoint's limit (answered 413)."""


async def _json(request: Request, limit: int = MAX_FORM_BYTES) -> dict[str, Any]:
    """The request's JSON object, read no further than ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    size, chunks = 0, []
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(_too_large(limit))
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(_too_large(limit))
        chunks.append(chunk)
    try:
        data = json.loads(b"".join(chunks))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise error(GeoError, "web.bad_json", detail=err) from err
    if not isinstance(data, dict):
        raise error(GeoError, "web.not_object")
    return data


def _too_large(limit: int) -> str:
    return str(say("web.too_large", kb=limit // 1024))


def _upload(data: dict[str, Any]) -> tuple[str, bytes]:
    """The uploaded file's name (its last part only) and bytes, from ``file_name`` and ``file_b64``."""
    name = Path(str(data.get("file_name") or "")).name
    try:
        raw = base64.b64decode(str(data.get("file_b64") or ""), validate=True)
    except (binascii.Error, ValueError) as err:
        raise error(GeoError, "web.bad_base64", name=name, detail=err) from err
    return name, raw


def _day(text: str | None, what: str) -> dt.date:
    return parse_date(text, what=what) if text else dt.date.today()


def build_app(bench: Workbench, *, host: str = "127.0.0.1") -> Starlette:
    """The Starlette application serving ``bench``.

    On the loopback, only requests naming this machine's loopback names are served (a page of
    another site pointed at 127.0.0.1 by its DNS names itself, and is refused); elsewhere the
    access token guards every request, whatever name the machine is reached by.
    """
    allowed = sorted(LOOPBACK - {"::1"} | {"[::1]"}) if host in LOOPBACK else ["*"]
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed),
        Middleware(Guard, tokens=bench.tokens),
    ]
    handlers = {GeoError: _geo_error, HTTPException: _http_error, Exception: _unexpected}
    return Starlette(routes=_Endpoints(bench).routes(), middleware=middleware, exception_handlers=handlers)


class _Endpoints:
    """One method per route; each reads its request and calls :mod:`geo.workbench.records`."""

    def __init__(self, bench: Workbench) -> None:
        self.bench = bench
        page = files("geo.workbench").joinpath("static", "index.html").read_text(encoding="utf-8")
        self.page = page.replace("__CSRF_TOKEN__", html.escape(bench.tokens.csrf, quote=True))

    def routes(self) -> list[Route]:
        post = ["POST"]
        return [
            Route("/", self.index),
            Route("/static/{name}", self.static),
            Route("/api/places", self.places),
            Route("/api/boundary", self.boundary),
            Route("/api/number", self.number),
            Route("/api/records", self.records),
            Route("/api/records", self.add, methods=post),
            Route("/api/records/{line:int}/correct", self.correct, methods=post),
            Route("/api/records/{line:int}/withdraw", self.withdraw, methods=post),
            Route("/api/history", self.history),
            Route("/api/article", self.article, methods=post),
            Route("/api/article/accept", self.accept, methods=post),
            Route("/api/sheet", self.sheet, methods=post),
            Route("/api/build", self.build, methods=post),
            Route("/map", self.reader_map),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
        ]

    def index(self, request: Request) -> Response:
        return HTMLResponse(self.page, headers={"Cache-Control": "no-store"})

    def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        media_type = _TYPES.get(Path(name).suffix, "")
        if name in _STATIC:
            text = files("geo.workbench").joinpath("static", name).read_text(encoding="utf-8")
            return Response(text, media_type=media_type)
        if name in ("leaflet.js", "leaflet.css"):
            asset = self.bench.asset("leaflet" if name == "leaflet.js" else "leaflet_css")
            return Response(asset, media_type=media_type)
        return _error(str(say("web.no_file")), 404)

    def places(self, request: Request) -> Response:
        day = _day(request.query_params.get("date"), "date")
        return JSONResponse(self.bench.suggester.answers(request.query_params.get("q", ""), day))

    def number(self, request: Request) -> Response:
        return JSONResponse(rec.reading_of(request.query_params.get("text", "")))

    def boundary(self, request: Request) -> Response:
        return JSONResponse(rec.boundary(self.bench.gazetteer, request.query_params.get("id", "")))

    def records(self, request: Request) -> Response:
        return JSONResponse(rec.listing(self.bench.records, self.bench.gazetteer))

    def history(self, request: Request) -> Response:
        return JSONResponse(rec.history(self.bench.records))

    async def add(self, request: Request) -> Response:
        data = await _json(request)
        return _answer(await run_in_threadpool(rec.add, self.bench.records, self.bench.gazetteer, data))

    async def correct(self, request: Request) -> Response:
        data = await _json(request)
        line = int(request.path_params["line"])
        bench = self.bench
        return _answer(await run_in_threadpool(rec.correct, bench.records, bench.gazetteer, line, data))

    async def withdraw(self, request: Request) -> Response:
        data = await _json(request)
        line = int(request.path_params["line"])
        return _answer(await run_in_threadpool(rec.withdraw, self.bench.records, line, data))

    async def article(self, request: Request) -> Response:
        data = await _json(request, MAX_UPLOAD_BYTES)
        if data.get("file_b64"):
            from geo.workbench.imports import article_from_upload

            name, raw = _upload(data)
            text = await run_in_threadpool(article_from_upload, name, raw)
            data["url"] = data.get("url") or page_address(name, raw)  # a saved page's own address
        else:
            name, text = "bài dán vào", str(data.get("text") or "")
        return JSONResponse(await run_in_threadpool(rec.propose, self.bench.gazetteer, text, name, data))

    async def accept(self, request: Request) -> Response:
        data = await _json(request, MAX_UPLOAD_BYTES)
        return _answer(await run_in_threadpool(rec.accept, self.bench.records, self.bench.gazetteer, data))

    async def sheet(self, request: Request) -> Response:
        data = await _json(request, MAX_UPLOAD_BYTES)
        name, raw = _upload(data)
        bench, append = self.bench, bool(data.get("append"))
        return _answer(
            await run_in_threadpool(rec.sheet, bench.records, bench.gazetteer, name, raw, append=append)
        )

    def build(self, request: Request) -> Response:
        return JSONResponse(rec.build(self.bench.records, self.bench.map_out))

    def reader_map(self, request: Request) -> Response:
        out = self.bench.map_out
        if not out.is_file():
            return _error(str(say("web.no_map")), 404)
        # The readers' map is one self-contained page with inline scripts (basemap tiles when online).
        # It runs sandboxed, in an origin of its own: its scripts cannot read the workbench's page
        # (and its CSRF token) nor call the workbench's API.
        policy = (
            "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox; "
            "default-src 'self' 'unsafe-inline' data: blob:; img-src * data: blob:; frame-ancestors 'none'"
        )
        return HTMLResponse(out.read_text(encoding="utf-8"), headers={"Content-Security-Policy": policy})


def _answer(result: dict[str, Any]) -> JSONResponse:
    """200 with what was done, or 422 with the problems by field (nothing was written)."""
    return JSONResponse(result, status_code=422 if result.get("problems") or result.get("error") else 200)


async def _geo_error(request: Request, err: Exception) -> Response:
    code = getattr(err, "code", "")
    return _error(str(err), 413 if isinstance(err, TooLarge) else 400, **({"code": code} if code else {}))


async def _http_error(request: Request, err: Exception) -> Response:
    status = getattr(err, "status_code", 500)
    if status == 404:
        return _error(str(say("web.no_page")), 404)
    if status == 405:
        return _error(str(say("web.no_method")), 405)
    return _error(str(getattr(err, "detail", "")), status)


async def _unexpected(request: Request, err: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    return _error(str(say("web.unexpected", kind=type(err).__name__)), 500)
