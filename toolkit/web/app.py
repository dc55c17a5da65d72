"""The web app: routes, static files, and the guards every request passes.

`create_app` builds a Starlette application for one templates folder and one data file; the
`policykit serve` command runs it with uvicorn, and tests drive it with Starlette's test client.
Starlette rather than FastAPI: the app answers HTML forms, not a JSON API, so FastAPI's schema
layer would add a dependency and nothing used.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from toolkit.errors import PolicykitError
from toolkit.web.downloads import document_bytes as write_document
from toolkit.web.messages import MESSAGES, message, ui_language
from toolkit.web.pages import render_page
from toolkit.web.security import SECURITY_HEADERS, CsrfSigner, GuardMiddleware, Scope
from toolkit.web.site import Site
from toolkit.web.views import document, home, load_answers, preview_panel
from toolkit.web.workspace import default_choice, start, validate
from toolkit.web.workspace import render_document as render_workspace

STATIC = Path(__file__).resolve().parent / "static"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
"""Host names a loopback server answers to; any other Host header (DNS rebinding) gets 400."""


def create_app(
    *, data: Path, templates: Path | None = None, hosts: Iterable[str] | None = LOOPBACK_HOSTS
) -> Starlette:
    """The app for a data file and a templates folder; `hosts=None` accepts any Host header.

    Raises the library's errors (a broken template, say) before anything listens.
    """
    site = Site.open(data=data, templates=templates)
    routes = [
        Route("/", home, methods=["GET"]),
        Route("/document", document, methods=["POST"]),
        Route("/preview", preview_panel, methods=["POST"]),
        Route("/answers", load_answers, methods=["POST"]),
        *(
            Route(path, _to_start, methods=["GET"])
            for path in ("/document", "/preview", "/answers")
        ),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                GuardMiddleware,
                signer=CsrfSigner(),
                refusal=_refusal,
                hosts=None if hosts is None else frozenset(hosts),
            )
        ],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
    app.state.site = site
    return app


def warm_up(app: Starlette) -> None:
    """Render one document in every format now, so the first visitor does not wait for fonts."""
    site: Site = app.state.site
    for ui in MESSAGES:
        site.policy_texts(ui)
    workspace = start(site, choice=default_choice(site))
    validate(workspace)
    if workspace.jurisdiction is None:
        return
    try:
        document = render_workspace(site, workspace)
        for fmt in ("html", "docx", "pdf"):
            write_document(document, fmt)
    except PolicykitError:
        pass  # the page will show the problem to whoever picks this document


async def _to_start(request: Request) -> Response:
    """A reload or bookmark of a form's address goes back to the start page."""
    ui = request.query_params.get("ui")
    return RedirectResponse(f"/?ui={ui}" if ui in MESSAGES else "/", status_code=303)


def _error_page(ui: str, status: int) -> str:
    key = f"error.{status}" if status in (400, 403, 404, 405, 413) else "error.500"
    return render_page("error.html", ui, status=status, text=message(ui, key))


def _request_ui(request: Request) -> str:
    """An error page's language: the address's `ui`, else the browser's.

    A post's body is not read again for a page about a failure.
    """
    return ui_language(request.headers.get("accept-language"), request.query_params.get("ui"))


async def _refusal(scope: Scope, status: int) -> bytes:
    headers = dict(scope.get("headers", []))
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    ui = ui_language(
        headers.get(b"accept-language", b"").decode("latin-1"), (query.get("ui") or [None])[0]
    )
    return _error_page(ui, status).encode("utf-8")


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    return HTMLResponse(_error_page(_request_ui(request), status), status_code=status)


async def _server_error(request: Request, exc: Exception) -> Response:
    """Outside every middleware, so the security headers are added here."""
    ui = _request_ui(request)
    response = HTMLResponse(_error_page(ui, 500), status_code=500)
    for name, value in SECURITY_HEADERS:
        response.headers[name] = value
    return response
