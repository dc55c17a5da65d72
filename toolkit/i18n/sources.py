"""What there is to translate: the English sources of each folder, by segment id.

Three kinds of folder each keep one catalog per language:

- a policy (`templates/<type>/<id>/`): the segments of `body.j2`, and from `policy.yaml` the title
  (`meta.title`), summary (`meta.summary`), option labels (`option.<name>`), talking points
  (`talking_points.1`...), hard questions (`questions.1.question`, `.answer`) and citations
  (`law.<STATE or default>.<key>`);
- `_layouts/`: the segments of every layout; an id may recur in several layouts (the vote block)
  as long as its English is the same, and is then translated once;
- `_shared/`: the clause words (`phrases.<key>`), the words by kind (`terms.<kind>.<key>`), the
  states' names, enacting clauses and warnings (`states.<CODE>.<key>`) and the figures that age
  (`facts.<name>.value`, `.source`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from toolkit.data.yamlfile import read_yaml
from toolkit.errors import Problem, ProblemsError, TemplateError
from toolkit.i18n.catalog import catalog_path
from toolkit.i18n.segments import Segment, scan, source_hash, untranslatable
from toolkit.templating.files import FACTS, LAYOUTS, SHARED, STATES, shared_file
from toolkit.templating.policies import Policy
from toolkit.templating.sandbox import read_confined

LAYOUTS_UNIT = LAYOUTS
SHARED_UNIT = SHARED


@dataclass(frozen=True)
class Source:
    """One piece of English to translate."""

    id: str
    english: str
    file: Path
    line: int | None
    jinja: bool
    """Jinja (segments, talking points, the footer) or plain text (titles, citations, terms)."""
    locations: tuple[str, ...] = ()
    """Where it is, as PO location comments: `body.j2:47`."""

    @property
    def hash(self) -> str:
        """The fingerprint a translation of it records."""
        return source_hash(self.english)

    @property
    def where(self) -> str:
        """`path:line` of the English, for messages."""
        return f"{self.file}:{self.line}" if self.line else str(self.file)


@dataclass
class Unit:
    """A folder's English sources, for one catalog per language."""

    name: str
    """The policy id, or `_layouts` / `_shared`."""
    folder: Path
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Broken segment tags, clashing ids: errors in every language."""
    untranslatable: list[Problem] = field(default_factory=list)
    """Text outside every segment."""
    complete: frozenset[str] = frozenset()
    """Languages this folder's documents promise to have in full (`languages:` in policy.yaml)."""
    templates: tuple[str, ...] = ()
    """Loader names of the Jinja files whose segments this unit holds."""

    def catalog(self, language: str) -> Path:
        """The unit's catalog file for `language`."""
        return catalog_path(self.folder, language)

    def add(self, source: Source) -> None:
        """Add a source; an id already used for other English is a problem."""
        known = self.sources.get(source.id)
        if known is None:
            self.sources[source.id] = source
        elif known.hash != source.hash:
            message = f"segment id '{source.id}' is already used for other English at {known.where}"
            self.problems.append(Problem(str(source.file), message, source.line))
        else:
            locations = (*known.locations, *source.locations)
            self.sources[source.id] = Source(
                known.id, known.english, known.file, known.line, known.jinja, locations
            )


def policy_unit(policy: Policy, env: jinja2.Environment) -> Unit:
    """The body's segments and the metadata's texts of one policy."""
    unit = Unit(
        policy.id,
        policy.folder,
        complete=frozenset(k for k, v in policy.meta.languages.items() if v == "complete"),
        templates=(policy.body_path().relative_to(policy.templates).as_posix(),),
    )
    _add_template(unit, env, policy.templates, policy.body_path())
    meta_file = policy.meta_path
    lines = _key_lines(policy.templates, meta_file)
    meta = policy.meta

    def add(seg_id: str, text: str, path: tuple[str | int, ...], jinja: bool = False) -> None:
        line = lines.get(path)
        location = (f"{meta_file.name}:{line}" if line else meta_file.name,)
        unit.add(Source(seg_id, text, meta_file, line, jinja, location))

    add("meta.title", meta.title, ("title",))
    add("meta.summary", meta.summary, ("summary",))
    if meta.does is not None:
        add("meta.does", meta.does, ("does",), jinja=True)
    for name, option in meta.options.items():
        add(f"option.{name}", option.label, ("options", name, "label"))
    for index, point in enumerate(meta.talking_points):
        add(f"talking_points.{index + 1}", point.text, ("talking_points", index), jinja=True)
    for index, qa in enumerate(meta.questions):
        for part in ("question", "answer"):
            path = ("questions", index, part)
            add(f"questions.{index + 1}.{part}", getattr(qa, part), path, jinja=True)
    for state, table in meta.law.items():
        for key, citation in table.items():
            add(f"law.{state}.{key}", citation, ("law", state, key))
    return unit


def layouts_unit(templates: Path, env: jinja2.Environment) -> Unit:
    """The segments of every layout (the frames and the brief)."""
    folder = templates / LAYOUTS
    paths = sorted(folder.glob("*.j2"))
    unit = Unit(
        LAYOUTS_UNIT, folder, templates=tuple(p.relative_to(templates).as_posix() for p in paths)
    )
    for path in paths:
        _add_template(unit, env, templates, path)
    return unit


def shared_unit(templates: Path) -> Unit:
    """Clause words, words by kind, states and facts."""
    unit = Unit(SHARED_UNIT, templates / SHARED)
    for stem in ("phrases", "terms"):
        path = templates / shared_file(stem, "en")
        for key_path, text, line in _strings(templates, path):
            jinja = key_path == ("footer",)
            _add_shared(unit, path, f"{stem}.{'.'.join(map(str, key_path))}", text, line, jinja)
    for relative, keys in ((STATES, None), (FACTS, ("value", "source"))):
        path = templates / relative
        stem = Path(relative).stem
        for key_path, text, line in _strings(templates, path):
            if keys is None or key_path[-1] in keys:
                seg_id = f"{stem}.{'.'.join(map(str, key_path))}"
                _add_shared(unit, path, seg_id, text, line, False)
    return unit


def _add_shared(
    unit: Unit, path: Path, seg_id: str, text: str, line: int | None, jinja: bool
) -> None:
    location = (f"{path.name}:{line}" if line else path.name,)
    unit.add(Source(seg_id, text, path, line, jinja, location))


def _add_template(unit: Unit, env: jinja2.Environment, templates: Path, path: Path) -> None:
    try:
        text = read_confined(templates, path)
    except TemplateError as exc:
        unit.problems.extend(exc.problems)
        return
    segments, problems = scan(text, str(path))
    unit.problems.extend(problems)
    unit.untranslatable.extend(untranslatable(env, text, str(path)))
    reserved = ("meta.", "option.", "talking_points.", "questions.", "law.")
    for segment in segments:
        if unit.name not in (LAYOUTS_UNIT, SHARED_UNIT) and segment.id.startswith(reserved):
            message = f"segment id '{segment.id}' starts with a prefix kept for policy.yaml texts"
            unit.problems.append(Problem(str(path), message, segment.line))
        unit.add(_from_segment(segment, path))


def _from_segment(segment: Segment, path: Path) -> Source:
    return Source(
        segment.id, segment.source, path, segment.line, True, (f"{path.name}:{segment.line}",)
    )


def _strings(
    templates: Path, path: Path
) -> Iterator[tuple[tuple[str | int, ...], str, int | None]]:
    """Every non-empty text value of a YAML file, with its key path and line."""
    try:
        data, root = read_yaml(read_confined(templates, path), str(path))
    except (OSError, ProblemsError):
        return  # reported where the file is loaded for rendering
    yield from _walk(data, root, ())


def _walk(
    data: Any, node: yaml.Node | None, path: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], str, int | None]]:
    if isinstance(data, dict) and isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            if key in data:
                line = key_node.start_mark.line + 1
                value = data[key]
                if isinstance(value, str):
                    if value.strip():
                        yield (*path, key), value, line
                else:
                    yield from _walk(value, value_node, (*path, key))
    elif isinstance(data, list) and isinstance(node, yaml.SequenceNode):
        for index, (value, child) in enumerate(zip(data, node.value, strict=False)):
            if isinstance(value, str) and value.strip():
                yield (*path, index), value, child.start_mark.line + 1
            else:
                yield from _walk(value, child, (*path, index))


def _key_lines(templates: Path, path: Path) -> dict[tuple[str | int, ...], int]:
    """Line of every key (and list item) of a YAML file, by key path."""
    lines: dict[tuple[str | int, ...], int] = {}
    try:
        _, root = read_yaml(read_confined(templates, path), str(path))
    except (OSError, ProblemsError):
        return lines

    def visit(node: yaml.Node | None, path: tuple[str | int, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                lines[(*path, key_node.value)] = key_node.start_mark.line + 1
                visit(value_node, (*path, key_node.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                lines[(*path, index)] = child.start_mark.line + 1
                visit(child, (*path, index))

    visit(root, ())
    return lines
