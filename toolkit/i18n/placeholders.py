"""What a translation must keep from its English: variables, tags, blanks and `{n}` slots.

A translator rewrites the words, not the machinery. Comparing the two sides finds a dropped
`{{ j.name }}`, a lost `{% endif %}`, a placeholder label that vanished or a stray markup tag
before any document is rendered. A translation chooses its own words from `terms` (Spanish needs
articles that English does not: `{{ terms.of_the_body }}`), may add filters that change case or
wording and may change the words inside quotes; it may not drop or add other data, change the
shape of its `{% %}` statements, or add a filter such as `|safe` that would let its words
open markup tags.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from jinja2 import nodes

from toolkit.i18n.localize import filters
from toolkit.languages import ENGLISH

_STATEMENT = re.compile(r"\{%[-+]?\s*([a-z_]+)")
_MARKUP_TAG = re.compile(r"</?[a-z]+\b")
_SLOT = re.compile(r"\{([a-z_]+)\}")
_GRAMMAR = "terms."
"""Words by kind, not data: a translation picks the ones its grammar needs (`of_place` where the
English says `place`), so they are neither required nor refused."""
WORDING_FILTERS = frozenset({"upper", "lower", "capitalize", "title", "trim", "replace"}) | set(
    filters(ENGLISH)
)
"""Filters a translation may add where the English has none: they change case or words, or are
policykit's own locale filters (dates, numbers, lists, contractions), and leave escaping alone.
Any other (`safe`, `xmlattr`, `tojson`...) could turn a translator's words into markup, so it is
refused unless the English uses it too."""


@dataclass(frozen=True)
class Signature:
    """The machinery of one piece of Jinja (or plain text), without its words."""

    variables: frozenset[str]
    statements: Counter[str]
    tags: Counter[str]
    blanks: int
    slots: frozenset[str]
    filters: frozenset[str]


def signature(source: str, *, jinja: bool = True) -> Signature:
    """The variables, statements, markup tags, blank() calls and `{slot}`s of `source`."""
    slots = frozenset(_SLOT.findall(source))
    if not jinja:
        return Signature(frozenset(), Counter(), Counter(), 0, slots, frozenset())
    return _jinja_signature(source, slots)


@lru_cache(maxsize=8192)
def _jinja_signature(source: str, slots: frozenset[str]) -> Signature:
    """Cached: `validate` compares every catalog entry, and the English rarely changes."""
    tree = _parser().parse(source)
    variables = frozenset(filter(None, (_path(node) for node in _lookups(tree))))
    blanks = sum(
        1
        for call in tree.find_all(nodes.Call)
        if isinstance(call.node, nodes.Name) and call.node.name == "blank"
    )
    text = "".join(data.data for data in tree.find_all(nodes.TemplateData))
    return Signature(
        variables,
        Counter(_STATEMENT.findall(source)),
        Counter(_MARKUP_TAG.findall(text)),
        blanks,
        slots,
        frozenset(_filters(tree)),
    )


def _filters(tree: nodes.Node) -> Iterator[str]:
    """Every filter applied, including one named to `map` (`map('safe')` applies `safe`)."""
    for node in tree.find_all(nodes.Filter):
        yield node.name
        if node.name == "map" and node.args and isinstance(node.args[0], nodes.Const):
            yield str(node.args[0].value)


def differences(english: str, translation: str, *, jinja: bool = True) -> list[str]:
    """What the translation lost or added, one message each; empty when it keeps everything."""
    if not jinja and ("{{" in translation or "{%" in translation):
        return ["holds template code, but this text is plain (no {{ }} or {% %})"]
    try:
        theirs = signature(translation, jinja=jinja)
    except jinja2.TemplateSyntaxError as exc:
        return [f"is not valid Jinja: {exc.message} (line {exc.lineno} of the translation)"]
    ours = signature(english, jinja=jinja)
    found: list[str] = []
    for name in sorted(ours.variables - theirs.variables):
        if not name.startswith(_GRAMMAR):
            found.append(f"drops {{{{ {name} }}}}")
    for name in sorted(theirs.variables - ours.variables):
        if not name.startswith(_GRAMMAR):
            found.append(f"uses {{{{ {name} }}}}, which the English does not")
    if ours.statements != theirs.statements:
        found.append(
            f"changes the {{% %}} statements: the English has {_counts(ours.statements)}, "
            f"the translation {_counts(theirs.statements)}"
        )
    if ours.tags != theirs.tags:
        found.append(
            f"changes the markup tags: the English has {_counts(ours.tags)}, "
            f"the translation {_counts(theirs.tags)}"
        )
    if ours.blanks != theirs.blanks:
        found.append(
            f"has {theirs.blanks} blank(...) placeholder(s) where the English has {ours.blanks}"
        )
    for slot in sorted(ours.slots - theirs.slots):
        found.append(f"drops the {{{slot}}} slot")
    for slot in sorted(theirs.slots - ours.slots):
        found.append(f"adds a {{{slot}}} slot the English does not fill")
    for name in sorted(theirs.filters - ours.filters - WORDING_FILTERS):
        found.append(
            f"uses the filter |{name}, which the English does not: a translation may add only "
            "filters of case and wording"
        )
    return found


@lru_cache(maxsize=1)
def _parser() -> jinja2.Environment:
    """Parsing needs the syntax only: the template settings and the segment tag, no sandbox."""
    from toolkit.i18n.runtime import SegmentExtension

    return jinja2.Environment(
        trim_blocks=True, lstrip_blocks=True, extensions=[SegmentExtension], autoescape=True
    )


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} x{count}" for name, count in sorted(counter.items())) or "none"


def _lookups(tree: nodes.Node) -> list[nodes.Node]:
    """The outermost name, attribute and item lookups: `j.clerk.title`, not also `j.clerk`."""
    found: list[nodes.Node] = []
    inner: set[int] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        if id(node) in inner:
            continue
        found.append(node)
        target = node
        while isinstance(target, (nodes.Getattr, nodes.Getitem)):
            target = target.node
            inner.add(id(target))
    return found


def _path(node: nodes.Node) -> str | None:
    """`j.clerk.title` for a lookup chain; slices and computed keys end the path."""
    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                parts.append(node.arg.value)
            else:
                parts.clear()  # j.languages[-1], j.languages[:-1]: the list itself
            node = node.node
        elif isinstance(node, nodes.Name):
            if node.ctx != "load":
                return None
            return ".".join([node.name, *reversed(parts)])
        else:
            return None
