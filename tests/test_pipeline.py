"""The one in-memory pipeline under every entry point: library calls, names, language, limits."""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

import toolkit
from toolkit.cli.app import app
from toolkit.errors import TemplateError

from conftest import EXAMPLE_DATA, MINIMAL_CITY, TEMPLATES, pdf_text

README_SCRIPT = """
import toolkit

catalogue = toolkit.load_catalogue()
city = toolkit.jurisdiction_from_mapping({
    "id": "harbor-city-ca", "kind": "city", "name": "City of Harbor", "state": "CA",
    "body": "City Council", "presiding_officer": {"title": "Mayor", "name": "Ana Ruiz"},
    "clerk": {"title": "City Clerk", "name": "Lee Park"},
})
document = toolkit.render(catalogue, toolkit.DocumentRequest("ice-out", city))
pdf = toolkit.to_bytes(document, "pdf")
name = toolkit.output_name(city.id, "ice-out", "pdf")
"""


def test_the_readme_library_script_renders_a_pdf_from_a_dict_without_touching_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (TEMPLATES.parent / "README.md").read_text(encoding="utf-8")
    assert README_SCRIPT.strip() in readme  # the README shows exactly what this test runs
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {}
    exec(README_SCRIPT, scope)  # noqa: S102 - our own README's example
    assert list(tmp_path.iterdir()) == []
    pdf = scope["pdf"]
    assert isinstance(pdf, bytes) and "CITY OF HARBOR" in pdf_text(pdf)
    assert scope["name"] == "harbor-city-ca_ice-out.pdf"


def test_every_entry_point_names_a_draft_the_same_way(tmp_path: Path) -> None:
    generated = toolkit.generate(
        "ice-out",
        "riverbend-ca",
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=tmp_path,
        formats=["html"],
    )
    batched = toolkit.run_batch(
        ["ice-out"],
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=tmp_path,
        formats=["html"],
        where=[("id", "riverbend-ca")],
        jobs=1,
    )
    (path,) = generated.written
    assert path == tmp_path / "riverbend-ca" / "riverbend-ca_ice-out.html"
    (record,) = batched.records
    assert record.path == "riverbend-ca/riverbend-ca_ice-out.html"
    assert record.status == "up-to-date"  # the batch recognises generate's file: not made twice


def test_brief_later_adds_the_brief_and_leaves_the_draft_alone(tmp_path: Path) -> None:
    common = {"data": EXAMPLE_DATA, "templates": TEMPLATES, "out_dir": tmp_path}
    first = toolkit.generate("ice-out", "riverbend-ca", formats=["docx"], **common)
    (draft,) = first.written
    before = draft.stat().st_mtime_ns
    second = toolkit.generate("ice-out", "riverbend-ca", formats=["docx"], brief=True, **common)
    assert second.up_to_date == [draft] and draft.stat().st_mtime_ns == before
    assert [p.name for p in second.written] == ["riverbend-ca_ice-out_brief.docx"]


def test_a_bad_entry_elsewhere_is_a_warning_not_a_stop(
    write_data: Callable[[str], Path], tmp_path: Path
) -> None:
    broken = MINIMAL_CITY.replace("testville-ca", "broken-ca").replace("state: CA", "state: ZZ")
    data = write_data(MINIMAL_CITY + broken)
    result = toolkit.generate(
        "ice-out",
        "testville-ca",
        data=data,
        templates=TEMPLATES,
        out_dir=tmp_path,
        formats=["html"],
    )
    assert len(result.written) == 1
    assert [w for w in result.warnings if "broken-ca" in w] == [
        f"ignored another entry of the data file: {data}:12: entry 'broken-ca', field 'state': "
        "expected a two-letter USPS state code such as CA, got 'ZZ'"
    ]
    with pytest.raises(toolkit.DataError, match="entry 'broken-ca', field 'state'"):
        toolkit.generate("ice-out", "broken-ca", data=data, templates=TEMPLATES, out_dir=tmp_path)


def test_the_language_reaches_names_and_every_format(tmp_path: Path) -> None:
    result = toolkit.generate(
        "ice-out",
        "riverbend-ca",
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=tmp_path,
        formats=["docx", "pdf", "html"],
        language="es",
    )
    by_suffix = {path.suffix: path for path in result.written}
    assert {path.name for path in result.written} == {
        f"riverbend-ca_ice-out.es.{fmt}" for fmt in ("docx", "pdf", "html")
    }
    assert '<html lang="es">' in by_suffix[".html"].read_text(encoding="utf-8")
    assert PdfReader(by_suffix[".pdf"]).trailer["/Root"]["/Lang"] == "es"
    with zipfile.ZipFile(by_suffix[".docx"]) as docx_zip:
        assert b'w:lang w:val="es-US"' in docx_zip.read("word/styles.xml")


def test_an_unknown_language_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(toolkit.UsageError, match="unknown language 'xx'; expected one of: en"):
        toolkit.generate(
            "ice-out",
            "riverbend-ca",
            data=EXAMPLE_DATA,
            templates=TEMPLATES,
            out_dir=tmp_path,
            language="xx",
        )


def test_an_endless_template_is_stopped_on_a_server_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time limit is not a main-thread signal: a web server's request threads get it too."""
    monkeypatch.setattr("toolkit.limits.TIME_LIMIT_S", 0.5)
    templates = tmp_path / "templates"
    import shutil

    shutil.copytree(TEMPLATES, templates)
    (templates / "resolutions/ice-out/body.j2").write_text(
        '{% extends "_layouts/resolution.j2" %}{% block title %}'
        "{% for i in range(100000) %}{% for k in range(100000) %}{% endfor %}{% endfor %}"
        "{% endblock %}"
    )
    catalogue = toolkit.load_catalogue(templates)
    city = toolkit.load_data(EXAMPLE_DATA).pick("riverbend-ca")
    outcome: list[BaseException] = []

    def request_thread() -> None:
        try:
            toolkit.render(catalogue, toolkit.DocumentRequest("ice-out", city))
        except BaseException as exc:  # noqa: BLE001 - the test inspects whatever happened
            outcome.append(exc)

    thread = threading.Thread(target=request_thread)
    thread.start()
    thread.join(timeout=60)  # a hang guard; the limit itself is half a second
    assert not thread.is_alive()
    (error,) = outcome
    assert isinstance(error, TemplateError)
    assert "rendering stopped: the template took longer than 0.5 seconds" in str(error)
    # the same thread renders normally afterwards: no stray interruption is left pending
    document = toolkit.render(
        toolkit.load_catalogue(TEMPLATES), toolkit.DocumentRequest("ice-out", city)
    )
    assert document.blocks


def test_render_limits_leave_no_pending_interruption_after_many_quick_renders() -> None:
    catalogue = toolkit.load_catalogue(TEMPLATES)
    city = toolkit.load_data(EXAMPLE_DATA).pick("riverbend-ca")
    for _ in range(50):
        toolkit.render(catalogue, toolkit.DocumentRequest("ice-out", city))


def test_cli_version_groups_and_blanks(tmp_path: Path) -> None:
    runner = CliRunner()
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout == f"policykit {toolkit.__version__}\n"
    listing = runner.invoke(
        app, ["list", "--data", str(EXAMPLE_DATA), "--templates", str(TEMPLATES)]
    )
    lines = listing.stdout.splitlines()
    assert lines[:2] == [
        "Affordability agenda:",
        "  tenant-organizing              Tenants' right to organize",
    ]
    assert "ICE OUT:" in lines and "No Secret Police toolkit:" in lines
    generated = runner.invoke(
        app,
        [
            "generate",
            "ice-out",
            "sierra-alta-county-ca",
            "--data",
            str(EXAMPLE_DATA),
            "--templates",
            str(TEMPLATES),
            "--out",
            str(tmp_path),
            "-f",
            "html",
        ],
    )
    assert generated.exit_code == 0, generated.stderr
    assert generated.stdout.splitlines()[-1] == (
        "still blank, for the clerk to fill in: number, status of fiscal year 2027 "
        "appropriations for the Department of Homeland Security, to be confirmed on congress.gov, "
        "date of adoption, date of this certificate"
    )


def test_writers_know_every_block_role() -> None:
    from toolkit.document.model import ROLES
    from toolkit.writers import docx, html

    assert set(html._TAG_BY_ROLE) | {"item", "signature", "section"} == set(ROLES)
    assert set(docx._STYLE_BY_ROLE) | {"signature", "section"} == set(ROLES)


def test_docx_from_bytes_opens(tmp_path: Path) -> None:
    catalogue = toolkit.load_catalogue(TEMPLATES)
    city = toolkit.load_data(EXAMPLE_DATA).pick("bayport-ca")
    data = toolkit.to_bytes(
        toolkit.render(catalogue, toolkit.DocumentRequest("ice-out", city)), "docx"
    )
    import docx as python_docx

    assert python_docx.Document(io.BytesIO(data)).paragraphs


def test_the_documented_filters_are_the_ones_templates_get() -> None:
    from toolkit.i18n.localize import filters
    from toolkit.languages import ENGLISH
    from toolkit.templating.variables import FILTERS

    assert set(FILTERS) == set(filters(ENGLISH))
