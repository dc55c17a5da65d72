"""Every claim in the packet cites its sources by key: the table, the citations, and the checks.

A talking point or an answer to a hard question lists keys under `sources:` in `policy.yaml`; a
layout cites inline with `{{ cite("key") }}`. Each key names an entry of `_shared/sources.yaml`
(what was read, its date, whether it was seen in the primary text), and `validate` fails on a key
that names nothing, so no claim can quietly lose its source. The documents print `[1]` where a
claim is made and the numbered sources, with their dates, at the end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from babel.dates import format_skeleton
from jinja2 import Environment, TemplateSyntaxError, nodes
from pydantic import StringConstraints, ValidationError

from toolkit.data.models import SLUG_PATTERN, Strict, Text
from toolkit.data.yamlfile import read_yaml
from toolkit.errors import Problem, ProblemsError, TemplateError
from toolkit.i18n.localize import long_date
from toolkit.languages import Language
from toolkit.templating.files import LAYOUTS, SHARED
from toolkit.templating.policies import Policy, key_line
from toolkit.templating.sandbox import confined_stamp

SOURCES = f"{SHARED}/sources.yaml"
"""The table of sources every claim cites, by key."""

_KEY = re.compile(SLUG_PATTERN)
SourceDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
"""`2025-09-20`, or `2013-05` or `2014` when only the month or the year is known."""


class Source(Strict):
    """One source: how it is cited, the date of the fact or document, and how it was checked."""

    cite: Text
    date: SourceDate | None = None
    """Left out when no date was seen: a date is never guessed."""
    status: Literal["checked", "secondary"]
    """checked: seen in the primary text (or a verbatim copy); secondary: only in reporting."""
    note: Text | None = None
    """What a claim may and may not say on this source; never printed."""


@lru_cache(maxsize=8)
def _read(path: Path, _stamp: tuple[int, int]) -> dict[str, Source]:
    file = str(path)
    try:
        data, _ = read_yaml(path.read_text(encoding="utf-8"), file)
    except FileNotFoundError:
        raise TemplateError([Problem(file, "the sources table is missing")]) from None
    except ProblemsError as exc:
        raise TemplateError(exc.problems) from None
    if not isinstance(data, dict):
        raise TemplateError([Problem(file, "expected a mapping of source keys", 1)])
    table: dict[str, Source] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        line = key_line(path, str(key))
        try:
            table[_check_key(str(key))] = Source.model_validate(value)
        except (ValidationError, ValueError) as exc:
            problems.append(Problem(file, f"source '{key}': {_first_error(exc)}", line))
    if problems:
        raise TemplateError(problems)
    return table


def load_sources(templates: Path) -> dict[str, Source]:
    """The sources table of a templates folder, read again only when the file changes."""
    return _read(*confined_stamp(templates, SOURCES, "the sources table is missing"))


def _check_key(key: str) -> str:
    if not _KEY.fullmatch(key):
        raise ValueError("a source key is lower-case letters, digits and hyphens")
    return key


def _first_error(exc: ValidationError | ValueError) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in error["loc"])
        return f"{where}: {error['msg']}" if where else str(error["msg"])
    return str(exc)


def source_date(value: str | None, language: Language) -> str:
    """A source's date as a reader writes it: 'September 20, 2025', 'May 2013', '2014', or ''."""
    if value is None:
        return ""
    if len(value) == 10:
        return long_date(value, language) or value
    if len(value) == 7:
        month = dt.date.fromisoformat(f"{value}-01")
        return str(format_skeleton("yMMMM", month, locale=language.locale))
    return value


@dataclass
class Citations:
    """One document's citations: `cite` numbers each source on first use; `cited` lists them."""

    table: Mapping[str, Source]
    language: Language
    _order: dict[str, int] = field(default_factory=dict)

    def cite(self, *keys: str | list[str] | tuple[str, ...]) -> str:
        """`[1]`, `[1, 3]`: the numbers of these sources in the document's list of sources."""
        numbers = []
        for key in _flatten(keys):
            if key not in self.table:
                raise LookupError(f"no source '{key}' in {SOURCES}")
            numbers.append(self._order.setdefault(key, len(self._order) + 1))
        if not numbers:
            return ""
        return "[" + ", ".join(str(n) for n in sorted(set(numbers))) + "]"

    def cited(self) -> list[dict[str, str]]:
        """The sources cited so far, in the order of their numbers."""
        listed = []
        for key in self._order:
            source = self.table[key]
            cite, date = source.cite, _date_unless_cited(source, self.language)
            if date and cite.endswith(")"):
                # A citation that closes with its own parenthetical takes the date inside it:
                # "(Laws of Minnesota 2024, ch. 118; January 1, 2025)", never "(...) (...)".
                cite, date = f"{cite[:-1]}; {date})", ""
            listed.append({"key": key, "cite": cite, "date": date, "status": source.status})
        return listed


def _date_unless_cited(source: Source, language: Language) -> str:
    """The source's date, unless the citation already gives it.

    That is: the date itself, the year of a date known only to the year or month ("(UIC, 2013)"
    for 2013-05), or the year in the closing parenthesis of a case ("521 U.S. 898 (1997)").
    """
    if source.date is None:
        return ""
    written = source_date(source.date, language)
    year = source.date[:4]
    closing = re.search(r"\(([^()]*)\)\s*(?:\([^()]*\))?$", source.cite)
    if (
        written in source.cite
        or (len(source.date) < 10 and year in source.cite)
        or (closing is not None and year in closing.group(1))
    ):
        return ""
    return written


def _flatten(keys: tuple[object, ...]) -> Iterator[str]:
    for key in keys:
        if isinstance(key, (list, tuple)):
            yield from _flatten(tuple(key))
        else:
            yield str(key)


def policy_claim_problems(templates: Path, env: Environment, policy: Policy) -> list[Problem]:
    """Talking points and answers citing a source key that names nothing in the sources table.

    A claim cites under `sources:` or inline, with `{{ cite("key") }}` in its text.
    """
    try:
        table = load_sources(templates)
    except TemplateError:
        return []  # reported once, by `layout_claim_problems`
    meta = policy.meta
    claims = [
        (f"talking point {n}", p.sources, [p.text]) for n, p in enumerate(meta.talking_points, 1)
    ]
    claims += [
        (f"question {n}", q.sources, [q.question, q.answer])
        for n, q in enumerate(meta.questions, 1)
    ]
    problems = []
    for label, listed, texts in claims:
        keys = [*listed, *(key for text in texts for key in _cited_in(env, text))]
        for key in dict.fromkeys(keys):
            if key not in table:
                problems.append(
                    Problem(
                        str(policy.meta_path),
                        f"{label} cites source '{key}', which is not in {SOURCES}",
                        _line_of(policy.meta_path, key),
                    )
                )
    return problems


def _cited_in(env: Environment, text: str) -> Iterator[str]:
    """The keys a text cites inline; a text that does not parse is reported when it renders."""
    try:
        tree = env.parse(text)
    except TemplateSyntaxError:
        return
    yield from _cite_keys(tree)


def _cite_keys(tree: nodes.Template) -> Iterator[str]:
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "cite":
            yield from _constant_keys(call.args)


def layout_claim_problems(templates: Path, env: Environment) -> list[Problem]:
    """The sources table itself, and every `cite("key")` in a layout whose key names nothing."""
    try:
        table = load_sources(templates)
    except TemplateError as exc:
        return list(exc.problems)
    problems = []
    for path in sorted((templates / LAYOUTS).glob("*.j2")):
        try:
            tree = env.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except TemplateSyntaxError:
            continue  # reported where the layout is rendered
        for call in tree.find_all(nodes.Call):
            if not (isinstance(call.node, nodes.Name) and call.node.name == "cite"):
                continue
            for key in _constant_keys(call.args):
                if key not in table:
                    message = f"cites source '{key}', which is not in {SOURCES}"
                    problems.append(Problem(str(path), message, call.lineno))
    return problems


def _constant_keys(args: list[nodes.Expr]) -> Iterator[str]:
    for arg in args:
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            yield arg.value
        elif isinstance(arg, (nodes.List, nodes.Tuple)):
            yield from _constant_keys(list(arg.items))


def _line_of(path: Path, key: str) -> int | None:
    """The first line of `path` that names `key` as a list item or inside a list."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if (
            stripped in (f"- {key}", key)
            or f"[{key}" in line
            or f" {key}," in line
            or (f" {key}]" in line)
        ):
            return number
    return None
