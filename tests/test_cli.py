"""The `policykit` command: output, exit codes, and one clear line per user error."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli.app import app

from conftest import EXAMPLE_DATA, MINIMAL_CITY, REPO, TEMPLATES

runner = CliRunner()


PROGRESS_LINE = re.compile(r"^\d+/\d+ (entries|documents), .*\n", re.MULTILINE)
"""Progress appears on stderr only when a run takes longer than a few seconds: timing, not
behaviour, so the tests below read stderr without it."""


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, PROGRESS_LINE.sub("", result.stderr)


def generate(out: Path, policy: str, jurisdiction: str, *args: str) -> tuple[int, str, str]:
    """`policykit generate` on the bundled examples into `out`."""
    return run(
        "generate", policy, jurisdiction, "--data", str(EXAMPLE_DATA), "--out", str(out), *args
    )


def test_list_shows_policies_and_jurisdictions() -> None:
    code, out, _ = run("list", "--data", str(EXAMPLE_DATA), "--templates", str(TEMPLATES))
    assert code == 0
    assert "ice-out" in out and "resolution" in out and "riverbend-ca" in out


def test_list_json_is_machine_readable() -> None:
    code, out, _ = run("list", "--json", "--data", str(EXAMPLE_DATA))
    listing = json.loads(out)
    ice_out = next(p for p in listing["policies"] if p["id"] == "ice-out")
    assert ice_out["kinds"] == ["city", "county", "city_county", "school_board"]
    assert ice_out["options"]["transmit"]["default"] is True
    assert {
        "id": "bayport-ca",
        "kind": "city_county",
        "name": "City and County of Bayport",
        "state": "CA",
    } in listing["jurisdictions"]


def test_generate_prints_the_paths_written(tmp_path: Path) -> None:
    code, out, _ = generate(
        tmp_path,
        "ice-out",
        "riverbend-ca",
        "-f",
        "html",
        "--option",
        "transmit=off",
        "--set",
        "clerk.name=Jo Substitute",
    )
    assert code == 0
    path = tmp_path / "riverbend-ca" / "riverbend-ca_ice-out.html"
    assert out.strip().splitlines()[0] == str(path)
    page = path.read_text()
    assert "Jo Substitute" in page and "directed to send copies" not in page


def test_texas_warning_goes_to_stderr(tmp_path: Path) -> None:
    code, _, err = generate(
        tmp_path,
        "surveillance-oversight",
        "mesquite-springs-tx",
        "-f",
        "html",
    )
    assert code == 0 and err.startswith("WARNING: LEGAL REVIEW REQUIRED")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generate", "nope", "riverbend-ca"], "error: unknown policy 'nope' (known: "),
        (["generate", "ice-out", "nowhere"], "error: unknown jurisdiction 'nowhere' (known: "),
        (
            ["generate", "ice-out", "riverbend-ca", "-f", "odt"],
            "error: unknown format 'odt'; expected one of: docx, pdf, html",
        ),
        (
            ["generate", "ice-out", "riverbend-ca", "--option", "masks=off"],
            "error: policy 'ice-out' has no option 'masks' (options: end-surges, ",
        ),
        (
            ["generate", "ice-out", "riverbend-ca", "--option", "transmit=maybe"],
            "error: --option transmit=maybe: expected on or off",
        ),
        (
            ["generate", "ice-out", "riverbend-ca", "--set", "state"],
            "error: --set 'state': expected NAME=VALUE",
        ),
        (
            ["generate", "ice-out", "riverbend-ca", "--set", "state=ZZ"],
            "error: --set state: expected a two-letter USPS state code",
        ),
    ],
)
def test_user_errors_are_one_line_exit_1_and_write_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    code, out, err = run(*args, "--data", str(EXAMPLE_DATA), "--out", str(tmp_path / "out"))
    assert code == 1
    assert err.startswith(message), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_bad_data_lists_every_problem(write_data: Callable[[str], Path], tmp_path: Path) -> None:
    path = write_data(
        MINIMAL_CITY.replace("state: CA", "state: XX")
        + MINIMAL_CITY.replace("testville-ca", "b-ca").replace("kind: city", "kind: x")
    )
    code, _, err = run("validate", "--data", str(path))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0] == (
        f"error: {path}:5: entry 'testville-ca', field 'state': expected a "
        "two-letter USPS state code such as CA, got 'XX'"
    )
    assert lines[1].startswith(f"error: {path}:10: entry 'b-ca', field 'kind': kind 'x' is unknown")
    assert lines[-1] == "0 document(s) rendered, 2 problem(s)"


def test_validate_passes_on_the_bundled_data_and_lists_placeholders() -> None:
    code, out, _ = run("validate", "--data", str(EXAMPLE_DATA), "--templates", str(TEMPLATES))
    assert code == 0
    assert "cascadia-county-wa: placeholders for the clerk to fill in" in out
    assert "  ice-out: number; status of fiscal year 2027 appropriations" in out
    assert out.strip().splitlines()[-1].endswith("0 problem(s)")


def test_python_dash_m_runs_from_any_folder(tmp_path: Path) -> None:
    """Outside the repository, the bundled templates and example data are used."""
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "ice-out" in result.stdout and "riverbend-ca" in result.stdout
    assert (REPO / "templates").is_dir()


def test_generate_never_overwrites_without_force(tmp_path: Path) -> None:
    args = (tmp_path, "ice-out", "riverbend-ca", "-f", "html", "-f", "docx")
    assert generate(*args)[0] == 0
    edited = tmp_path / "riverbend-ca" / "riverbend-ca_ice-out.docx"
    edited.write_bytes(b"the clerk's edits")
    code, _, err = generate(*args)
    assert code == 1
    assert err.strip() == (
        f"error: {edited} already exists and differs from what these inputs make (edited by "
        "hand, or made with other settings); nothing was written; pass --force to replace it"
    )
    assert edited.read_bytes() == b"the clerk's edits"
    assert generate(*args, "--force")[0] == 0
    assert edited.read_bytes() != b"the clerk's edits"


def test_output_folder_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    code, _, err = generate(
        blocker,
        "ice-out",
        "riverbend-ca",
        "-f",
        "html",
    )
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.strip() == f"error: cannot use {blocker} as the output folder: it is a file"


def test_validate_reports_unknown_policy_ids_in_data(write_data: Callable[[str], Path]) -> None:
    path = write_data(MINIMAL_CITY + "    numbers: {ice-outt: 2026-1}\n")
    code, _, err = run("validate", "--data", str(path))
    assert code == 1
    assert err.startswith(
        f"error: {path}: entry 'testville-ca', field 'numbers.ice-outt': "
        "no policy 'ice-outt' (policies: "
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["batch", "ice-out", "-j", "0"], "error: policykit batch: Invalid value for '--jobs'"),
        (["new-policy", "x"], "error: policykit new-policy: Missing option '--type'."),
        (["list", "--bogus"], "error: policykit list: No such option: --bogus"),
    ],
)
def test_command_line_mistakes_are_one_line_exit_1(args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", *args], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "sheriff=Someone",
            "error: --set sheriff: 'sheriff' is not a field of a city (it exists "
            "for: county, city_county)",
        ),
        (
            "languages=Spanish",
            "error: --set languages: a list cannot be set from one value; "
            "edit the jurisdictions file instead",
        ),
    ],
)
def test_set_explains_what_cannot_be_set(tmp_path: Path, setting: str, message: str) -> None:
    code, _, err = generate(
        tmp_path,
        "ice-out",
        "riverbend-ca",
        "--set",
        setting,
    )
    assert code == 1 and err.strip() == message


def test_new_policy_refuses_to_write_into_the_bundled_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run("new-policy", "x-policy", "--type", "resolution")
    assert code == 1 and err.startswith("error: no ./templates here")
    assert not (REPO / "templates" / "resolutions" / "x-policy").exists()
