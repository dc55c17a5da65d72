"""What every request passes through before a view sees it: size limits, CSRF, security headers.

Pure ASGI middleware, so that no view can forget a check:

- A body over `MAX_BODY` bytes is refused with 413, by its Content-Length or while it streams in.
- Every POST must carry the CSRF token of a signed double-submit pair: the token is a random
  value and its HMAC under a per-process secret; it travels in a `SameSite=Strict` cookie (named
  per port: cookies ignore ports, two servers must not share one) and in the form's `csrftoken`
  field, and the two must be equal and the HMAC valid. Another site can neither read the cookie
  nor forge a signed value, so it cannot make a form post that passes. The check runs here, on
  the buffered body, before any view, for every POST route there is.
- A post from this server's own page whose token has gone stale (the server was restarted, so
  its secret changed) is not refused outright, because that would lose what the user typed: it
  reaches the view marked `stale_form`, and the view acts on nothing and only shows the form
  again with a fresh token. "Its own page" means the browser's Origin header names this server,
  which no other site can make a browser say.
- Every response gets a strict Content-Security-Policy (scripts and styles from this server's
  files only, no inline script, no framing) and the usual companion headers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.datastructures import FormData, MutableHeaders
from starlette.requests import Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 512 * 1024
"""Largest request body: a form is a few kilobytes, an answers file a few more."""
MAX_FIELDS = 600
"""Most form fields one post may carry (a jurisdiction with every option of every policy)."""
CSRF_COOKIE = "policykit_csrf"
CSRF_FIELD = "csrftoken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
SECURITY_HEADERS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    # not no-referrer: with it, browsers send `Origin: null` even on same-origin posts
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)


class BodyTooLargeError(Exception):
    """The request body went past `MAX_BODY` while it was being read."""


class CsrfSigner:
    """Makes and checks the signed tokens of one server process."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def new_token(self) -> str:
        """A fresh random value with its signature: `value.signature`."""
        value = secrets.token_urlsafe(24)
        return f"{value}.{self._sign(value)}"

    def is_valid(self, token: str | None) -> bool:
        """Whether `token` was signed by this process."""
        if not token or token.count(".") != 1:
            return False
        value, signature = token.split(".")
        return hmac.compare_digest(signature, self._sign(value))

    def matches(self, cookie: str | None, submitted: str | None) -> bool:
        """The double-submit check: the form's token is the cookie's, and it is ours."""
        if not cookie or not submitted:
            return False
        return hmac.compare_digest(cookie, submitted) and self.is_valid(cookie)

    def _sign(self, value: str) -> str:
        return hmac.new(self._secret, value.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token this request's page must put in its forms (set by `GuardMiddleware`)."""
    return str(request.scope["state"]["csrftoken"])


def stale_form(request: Request) -> bool:
    """Whether this post came from our own page with an outdated token: show it, do nothing."""
    return bool(request.scope["state"].get("stale_form"))


def cookie_name(scope: Scope) -> str:
    """The CSRF cookie of the server on this port."""
    server = scope.get("server") or ("", 0)
    return f"{CSRF_COOKIE}_{server[1]}"


class GuardMiddleware:
    """Body size limit, CSRF check on every POST, and the security headers on every response."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        signer: CsrfSigner,
        refusal: Callable[[Scope, int], Awaitable[bytes]],
        hosts: frozenset[str] | None = None,
        max_body: int = MAX_BODY,
    ) -> None:
        self.app = app
        self.signer = signer
        self.refusal = refusal
        """The HTML page for a refused request (400, 403, 413), given its status."""
        self.hosts = hosts
        """Host names (without port) the server answers to; None for any."""
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the request, then run the app with headers added to its response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.hosts is not None and _host(scope) not in self.hosts:
            await self._refuse(scope, self._with_headers(scope, send, None), 400)
            return
        cookie = Request(scope).cookies.get(cookie_name(scope))
        token = cookie if self.signer.is_valid(cookie) else None
        new_cookie = token is None
        state = scope.setdefault("state", {})
        state["csrftoken"], state["stale_form"] = token or self.signer.new_token(), False
        send = self._with_headers(scope, send, scope["state"]["csrftoken"] if new_cookie else None)
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            await self._refuse(scope, send, 413)
            return
        try:
            body = await _read_body(receive, self.max_body)
        except BodyTooLargeError:
            await self._refuse(scope, send, 413)
            return
        if not await self._csrf_ok(scope, body, cookie):
            if not _from_own_page(Request(scope)):
                await self._refuse(scope, send, 403)
                return
            state["stale_form"] = True
        await self.app(scope, _replay(body), send)

    async def _csrf_ok(self, scope: Scope, body: bytes, cookie: str | None) -> bool:
        request = Request(scope, _replay(body))
        if not _same_origin(request):
            return False
        submitted = request.headers.get("x-csrftoken")
        if submitted is None:
            try:
                form = await request.form(
                    max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_BODY
                )
            except Exception:  # a malformed body has no token; the view never sees it
                return False
            submitted = _text(form, CSRF_FIELD)
            await form.close()
        return self.signer.matches(cookie, submitted)

    def _with_headers(self, scope: Scope, send: Send, new_token: str | None) -> Send:
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)
                headers.setdefault("cache-control", "no-cache" if static else "no-store")
                if new_token is not None:
                    headers.append(
                        "set-cookie",
                        f"{cookie_name(scope)}={new_token}; Path=/; HttpOnly; SameSite=Strict",
                    )
            await send(message)

        return send_with_headers

    async def _refuse(self, scope: Scope, send: Send, status: int) -> None:
        body = await self.refusal(scope, status)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _host(scope: Scope) -> str:
    """The Host header without its port: `127.0.0.1`, `localhost`, `[::1]`."""
    host = next((v for k, v in scope["headers"] if k == b"host"), b"").decode("latin-1").lower()
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if ":" in host else host


def _text(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLargeError
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """A `receive` that hands the buffered body to the next reader, then waits like a client."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _from_own_page(request: Request) -> bool:
    """The browser says the post comes from a page of this very server."""
    return request.headers.get("origin") is not None and _same_origin(request)


def _same_origin(request: Request) -> bool:
    """A browser's Origin header, when it sends one, must name this server."""
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser, or an old one: the token alone decides
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1] == host
