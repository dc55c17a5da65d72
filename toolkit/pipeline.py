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
from toolkit.output.paths import output_name, output_relpath
from toolkit.templating.catalogue import Catalogue
from toolkit.templating.policies import Policy


@dataclass(frozen=True)
class DocumentRequest:
    """One document: a policy (its draft or its brief) for a jurisdiction, tailored."""

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

    def __post_init__(self) -> None:
        get_language(self.language)  # an unknown code fails here, before any work
        if self.bilingual and self.language == ENGLISH.code:
            raise UsageError("a bilingual document pairs English with one other language")

    def relpath(self, fmt: str) -> str:
        """Where its `fmt` file goes: `<id>/<id>_<policy>[_brief][.<lang>|.en-<lang>].<fmt>`."""
        language = f"{ENGLISH.code}-{self.language}" if self.bilingual else self.language
        name = output_name(
            self.jurisdiction.id, self.policy_id, fmt, language=language, brief=self.brief
        )
        return output_relpath(self.jurisdiction.id, name)

    def key(self, source_hash: str, fmt: str) -> str:
        """What its `fmt` file is made from, hashed: a re-run with the same key can skip it."""
        return output_key(
            source_hash,
            self.jurisdiction.model_dump_json(),
            json.dumps(dict(self.options), sort_keys=True),
            self.language,
            "brief" if self.brief else "body",
            "fallback" * self.fallback_english + "bilingual" * self.bilingual,
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
        brief=request.brief,
        fallback_english=request.fallback_english,
    )
    source = policy.meta_path if request.brief else policy.body_path()
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
