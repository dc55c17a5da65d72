"""What every command shares: option types, one-line errors with hints, NAME=VALUE parsing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from toolkit.api import ExistingFileError
from toolkit.charset import printable
from toolkit.errors import DataError, PolicykitError, Problem, ProblemsError, UsageError
from toolkit.languages import LANGUAGES
from toolkit.writers import FORMATS

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="Jurisdictions file (YAML or CSV). Default: ./jurisdictions.yaml, else the examples.",
    ),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        metavar="DIR",
        help="Templates folder. Default: ./templates, else the bundled ones.",
    ),
]
FormatOption = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-f",
        metavar="|".join(FORMATS),
        help="Output format; repeat for several. Default: docx and pdf.",
    ),
]
OutOption = Annotated[Path, typer.Option("--out", metavar="DIR", help="Output folder.")]
LANGUAGE_CODES = "|".join(LANGUAGES)


def say(line: str) -> None:
    """One line on stdout, shown as `stderr` shows it: it may hold a path or a name the user typed.

    An `--out` folder whose name holds a terminal escape sequence would otherwise run it.
    """
    typer.echo(printable(line))


def stderr(message: str) -> None:
    """One red line on stderr; what a user typed is shown, never executed by the terminal."""
    typer.secho(printable(message), fg=typer.colors.RED, err=True)


def warn(message: str) -> None:
    """One yellow WARNING line on stderr."""
    typer.secho(printable(f"WARNING: {message}"), fg=typer.colors.YELLOW, err=True)


@contextmanager
def user_errors(set_flag: str = "") -> Iterator[None]:
    """Turn library errors into one red line each and exit 1: no traceback for user mistakes.

    `set_flag` names the flag whose values became fields without a file (`--set`), so a
    problem in one of them reads `--set clerk.name: ...`.
    """
    try:
        yield
    except ProblemsError as exc:
        for problem in exc.problems:
            stderr(f"error: {_with_hint(problem, exc, set_flag)}")
        raise typer.Exit(1) from None
    except ExistingFileError as exc:
        stderr(f"error: {exc}; pass --force to replace it")
        raise typer.Exit(1) from None
    except PolicykitError as exc:
        stderr(f"error: {exc}")
        raise typer.Exit(1) from None
    except OSError as exc:  # a file named on the command line that cannot be read or written
        stderr(f"error: {exc.filename or 'a file'}: {exc.strerror or exc}")
        raise typer.Exit(1) from None


def _with_hint(problem: Problem, exc: ProblemsError, set_flag: str) -> str:
    text = str(problem)
    if isinstance(exc, DataError) and not problem.file and problem.field and set_flag:
        return f"{set_flag} {problem.field}: {problem.message}"
    if isinstance(exc, DataError) and text.endswith("file not found"):
        return f"{text} (pass --data PATH)"
    return text


@contextmanager
def interrupted_before_start() -> Iterator[None]:
    """Ctrl-C outside the rendering loop (reading input, writing manifests): exit 130, no trace."""
    try:
        yield
    except KeyboardInterrupt:
        stderr("Interrupted. Finished files are kept; run the same command again to resume.")
        raise typer.Exit(130) from None


def parse_switches(values: list[str] | None) -> dict[str, bool]:
    """`--option NAME=on|off` pairs as a dict."""
    switches: dict[str, bool] = {}
    for name, value in parse_pairs(values, "--option").items():
        lowered = value.lower()
        if lowered not in {"on", "off", "true", "false", "yes", "no"}:
            raise UsageError(f"--option {name}={value}: expected on or off")
        switches[name] = lowered in {"on", "true", "yes"}
    return switches


def parse_pair_list(values: list[str] | None, flag: str) -> list[tuple[str, str]]:
    """`NAME=VALUE` pairs in order (names may repeat), with a clear error for a missing '='."""
    pairs: list[tuple[str, str]] = []
    for item in values or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{flag} {item!r}: expected NAME=VALUE")
        pairs.append((name.strip(), value.strip()))
    return pairs


def parse_pairs(values: list[str] | None, flag: str) -> dict[str, str]:
    """`NAME=VALUE` pairs as a dict: the last value of a repeated name wins."""
    return dict(parse_pair_list(values, flag))
