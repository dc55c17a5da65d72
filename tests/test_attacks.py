"""Each break found by the hostile trial of the first release, reproduced: none may recur.

Poisoned shared data, links in the output folder, a full disk, runaway layouts, hostile input
files and output injection. Each test failed on the first release's code.
"""

from __future__ import annotations

import csv
import dataclasses
import errno
import json
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import toolkit
from toolkit.api import ExistingFileError
from toolkit.cli.app import app
from toolkit.limits import RenderLimitError
from toolkit.output import atomic, journal

from conftest import EXAMPLE_DATA, MINIMAL_CITY, TEMPLATES

POISON = "{{ terms.update({'place': 'the POISONED PLACE'}) or '' }}"


def copy_templates(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    return templates


def generate_ice_out(templates: Path, out: Path) -> toolkit.GenerateResult:
    return toolkit.generate(
        "ice-out", "riverbend-ca", data=EXAMPLE_DATA, templates=templates, out_dir=out
    )


def edit_ice_out(templates: Path, old: str, new: str) -> None:
    body = templates / "resolutions/ice-out/body.j2"
    body.write_text(body.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def batch(out: Path, templates: Path = TEMPLATES, **options: object) -> toolkit.BatchReport:
    settings: dict[str, object] = {"formats": ["html"], "jobs": 1, "data": EXAMPLE_DATA}
    settings.update(options)
    return toolkit.run_batch(
        ["ice-out"],
        templates=templates,
        out_dir=out,
        **settings,  # type: ignore[arg-type]
    )


# --- a template poisons other documents -------------------------------------------------


@pytest.mark.parametrize(
    "poison",
    [POISON, "{{ facts.immigration_reconciliation_2025.update({'value': 'NOTHING'}) or '' }}"],
)
def test_a_template_cannot_change_shared_data(tmp_path: Path, poison: str) -> None:
    templates = copy_templates(tmp_path)
    body = templates / "resolutions/alpr-data/body.j2"
    body.write_text(poison + body.read_text(encoding="utf-8"), encoding="utf-8")
    report = toolkit.run_batch(
        ["alpr-data", "ice-out"],
        data=EXAMPLE_DATA,
        templates=templates,
        out_dir=tmp_path / "out",
        formats=["html"],
        jobs=2,
    )
    failures = {(f.policy, f.error.split(": ")[-1]) for f in report.failures}
    assert {policy for policy, _ in failures} == {"alpr-data"}
    assert all("unsafe operation blocked by the sandbox" in f.error for f in report.failures)
    clean = batch(tmp_path / "clean")
    assert report.count("done") - 0 >= clean.count("done")
    for record in clean.records:
        poisoned = (tmp_path / "out" / record.path).read_bytes()
        assert poisoned == (tmp_path / "clean" / record.path).read_bytes()


# --- links in the output folder ---------------------------------------------------------


def test_a_planted_link_is_not_followed_kept_or_zipped(tmp_path: Path) -> None:
    out = tmp_path / "out"
    secret = tmp_path / "secret.txt"
    secret.write_text("the staffer's secret")
    (out / "riverbend-ca").mkdir(parents=True)
    (out / "riverbend-ca" / "riverbend-ca_ice-out.html").symlink_to(secret)
    report = batch(out, make_zip=True)
    (failure,) = report.failures
    assert failure.jurisdiction == "riverbend-ca"
    assert "refusing to follow the symbolic link" in failure.error
    assert secret.read_text() == "the staffer's secret"
    for archive in out.glob("*/*.zip"):
        with zipfile.ZipFile(archive) as opened:
            assert all(b"secret" not in opened.read(name) for name in opened.namelist())
    assert not (out / "riverbend-ca" / "riverbend-ca.zip").exists()


def test_a_linked_journal_is_refused_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.jsonl"
    elsewhere.write_text("")
    (out / ".policykit-journal.jsonl").symlink_to(elsewhere)
    with pytest.raises(toolkit.PolicykitError, match="refusing to follow the symbolic link"):
        batch(out)
    assert elsewhere.read_text() == ""


def test_cleaning_does_not_follow_a_linked_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    precious = tmp_path / "precious"
    precious.mkdir()
    bait = precious / ".riverbend-ca_ice-out.html.abc123.part"
    bait.write_text("not policykit's")
    (out / "riverbend-ca").symlink_to(precious, target_is_directory=True)
    report = batch(out)
    assert bait.exists()
    assert any("symbolic link" in f.error for f in report.failures)


def test_a_link_loop_is_one_line_and_the_manifest_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "riverbend-ca").symlink_to(out / "riverbend-ca")
    report = batch(out)
    assert [f.jurisdiction for f in report.failures] == ["riverbend-ca"]
    assert "symbolic link" in report.failures[0].error
    assert (out / "manifest.csv").exists()


# --- a full disk --------------------------------------------------------------------------


def test_a_torn_journal_line_loses_no_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills during one journal write: that document fails, the next re-run is whole."""
    out = tmp_path / "out"
    real_write = os.write
    calls = {"count": 0}

    def short_once(handle: int, data: bytes) -> int:
        calls["count"] += 1
        if calls["count"] == 3:  # the third journal append is cut in half by a full disk
            return real_write(handle, data[: len(data) // 2])
        return real_write(handle, data)

    monkeypatch.setattr(journal.os, "write", short_once)
    first = batch(out)
    assert len(first.failures) == 1 and "the disk is full" in first.failures[0].error
    monkeypatch.setattr(journal.os, "write", real_write)
    second = batch(out)
    assert not second.failures
    assert {r.status for r in second.records} == {"done", "up-to-date"}
    assert second.count("done") == 1  # only the document whose write failed
    third = batch(out)
    assert {r.status for r in third.records} == {"up-to-date"}


def test_a_record_glued_to_a_torn_line_is_recovered(tmp_path: Path) -> None:
    """A worker's line cut short by a full disk, then another worker's whole line after it."""
    out = tmp_path / "out"
    batch(out)
    path = out / ".policykit-journal.jsonl"
    *earlier, last = path.read_text().splitlines()
    torn = last.replace("riverbend-ca", "never-renamed")[: len(last) // 2]
    path.write_text("\n".join([*earlier, torn + last]) + "\n")
    again = batch(out)
    assert {record.status for record in again.records} == {"up-to-date"}


def test_generate_writes_all_its_files_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    calls = {"count": 0}

    def full_on_second(handle: int) -> None:
        calls["count"] += 1
        if calls["count"] == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(handle)

    monkeypatch.setattr(atomic.os, "fsync", full_on_second)
    arguments = {"data": EXAMPLE_DATA, "templates": TEMPLATES, "out_dir": tmp_path}
    with pytest.raises(toolkit.PolicykitError, match="No space left on device"):
        toolkit.generate("ice-out", "riverbend-ca", formats=["html", "docx"], **arguments)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    result = toolkit.generate("ice-out", "riverbend-ca", formats=["html", "docx"], **arguments)
    assert len(result.written) == 2


# --- runaway layouts ----------------------------------------------------------------------


def test_a_flood_of_text_is_refused_before_layout(tmp_path: Path) -> None:
    templates = copy_templates(tmp_path)
    flood = '{% for i in range(20) %}<recital>{{ "word " * 1000 }}</recital>{% endfor %}'
    edit_ice_out(templates, "<recital>", flood + "<recital>")
    with pytest.raises(
        toolkit.TemplateError, match=r"has \d+ words, more than this policy's max_words"
    ):
        generate_ice_out(templates, tmp_path / "o")
    code = CliRunner().invoke(
        app, ["validate", "--data", str(EXAMPLE_DATA), "--templates", str(templates)]
    )
    assert code.exit_code == 1 and "max_words" in code.stderr


def test_the_layout_runs_within_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = toolkit.load_catalogue(TEMPLATES)
    city = toolkit.load_data(EXAMPLE_DATA).pick("riverbend-ca")
    document = toolkit.render(catalogue, toolkit.DocumentRequest("surveillance-oversight", city))
    monkeypatch.setattr("toolkit.limits.TIME_LIMIT_S", 0.001)
    with pytest.raises(
        toolkit.PolicykitError,
        match=r"writing PDF for 'riverbend-ca' \(surveillance-oversight\) stopped: it took longer than 0.001 seconds",
    ):
        toolkit.to_bytes(document, "pdf")


# --- input that used to give a traceback or a misleading answer ------------------------


def test_a_character_word_cannot_store_in_template_output_is_one_line(tmp_path: Path) -> None:
    templates = copy_templates(tmp_path)
    edit_ice_out(templates, "{% block title %}", "{% block title %}\ufffe")
    with pytest.raises(toolkit.TemplateError, match="character U\\+FFFE is not allowed"):
        generate_ice_out(templates, tmp_path / "o")


HEADER = "id,kind,name,state,body,presiding_officer.title,presiding_officer.name,clerk.title,clerk.name\n"
ROW = "a-ca,city,City of A,CA,City Council,Mayor,M A,City Clerk,C A\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            HEADER.replace("body,", "body,name,") + ROW,
            ":1: column 'name' appears twice in the header",
        ),
        (
            HEADER + 'b-ca,city,"City of B,CA,City Council,Mayor,M,Clerk,C\n' + ROW,
            ':2: a quote (") opened in this row is never closed',
        ),
        (
            HEADER.replace(",", ";") + ROW.replace(",", ";"),
            ":1: the file seems to use ';' between columns",
        ),
        (
            HEADER + "a-ca,city,City of A," + "x" * 140_000 + ",Council,M,M,C,C\n",
            ":2: a cell is longer than 128 KiB",
        ),
        (
            HEADER + ROW + ROW.replace("a-ca,city,City", "b-ca,city,City\x00"),
            ":3: column 15: a NUL byte (U+0000), which no text may hold",
        ),
    ],
)
def test_broken_spreadsheets_are_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "members.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(toolkit.DataError) as caught:
        toolkit.load_data(path)
    (problem,) = caught.value.problems
    assert str(problem).startswith(str(path) + message)


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        (
            "cp1252",
            ":2: byte 0xE9 is not UTF-8 (Latin-1 or Windows-1252 text?): save the file as UTF-8",
        ),
        ("utf-16", ":1: the file is UTF-16 text, not UTF-8: save the file as UTF-8"),
        ("utf-16-le", ":1: the file is UTF-16 text, not UTF-8: save the file as UTF-8"),
    ],
)
def test_a_file_in_another_encoding_says_how_to_save_it(
    tmp_path: Path, encoding: str, message: str
) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes((HEADER + ROW.replace("City of A", "Café")).encode(encoding))
    with pytest.raises(toolkit.DataError) as caught:
        toolkit.load_data(path)
    assert str(caught.value.problems[0]).startswith(str(path) + message)


@pytest.mark.parametrize("where", ["file", "under-file"])
def test_an_output_folder_that_cannot_be_is_one_line(tmp_path: Path, where: str) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    out = blocker if where == "file" else blocker / "out"
    result = CliRunner().invoke(
        app, ["batch", "ice-out", "--data", str(EXAMPLE_DATA), "--out", str(out), "-f", "html"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# --- output injection and smaller breaks --------------------------------------------------


def test_escape_sequences_in_an_id_are_shown_not_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["generate", "ice-out", "\x1b[2J\x1b]0;pwned\x07", "--data", str(EXAMPLE_DATA)]
    )
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\\u001b[2J" in result.stderr


def test_manifest_cells_cannot_run_as_spreadsheet_formulas(
    tmp_path: Path, write_data: Callable[[str], Path]
) -> None:
    bad = MINIMAL_CITY.replace("testville-ca", '=HYPERLINK("http://x")')
    out = tmp_path / "out"
    toolkit.run_batch(
        ["ice-out"], data=write_data(bad), templates=TEMPLATES, out_dir=out, formats=["html"]
    )
    with (out / "manifest.csv").open(encoding="utf-8") as stream:
        (row,) = list(csv.DictReader(stream))
    assert row["jurisdiction"].startswith("'=") or row["jurisdiction"] == "#1"
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row.values())


def test_leftover_manifest_temporaries_are_cleaned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".manifest.csv.x1y2z3.part").write_text("half a manifest")
    batch(out)
    assert not list(out.glob(".*.part"))


def test_more_workers_than_cores_are_capped_with_a_note(tmp_path: Path) -> None:
    report = batch(tmp_path / "out", jobs=64)
    cores = os.cpu_count() or 1
    assert f"64 workers asked for; using {cores}, one per core" in report.warnings


def test_validate_reports_progress_per_entry() -> None:
    seen: list[tuple[int, int]] = []
    toolkit.validate(
        data=EXAMPLE_DATA, templates=TEMPLATES, on_progress=lambda d, t: seen.append((d, t))
    )
    total = len(toolkit.load_data(EXAMPLE_DATA).jurisdictions)
    assert seen == [(n, total) for n in range(1, total + 1)]


def test_a_very_long_word_wraps_inside_the_pdf_page(
    tmp_path: Path, write_data: Callable[[str], Path]
) -> None:
    from pypdf import PdfReader

    data = write_data(MINIMAL_CITY + '    extra_recitals: ["' + "A" * 2000 + '"]\n')
    result = toolkit.generate(
        "ice-out", "testville-ca", data=data, templates=TEMPLATES, out_dir=tmp_path, formats=["pdf"]
    )
    runs: list[str] = []
    for page in PdfReader(result.written[0]).pages:
        page.extract_text(visitor_text=lambda text, *_: runs.append(text))
    pieces = [run for run in runs if "AAAA" in run]
    assert len(pieces) > 10 and max(len(piece.strip()) for piece in pieces) < 100


# --- found by the second hostile run ------------------------------------------------------


@pytest.mark.parametrize(
    "poison",
    [
        "{{ dict.update(terms, place='the POISONED PLACE') or '' }}",
        "{{ dict.pop(facts.immigration_reconciliation_2025, 'value', '') and '' }}",
        "{{ (2 ** 4000) // (3 ** 3000) }}",
    ],
)
def test_unbound_methods_and_huge_numbers_are_refused(tmp_path: Path, poison: str) -> None:
    templates = copy_templates(tmp_path)
    edit_ice_out(templates, "{% block title %}", "{% block title %}" + poison)
    with pytest.raises(toolkit.TemplateError, match="unsafe operation blocked by the sandbox"):
        generate_ice_out(templates, tmp_path / "o")


@pytest.mark.parametrize("planted", ["folder", "fifo"])
def test_a_journal_that_is_not_a_file_is_one_line_not_a_hang(tmp_path: Path, planted: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    journal_path = out / ".policykit-journal.jsonl"
    journal_path.mkdir() if planted == "folder" else os.mkfifo(journal_path)
    with pytest.raises(toolkit.PolicykitError, match="is in the way: it is not a regular file"):
        batch(out)


def test_records_glued_on_one_line_are_all_recovered(tmp_path: Path) -> None:
    out = tmp_path / "out"
    batch(out)
    path = out / ".policykit-journal.jsonl"
    text = path.read_text()
    path.write_text(text.replace("}\n{", "}{", 3) + '{"bytes": "x", "sha256": [1]}\n')
    again = batch(out)
    assert {record.status for record in again.records} == {"up-to-date"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("    short_name: " + "{a: " * 990 + "x" + "}" * 990 + "\n", "nested too deeply"),
        ('    short_name: "\\u3164\\u2063"\n', "must contain visible text"),
        ("    congressional_delegation: !!set {a, b}\n", "type tags such as"),
    ],
)
def test_more_hostile_values_are_one_line(
    write_data: Callable[[str], Path], extra: str, message: str
) -> None:
    with pytest.raises(toolkit.DataError, match=message):
        toolkit.load_data(write_data(MINIMAL_CITY + extra)).pick("testville-ca")


# --- found by the third hostile run -------------------------------------------------------


def test_a_template_linked_outside_the_folder_is_refused(tmp_path: Path) -> None:
    templates = copy_templates(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("CANARY-7F3A")
    (templates / "resolutions/ice-out/notes.j2").symlink_to(secret)
    include = "{% include 'resolutions/ice-out/notes.j2' %}"
    edit_ice_out(templates, "{% block title %}", "{% block title %}" + include)
    refused = "notes.j2: refused: this file leads outside the templates folder"
    with pytest.raises(toolkit.TemplateError, match=refused):
        generate_ice_out(templates, tmp_path / "o")
    assert not (tmp_path / "o").exists()
    code = CliRunner().invoke(
        app, ["validate", "--data", str(EXAMPLE_DATA), "--templates", str(templates)]
    )
    assert code.exit_code == 1 and refused in code.stderr
    assert "CANARY" not in code.stdout + code.stderr


@pytest.mark.parametrize(
    ("unclosed", "message"),
    [
        ("{% for i in range(30000) %}<zzz>{% endfor %}", "unknown tag <zzz>"),
        (
            "<recital>{% for i in range(30000) %}<blank>{% endfor %}</recital>",
            "tag <blank> inside <recital>",
        ),
    ],
)
def test_many_unclosed_tags_are_one_line_within_the_limit(
    tmp_path: Path, unclosed: str, message: str
) -> None:
    """The markup parser rescanned the rest of the text from each unclosed tag.

    30,000 of them kept it busy for about a minute, and 100,000 for an hour, in one search
    that the render's time limit cannot interrupt.
    """
    templates = copy_templates(tmp_path)
    edit_ice_out(templates, "{% block recitals %}", "{% block recitals %}" + unclosed)
    with pytest.raises(toolkit.TemplateError, match=message):
        generate_ice_out(templates, tmp_path / "o")


def test_the_markup_parse_runs_within_the_render_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = toolkit.load_catalogue(TEMPLATES)
    city = toolkit.load_data(EXAMPLE_DATA).pick("riverbend-ca")

    def overrun(markup: str) -> Iterator[object]:
        raise RenderLimitError  # as the watchdog delivers it, when the deadline passes
        yield markup

    monkeypatch.setattr("toolkit.templating.catalogue.parse", overrun)
    with pytest.raises(toolkit.TemplateError, match="rendering stopped: the template took longer"):
        toolkit.render(catalogue, toolkit.DocumentRequest("ice-out", city))


@pytest.mark.parametrize(
    "command",
    [["generate", "ice-out", "riverbend-ca"], ["batch", "ice-out", "--where", "id=riverbend-ca"]],
)
def test_escape_sequences_in_an_out_folder_are_shown_not_run(
    tmp_path: Path, command: list[str]
) -> None:
    """Click strips colour codes from output that is not a terminal, but not a title change."""
    out = tmp_path / "o\x1b]0;pwned\x07"
    result = CliRunner().invoke(
        app, [*command, "--data", str(EXAMPLE_DATA), "--out", str(out), "-f", "html"]
    )
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "o\\u001b]0;pwned\\u0007" in result.stdout


def test_a_file_where_a_jurisdiction_folder_goes_is_named(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "riverbend-ca").write_text("a file")
    report = batch(out)
    (failure,) = report.failures
    in_the_way = f"{out / 'riverbend-ca'} is in the way: it is a file where a folder goes"
    assert failure.jurisdiction == "riverbend-ca" and in_the_way in failure.error
    assert report.count("done") > 1


# --- left open by the third hostile run ---------------------------------------------------


@pytest.mark.parametrize("command", ["generate", "batch"])
def test_a_file_above_the_out_folder_is_named(tmp_path: Path, command: str) -> None:
    """mkdir's "Not a directory" did not say which file stands where a folder goes."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    out = blocker / "sub" / "out"
    with pytest.raises(toolkit.PolicykitError) as caught:
        if command == "batch":
            batch(out)
        else:
            toolkit.generate(
                "ice-out", "riverbend-ca", data=EXAMPLE_DATA, out_dir=out, formats=["html"]
            )
    assert str(caught.value) == (
        f"cannot create the output folder {out}: "
        f"{blocker} is in the way: it is a file where a folder goes"
    )


def test_manifest_json_escapes_what_a_terminal_would_run(tmp_path: Path) -> None:
    """json.dumps escapes C0 controls, but keeps C1 controls and direction overrides raw."""
    hostile = "\x9b31m\u202eevil"
    out = tmp_path / "out"
    members = tmp_path / "members.csv"
    members.write_text(f"id,kind,name\n{hostile},city,A\n", encoding="utf-8")
    batch(out, data=members)
    text = (out / "manifest.json").read_text(encoding="utf-8")
    assert "\x9b" not in text and "\u202e" not in text and "\\u009b31m\\u202eevil" in text
    assert hostile in {row["jurisdiction"] for row in json.loads(text)}  # the same data
    csv_text = (out / "manifest.csv").read_text(encoding="utf-8")
    assert "\x9b" not in csv_text and "\u202e" not in csv_text


def _statuses(report: toolkit.BatchReport) -> dict[str, str]:
    return {record.path: record.status for record in report.records}


@pytest.mark.parametrize("loss", ["deleted", "truncated"])
def test_files_whose_journal_records_were_lost_are_ours_not_hand_edits(
    tmp_path: Path, loss: str
) -> None:
    """Without its record, policykit's own file was called a hand edit and kept forever.

    Re-rendered and byte-identical, it is up to date and recorded again; a real edit is kept.
    """
    out = tmp_path / "out"
    first = batch(out)
    journal_path = out / journal.JOURNAL_NAME
    lines = journal_path.read_bytes().splitlines(keepends=True)
    edited = json.loads(lines[-1])["path"]
    if loss == "deleted":
        journal_path.unlink()
    else:
        journal_path.write_bytes(b"".join(lines[:2]) + lines[2][:40])
    with (out / edited).open("a", encoding="utf-8") as stream:
        stream.write("<!-- the clerk's note -->")
    expected = {path: "up-to-date" for path in _statuses(first)}
    expected[edited] = "kept"
    assert _statuses(batch(out)) == expected
    assert _statuses(batch(out)) == expected
    assert set(journal.read_journal(out).latest) == set(expected) - {edited}


def test_an_oversized_journal_line_is_skipped_with_one_warning(tmp_path: Path) -> None:
    """A 2 MB line of `{` cost a minute: JSON was decoded from every brace in it."""
    out = tmp_path / "out"
    first = batch(out)
    with (out / journal.JOURNAL_NAME).open("a", encoding="utf-8") as stream:
        stream.write("{" * 200_000 + "\n" + '{"a":' * 10_000 + "\n")
    again = batch(out)
    assert {record.status for record in again.records} == {"up-to-date"}
    assert len(again.records) == len(first.records)
    (warning,) = [w for w in again.warnings if journal.JOURNAL_NAME in w]
    assert "skipped 1 line(s) longer than 64 KiB" in warning


def test_a_record_is_found_however_hostile_the_rest_of_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only what is shaped like a record is decoded: a hostile line costs no JSON decoding.

    Decoding from every `{` made a line of them quadratic, and just under 64 KiB still slow.
    """
    record = journal.OutputRecord("a-ca", "ice-out", "1.0.0", "html", "a-ca/x.html", 3, "f")
    line = json.dumps(dataclasses.asdict(record), sort_keys=True)
    garbage = '{"bytes": ' * 3000 + '{"bytes": [' * 3000 + '{"a":' * 3000
    decodes = []
    real_decode = json.JSONDecoder.raw_decode

    def counted(self: json.JSONDecoder, text: str, idx: int = 0) -> tuple[object, int]:
        decodes.append(idx)
        return real_decode(self, text, idx)

    monkeypatch.setattr(json.JSONDecoder, "raw_decode", counted)
    assert list(journal._parse_records(garbage + line + garbage)) == [record]  # noqa: SLF001
    assert len(decodes) == 1


def test_a_policy_file_linked_outside_the_folder_is_refused(tmp_path: Path) -> None:
    """The loader's link check did not cover policy.yaml, read before any template."""
    templates = copy_templates(tmp_path)
    meta = templates / "resolutions/ice-out/policy.yaml"
    outside = tmp_path / "policy.yaml"
    outside.write_text(meta.read_text(encoding="utf-8").replace("title:", "title: CANARY", 1))
    meta.unlink()
    meta.symlink_to(outside)
    with pytest.raises(toolkit.TemplateError) as caught:
        toolkit.load_catalogue(templates)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{meta}: refused: this file leads outside the templates folder (a symbolic link?)"
    ]


def test_a_body_linked_outside_the_folder_is_refused_by_validate(tmp_path: Path) -> None:
    """Lint read body.j2 itself, around the loader, and so did the translation scan."""
    templates = copy_templates(tmp_path)
    body = templates / "resolutions/ice-out/body.j2"
    outside = tmp_path / "body.j2"
    outside.write_text(body.read_text(encoding="utf-8") + "{# CANARY #}{% endraw %}")
    body.unlink()
    body.symlink_to(outside)
    report = toolkit.validate(data=EXAMPLE_DATA, templates=templates)
    found = {str(problem) for problem in report.problems}
    refused = f"{body}: refused: this file leads outside the templates folder (a symbolic link?)"
    assert refused in found
    assert not any("syntax error" in problem or "CANARY" in problem for problem in found)


@pytest.mark.parametrize(
    ("shared", "part"),
    [
        ("_shared/facts.yaml", "draft"),
        ("_shared/states.yaml", "draft"),
        ("_shared/sources.yaml", "brief"),
        ("_shared/officials.yaml", "cover-letter"),
    ],
)
def test_shared_data_linked_outside_the_folder_is_refused(
    tmp_path: Path, shared: str, part: str
) -> None:
    """Shared data is printed into drafts and packets: a planted link must not carry a file in."""
    templates = copy_templates(tmp_path)
    path = templates / shared
    outside = tmp_path / path.name
    outside.write_text(path.read_text(encoding="utf-8") + "# CANARY\n", encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)
    catalogue = toolkit.load_catalogue(templates)
    city = toolkit.load_data(EXAMPLE_DATA).pick("riverbend-ca")
    recipient = "house-chair" if part == "cover-letter" else None
    request = toolkit.DocumentRequest("ice-out", city, part=part, recipient=recipient)
    with pytest.raises(toolkit.TemplateError) as caught:
        toolkit.render(catalogue, request)
    refused = f"{path}: refused: this file leads outside the templates folder (a symbolic link?)"
    assert refused in [str(problem) for problem in caught.value.problems]


def test_generate_after_a_lost_journal_knows_its_own_files(tmp_path: Path) -> None:
    """Without the journal, generate refused its own unchanged output as a hand edit."""
    out = tmp_path / "out"
    once = toolkit.generate("ice-out", "riverbend-ca", data=EXAMPLE_DATA, out_dir=out)
    (out / journal.JOURNAL_NAME).unlink()
    again = toolkit.generate("ice-out", "riverbend-ca", data=EXAMPLE_DATA, out_dir=out)
    assert again.written == [] and again.up_to_date == once.written
    (out / journal.JOURNAL_NAME).unlink()
    with once.written[0].open("ab") as stream:
        stream.write(b"the clerk's edit")
    with pytest.raises(ExistingFileError):
        toolkit.generate("ice-out", "riverbend-ca", data=EXAMPLE_DATA, out_dir=out)
