"""Turn parsed markup blocks into a `Document`: leads, clause punctuation and metadata.

Recital and resolution punctuation is applied here rather than typed in templates, so switching a
clause off never leaves a dangling '; and' behind. The words themselves ('WHEREAS,', 'BE IT
FURTHER RESOLVED') come from the phrases file, so a translation changes them without code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

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
    raw = list(raw_blocks)
    phrases = {key: unmarked(text) for key, text in phrases.items()}
    subject = unmarked(subject)
    blocks = tuple(_with_leads(raw, phrases))
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


def _last_in_chain(raw: Sequence[RawBlock], index: int) -> bool:
    """A clause is last when no clause of its kind follows before another kind of block.

    Numbered items under a resolved clause belong to it and do not break the chain.
    """
    role = raw[index].role
    for later in raw[index + 1 :]:
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
    return (*runs[:-1], Run(text + ending))
