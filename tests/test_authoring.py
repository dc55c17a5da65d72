"""Staff add policies without Python: scaffold, validate (a linter with file:line), preview."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from toolkit.cli.app import app
from toolkit.templating.variables import describe

from conftest import EXAMPLE_DATA, REPO, TEMPLATES, docx_text

runner = CliRunner()


def _other_policies(folder: str, names: list[str]) -> list[str]:
    if Path(folder).name in ("resolutions", "ordinances"):
        return [name for name in names if name != "ice-out"]
    return []


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A staffer's folder: the templates and jurisdictions, as they would edit them."""
    # One policy is enough to lint, and keeps each validate run short: other policies are
    # linted once, by the catalogue tests.
    shutil.copytree(TEMPLATES, tmp_path / "templates", ignore=_other_policies)
    shutil.copy(EXAMPLE_DATA, tmp_path / "jurisdictions.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("doc_type", ["resolution", "ordinance"])
def test_scaffold_validate_generate(workspace: Path, doc_type: str) -> None:
    code, out, _ = cli("new-policy", "fair-workweek", "--type", doc_type, "--kinds", "city,county")
    folder = f"templates/{doc_type}s/fair-workweek"
    assert code == 0 and out.split() == [f"{folder}/policy.yaml", f"{folder}/body.j2"]
    code, out, err = cli("validate")
    assert code == 0, err
    assert (
        "  fair-workweek: number; number of days; date of adoption" in out
        or "  fair-workweek: number; chapter number; number of days; date of adoption" in out
    )
    code, out, _ = cli(
        "generate", "fair-workweek", "riverbend-ca", "-f", "docx", "--option", "report-back=off"
    )
    assert code == 0
    text = docx_text(
        (workspace / "out" / "riverbend-ca" / "riverbend-ca_fair-workweek.docx").read_bytes()
    )
    assert "CITY COUNCIL OF THE CITY OF RIVERBEND" in text
    assert "Model policy fair-workweek v0.1.0" in text
    assert "report back" not in text.lower()
    code, out, _ = cli("list")
    assert "fair-workweek" in out


def test_scaffold_never_overwrites(workspace: Path) -> None:
    code, _, err = cli("new-policy", "ice-out", "--type", "resolution")
    assert code == 1
    assert err.strip() == "error: templates/resolutions/ice-out already exists; nothing was written"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad_Id", "--type", "resolution"], "error: policy id 'Bad_Id': use lower-case letters"),
        (["x", "--type", "memo"], "error: type 'memo': expected one of: resolution, ordinance"),
        (["x", "--type", "resolution", "--kinds", "city,village"], "error: kinds: expected"),
    ],
)
def test_scaffold_rejects_bad_arguments(workspace: Path, args: list[str], message: str) -> None:
    code, _, err = cli("new-policy", *args)
    assert code == 1 and err.startswith(message)


def _break(workspace: Path, file: str, old: str, new: str) -> None:
    path = workspace / "templates/resolutions/ice-out" / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


BODY = "templates/resolutions/ice-out/body.j2"
META = "templates/resolutions/ice-out/policy.yaml"
DETENTION_LINE = next(  # where ice-out's policy.yaml declares the option, wherever it moves
    number
    for number, line in enumerate((REPO / META).read_text(encoding="utf-8").splitlines(), 1)
    if line.startswith("  detention:")
)


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "body.j2",
            "{{ j.short_name }}",
            "{{ j.short_nam }}",
            "{file}:{line}: 'j.short_nam' is not a field of any kind of jurisdiction",
        ),
        (
            "body.j2",
            "{{ terms.people }} of every",
            "{{ peoples }} of every",
            "{file}:{line}: unknown variable 'peoples'",
        ),
        (
            "body.j2",
            'options["end-surges"]',
            'options["end-surge"]',
            "{file}:{line}: option 'end-surge' is used but not declared in policy.yaml",
        ),
        (
            "body.j2",
            '{% if options["detention"] and not school %}',
            "{% if true %}",
            f"{META}:{DETENTION_LINE}: option 'detention' is declared but body.j2 never uses it",
        ),
        (
            "body.j2",
            "{{ j.short_name }} what",
            "{{ j.short_name } what",
            "{file}:{line}: syntax error: unexpected '}'",
        ),
        (
            "body.j2",
            '{% set school = kind == "school_board" %}',
            '{% set school = kind == "school" %}',
            "{file}:{line}: compares kind to 'school', which is not a kind",
        ),
        (
            "policy.yaml",
            "version: 1.1.0",
            "version: 1.1",
            "{file}:{line}: field 'version': expected a semantic version such as 1.0.0",
        ),
        (
            "policy.yaml",
            "type: resolution",
            "type: memo",
            "{file}:{line}: field 'type': unknown document type; expected one of: resolution, ordinance",
        ),
        (
            "policy.yaml",
            "summary:",
            "sumary:",
            "{file}:{line}: field 'sumary': unknown key (allowed: ",
        ),
        (
            "policy.yaml",
            "kinds: [city,",
            "kinds: [town,",
            "{file}:{line}: field 'kinds.0': unknown kind; expected one of: city, county",
        ),
        (
            "body.j2",
            "{{ law.funding }}",
            "{{ law.fundng }}",
            "{file}:{line}: 'law.fundng' is not in any state's table under `law:` in policy.yaml",
        ),
        (
            "body.j2",
            "{{ facts.immigration_reconciliation_2025.value }}",
            "{{ facts.dhs_2025.value }}",
            "{file}:{line}: 'facts.dhs_2025' is not in _shared/facts.yaml",
        ),
        (
            "policy.yaml",
            "Calls on Congress",
            "Calls on {{ j.name }} Congress",
            f"{META}:7: summary is plain text: template code works only in body.j2, does, "
            "talking_points and questions",
        ),
        (
            "body.j2",
            '<recital>{% seg "recital.committed-education-safety" %}\n{% if school %}',
            '<recitl>{% seg "recital.committed-education-safety" %}\n{% if school %}',
            "{file}:{line}: unknown tag <recitl>; known: enact, heading, item",
        ),
    ],
)
def test_validate_names_file_and_line_for_each_class_of_mistake(
    workspace: Path, file: str, old: str, new: str, expected: str
) -> None:
    """Each mistake is reported at the line where it was made (found by searching the edit)."""
    _break(workspace, file, old, new)
    path = f"templates/resolutions/ice-out/{file}"
    text = (workspace / path).read_text()
    line = text[: text.index(new)].count("\n") + 1
    code, _, err = cli("validate")
    assert code == 1
    lines = [line.removeprefix("error: ") for line in err.splitlines()]
    wanted = expected.replace("{file}", path).replace("{line}", str(line))
    assert any(reported.startswith(wanted) for reported in lines), (wanted, err)


def test_empty_section_is_reported(workspace: Path) -> None:
    _break(
        workspace,
        "body.j2",
        "{% block resolutions %}",
        "{% block resolutions %}<heading>Nothing here</heading>",
    )
    _break(
        workspace,
        "body.j2",
        '<resolved>{% seg "resolved.calls-congress-united" %}\nthat the {{ j.body }}',
        '<heading>Second</heading><resolved>{% seg "resolved.calls-congress-united" %}\nthat',
    )
    code, _, err = cli("validate")
    assert code == 1
    assert f"{BODY}: renders an empty section 'Nothing here' [sample city, default options]" in err


def test_undefined_variable_at_render_names_template_line_and_jurisdiction(
    workspace: Path,
) -> None:
    _break(workspace, "body.j2", "{{ j.short_name }}", "{{ j.sheriff }}")
    text = (workspace / BODY).read_text()
    line = text[: text.index("{{ j.sheriff }}")].count("\n") + 1
    code, _, err = cli("validate")
    assert code == 1
    assert (
        f"{BODY}:{line}: 'sheriff' does not exist here: a field this kind of jurisdiction "
        'lacks, or a misspelt key (test with `is defined`, or use .get("sheriff")) '
        "(for jurisdiction 'sample-city') [sample city, default options]"
    ) in err


def test_variables_lists_fields_per_kind() -> None:
    code, out, _ = cli("variables", "--kind", "school_board")
    assert code == 0
    assert "j.superintendent.name" in out and "j.sheriff" not in out
    assert "options" in out and "blank" in out
    code, _, err = cli("variables", "--kind", "village")
    assert code == 1 and "expected one of: city, county" in err


def test_authoring_guide_lists_the_current_variables() -> None:
    """docs/authoring.md embeds `policykit variables`; regenerate it when the models change."""
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert describe(None) in guide


def test_preview_shows_errors_in_the_page(workspace: Path) -> None:
    code, out, _ = cli("preview", "ice-out", "riverbend-ca")
    page = workspace / "out" / "riverbend-ca" / "riverbend-ca_ice-out.preview.html"
    assert code == 0 and out.strip() == f"preview: {page}"
    assert "CITY OF RIVERBEND" in page.read_text()
    _break(workspace, "body.j2", "{{ j.short_name }}", "{{ j.nope }}")
    code, out, err = cli("preview", "ice-out", "riverbend-ca")
    assert code == 1 and "error page" in out
    assert "&#x27;nope&#x27; does not exist here" in page.read_text()


def test_preview_watch_rerenders_on_save(workspace: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "preview", "ice-out", "riverbend-ca", "--watch"],
        cwd=workspace,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    page = workspace / "out" / "riverbend-ca" / "riverbend-ca_ice-out.preview.html"
    try:
        _wait_for(lambda: page.exists() and "RIVERBEND" in page.read_text())
        assert 'http-equiv="refresh"' in page.read_text()
        _break(workspace, "body.j2", "CALLING ON", "URGENTLY CALLING ON")
        _wait_for(lambda: "URGENTLY CALLING ON" in page.read_text())
        _break(workspace, "body.j2", "{{ j.short_name }}", "{{ j.nope }}")
        _wait_for(lambda: "could not be rendered" in page.read_text())
        assert process.poll() is None  # an error does not stop the watch
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "policy.yaml",
            "how {{ terms.place }} works",
            "how {{ terms.placez }} works",
            f"error: {META}: 'placez' does not exist here",
        ),
        (
            "policy.yaml",
            "how {{ terms.place }} works",
            "how {{ terms.place works",
            f"error: {META}: syntax error: ",
        ),
        (
            "body.j2",
            "{{ j.short_name }}",
            '{{ 3.5 | round(method="x") }}',
            f"error: {BODY}:22: error while rendering for jurisdiction",
        ),
    ],
)
def test_errors_in_talking_points_and_filters_are_reported_not_raised(
    workspace: Path, file: str, old: str, new: str, expected: str
) -> None:
    _break(workspace, file, old, new)
    code, _, err = cli("validate")
    assert code == 1 and "Traceback" not in err
    assert any(line.startswith(expected) for line in err.splitlines()), err


def test_blank_in_a_talking_point_is_a_placeholder_in_the_brief(workspace: Path) -> None:
    _break(
        workspace,
        "policy.yaml",
        "paid for with federal money:",  # the branch outside Texas, Florida and Tennessee
        "paid for with {{ blank('amount') }} of federal money:",
    )
    code, _, err = cli("generate", "ice-out", "riverbend-ca", "--brief", "-f", "html")
    assert code == 0, err
    page = (workspace / "out" / "riverbend-ca" / "riverbend-ca_ice-out_brief.html").read_text()
    assert '<span class="blank">[amount]</span>' in page and "&lt;blank&gt;" not in page
