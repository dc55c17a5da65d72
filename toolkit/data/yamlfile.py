"""Read YAML written by people, safely: one-line errors with lines, no aliases, no duplicate keys.

Every scalar stays the text that was typed (only an empty value or `null` is None): YAML 1.1 would
read `041` as 33, `07` as 7, `2026:41` as 121601 and `no` as False. The models convert text to a
date, a number or a yes/no where a field's type asks for one, and can then say which field is
wrong. Anchors and aliases are refused (a few lines of them can expand into gigabytes), and a key
written twice is an error rather than a silent "last one wins".
"""

from __future__ import annotations

from typing import Any

import yaml

from toolkit.errors import Problem, ProblemsError

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader when PyYAML has it: about five times faster on a large campaign file."""


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """The safe loader resolving nothing but null: every other plain scalar stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(text: str, file: str) -> tuple[Any, yaml.Node | None]:
    """The data and its node tree (for line numbers); raises `ProblemsError` with one problem."""
    loader = _Loader(text)
    try:
        _refuse_aliases(text, file)
        root = loader.get_single_node()
        if root is not None:
            _check_duplicate_keys(root, file)
        return (loader.construct_document(root) if root is not None else None), root
    except yaml.YAMLError as exc:
        raise ProblemsError([yaml_problem(file, exc)]) from None
    except ValueError as exc:
        raise ProblemsError([Problem(file, f"invalid value: {exc}")]) from None
    finally:
        loader.dispose()


def _refuse_aliases(text: str, file: str) -> None:
    """Refuse aliases, and explicit tags (`!!set`, `!!binary`): a set has no stable order."""
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            message = "anchors and aliases (& and *) are not supported: write each value out"
            raise ProblemsError([Problem(file, message, line)])
        tag = getattr(event, "tag", None)
        if tag and tag != "!":
            message = f"type tags such as {tag} are not supported: write plain values and lists"
            raise ProblemsError([Problem(file, message, line)])


def yaml_problem(file: str, exc: Exception) -> Problem:
    """One line for a YAML syntax error: PyYAML's own message spans several lines."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if reason.startswith("mapping values are not allowed"):
        reason += " (a value that contains ': ' must be put in quotes: key: \"a: b\")"
    return Problem(file, f"invalid YAML: {reason}", line)


def _check_duplicate_keys(node: yaml.Node, file: str) -> None:
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                name = str(key.value)
                if name in seen:
                    line = key.start_mark.line + 1
                    raise ProblemsError([Problem(file, f"key '{name}' is written twice", line)])
                seen.add(name)
                pending.append(value)
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
