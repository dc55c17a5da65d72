"""Parse the tagged text that templates render into a `Document`'s blocks.

A template is Jinja with autoescaping, so every value that comes from data arrives HTML-escaped:
a jurisdiction named `<recital>` or `&` can never open a tag. Only the small set of tags below is
recognized; everything between them is text that is unescaped back to what the user wrote.

    <number>RESOLUTION NO. {{ number }}</number>
    <recital>the City is home to ...</recital>
    <resolved>that the Council ...</resolved>
    <item>end enforcement surges;</item>
    <section>Definitions</section>   (numbered for you: "SECTION 2. Definitions.")
    <signature label="ATTEST:" name="..." title="City Clerk"></signature>
    inline: <blank>date of adoption</blank> marks a placeholder for the clerk, and
    <field name="number">...</field> a fill-in that repeats (one Word field in a DOCX)
    any block may say keep="1": it stays on one page with the block after it
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.document.model import ROLES, Role, Run
from toolkit.i18n.localize import FALLBACK_END, FALLBACK_START, unmarked

BLOCK_TAGS: frozenset[str] = frozenset(ROLES)
_START = re.compile(r"<(?P<tag>[a-z]+)(?P<attrs>(?:\s+[a-z]+=\"[^\"<>]*\")*)\s*>")
"""A block's opening tag; its body runs to the first closing tag of the same name."""
_ATTR = re.compile(r'([a-z]+)="([^"]*)"')
_BLANK = re.compile(r"<blank>([^<]*)</blank>")
"""A label is plain text (data arrives escaped). `.*?` would rescan the rest of the text from
each of many unclosed `<blank>`s, and a template printing 100,000 of them would not finish."""
_FIELD = re.compile(r'<field name="([a-z_]+)">|</field>')
_INLINE = re.compile(
    rf'{_BLANK.pattern}|<field name="([a-z_]+)">|</field>|{FALLBACK_START}|{FALLBACK_END}'
)
_SPACE = re.compile(r"\s+")


class MarkupError(ValueError):
    """Rendered text that is not valid markup; carries the line in the rendered output."""

    def __init__(self, message: str, line: int, tag: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.tag = tag
        """The offending tag as written, so the caller can find it in the template source."""


@dataclass(frozen=True)
class RawBlock:
    """A tag as found in the rendered text, before leads and punctuation are applied."""

    role: Role
    runs: tuple[Run, ...]
    attrs: dict[str, str]


def parse(rendered: str) -> Iterator[RawBlock]:
    """Split rendered markup into blocks; stray text outside a known tag is an error.

    Linear in the length of the text: a template decides how many tags it prints, and the
    render's time limit cannot interrupt one long regular-expression search. An opening tag
    that is never closed ends the blocks; the gap check then reports it.
    """
    position = 0
    while (start := _START.search(rendered, position)) is not None:
        tag = start["tag"]
        end = rendered.find(f"</{tag}>", start.end())
        if end < 0:
            break
        _check_gap(rendered, position, start.start())
        position = end + len(tag) + 3
        if tag not in BLOCK_TAGS:
            raise MarkupError(
                f"unknown tag <{tag}>; known: {', '.join(sorted(BLOCK_TAGS))}",
                _line_at(rendered, start.start()),
                f"<{tag}",
            )
        body = rendered[start.end() : end]
        nested = _OPENING.search(_FIELD.sub("", _BLANK.sub("", body)))
        if nested:  # data arrives escaped, so a raw tag here was written in the template
            raise MarkupError(
                f"tag <{nested[1]}{nested[2]}> inside <{tag}>: tags do not nest",
                _line_at(rendered, start.end() + nested.start()),
            )
        attrs = {k: _clean(v) for k, v in _ATTR.findall(start["attrs"])}
        yield RawBlock(role=tag, runs=tuple(_runs(body)), attrs=attrs)  # type: ignore[arg-type]
    _check_gap(rendered, position, len(rendered))


_OPENING = re.compile(r"<(/?)([a-z]+)\b")


def _check_gap(rendered: str, start: int, end: int) -> None:
    gap = rendered[start:end]
    for match in _OPENING.finditer(gap):
        line = _line_at(rendered, start + match.start())
        if match[2] not in BLOCK_TAGS:
            known = ", ".join(sorted(BLOCK_TAGS))
            raise MarkupError(f"unknown tag <{match[1]}{match[2]}>; known: {known}", line, match[0])
        raise MarkupError(f"tag <{match[1]}{match[2]}> is not closed or not opened", line)
    if gap.strip():
        offset = start + len(gap) - len(gap.lstrip())
        snippet = _clean(gap)[:60]
        raise MarkupError(f"text outside any block tag: {snippet!r}", _line_at(rendered, offset))


def _runs(body: str) -> Iterator[Run]:
    position = 0
    fallback = False
    field = ""
    pieces: list[Run] = []
    for match in _INLINE.finditer(body):
        pieces.append(Run(body[position : match.start()], fallback=fallback, field=field))
        if match[0] in (FALLBACK_START, FALLBACK_END):
            fallback = match[0] == FALLBACK_START
        elif match[0] == "</field>":
            field = ""
        elif match[2]:
            field = match[2]
        else:
            blank = f"[{match[1].strip()}]"
            pieces.append(Run(blank, blank=True, fallback=fallback, field=field))
        position = match.end()
    pieces.append(Run(body[position:], fallback=fallback))
    yield from _normalize(pieces)


def _normalize(pieces: list[Run]) -> Iterator[Run]:
    """Fold white space across runs (templates wrap lines freely) and drop empty runs.

    Adjacent pieces of the same kind become one run: a translated clause and English standing
    in for a missing one are kept apart, so that only the English is marked; so are a field and
    the text around it.
    """
    runs: list[Run] = []
    for piece in pieces:
        text = _SPACE.sub(" ", piece.text)
        if text.startswith(" ") and (not runs or runs[-1].text.endswith(" ")):
            text = text[1:]
        if not text:
            continue
        last = runs[-1] if runs else None
        if (
            last is not None
            and not piece.blank
            and not last.blank
            and (last.fallback, last.field) == (piece.fallback, piece.field)
        ):
            runs[-1] = Run(last.text + text, fallback=piece.fallback, field=piece.field)
        else:
            runs.append(Run(text, blank=piece.blank, fallback=piece.fallback, field=piece.field))
    if runs and runs[-1].text.endswith(" "):
        last = runs[-1]
        runs[-1] = Run(last.text.rstrip(" "), last.blank, last.fallback, last.field)
    for run in runs:
        if run.text:
            yield Run(html.unescape(run.text), run.blank, run.fallback, run.field)


def _clean(text: str) -> str:
    return html.unescape(_SPACE.sub(" ", unmarked(text)).strip())


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
