"""Segments: the translatable clauses of a Jinja source, marked `{% seg "id" %}...{% endseg %}`.

A segment holds one clause of English Jinja (text, variables, `{% if %}`s) and nothing structural:
no block tag of the document markup and no Jinja block, macro or include, so that its translation
can replace it clause for clause. Its id is stable, unique in its file and human-readable
(`recital.fear`, `item.masks-and-id`). Text outside every segment cannot be translated, so it is
found here too (`untranslatable`): in a Spanish document it would be English, silently.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import jinja2

from toolkit.errors import Problem

SEGMENT_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
"""Lower-case letters, digits, dots, hyphens and underscores: `recital.fear`, `item.2`."""

_TAG = re.compile(r"\{%(?P<left>[-+]?)\s*(?P<name>seg|endseg)\b(?P<args>.*?)(?P<right>[-+]?)%\}")
_ID_ARGUMENT = re.compile(r'^\s*"(?P<id>[^"\\]*)"\s*$')
_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_STRUCTURAL = re.compile(
    r"\{%[-+]?\s*(block|endblock|extends|macro|endmacro|include|import|from|seg)\b"
)
_MARKUP = re.compile(r"</?[a-z]+\b|\b[a-z]+=\"|[<>\"]")
_LETTER = re.compile(r"[^\W\d_]")
_WORDS = re.compile(r"[^\W\d_]{2,}.*\s.*[^\W\d_]{2,}", re.DOTALL)


@dataclass(frozen=True)
class Segment:
    """One clause of a source file, as the English author wrote it."""

    id: str
    line: int
    """Line of the `{% seg %}` tag."""
    source: str
    """The English Jinja between the tags, as it renders (a newline after the tag dropped)."""


def source_hash(text: str) -> str:
    """The fingerprint a translation records of its English: white space does not count.

    Re-flowing a clause over other lines changes nothing a reader sees, so it does not make its
    translations stale; any other change does. 16 hex digits of SHA-256.
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def scan(text: str, file: str) -> tuple[list[Segment], list[Problem]]:
    """The segments of a Jinja source, in order, and every problem with their tags."""
    blanked = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
    segments: list[Segment] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    opened: tuple[str, int, re.Match[str]] | None = None
    for match in _TAG.finditer(blanked):
        line = blanked.count("\n", 0, match.start()) + 1
        if match["name"] == "seg":
            argument = _ID_ARGUMENT.fullmatch(match["args"])
            if opened is not None:
                problems.append(Problem(file, "segments do not nest: close the one above", line))
                continue
            if argument is None or not SEGMENT_ID.fullmatch(argument["id"]):
                message = (
                    "a segment needs an id in double quotes, of lower-case letters, digits, dots, "
                    'hyphens and underscores: {% seg "recital.fear" %}'
                )
                problems.append(Problem(file, message, line))
            opened = (argument["id"] if argument else "", line, match)
            continue
        if opened is None:
            problems.append(Problem(file, "{% endseg %} without a {% seg %} before it", line))
            continue
        seg_id, seg_line, start = opened
        opened = None
        if not SEGMENT_ID.fullmatch(seg_id):
            continue  # reported where it opened
        source = _as_rendered(blanked[start.end() : match.start()], start, match)
        structural = _STRUCTURAL.search(source)
        if structural:
            message = f"segment '{seg_id}' holds a {{% {structural[1]} %}}: keep it outside"
            problems.append(Problem(file, message, seg_line))
        if seg_id in seen:
            message = f"segment id '{seg_id}' is used twice in this file"
            problems.append(Problem(file, message, seg_line))
        seen.add(seg_id)
        segments.append(Segment(seg_id, seg_line, source))
    if opened is not None:
        problems.append(Problem(file, f"segment '{opened[0]}' is never closed", opened[1]))
    return segments, problems


def _as_rendered(source: str, start: re.Match[str], end: re.Match[str]) -> str:
    """The source with the white space Jinja's tag trimming removes, removed here too."""
    if start["right"] == "-":
        source = source.lstrip()
    elif source.startswith("\n"):
        source = source[1:]
    if end["left"] == "-":
        return source.rstrip()
    last_newline = source.rfind("\n")
    if last_newline >= 0 and not source[last_newline + 1 :].strip():
        return source[: last_newline + 1]
    return source


def untranslatable(env: jinja2.Environment, text: str, file: str) -> Iterator[Problem]:
    """Words outside every segment: template text, and quoted phrases such as blank labels.

    Markup tags and their attribute names are not words; quoted strings count when they hold
    two words or more (`"the Police Department"`, not `"school_board"`), or label a blank.
    """
    inside = False
    previous: list[str] = []
    try:
        tokens = list(env.lex(text))
    except jinja2.TemplateSyntaxError:
        return  # the syntax error itself is reported by whoever parses the template
    for line, kind, value in tokens:
        if kind == "whitespace":
            continue
        if kind == "name" and previous[-1:] == ["block_begin"] and value in ("seg", "endseg"):
            inside = value == "seg"
        elif not inside and kind == "data" and _LETTER.search(_MARKUP.sub(" ", value)):
            cleaned = _MARKUP.sub(lambda m: " " * len(m[0]), value)  # offsets stay put
            first = _LETTER.search(cleaned)
            offset = value[: first.start()].count("\n") if first else 0
            yield _outside(file, line + offset, " ".join(cleaned.split()))
        elif (
            not inside
            and kind == "string"
            and (_WORDS.search(value) or previous[-2:] == ["blank", "lparen"])
        ):
            yield _outside(file, line, value)
        previous.append(value if kind == "name" else kind)


def _outside(file: str, line: int, snippet: str) -> Problem:
    quoted = snippet if len(snippet) <= 40 else snippet[:37] + "..."
    message = (
        f"text outside any segment cannot be translated: {quoted!r} "
        '(wrap the clause in {% seg "id" %}...{% endseg %})'
    )
    return Problem(file, message, line)
