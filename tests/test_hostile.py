"""Untrusted data and templates: printed literally, never executed, never fetched."""

from __future__ import annotations

import http.server
import io
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest

from toolkit import generate
from toolkit.errors import DataError, PolicykitError, TemplateError
from toolkit.output.paths import output_path
from toolkit.templating.catalogue import Catalogue

from conftest import EXAMPLE_DATA, TEMPLATES, docx_text, pdf_text

HOSTILE_NAME = 'City of <script>alert("x")</script> & "Quotes" {{ 7*7 }} ../../ 東京 São Tomé'
HOSTILE = f"""\
  - id: hostile-ca
    kind: city
    name: '{HOSTILE_NAME}'
    state: CA
    body: 'Council <b>bold</b> &amp; <recital>injected</recital>'
    presiding_officer: {{title: Mayor, name: 'Zoë Ñandú 김민준'}}
    clerk: {{title: City Clerk, name: '<img src="file:///etc/passwd">'}}
"""


@pytest.fixture
def hostile_outputs(write_data: Callable[[str], Path], tmp_path: Path) -> dict[str, bytes]:
    result = generate(
        "ice-out",
        "hostile-ca",
        data=write_data(HOSTILE),
        templates=TEMPLATES,
        out_dir=tmp_path / "out",
        formats=["docx", "pdf", "html"],
    )
    return {p.suffix: p.read_bytes() for p in result.written}


def test_hostile_text_comes_out_literally_in_docx(hostile_outputs: dict[str, bytes]) -> None:
    text = docx_text(hostile_outputs[".docx"])
    assert HOSTILE_NAME in text
    assert "Council <b>bold</b> &amp; <recital>injected</recital>" in text
    assert '<img src="file:///etc/passwd">' in text
    assert "Zoë Ñandú 김민준" in text
    assert "49" not in text.replace("2026", "")  # {{ 7*7 }} is never evaluated


def test_hostile_text_comes_out_literally_in_pdf(hostile_outputs: dict[str, bytes]) -> None:
    text = pdf_text(hostile_outputs[".pdf"])
    for fragment in [
        '<script>alert("x")</script>',
        "{{ 7*7 }}",
        "../../",
        "東京",
        "São Tomé",
        '<img src="file:///etc/passwd">',
        "Zoë Ñandú 김민준",
        "<recital>injected",
    ]:
        assert fragment in text


def test_hostile_text_is_escaped_in_html(hostile_outputs: dict[str, bytes]) -> None:
    page = hostile_outputs[".html"].decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<img" not in page and "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page
    assert "&amp;amp;" in page  # the user's literal '&amp;' survives as text


def test_injected_markup_does_not_create_clauses(
    write_data: Callable[[str], Path], catalogue: Catalogue
) -> None:
    from toolkit.data.loading import load_jurisdictions

    (jurisdiction,) = load_jurisdictions(write_data(HOSTILE))
    document = catalogue.render(catalogue.policy("ice-out"), jurisdiction)
    assert not any(
        b.text.removeprefix("WHEREAS, ").rstrip(";and ") == "injected" for b in document.blocks
    )


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    """Serves a stylesheet that would print HTTP-LEAKED, and counts every request."""

    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).hits.append(self.path)
        body = b'p::after { content: "HTTP-LEAKED"; }'
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records what is asked of it."""
    _CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.hits
    finally:
        server.shutdown()
        server.server_close()


def _hostile_pdf_text(
    monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue, base_url: str, canary: Path
) -> str:
    """A PDF printed from a page that asks for a stylesheet over HTTP and one from the disk."""
    from toolkit.data.loading import load_jurisdictions
    from toolkit.writers import pdf

    canary.write_text('p::before { content: "FILE-LEAKED"; }', encoding="utf-8")
    hostile_page = (
        f'<html lang="en"><head><link rel="stylesheet" href="{base_url}/x.css">'
        f'<link rel="stylesheet" href="{canary.as_uri()}">'
        f'<style>@import url("{base_url}/imported.css");</style></head>'
        f'<body><img src="{base_url}/pixel.png" alt="x"><p>text</p></body></html>'
    )
    monkeypatch.setattr(pdf, "render_html", lambda document, **_: hostile_page)
    jurisdiction = load_jurisdictions(EXAMPLE_DATA)[0]
    return pdf_text(pdf.write_pdf(catalogue.render(catalogue.policy("ice-out"), jurisdiction)))


def test_pdf_renderer_fetches_nothing(
    monkeypatch: pytest.MonkeyPatch,
    catalogue: Catalogue,
    loopback_server: tuple[str, list[str]],
    tmp_path: Path,
) -> None:
    """Even markup that slipped past escaping cannot make WeasyPrint open a URL or a file."""
    base_url, hits = loopback_server
    text = _hostile_pdf_text(monkeypatch, catalogue, base_url, tmp_path / "canary.css")
    assert hits == []
    assert "FILE-LEAKED" not in text and "HTTP-LEAKED" not in text and "text" in text


def test_the_fetch_test_would_catch_a_fetching_renderer(
    monkeypatch: pytest.MonkeyPatch,
    catalogue: Catalogue,
    loopback_server: tuple[str, list[str]],
    tmp_path: Path,
) -> None:
    """With the guard removed the same page is fetched: the test above can fail."""
    from weasyprint.urls import URLFetcher

    from toolkit.writers import pdf

    monkeypatch.setattr(pdf, "_no_fetching", lambda: URLFetcher())
    base_url, hits = loopback_server
    text = _hostile_pdf_text(monkeypatch, catalogue, base_url, tmp_path / "canary.css")
    assert "/x.css" in hits and "FILE-LEAKED" in text and "HTTP-LEAKED" in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "unsafe operation blocked by the sandbox",
        ),
        ("{{ j.__class__ }}", "unsafe operation blocked by the sandbox"),
        ('{% include "../../../../etc/passwd" %}', "template not found"),
        ("{{ range(10**9) | list }}", "error while rendering|unsafe operation"),
        (
            "{{ (j.name | length) ** 10000000 }}",
            "unsafe operation blocked by the sandbox \\(power too",
        ),
        ('{{ "x" * 1000000000 }}', "unsafe operation blocked by the sandbox \\(repetition too"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "error while rendering"),
        ('{{ "x" | center(10**9) }}', "rendering stopped: the template used more than 512 MiB"),
        ('{{ "{:>999999999}".format(1) }}', "format width too large"),
        ("{{ ((((2**64)**64)**64)**64)**64 }}", "(power|number) too large"),
        (
            "{% for i in range(100000) %}{% for k in range(100000) %}{% endfor %}{% endfor %}",
            "rendering stopped: the template took longer than 1 seconds",
        ),
        ("{{ lipsum(99999) }}", "'lipsum' is undefined"),
    ],
)
def test_template_that_tries_to_escape_the_sandbox_fails_cleanly(
    tmp_path: Path,
    body: str,
    message: str,
    write_data: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        "toolkit.limits.TIME_LIMIT_S", 1.0
    )  # keep the runaway loop short
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "resolutions/ice-out/body.j2").write_text(
        '{% extends "_layouts/resolution.j2" %}{% block title %}' + body + "{% endblock %}"
    )
    from conftest import MINIMAL_CITY

    with pytest.raises(TemplateError, match=message):
        generate(
            "ice-out",
            "testville-ca",
            data=write_data(MINIMAL_CITY),
            templates=templates,
            out_dir=tmp_path / "out",
        )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["../x.pdf", "a/../../b", "/etc/passwd", "..", "x\\y", "é.pdf"])
def test_output_names_cannot_escape_the_output_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(PolicykitError, match="unsafe output file name"):
        output_path(tmp_path, name)


def test_path_like_ids_are_rejected(write_data: Callable[[str], Path], tmp_path: Path) -> None:
    from conftest import MINIMAL_CITY

    path = write_data(MINIMAL_CITY.replace("testville-ca", "../../etc"))
    with pytest.raises(DataError, match="field 'id': expected lower-case letters"):
        generate("ice-out", "../../etc", data=path, templates=TEMPLATES, out_dir=tmp_path)


def test_docx_reads_back_with_python_docx(hostile_outputs: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(hostile_outputs[".docx"]))
    assert document.core_properties.title.startswith("A RESOLUTION OF THE COUNCIL <B>BOLD</B>")
