"""Typed errors the library raises; the CLI turns each into one line on stderr.

Every error carries the file, the place in it and what was expected, because the people who read
them are clerks and staffers fixing a YAML file or a template, not programmers reading a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with user input, located as precisely as we can."""

    file: str
    """Empty for data that came from no file (a web form, a script's mapping)."""
    message: str
    line: int | None = None
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        who = []
        if self.entry:
            who.append(f"entry '{self.entry}'")
        if self.field:
            who.append(f"field '{self.field}'")
        subject = f"{', '.join(who)}: " if who else ""
        return f"{place}: {subject}{self.message}" if place else f"{subject}{self.message}"


class PolicykitError(Exception):
    """Base of every error a user can cause and fix; never a bug in the tool."""


class ProblemsError(PolicykitError):
    """Several problems found in one pass, reported together (like mkdocs does for its config)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DataError(ProblemsError):
    """The jurisdictions file (YAML or CSV) is unreadable or does not match the models."""


class TemplateError(ProblemsError):
    """A policy template or its metadata is broken, or failed to render for a jurisdiction."""


class NotFoundError(PolicykitError):
    """A policy or jurisdiction id that the user asked for does not exist."""


class UsageError(PolicykitError):
    """A request that cannot be carried out as asked.

    A malformed --option, --set or --where, an option the policy does not have, or a policy
    with no version for this kind of jurisdiction.
    """
