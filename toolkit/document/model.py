"""The one small document model every writer consumes.

Templates render to a short tagged text (see `markup`); that text becomes a `Document`: a flat list
of blocks, each with a role. Writers (DOCX, HTML, PDF) map roles to styles and know nothing of
Jinja or YAML, so adding an output format means adding one writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

Role = Literal[
    "number",  # the document number line, also repeated in the running header
    "title",  # the title in capitals
    "warning",  # a legal-review warning on the first page
    "recital",  # WHEREAS clauses
    "enact",  # the enacting clause of an ordinance
    "resolved",  # RESOLVED / FURTHER RESOLVED clauses
    "heading",  # a section heading (ordinances, board policies, certificates)
    "section",  # in markup only: becomes a heading numbered "SECTION n." by the assembler
    "para",  # an ordinary paragraph
    "item",  # a numbered list item; consecutive items form one list
    "vote",  # one line of the vote block (AYES, NOES, ABSENT, ABSTAIN)
    "signature",  # a signature line with the signer's name and title
    "part",  # starts an attached part (exhibit, board policy) on a new page
]
ROLES: tuple[Role, ...] = get_args(Role)
"""Every block role; the markup's tags and each writer's styles are checked against this."""


@dataclass(frozen=True)
class Run:
    """A piece of text; `blank` marks a placeholder the clerk must fill in."""

    text: str
    blank: bool = False
    fallback: bool = False
    """English standing in for a missing or stale translation: writers show it marked."""
    field: str = ""
    """A fill-in that repeats (the document number, a date): the same value wherever it is named,
    which the DOCX writer makes one Word field (see `toolkit.templating.forms.FIELDS`)."""


@dataclass(frozen=True)
class Block:
    """One paragraph-level element, with the bold lead-in ('WHEREAS,') kept apart from the text."""

    role: Role
    runs: tuple[Run, ...]
    lead: str = ""
    label: str = ""
    """For signatures: the caption above the line, e.g. 'ATTEST:'."""
    signer: tuple[str, str] = ("", "")
    """For signatures: (name, title) printed under the line."""
    keep_with_next: bool = False
    """Kept on one page with the next block: the last clause, the vote, signatures and attestation
    never part. Writers honor it the same way, so DOCX and PDF break pages alike."""

    @property
    def text(self) -> str:
        """The block's plain text, lead included, as it reads on the page."""
        body = "".join(run.text for run in self.runs)
        return f"{self.lead} {body}".strip() if self.lead else body


@dataclass(frozen=True)
class Provenance:
    """What produced the document, so a clerk's draft can be traced back to its model policy."""

    policy_id: str
    policy_version: str
    tool_version: str
    jurisdiction_id: str
    footer: str
    """The small footer line, e.g. 'Model policy ice-out v1.0.0 (policykit 0.1.0)'."""


@dataclass(frozen=True)
class Document:
    """A rendered policy for one jurisdiction, ready for any writer."""

    title: str
    subject: str
    number: str
    language: str
    blocks: tuple[Block, ...]
    provenance: Provenance
    margin_in: float = 1.0
    page_label: tuple[str, str] = ("Page", "of")
    """Words around the page numbers in 'Page X of Y', from the phrases file (translatable)."""
    keywords: tuple[str, ...] = field(default_factory=tuple)
    fallbacks: tuple[str, ...] = ()
    """Where English stands in for a missing or stale translation (shown marked), one line each."""
    unreviewed: int = 0
    """Translations in this document that no reviewer has approved yet."""
    notice: str = ""
    """Shown first on page 1 when a translation is not yet reviewed: 'Translation not yet
    reviewed', in the document's language and in English."""
    parallel: tuple[Block, ...] = ()
    """A bilingual document: `blocks` in English beside these, their translation, one to one."""
    parallel_language: str = ""
    footer: bool = True
    """Whether pages carry the provenance footer; the document properties always carry it."""

    def fields(self) -> dict[str, str]:
        """Each repeating fill-in and its text where it first appears (a value, or `[label]`)."""
        found: dict[str, str] = {}
        done: set[str] = set()
        for block in self.blocks:
            previous = ""
            for run in block.runs:
                if previous and run.field != previous:
                    done.add(previous)
                if run.field and run.field not in done:
                    found[run.field] = found.get(run.field, "") + run.text
                previous = run.field
            done.add(previous)
        return found

    def blanks(self) -> list[str]:
        """The placeholders the clerk still has to fill in, each once, in reading order."""
        found = (run.text.strip("[]") for block in self.blocks for run in block.runs if run.blank)
        return list(dict.fromkeys(found))

    def plain_text(self) -> str:
        """All blocks as plain text, one per line: for tests, previews and search."""
        lines = [self.notice] if self.notice else []
        return "\n".join([*lines, *(block.text for block in self.blocks)])
