"""The routes: each turns a request into a `Workspace`, asks the library, answers a page or file.

    GET  /          the workspace: policy, jurisdiction, tailoring, preview, downloads
    POST /document  the same form posted: Preview, a download, Download answers or Save
    POST /preview   the preview panel alone, for htmx to refresh as fields change
    POST /answers   Load answers (an uploaded answers file fills the form)

Every POST has passed the CSRF check and the size limit in `security.GuardMiddleware` before it
gets here. Rendering and writing run on worker threads, where the render time limit holds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from toolkit.errors import PolicykitError
from toolkit.web import downloads
from toolkit.web import workspace as ws
from toolkit.web.answers import MAX_ANSWERS, AnswersError, Saved, read_answers, save_entry
from toolkit.web.fields import Field, Group, is_on
from toolkit.web.messages import message, ui_language
from toolkit.web.pages import render_page, translation_issues, workspace_context
from toolkit.web.security import MAX_BODY, MAX_FIELDS, csrf_token, stale_form
from toolkit.web.site import Site

DOWNLOADS = frozenset({*downloads.DOCUMENT_ACTIONS, "zip"})
"""Buttons that answer with a document (any other action shows the page again)."""


RENDER_THREADS = 4
"""Renders and writes running at once. More threads than this only queue on the GIL (the server
gets two cores) and grow memory with every thread's allocator arena; the rest wait their turn."""

T = TypeVar("T")


async def _in_thread(request: Request, work: Callable[..., T], *args: Any) -> T:
    """Run rendering or writing on a worker thread, where the render time limit holds."""
    state = request.app.state
    if getattr(state, "render_limiter", None) is None:  # made inside the event loop, once
        state.render_limiter = anyio.CapacityLimiter(RENDER_THREADS)
    return await anyio.to_thread.run_sync(
        functools.partial(work, *args), limiter=state.render_limiter
    )


def _site(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def _ui(request: Request, form: FormData | None = None) -> str:
    """The interface language: a page's switch or its hidden field, the query, else the browser's.

    Only a code with messages comes out (`ui_language`), so nothing from the request goes further.
    """
    chosen: object = request.query_params.get("ui")
    if form is not None:
        chosen = form.get("switch_ui") or form.get("ui") or chosen
    return ui_language(
        request.headers.get("accept-language"), chosen if isinstance(chosen, str) else None
    )


async def _form(request: Request) -> FormData:
    return await request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_BODY)


async def home(request: Request) -> Response:
    """The workspace for the query's choices, or the defaults: the first page people see."""
    site, query = _site(request), request.query_params
    workspace = ws.start(
        site,
        policy_id=query.get("policy"),
        choice=query.get("jurisdiction"),
        language=query.get("language"),
        ui=_ui(request),
        fallback_english=is_on(query.get("fallback")),
    )
    return await _page(request, workspace, live=True)


async def document(request: Request) -> Response:
    """The posted workspace: shown again, downloaded as a file, or saved."""
    site, form = _site(request), await _form(request)
    action = str(form.get("action") or "preview")
    workspace = ws.from_form(site, form, ui=_ui(request, form))
    if stale_form(request):  # answers kept, nothing done; the page carries a fresh token
        workspace.notices.append(message(workspace.ui, "stale"))
        return await _page(request, workspace, live=True)
    if action == "answers":  # incomplete answers too: they are how work in progress is kept
        ws.validate(workspace, live=True)
        return _file(downloads.download_answers(workspace))
    if action not in DOWNLOADS and action != "save":
        fresh = form.get("loaded") != form.get("jurisdiction")
        return await _page(request, workspace, live=fresh or action == "switch")
    ws.validate(workspace)
    if workspace.jurisdiction is None:
        return await _page(request, workspace, status=422, validated=True)
    if action == "save":
        return await _save(request, site, workspace)
    try:
        return _file(await _in_thread(request, _make_download, site, workspace, action))
    except PolicykitError as exc:  # the preview would fail the same way: not rendered again
        failed = ws.failed_preview(site, workspace, exc)
        if failed.translation_problems:
            translation_issues(workspace, failed.translation_problems)
        else:
            workspace.fail(str(exc))
        return await _page(request, workspace, status=422, validated=True, preview=failed)


def _make_download(site: Site, workspace: ws.Workspace, action: str) -> downloads.Download:
    if action == "zip":
        return downloads.download_zip(site, workspace)
    return downloads.download_document(site, workspace, action)


async def _save(request: Request, site: Site, workspace: ws.Workspace) -> Response:
    ui, data = workspace.ui, site.data
    if not data.can_save:
        reason = message(
            ui, "keep.save_bundled" if data.bundled else "keep.save_csv", file=data.path.name
        )
        workspace.fail(message(ui, "save.refused", reason=reason))
        return await _page(request, workspace, status=409, validated=True)
    assert workspace.jurisdiction is not None
    jurisdiction = workspace.jurisdiction

    def save() -> Saved:
        with site.save_lock:
            return save_entry(data.path, jurisdiction)

    try:
        saved = await _in_thread(request, save)
    except PolicykitError as exc:
        workspace.fail(message(ui, "save.refused", reason=str(exc)))
        return await _page(request, workspace, status=409, validated=True)
    if saved.backup is not None:
        note = message(
            ui, "saved.backup", id=jurisdiction.id, file=saved.path.name, backup=saved.backup.name
        )
    else:
        note = message(ui, "saved", id=jurisdiction.id, file=saved.path.name)
    workspace.notices.append(note)
    workspace.choice = jurisdiction.id
    return await _page(request, workspace, validated=True)


async def preview_panel(request: Request) -> Response:
    """The preview panel and the fields' error slots, for htmx to swap in as the user types."""
    site, form = _site(request), await _form(request)
    workspace = ws.from_form(site, form, ui=_ui(request, form))
    ws.validate(workspace, live=True)
    preview = await _in_thread(request, ws.preview, site, workspace)
    context = workspace_context(site, workspace, preview, csrf_token(request))
    context["missing"] = ws.missing_fields(workspace)
    context["slots"] = _error_slots(context)
    return HTMLResponse(render_page("live.html", workspace.ui, **context))


async def load_answers(request: Request) -> Response:
    """Fill the form from an uploaded answers file; a bad file is one line at the top."""
    site, form = _site(request), await _form(request)
    ui, upload = _ui(request, form), form.get("answers")
    policy_id = str(form.get("policy") or "") or None
    language = str(form.get("language") or "") or None
    fallback = is_on(form.get("fallback"))
    if stale_form(request):
        workspace = ws.start(
            site, policy_id=policy_id, ui=ui, language=language, fallback_english=fallback
        )
        workspace.notices.append(message(ui, "stale.load"))
        return await _page(request, workspace, live=True)
    payload = b""
    if isinstance(upload, UploadFile):
        payload = await upload.read(MAX_ANSWERS + 1)
    if not payload:
        workspace = ws.start(
            site, policy_id=policy_id, ui=ui, language=language, fallback_english=fallback
        )
        workspace.fail(message(ui, "load.missing"), "answers")
        return await _page(request, workspace, status=422, live=True)
    try:
        entry = read_answers(payload)
    except AnswersError as exc:
        workspace = ws.start(
            site, policy_id=policy_id, ui=ui, language=language, fallback_english=fallback
        )
        workspace.fail(message(ui, "load.failed", reason=str(exc)), "answers")
        return await _page(request, workspace, status=422, live=True)
    workspace = ws.from_answers(
        site, entry, policy_id, ui, language=language, fallback_english=fallback
    )
    jid = entry.get("id")
    workspace.notices.append(
        message(ui, "loaded", id=jid)
        if isinstance(jid, str) and jid
        else message(ui, "loaded.no_id")
    )
    return await _page(request, workspace)


async def _page(
    request: Request,
    workspace: ws.Workspace,
    *,
    status: int = 200,
    live: bool = False,
    validated: bool = False,
    preview: ws.Preview | None = None,
) -> Response:
    site = _site(request)
    if not validated:
        ws.validate(workspace, live=live)
    if preview is None:
        preview = await _in_thread(request, ws.preview, site, workspace)
    context = workspace_context(site, workspace, preview, csrf_token(request))
    context["missing"] = ws.missing_fields(workspace)
    context["anchors"] = _anchors(context)
    return HTMLResponse(render_page("workspace.html", workspace.ui, **context), status_code=status)


def _file(download: downloads.Download) -> Response:
    return Response(
        download.payload,
        media_type=download.media_type,
        headers={"content-disposition": f'attachment; filename="{download.name}"'},
    )


def _controls(context: dict[str, Any]) -> list[Field | Group]:
    controls: list[Field | Group] = []
    for entry in context["details"]:
        controls.append(entry)
        if isinstance(entry, Group):
            controls.extend(entry.fields)
    controls.extend(context["names"])
    controls.extend(context["tailor"])
    for fact in context["facts"]:
        controls.extend(fact)
    return controls


def _anchors(context: dict[str, Any]) -> dict[str, str]:
    """Field path -> element id, for the error summary's links."""
    anchors = {control.name: control.dom_id for control in _controls(context)}
    policy_id = context["ws"].policy.id
    anchors[f"numbers.{policy_id}"] = f"f-numbers-{policy_id}"
    anchors["answers"] = "answers-file"
    anchors[ws.LANGUAGE_FIELD] = "language"
    anchors["fallback"] = "fallback"
    if context["names"]:
        anchors["translations"] = "f-translations"
    return anchors


def _error_slots(context: dict[str, Any]) -> list[tuple[str, str]]:
    """(element id, field path) of every error slot the live preview refreshes."""
    own = ("answers", ws.LANGUAGE_FIELD, "fallback")
    return [(dom_id, name) for name, dom_id in _anchors(context).items() if name not in own]
