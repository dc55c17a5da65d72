"""Load jurisdictions from YAML or a spreadsheet's CSV export, reporting every problem at once.

Each entry is validated on its own so that one bad entry never hides another, and every problem
names the file, the line, the entry id and the field path (see `errors.Problem`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from toolkit.data.csvfile import decode_text, read_csv
from toolkit.data.entries import RawEntry, field_path, validate_entry
from toolkit.data.models import JurisdictionBase
from toolkit.data.yamlfile import read_yaml
from toolkit.errors import DataError, NotFoundError, Problem, ProblemsError


@dataclass(frozen=True)
class LoadResult:
    """Valid jurisdictions plus the problems of the invalid ones (batches go on without them)."""

    jurisdictions: list[JurisdictionBase]
    problems: list[Problem]

    def pick(self, jurisdiction_id: str) -> JurisdictionBase:
        """The entry `jurisdiction_id`, valid; a bad entry elsewhere in the file does not matter.

        Raises the entry's own problems if it is invalid, or `NotFoundError` naming a few ids.
        """
        for jurisdiction in self.jurisdictions:
            if jurisdiction.id == jurisdiction_id:
                return jurisdiction
        own = [problem for problem in self.problems if problem.entry == jurisdiction_id]
        if own:
            raise DataError(own)
        ids = [j.id for j in self.jurisdictions]
        known = ", ".join(ids[:8]) + (", ..." if len(ids) > 8 else "")
        raise NotFoundError(f"unknown jurisdiction '{jurisdiction_id}' (known: {known or 'none'})")

    def problems_elsewhere(self, jurisdiction_id: str) -> list[Problem]:
        """Problems of entries other than `jurisdiction_id`: warnings when generating just it."""
        return [problem for problem in self.problems if problem.entry != jurisdiction_id]


def load_jurisdictions(path: Path) -> list[JurisdictionBase]:
    """Load and validate every jurisdiction in `path`; raise `DataError` listing all problems."""
    result = read_jurisdictions(path)
    if result.problems:
        raise DataError(result.problems)
    return result.jurisdictions


def read_jurisdictions(path: Path) -> LoadResult:
    """Load what is valid and collect what is not, so a batch can report bad rows and go on."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem(str(path), "file not found")]) from None
    except OSError as exc:
        raise DataError([Problem(str(path), f"cannot read the file: {exc.strerror}")]) from None
    is_csv = path.suffix.lower() == ".csv"
    text = decode_text(data, str(path), spreadsheet=is_csv)
    try:
        raw = read_csv(text, str(path)) if is_csv else _read_yaml(path, text)
        return _validate(str(path), raw)
    except RecursionError:  # a value nested hundreds of levels deep
        raise DataError([Problem(str(path), "values are nested too deeply")]) from None


def _validate(file: str, raw: Sequence[RawEntry]) -> LoadResult:
    valid: list[JurisdictionBase] = []
    problems: list[Problem] = []
    seen: dict[str, int | None] = {}
    for index, entry in enumerate(raw):
        label = _entry_label(entry.data, index)
        if entry.error:
            problems.append(Problem(file, entry.error, entry.line, entry.data or label))
            continue
        jurisdiction, entry_problems = validate_entry(entry.data)
        if jurisdiction is None:
            problems.extend(
                Problem(file, message, _line_of(entry, loc), label, field_path(loc))
                for loc, message in entry_problems
            )
            continue
        if jurisdiction.id in seen:
            first = seen[jurisdiction.id]
            where = f" (first defined at line {first})" if first else ""
            problems.append(Problem(file, f"duplicate id{where}", entry.line, label, "id"))
            continue
        seen[jurisdiction.id] = entry.line
        valid.append(jurisdiction)
    return LoadResult(valid, problems)


def _entry_label(data: Any, index: int) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"].strip():
        return str(data["id"])
    return f"#{index + 1}"


def _line_of(entry: RawEntry, loc: tuple[str | int, ...]) -> int | None:
    for depth in range(len(loc), 0, -1):
        if loc[:depth] in entry.lines:
            return entry.lines[loc[:depth]]
    return entry.line


def _read_yaml(path: Path, text: str) -> list[RawEntry]:
    try:
        data, root = read_yaml(text, str(path))
    except ProblemsError as exc:
        raise DataError(exc.problems) from None
    if not isinstance(data, dict) or "jurisdictions" not in data:
        raise DataError([Problem(str(path), "expected a top-level 'jurisdictions:' list", 1)])
    unknown = sorted(str(key) for key in data if key != "jurisdictions")
    if unknown:
        raise DataError([Problem(str(path), f"unknown top-level key(s): {', '.join(unknown)}", 1)])
    entries = data["jurisdictions"]
    if not isinstance(entries, list):
        raise DataError([Problem(str(path), "'jurisdictions' must be a list of entries", 1)])
    assert isinstance(root, yaml.MappingNode)
    list_node = next(value for key, value in root.value if key.value == "jurisdictions")
    nodes = list_node.value if isinstance(list_node, yaml.SequenceNode) else []
    return [
        RawEntry(item, node.start_mark.line + 1, _node_lines(node, ()))
        for item, node in zip(entries, nodes, strict=True)
    ]


def _node_lines(node: yaml.Node, prefix: tuple[str | int, ...]) -> dict[tuple[str | int, ...], int]:
    lines: dict[tuple[str | int, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            here = (*prefix, str(key.value))
            lines[here] = key.start_mark.line + 1
            lines.update(_node_lines(value, here))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            here = (*prefix, index)
            lines[here] = value.start_mark.line + 1
            lines.update(_node_lines(value, here))
    return lines
