"""Campaign batches: YAML and CSV, filters, bad rows, manifests, resume, no-change re-runs, Ctrl-C."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from typer.testing import CliRunner

import toolkit.batch.run as batch_module
from toolkit.batch.run import BatchReport, run_batch
from toolkit.cli.app import app
from toolkit.data.loading import load_jurisdictions
from toolkit.templating.catalogue import Catalogue

from conftest import EXAMPLE_DATA, TEMPLATES

EXAMPLES = len(load_jurisdictions(EXAMPLE_DATA))
HEADER = (
    "id,kind,name,state,body,presiding_officer.title,presiding_officer.name,clerk.title,"
    "clerk.name\n"
)


def members_csv(path: Path, count: int, bad_rows: int = 0) -> Path:
    """A spreadsheet export with `count` valid cities and counties and some invalid rows."""
    rows = [HEADER]
    for n in range(count):
        kind, name, body = (
            ("city", f"City of Town {n}", "City Council")
            if n % 2 == 0
            else ("county", f"County of Shire {n}", "Board of Supervisors")
        )
        rows.append(f"place-{n:04d},{kind},{name},CA,{body},Mayor,Mayor {n},Clerk,Clerk {n}\n")
    for n in range(bad_rows):
        rows.append(f"bad-{n},city,City of Bad {n},QQ,City Council,Mayor,M,Clerk,C\n")
    path.write_text("".join(rows), encoding="utf-8")
    return path


def example_batch(out_dir: Path, **options: Any) -> BatchReport:
    """ICE OUT for every bundled example jurisdiction into `out_dir`."""
    return run_batch(
        ["ice-out"], data=EXAMPLE_DATA, templates=TEMPLATES, out_dir=out_dir, **options
    )


def manifest(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_yaml_batch_writes_per_jurisdiction_folders_and_manifests(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = example_batch(
        out,
        formats=["docx", "pdf"],
        jobs=2,
        make_zip=True,
    )
    assert not report.failures and report.count("done") == 2 * EXAMPLES
    rows = manifest(out)
    assert len(rows) == 2 * EXAMPLES and {r["status"] for r in rows} == {"done"}
    for row in rows:
        path = out / row["path"]
        data = path.read_bytes()
        assert path.parent.name == row["jurisdiction"]
        assert path.name == f"{row['jurisdiction']}_ice-out.{row['format']}"
        assert int(row["bytes"]) == len(data)
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["policy_version"] == "1.1.0"
    assert json.loads((out / "manifest.json").read_text()) == [
        {**r, "bytes": int(r["bytes"])} for r in rows
    ]
    with zipfile.ZipFile(out / "riverbend-ca" / "riverbend-ca.zip") as archive:
        assert archive.namelist() == ["riverbend-ca_ice-out.docx", "riverbend-ca_ice-out.pdf"]


def test_csv_with_bad_rows_and_filters(tmp_path: Path) -> None:
    data = members_csv(tmp_path / "members.csv", 6, bad_rows=2)
    out = tmp_path / "out"
    report = run_batch(
        ["ice-out"],
        data=data,
        templates=TEMPLATES,
        out_dir=out,
        formats=["html"],
        where=[("kind", "county")],
        jobs=1,
    )
    done = sorted(r.jurisdiction for r in report.records if r.status == "done")
    assert done == ["place-0001", "place-0003", "place-0005"]
    failures = report.failures
    assert [f.jurisdiction for f in failures] == ["bad-0", "bad-1"]
    assert "members.csv:8: entry 'bad-0', field 'state'" in failures[0].error


def test_policy_skipped_where_kind_does_not_apply(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    import shutil

    shutil.copytree(TEMPLATES, templates)
    meta = templates / "resolutions/ice-out/policy.yaml"
    meta.write_text(
        meta.read_text().replace(
            "kinds: [city, county, city_county, school_board]", "kinds: [city, county]"
        )
    )
    report = run_batch(
        ["ice-out"],
        data=EXAMPLE_DATA,
        templates=templates,
        out_dir=tmp_path / "o",
        formats=["html"],
        where=[("kind", "school_board")],
        jobs=1,
    )
    assert {r.status for r in report.records} == {"not-applicable"}
    assert report.records[0].error == "ice-out has no version for a school_board"


def test_no_change_rerun_renders_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    first = example_batch(
        out,
        formats=["html", "docx"],
        jobs=1,
    )
    rendered: list[str] = []
    original = Catalogue.render

    def counting(self, policy, jurisdiction, chosen=None, **kwargs):  # type: ignore[no-untyped-def]
        rendered.append(jurisdiction.id)
        return original(self, policy, jurisdiction, chosen, **kwargs)

    monkeypatch.setattr(Catalogue, "render", counting)
    second = example_batch(
        out,
        formats=["html", "docx"],
        jobs=1,
    )
    assert rendered == []
    assert second.count("up-to-date") == first.count("done") == 2 * EXAMPLES
    # A file someone edited is kept, never overwritten, unless --force says so.
    edited = out / "riverbend-ca" / "riverbend-ca_ice-out.html"
    edited.write_text("the clerk's own edits")
    third = example_batch(
        out,
        formats=["html", "docx"],
        jobs=1,
    )
    assert rendered == [] and edited.read_text() == "the clerk's own edits"
    kept = [r for r in third.records if r.status == "kept"]
    assert [(r.path, r.error) for r in kept] == [
        (
            "riverbend-ca/riverbend-ca_ice-out.html",
            "changed since policykit wrote it, so it was kept",
        )
    ]
    # A deleted file is re-rendered; --force re-renders everything.
    (out / "bayport-ca" / "bayport-ca_ice-out.docx").unlink()
    example_batch(
        out,
        formats=["html", "docx"],
        jobs=1,
    )
    assert rendered == ["bayport-ca"]
    example_batch(
        out,
        formats=["html", "docx"],
        jobs=1,
        force=True,
    )
    assert len(rendered) == 1 + EXAMPLES and edited.read_text() != "the clerk's own edits"


def test_batch_output_is_deterministic(tmp_path: Path) -> None:
    for run in ("a", "b"):
        example_batch(
            tmp_path / run,
            formats=["docx", "pdf"],
            jobs=2,
            make_zip=True,
        )
    assert (tmp_path / "a/manifest.csv").read_bytes() == (tmp_path / "b/manifest.csv").read_bytes()
    assert (tmp_path / "a/bayport-ca/bayport-ca.zip").read_bytes() == (
        tmp_path / "b/bayport-ca/bayport-ca.zip"
    ).read_bytes()


def test_cli_summary_and_exit_code(tmp_path: Path) -> None:
    data = members_csv(tmp_path / "members.csv", 2, bad_rows=1)
    result = CliRunner().invoke(
        app,
        [
            "batch",
            "ice-out",
            "--data",
            str(data),
            "--out",
            str(tmp_path / "out"),
            "-f",
            "html",
            "-j",
            "1",
        ],
    )
    assert result.exit_code == 1
    assert (
        "done: 2 document(s) (2 file(s)), skipped (up to date): 0 file(s), "
        "not applicable: 0, kept (edited by hand): 0, failed: 1"
    ) in result.stdout
    assert "failed: bad-0: " in result.stderr and "field 'state'" in result.stderr


CRASH_FORMATS = ("docx", "html")
"""Crash tests use the fast formats: what they prove (atomic files, journal, resume) is the same."""


def _start_batch(data: Path, out: Path) -> subprocess.Popen[str]:
    formats = [arg for fmt in CRASH_FORMATS for arg in ("-f", fmt)]
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "toolkit",
            "batch",
            "ice-out",
            "--data",
            str(data),
            "--out",
            str(out),
            "--templates",
            str(TEMPLATES),
            *formats,
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _finished_files(out: Path) -> list[Path]:
    """Output files in place under their final names (a journal line alone does not say that:
    it is written just before the rename)."""
    return [path for path in out.glob("*/*.*") if not path.name.startswith(".")]


def _wait_for_files(out: Path, count: int) -> list[Path]:
    deadline = time.monotonic() + 120  # a hang guard only: no test asserts on elapsed time
    while time.monotonic() < deadline:
        found = _finished_files(out)
        if len(found) >= count:
            return found
        time.sleep(0.02)
    raise AssertionError("the batch made no progress")


def _check_every_output_opens(out: Path, count: int) -> None:
    rows = manifest(out)
    assert len(rows) == len(CRASH_FORMATS) * count
    assert {r["status"] for r in rows} <= {"done", "up-to-date"}
    for row in rows:
        data = (out / row["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        if row["format"] == "docx":
            assert docx.Document(io.BytesIO(data)).paragraphs
        else:
            assert data.decode("utf-8").rstrip().endswith("</html>")
    assert not list(out.glob("*/.*.part"))


def _skipped(stdout: str) -> int:
    return int(stdout.split("skipped (up to date): ")[1].split()[0])


def test_kill_and_resume_leaves_nothing_corrupt(tmp_path: Path) -> None:
    data = members_csv(tmp_path / "members.csv", 40)
    out = tmp_path / "out"
    process = _start_batch(data, out)
    _wait_for_files(out, 6)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    finished = _finished_files(out)
    for path in finished:  # every file in place is complete
        if path.suffix == ".docx":
            docx.Document(path)
    resumed = subprocess.run(process.args, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert _skipped(resumed.stdout) >= len(finished) >= 6
    _check_every_output_opens(out, 40)


def test_ctrl_c_stops_and_says_how_to_resume(tmp_path: Path) -> None:
    data = members_csv(tmp_path / "members.csv", 80)
    out = tmp_path / "out"
    process = _start_batch(data, out)
    _wait_for_files(out, 4)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)  # a hang guard, not a speed check
    assert process.returncode == 130
    assert "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    assert len(manifest(out)) < len(CRASH_FORMATS) * 80  # it stopped before the end
    resumed = subprocess.run(process.args, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    _check_every_output_opens(out, 80)


ORIGINAL_RENDER_TASK = batch_module._render_task


def crash_on_bayport(task):  # type: ignore[no-untyped-def]
    """Stands in for a worker the kernel kills (module level, so it can be sent to a worker)."""
    if task.request.jurisdiction.id == "bayport-ca":
        os._exit(1)
    return ORIGINAL_RENDER_TASK(task)


def test_a_dying_worker_fails_only_its_own_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_module, "_render_task", crash_on_bayport)
    report = example_batch(
        tmp_path / "out",
        formats=["html"],
        jobs=2,
    )
    assert [(f.jurisdiction, f.error) for f in report.failures] == [
        ("bayport-ca", "a worker process died while rendering this document")
    ]
    assert report.count("done") == EXAMPLES - 1
    assert (tmp_path / "out" / "manifest.csv").exists()
    monkeypatch.setattr(batch_module, "_render_task", ORIGINAL_RENDER_TASK)
    rerun = example_batch(
        tmp_path / "out",
        formats=["html"],
        jobs=2,
    )
    assert not rerun.failures and rerun.count("done") == 1


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (
            [("kind", "city"), ("kind", "county")],
            {
                "riverbend-ca",
                "prairie-falls-il",
                "hudson-bend-ny",
                "mesquite-springs-tx",
                "north-star-mn",
                "sierra-alta-county-ca",
                "cascadia-county-wa",
                "cedar-sound-county-wa",
                "palo-seco-ca",
                "coquina-county-fl",
                "harpeth-falls-tn",
            },
        ),
        ([("kind", "city"), ("state", "ca")], {"riverbend-ca", "palo-seco-ca"}),
        ([("languages", "mixteco")], {"arroyo-verde-usd-ca"}),
        ([("clerk.name", "Marcus Bell")], {"riverbend-ca"}),
        ([("sheriff", "None")], set()),
        ([("strong_executive", "true")], {"bayport-ca"}),
    ],
)
def test_where_filters(where: list[tuple[str, str]], expected: set[str]) -> None:
    from toolkit.batch.run import parse_where

    matches = parse_where(where)
    assert {j.id for j in load_jurisdictions(EXAMPLE_DATA) if matches(j)} == expected


def test_where_rejects_unknown_fields() -> None:
    from toolkit.batch.run import parse_where
    from toolkit.errors import UsageError

    with pytest.raises(UsageError, match=r"filter on 'clerk.nme': no such field"):
        parse_where([("clerk.nme", "x")])


def test_no_change_rerun_does_not_even_load_the_pdf_renderer(tmp_path: Path) -> None:
    """Keeps a no-change re-run near Python's start-up time (issue 5: under 5% of a full run)."""
    example_batch(tmp_path, formats=["html"], jobs=1)
    probe = (
        "import sys; from pathlib import Path; from toolkit.batch.run import run_batch; "
        f"r = run_batch(['ice-out'], data=Path({str(EXAMPLE_DATA)!r}), "
        f"templates=Path({str(TEMPLATES)!r}), out_dir=Path({str(tmp_path)!r}), "
        "formats=['html']); "
        "print(r.count('up-to-date'), 'weasyprint' in sys.modules, 'docx' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [str(EXAMPLES), "False", "False"]


def test_zip_carries_the_hand_edited_file(tmp_path: Path) -> None:
    example_batch(tmp_path, formats=["html"], jobs=1, make_zip=True)
    edited = tmp_path / "riverbend-ca" / "riverbend-ca_ice-out.html"
    edited.write_text("the clerk's version")
    report = example_batch(tmp_path, formats=["html"], jobs=1, make_zip=True)
    (kept,) = [r for r in report.records if r.status == "kept"]
    assert kept.bytes == len("the clerk's version") and kept.sha256
    with zipfile.ZipFile(tmp_path / "riverbend-ca" / "riverbend-ca.zip") as archive:
        assert archive.read("riverbend-ca_ice-out.html") == b"the clerk's version"
