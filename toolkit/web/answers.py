"""Answers files (one jurisdiction entry, as `policykit generate --data FILE` reads it) and saving.

"Download answers" writes the entry the form describes; "Load answers" reads one back; "Save to
data file" puts the entry into the server's jurisdictions file. A save edits the file's text in
place (the entry with the same id is replaced, or a new one is appended), so every other entry and
every comment stays exactly as the staff wrote them; the previous file is kept as `<name>.bak`,
and both are written atomically.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from toolkit.data.entries import validate_entry
from toolkit.data.models import JurisdictionBase
from toolkit.data.yamlfile import read_yaml
from toolkit.errors import PolicykitError, ProblemsError
from toolkit.output.atomic import write_atomic

MAX_ANSWERS = 256 * 1024
"""Largest answers file accepted: one entry is a few kilobytes."""
MAX_DEPTH = 8
"""Deepest nesting accepted in an entry; its own fields go 4 deep (`translations.es.terms.x`).
The form is built from the entry by recursion, which a file nested 990 deep would exhaust."""
_LIST_KEY = "jurisdictions"
_TRAILING_COMMENT = re.compile(r"[ \t]*(#[^\n]*)?")


class AnswersError(PolicykitError):
    """An uploaded answers file cannot be read as one jurisdiction entry."""


class SaveError(PolicykitError):
    """The data file cannot take the entry (it is broken, or written in a form we cannot edit)."""


class _IndentedDumper(yaml.SafeDumper):
    """Lists indented under their key, as the bundled examples write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        """Never indentless: `- ` sits two spaces in from its key."""
        super().increase_indent(flow, False)


class _Inline(dict[str, Any]):
    """A small group of plain values, written on one line: `clerk: {title: ..., name: ...}`."""


_IndentedDumper.add_representer(
    _Inline, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, True)
)


def _styled(value: Any, depth: int = 0) -> Any:
    """Nested groups of a few short plain values inline, like the examples; the rest in blocks."""
    if isinstance(value, Mapping):
        items = {str(key): _styled(item, depth + 1) for key, item in value.items()}
        plain = all(not isinstance(item, (Mapping, list)) for item in items.values())
        short = sum(len(f"{key}{item}") for key, item in items.items()) <= 60
        return _Inline(items) if depth > 0 and plain and short and len(items) <= 3 else items
    if isinstance(value, list):
        return [_styled(item, depth + 1) for item in value]
    return value


def _dump(data: Any) -> str:
    return yaml.dump(
        _styled(data), Dumper=_IndentedDumper, sort_keys=False, allow_unicode=True, width=100
    )


def entry_yaml(entry: Mapping[str, Any]) -> str:
    """One entry as a block mapping, keys in the models' order."""
    return _dump(dict(entry))


def answers_document(entry: Mapping[str, Any], header: str) -> bytes:
    """A jurisdictions file holding `entry` alone, under `header` (comment lines)."""
    body = _dump({_LIST_KEY: [dict(entry)]})
    comment = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return (comment + body).encode("utf-8")


def saved_entry(jurisdiction: JurisdictionBase) -> dict[str, Any]:
    """What a file says about a valid jurisdiction: every field that differs from its default."""
    return jurisdiction.model_dump(mode="json", exclude_defaults=True)


def read_answers(payload: bytes) -> dict[str, Any]:
    """The one entry of an uploaded answers file, as typed (validated later, like a form)."""
    if len(payload) > MAX_ANSWERS:
        raise AnswersError(f"the file is larger than {MAX_ANSWERS // 1024} KiB")
    try:
        text = payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersError(
            "the file is not UTF-8 text (save it as YAML from a text editor)"
        ) from None
    try:
        data, _ = read_yaml(text, "answers file")
    except ProblemsError as exc:
        raise AnswersError("; ".join(str(problem) for problem in exc.problems)) from None
    entries = data.get(_LIST_KEY) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise AnswersError("expected a jurisdictions file: a top-level 'jurisdictions:' list")
    if len(entries) != 1:
        raise AnswersError(
            f"expected exactly one jurisdiction entry, found {len(entries)}: load one at a time"
        )
    if not isinstance(entries[0], dict):
        raise AnswersError("the entry is not a mapping of fields (id: ..., kind: ..., ...)")
    entry: dict[str, Any] = entries[0]
    if _too_deep(entry, MAX_DEPTH):
        raise AnswersError("values are nested too deeply")
    _, problems = validate_entry(entry)
    if problems and problems[0][0] == ("kind",):  # without a kind there is no form to show
        raise AnswersError(problems[0][1])
    return entry


def _too_deep(value: Any, levels: int) -> bool:
    """True if mappings and lists nest more than `levels` deep; never looks further down."""
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list):
        return False
    return levels == 0 or any(_too_deep(item, levels - 1) for item in value)


@dataclass(frozen=True)
class Saved:
    """What a save did."""

    path: Path
    backup: Path | None
    """The previous file, kept; None when the file was new."""
    replaced: bool
    """True if an entry with this id was replaced, False if the entry was added."""


def save_entry(path: Path, jurisdiction: JurisdictionBase) -> Saved:
    """Put the jurisdiction into the YAML file at `path`, keeping everything else as it was."""
    existed = path.is_file()
    try:
        old = path.read_text(encoding="utf-8") if existed else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise SaveError(f"cannot read {path}: {exc}") from None
    new, replaced = _upsert(old or f"{_LIST_KEY}:\n", str(path), jurisdiction)
    backup = path.with_name(path.name + ".bak") if existed else None
    if backup is not None:
        write_atomic(backup, old.encode("utf-8"))
    write_atomic(path, new.encode("utf-8"))
    return Saved(path, backup, replaced)


def _upsert(text: str, file: str, jurisdiction: JurisdictionBase) -> tuple[str, bool]:
    try:
        data, root = read_yaml(text, file)
    except ProblemsError as exc:
        raise SaveError(f"the data file has a problem to fix first: {exc.problems[0]}") from None
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        raise SaveError(f"{file} is not a jurisdictions file (no top-level 'jurisdictions:')")
    node = next((value for key, value in root.value if key.value == _LIST_KEY), None)
    if node is None:
        raise SaveError(f"{file} is not a jurisdictions file (no top-level 'jurisdictions:')")
    block = entry_yaml(saved_entry(jurisdiction)).rstrip("\n").split("\n")
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        new, replaced = _replace_or_append(text, node, jurisdiction.id, block)
    elif (isinstance(node, yaml.SequenceNode) and not node.value) or _is_null(node):
        start, end = node.start_mark.index, node.end_mark.index
        new = text[:start].rstrip(" ") + "\n" + _item(block, dash=2) + text[end:]
        replaced = False
    else:
        raise SaveError(f"{file}: 'jurisdictions' is not a list of entries, one per '- ' line")
    _check(new, file, jurisdiction)
    return new, replaced


def _replace_or_append(
    text: str, node: yaml.SequenceNode, jid: str, block: list[str]
) -> tuple[str, bool]:
    for item in node.value:
        if isinstance(item, yaml.MappingNode) and _id_of(item) == jid:
            start, end = item.start_mark.index, _content_end(text, item)
            lines = [block[0], *(" " * item.start_mark.column + line for line in block[1:])]
            return text[:start] + "\n".join(lines) + text[end:], True
    last = node.value[-1]
    end = _content_end(text, last)
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    found = text.find("-", line_start, last.start_mark.index)  # the new dash goes where theirs is
    dash = found - line_start if found >= 0 else max(last.start_mark.column - 2, 0)
    return text[:end] + "\n\n" + _item(block, dash=dash) + text[end:], False


def _item(block: list[str], *, dash: int) -> str:
    """`- first line` with the dash at column `dash` and the other lines indented under it."""
    first = " " * dash + "- " + block[0]
    return "\n".join([first, *(" " * (dash + 2) + line for line in block[1:])])


def _id_of(node: yaml.MappingNode) -> str | None:
    for key, value in node.value:
        if key.value == "id" and isinstance(value, yaml.ScalarNode):
            return str(value.value).strip()
    return None


def _content_end(text: str, node: yaml.Node) -> int:
    """Where a node's own text ends: before the blank lines and comments a block carries."""
    while (
        isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        and node.value
        and not (node.flow_style)
    ):
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = node.end_mark.index
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1
    trailing = _TRAILING_COMMENT.match(text, end)
    return trailing.end() if trailing else end


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null", "Null", "NULL")


def _check(text: str, file: str, jurisdiction: JurisdictionBase) -> None:
    """The new text must read back with the entry exactly as saved; else nothing is written."""
    try:
        data, _ = read_yaml(text, file)
    except ProblemsError as exc:  # pragma: no cover - a bug in the edit above
        raise SaveError(f"saving would break {file}: {exc}") from None
    matches = [e for e in data[_LIST_KEY] if isinstance(e, dict) and e.get("id") == jurisdiction.id]
    found = validate_entry(matches[0])[0] if len(matches) == 1 else None
    if found != jurisdiction:  # pragma: no cover - a bug in the edit above
        raise SaveError(f"saving would not keep the entry '{jurisdiction.id}' intact in {file}")
