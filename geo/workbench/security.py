"""What keeps the workbench to its planner: same-origin requests, a CSRF token on every write, and an
access token when it listens beyond this machine.

One ASGI middleware, in front of every route:

* a request from another origin (its ``Origin`` header, or ``Sec-Fetch-Site: cross-site``) is
  refused, whatever its method;
* a write (any method but GET/HEAD/OPTIONS) must carry the page's CSRF token in ``X-CSRF-Token``
  (a header another site's form cannot set) and come from this origin;
* when the server binds to an address other than the loopback, every request must carry the
  access token printed at start (``?token=`` once; the page then keeps it in a cookie);
* every answer says not to be framed, not to sniff types, and not to send a referrer.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ACCESS_COOKIE = "workbench_access"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@dataclass(frozen=True)
class Secrets:
    """The tokens of one run of the server (never written to disk)."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    access: str | None = None  # required when not on the loopback

    @classmethod
    def for_host(cls, host: str) -> Secrets:
        return cls(access=None if host in LOOPBACK else secrets.token_urlsafe(24))


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class Guard:
    """The ASGI middleware described in the module's docstring."""

    def __init__(self, app: ASGIApp, tokens: Secrets) -> None:
        self.app = app
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._check(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                out.setdefault("X-Frame-Options", "DENY")
                out.setdefault("X-Content-Type-Options", "nosniff")
                out.setdefault("Referrer-Policy", "no-referrer")
                out.setdefault("Cross-Origin-Resource-Policy", "same-origin")
                out.setdefault("Content-Security-Policy", PAGE_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _check(self, scope: Scope, headers: Headers) -> JSONResponse | RedirectResponse | None:
        host = headers.get("host", "")
        origin = headers.get("origin")
        if origin is not None and origin != "null" and urlsplit(origin).netloc != host:
            return _refuse(
                403, f"Từ chối: yêu cầu đến từ một trang khác ({origin}), không phải từ bàn làm việc."
            )
        if headers.get("sec-fetch-site") in ("cross-site", "same-site"):
            return _refuse(403, "Từ chối: yêu cầu đến từ một trang khác, không phải từ bàn làm việc.")
        if self.tokens.access is not None:
            refusal = self._check_access(scope, headers, self.tokens.access)
            if refusal is not None:
                return refusal
        if scope["method"] in SAFE_METHODS:
            return None
        if origin is None or origin == "null":
            referer = headers.get("referer")
            if referer is None or urlsplit(referer).netloc != host:
                return _refuse(
                    403, "Từ chối: thao tác ghi phải đến từ trang của bàn làm việc (thiếu Origin)."
                )
        token = headers.get("x-csrf-token", "")
        if not secrets.compare_digest(token.encode(), self.tokens.csrf.encode()):
            return _refuse(403, "Từ chối: thiếu mã CSRF hoặc mã không đúng; tải lại trang rồi thử lại.")
        return None

    @staticmethod
    def _check_access(scope: Scope, headers: Headers, access: str) -> JSONResponse | RedirectResponse | None:
        cookie = SimpleCookie(headers.get("cookie", ""))
        held = cookie[ACCESS_COOKIE].value if ACCESS_COOKIE in cookie else ""
        if held and secrets.compare_digest(held.encode(), access.encode()):
            return None
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        if given and secrets.compare_digest(given.encode(), access.encode()):
            response = RedirectResponse(scope.get("path", "/"), status_code=303)
            response.set_cookie(ACCESS_COOKIE, access, httponly=True, samesite="strict")
            return response
        return _refuse(401, "Cần mã truy cập: mở đường dẫn có ?token=… mà máy chủ in ra khi khởi động.")
