"""Turn parsed markup blocks into a `Document`: leads, clause punctuation and metadata.

Recital and resolution punctuation is applied here rather than typed in templates, so switching a
clause off never leaves a dangling '; and' behind. The words themselves ('WHEREAS,', 'BE IT
FURTHER RESOLVED') come from the phrases file, so a translation changes them without code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from toolkit.document.markup import RawBlock
from toolkit.document.model import Block, Document, Provenance, Run
from toolkit.i18n.localize import unmarked

_CHAINED = ("recital", "resolved")
_ABBREVIATION = re.compile(r"(\bet seq|\bInc|\bCorp|\bCo|\bLtd|\bal|\betc|\bNo|\b[A-Z])\.$")
"""A final period that belongs to an abbreviation ('et seq.', 'Inc.', 'U.S.') is kept."""


def assemble(
    raw_blocks: Iterable[RawBlock],
    *,
    phrases: dict[str, str],
    provenance: Provenance,
    subject: str,
    language: str,
    margin_in: float,
    fallbacks: tuple[str, ...] = (),
    unreviewed: int = 0,
    notice: str = "",
) -> Document:
    """Build the document; the title and number come from their blocks."""
    raw = _in_series(list(raw_blocks), phrases)
    phrases = {key: unmarked(text) for key, text in phrases.items()}
    subject = unmarked(subject)
    blocks = _kept_together(raw, tuple(_with_leads(raw, phrases)))
    title = next((b.text for b in blocks if b.role == "title"), subject)
    number = next((b.text for b in blocks if b.role == "number"), "")
    return Document(
        title=title,
        subject=subject,
        number=number,
        language=language,
        blocks=blocks,
        provenance=provenance,
        margin_in=margin_in,
        page_label=(phrases["page"], phrases["page_of"]),
        keywords=(provenance.policy_id, f"v{provenance.policy_version}"),
        fallbacks=fallbacks,
        unreviewed=unreviewed,
        notice=notice,
    )


def _with_leads(raw: Sequence[RawBlock], phrases: dict[str, str]) -> Iterable[Block]:
    resolved_seen = False
    section_number = 0
    for index, block in enumerate(raw):
        if block.role == "part":
            resolved_seen = False
            section_number = 0
        if block.role == "section":
            section_number += 1
            lead = phrases["section_lead"].replace("{n}", str(section_number))
            runs = _punctuate(block.runs, ".") if block.runs else block.runs
            yield Block(role="heading", runs=runs, lead=lead)
            continue
        if block.role == "signature":
            yield Block(
                role="signature",
                runs=block.runs,
                label=block.attrs.get("label", ""),
                signer=(block.attrs.get("name", ""), block.attrs.get("title", "")),
            )
            continue
        lead = ""
        runs = block.runs
        if block.role in _CHAINED:
            last = _last_in_chain(raw, index)
            if block.role == "recital":
                lead = phrases["recital_lead"]
                runs = _punctuate(runs, phrases["recital_end" if last else "recital_join"])
            else:
                lead = phrases["resolved_further" if resolved_seen else "resolved_first"]
                resolved_seen = True
                runs = _punctuate(runs, phrases["resolved_end" if last else "resolved_join"])
        yield Block(role=block.role, runs=runs, lead=lead)


_TEXT_ROLES = frozenset({"recital", "resolved", "enact", "para", "item", "heading", "section"})


def _kept_together(raw: Sequence[RawBlock], blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Keep each run of blocks marked keep="1" on one page, with the clause before it.

    A marked block keeps with the next one only when that one is marked too, so the last of a run
    (whichever block the layout's conditions left last) never drags the next page's heading back.
    """
    marked = [block.attrs.get("keep") == "1" for block in raw]
    keep = [False] * len(blocks)
    for index, is_marked in enumerate(marked):
        following = index + 1 < len(blocks) and marked[index + 1]
        if is_marked and following:
            keep[index] = True
        starts_run = following and not is_marked
        if starts_run and blocks[index].role in _TEXT_ROLES:
            keep[index] = True
    return tuple(
        replace(block, keep_with_next=True) if kept else block
        for block, kept in zip(blocks, keep, strict=True)
    )


def _in_series(raw: list[RawBlock], phrases: dict[str, str]) -> list[RawBlock]:
    """Numbered items written as a series ("a;", "b; and", "c;") get their "and" (or "or") anew.

    Items are switched on and off by options, so the conjunction belongs on whichever item is
    now next to last, and the last item ends the sentence: with ";" when another clause of its
    chain follows, with "." when none does. Items that are not a series (definitions, each a
    sentence) are left as written.
    """
    conjunctions = {unmarked(phrases[key]) for key in ("series_and", "series_or")}
    ending = re.compile(r";\s*(?:(" + "|".join(map(re.escape, conjunctions)) + r")\s*)?$")
    index = 0
    while index < len(raw):
        if raw[index].role != "item":
            index += 1
            continue
        end = index
        while end + 1 < len(raw) and raw[end + 1].role == "item":
            end += 1
        run = range(index, end + 1)
        found = [ending.search(_plain(raw[i])) for i in run]
        is_series = len(run) > 1 and all(found[:-1])
        last_open = found[-1] is not None
        if is_series and last_open:
            conjunction = next(
                (m[1] for m in reversed(found) if m is not None and m[1]),
                unmarked(phrases["series_and"]),
            )
            chained = end + 1 < len(raw) and raw[end + 1].role in ("resolved", "recital")
            for position, i in enumerate(run):
                if position == len(run) - 2:
                    tail = f"; {conjunction}"
                elif position == len(run) - 1:
                    tail = ";" if chained else "."
                else:
                    tail = ";"
                raw[i] = _with_tail(raw[i], tail, ending)
        index = end + 1
    return raw


def _plain(block: RawBlock) -> str:
    return unmarked("".join(run.text for run in block.runs)).rstrip()


def _with_tail(block: RawBlock, tail: str, ending: re.Pattern[str]) -> RawBlock:
    runs = list(block.runs)
    last = runs[-1]
    if last.blank:
        return block
    text = ending.sub("", last.text.rstrip())
    runs[-1] = Run(text + tail, last.blank, last.fallback, last.field)
    return replace(block, runs=tuple(runs))


def _last_in_chain(raw: Sequence[RawBlock], index: int) -> bool:
    """A clause is last when no clause of its kind follows before another kind of block.

    Numbered items under a resolved clause belong to it and do not break the chain.
    """
    role = raw[index].role
    for position in range(index + 1, len(raw)):  # not raw[index + 1 :], which copies the rest
        later = raw[position]
        if later.role == role:
            return False
        if later.role != "item":
            return True
    return True


def _punctuate(runs: tuple[Run, ...], ending: str) -> tuple[Run, ...]:
    if not runs or runs[-1].blank:
        return (*runs, Run(ending))
    last = runs[-1]
    text = last.text.rstrip()
    if text.endswith(":"):
        return runs
    text = text.rstrip(";, ")
    if text.endswith(".") and not _ABBREVIATION.search(text):
        text = text[:-1]
    if last.fallback:  # English standing in keeps its mark; the ending is the translation's
        return (*runs[:-1], Run(text, fallback=True), Run(ending))
    if last.field:  # a field's text is its value: the ending goes after it
        return (*runs[:-1], Run(text, field=last.field), Run(ending))
    return (*runs[:-1], Run(text + ending))
