"""`policykit preview`: the HTML preview, re-rendered on every save with `--watch`.

A render error never stops the watch: the page shows the error instead, so an author sees what to
fix in the browser tab they already have open.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit.api import load_catalogue, load_data
from toolkit.errors import PolicykitError, ProblemsError
from toolkit.output.atomic import write_atomic
from toolkit.output.paths import output_name, output_path, output_relpath
from toolkit.pipeline import DocumentRequest, render
from toolkit.writers import to_bytes

REFRESH = '<meta http-equiv="refresh" content="2">'
"""In watch mode the page reloads itself, so a save shows up without touching the browser."""


@dataclass(frozen=True)
class PreviewResult:
    """Where the preview went, and the error lines it shows instead of the document, if any."""

    path: Path
    errors: list[str]


def render_preview(
    policy_id: str,
    jurisdiction_id: str,
    *,
    data: Path,
    templates: Path,
    out_dir: Path,
    refresh: bool = False,
) -> PreviewResult:
    """Write `<id>/<id>_<policy>.preview.html`: the document, or a page listing the errors."""
    name = output_name(jurisdiction_id, policy_id, "preview.html")
    relative = output_relpath(jurisdiction_id, name)
    path = output_path(out_dir, *relative.split("/"))
    try:
        catalogue = load_catalogue(templates)
        request = DocumentRequest(policy_id, load_data(data).pick(jurisdiction_id))
        page, errors = to_bytes(render(catalogue, request), "html").decode("utf-8"), []
    except ProblemsError as exc:
        errors = [str(problem) for problem in exc.problems]
        page = _error_page(errors)
    except PolicykitError as exc:
        if not refresh:  # an unknown id, asked once: an error page would only litter the folder
            raise
        errors = [str(exc)]
        page = _error_page(errors)
    if refresh:
        page = page.replace("<head>\n", f"<head>\n{REFRESH}\n", 1)
    write_atomic(path, page.encode("utf-8"))
    return PreviewResult(path, errors)


def _error_page(errors: list[str]) -> str:
    items = "\n".join(f"<li><code>{html.escape(error)}</code></li>" for error in errors)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>policykit: render error</title>\n</head>\n<body>\n"
        "<h1>The preview could not be rendered</h1>\n<p>Fix these and save again:</p>\n"
        f'<ul style="color:#a00">\n{items}\n</ul>\n</body>\n</html>\n'
    )


def watched_files(data: Path, templates: Path) -> Iterator[Path]:
    """The data file and every file under the templates folder."""
    yield data
    yield from (path for path in templates.rglob("*") if path.is_file())


def snapshot(data: Path, templates: Path) -> dict[Path, int]:
    """Modification times of every watched file; a change in the mapping means re-render."""
    times: dict[Path, int] = {}
    for path in watched_files(data, templates):
        try:
            times[path] = path.stat().st_mtime_ns
        except FileNotFoundError:
            continue
    return times


def watch(
    render: Callable[[], PreviewResult],
    *,
    data: Path,
    templates: Path,
    on_render: Callable[[PreviewResult], None],
    interval_s: float = 0.3,
    keep_going: Callable[[], bool] = lambda: True,
) -> None:
    """Render now, then again whenever a watched file changes, until `keep_going` says stop.

    Polling keeps this dependency-free and works the same on every file system, editors' atomic
    saves (write a new file, rename it over the old one) included.
    """
    seen = snapshot(data, templates)
    on_render(render())
    while keep_going():
        time.sleep(interval_s)
        now = snapshot(data, templates)
        if now != seen:
            seen = now
            on_render(render())
