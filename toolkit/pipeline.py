"""The one path from a request to a document, in memory, under every entry point.

generate, batch, preview and the web app all describe what they want as a `DocumentRequest`,
render it with `render`, write it with `toolkit.writers.to_bytes`, and name and key its files
here, so the same request gives the same bytes and the same file name wherever it comes from.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from toolkit.charset import unsafe_character
from toolkit.data.models import JurisdictionBase
from toolkit.document.model import Document
from toolkit.errors import Problem, TemplateError, UsageError
from toolkit.languages import ENGLISH, get_language
from toolkit.output.journal import output_key
from toolkit.output.paths import DRAFT, output_name, output_relpath
from toolkit.packet.parts import check_part
from toolkit.templating.catalogue import Catalogue
from toolkit.templating.policies import Policy


@dataclass(frozen=True)
class DocumentRequest:
    """One document: a part of a policy's packet (the draft, by default) for a jurisdiction.

    `part` is one of `toolkit.packet.parts.PARTS`: "draft", "brief", "staff-report",
    "press-release", "comment-letter" or "cover-letter" (with the `recipient` id). `brief=True`,
    kept for existing callers, is the same as `part="brief"`; after construction the two agree.
    """

    policy_id: str
    jurisdiction: JurisdictionBase
    options: Mapping[str, bool] = field(default_factory=dict)
    """This request's clause switches, over the jurisdiction's saved ones."""
    language: str = ENGLISH.code
    brief: bool = False
    fallback_english: bool = False
    """Show English, marked, where a translation is missing or stale, instead of failing."""
    bilingual: bool = False
    """English beside `language`, clause by clause, for public posting."""
    part: str = DRAFT
    recipient: str | None = None
    """For a cover letter: the recipient's id (`house-chair`, `delegation-1`, ...)."""
    counsel_override: bool = False
    """Draft a policy the state's law forbids (policy.yaml `gate:`), because counsel asked for it;
    page 1 then says so, naming the statute. Without it, such a request is refused."""
    footer: bool = True
    """Print the provenance footer on every page (the document properties carry it anyway)."""

    def __post_init__(self) -> None:
        get_language(self.language)  # an unknown code fails here, before any work
        if self.bilingual and self.language == ENGLISH.code:
            raise UsageError("a bilingual document pairs English with one other language")
        if self.brief and self.part not in (DRAFT, "brief"):
            raise UsageError(f"a request is for one part: brief or {self.part}, not both")
        object.__setattr__(self, "part", "brief" if self.brief else self.part)
        object.__setattr__(self, "brief", self.part == "brief")
        check_part(self.part, self.recipient)

    def relpath(self, fmt: str) -> str:
        """Where its `fmt` file goes: `<id>/<id>_<policy>[_<part>][.<lang>|.en-<lang>].<fmt>`."""
        language = f"{ENGLISH.code}-{self.language}" if self.bilingual else self.language
        name = output_name(
            self.jurisdiction.id,
            self.policy_id,
            fmt,
            language=language,
            part=self.part,
            recipient=self.recipient,
        )
        return output_relpath(self.jurisdiction.id, name)

    def key(self, source_hash: str, fmt: str) -> str:
        """What its `fmt` file is made from, hashed: a re-run with the same key can skip it."""
        return output_key(
            source_hash,
            self.jurisdiction.model_dump_json(),
            json.dumps(dict(self.options), sort_keys=True),
            self.language,
            "body"
            if self.part == DRAFT
            else self.part + f":{self.recipient}" * bool(self.recipient),
            "fallback" * self.fallback_english + "bilingual" * self.bilingual,
            "counsel" * self.counsel_override + "nofooter" * (not self.footer),
            fmt,
        )


def render(catalogue: Catalogue, request: DocumentRequest) -> Document:
    """Render the request into the `Document` every writer reads.

    What a template printed is checked before any writer sees it: characters Word cannot store
    would fail deep inside lxml, and a runaway length would keep the PDF layout busy for minutes.
    """
    policy = catalogue.policy(request.policy_id)
    document = catalogue.render(
        policy,
        request.jurisdiction,
        request.options,
        language=request.language,
        fallback_english=request.fallback_english,
        part=request.part,
        recipient=request.recipient,
        counsel_override=request.counsel_override,
    )
    if not request.footer:
        document = replace(document, footer=False)
    source = policy.body_path() if request.part == DRAFT else policy.meta_path
    _check(document, policy, request, str(source))
    if not request.bilingual:
        return document
    english = replace(request, language=ENGLISH.code, bilingual=False, fallback_english=False)
    return catalogue.side_by_side(render(catalogue, english), document, source=source)


def _check(document: Document, policy: Policy, request: DocumentRequest, source: str) -> None:
    """Refuse what no writer can print, and a document longer than its policy allows."""
    who = f"for '{request.jurisdiction.id}'"
    for text in _texts(document):
        problem = unsafe_character(text)
        if problem:
            message = f"the rendered text {who} has a character no document may hold: {problem}"
            raise TemplateError([Problem(source, message)])
    words = sum(len(text.split()) for text in _texts(document))
    if words > policy.meta.max_words:
        message = (
            f"the rendered text {who} has {words} words, more than this policy's "
            f"max_words ({policy.meta.max_words})"
        )
        raise TemplateError([Problem(str(policy.meta_path), message)])


def _texts(document: Document) -> Iterator[str]:
    """Every piece of text a writer will print."""
    yield from (document.title, document.subject, document.number, document.provenance.footer)
    for block in document.blocks:
        yield from (block.lead, block.label, *block.signer)
        yield from (run.text for run in block.runs)
