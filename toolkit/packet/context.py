"""What a packet part's layout can use, beyond the names every body has (`policykit variables`).

```text
talking_points  [{text, sources}]: the policy's points, each with its source keys; the text may
                cite inline, {{ cite("key") }}, as any layout text can
questions       [{question, answer, sources}]: the hard questions, answered
cite(keys...)   prints "[1]" and numbers the source; sources_cited() lists them at the end
does            what this draft does (policy.yaml `does`, rendered), or None: print the summary
options_on      labels of the clauses switched on in this draft; options_off the others (only
                clauses this kind of body's draft has: an option's `kinds`)
part            the part being written ("staff-report", ...)
officer         the presiding officer as a salutation names them: short_title ("Chair" of
                "Chair of the Board of Supervisors"), surname, long_title (the title was shortened)
cover_letters   whether this policy's packet has cover letters; recipients lists them
recipient       for a cover letter: id, addressee, post, address, salutation, subcommittee
claim(text, keys) a claim with the numbers of its sources before its final period
draft           the draft as rendered: label ("Ordinance No. [number]", its blank still a
                blank), title, ordinance (it has an enacting clause), vote (it is adopted by a
                vote of the body rather than issued by an executive), relies_on (the citations
                of `law` that its text prints, once each, without recitals or agencies),
                appropriates (its text appropriates money), contracts (it speaks of contracts),
                environment (its CEQA/SEQRA determination: {blank, alternative}, or None),
                zoning ("planning-commission", "hearing" or None: it amends the zoning
                regulations, and who hears it first), vote_note (its own note on the vote
                required, from the state's form, or None)
```
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from toolkit.data.models import JurisdictionBase
from toolkit.document.model import Document
from toolkit.errors import UsageError
from toolkit.i18n.localize import contractions
from toolkit.packet.claims import Citations, load_sources
from toolkit.packet.officials import Recipient, pick, recipients, surname
from toolkit.packet.parts import LETTER
from toolkit.templating.policies import Policy
from toolkit.templating.rendering import Renderer


def part_context(
    renderer: Renderer,
    policy: Policy,
    jurisdiction: JurisdictionBase,
    context: Mapping[str, Any],
    *,
    part: str,
    recipient: str | None,
    who: str,
    draft: Document | None = None,
) -> dict[str, Any]:
    """The names a part's layout adds to `context` (the body's names, already built)."""
    meta = policy.meta
    citations = Citations(load_sources(renderer.templates), renderer.language)

    def said(source: str, origin: str) -> Said:
        def text() -> Markup:
            # Printed inside the layout's render, which already runs under the render limits:
            # render directly, and only on a failure again through `render_phrase`, whose error
            # names the file the text comes from.
            try:
                text = Markup(renderer.phrase(source).render(context))
            except Exception:  # noqa: BLE001 - re-rendered below for the error it reports
                text = renderer.render_phrase(source, context, who, origin)
            return Markup(contractions(text, renderer.language))

        return Said(text)

    points = [
        {"text": said(source, origin), "sources": point.sources}
        for (source, origin), point in zip(
            renderer.talking_points(policy), meta.talking_points, strict=True
        )
    ]
    questions = [
        {"question": said(question, origin), "answer": said(answer, origin), "sources": qa.sources}
        for (question, answer, origin), qa in zip(
            renderer.questions(policy), meta.questions, strict=True
        )
    ]
    labels = dict(
        zip(
            meta.options,
            (text for text, _ in renderer.policy_texts(policy, _option_ids(policy))),
            strict=True,
        )
    )
    chosen = context["options"]
    kind = jurisdiction.kind
    applicable = [
        name for name, spec in meta.options.items() if spec.kinds is None or kind in spec.kinds
    ]
    does = renderer.does(policy)
    english = policy.law_for(jurisdiction.state)
    found: list[Recipient] = []
    if meta.cover_letters:
        names = context["j"]["congressional_delegation"]
        found = recipients(renderer.templates, jurisdiction, names)
    addressee = None
    if part == LETTER:
        if not meta.cover_letters:
            raise UsageError(f"policy '{policy.id}' has no cover letters")
        addressee = pick(found, recipient, policy.id).as_context(renderer.language)

    def claim(text: object, sources: list[str]) -> Markup:
        """A claim with its source numbers before its final period: "... in 2025 [3]."."""
        said = Markup(escape(text))  # renders the text first: its inline citations come first
        numbers = citations.cite(sources)
        if not numbers:
            return said
        # A claim that already ends with an inline citation gets one list: "[5, 6]", not "[5] [6]".
        inline = _LAST_NUMBERS.search(said)
        if inline:
            merged = {int(n) for n in (inline.group(1) + ", " + numbers[1:-1]).split(", ")}
            numbers = "[" + ", ".join(str(n) for n in sorted(merged)) + "]"
            said = Markup(said[: inline.start()] + ("." if inline.group(2) else ""))
        if said.endswith("."):
            return Markup("{} {}.").format(said[:-1], numbers)
        return Markup("{} {}").format(said, numbers)

    officer = context["j"]["presiding_officer"]
    return {
        "part": part,
        "officer": _officer(officer["title"], officer["name"]),
        "talking_points": points,
        "questions": questions,
        "cite": citations.cite,
        "claim": claim,
        "sources_cited": citations.cited,
        "does": said(*does) if does is not None else None,
        "options_on": [labels[name] for name in applicable if chosen.get(name)],
        "options_off": [labels[name] for name in applicable if not chosen.get(name)],
        "cover_letters": meta.cover_letters,
        "recipients": [r.as_context(renderer.language) for r in found],
        "recipient": addressee,
        "draft": None
        if draft is None
        else _draft(draft, context["law"], english, _restricting(context)),
    }


class Said:
    """A text of `policy.yaml` (a talking point, a question, an answer), rendered when printed.

    It renders with the part's whole context, `cite` included, at the moment the layout prints it,
    so a citation inside it (`{{ cite("key") }}` in one state's branch) is numbered in reading
    order with the layout's own. It renders once, however often it is printed.
    """

    def __init__(self, render: Callable[[], Markup]) -> None:
        self._render = render
        self._text: Markup | None = None

    def __html__(self) -> Markup:
        """What Jinja prints."""
        if self._text is None:
            self._text = self._render()
        return self._text

    def __str__(self) -> str:
        return str(self.__html__())


def _restricting(context: Mapping[str, Any]) -> list[str]:
    """The statutes by which the state restricts such policies (`states.yaml` `restrictions`)."""
    restrictions = context["state"].get("restrictions") or {}
    return [str(r["statute"]) for r in restrictions.values() if r.get("statute")]


def _draft(
    document: Document,
    law: Mapping[str, str],
    english: Mapping[str, str],
    restricting: list[str],
) -> dict[str, Any]:
    """How a part refers to the draft: its number line in running text and what it is.

    `relies_on` lists the citations of the policy's `law:` table that the draft's text prints,
    except the state laws that restrict such a policy: a draft that stays within Texas Government
    Code chapter 752 cites it in a savings clause, but does not rely on it. Which entries are
    authorities is read from their English (`english`), as cited, in every language: the same
    list in each, so a bilingual packet's columns line up.
    """
    number = next((b for b in document.blocks if b.role == "number"), None)
    pieces = []
    after_number = False
    for run in number.runs if number else ():
        if run.blank:
            pieces.append(Markup("<blank>{}</blank>").format(run.text.strip("[]")))
            after_number = True
        else:
            words, after_number = _running_label(run.text, after_number)
            pieces.append(escape(words))
    roles = {block.role for block in document.blocks}
    text = " ".join(document.plain_text().split())
    printed_keys = [k for k, c in law.items() if " ".join(str(c).split()) in text]
    printed = list(dict.fromkeys(english[k] for k in printed_keys if k in english))
    return {
        "relies_on": [a for a in authorities(printed) if not any(_same(a, r) for r in restricting)],
        "appropriates": bool(_APPROPRIATES.search(text)),
        "contracts": "contract" in text.casefold(),
        "label": Markup("").join(pieces),
        "title": document.title,
        "ordinance": "enact" in roles and "vote" in roles,
        "vote": "vote" in roles,
        "environment": _environment(document),
        "zoning": _zoning(text),
        "vote_note": _vote_note(document),
    }


_SPACES = re.compile(r"(\s+)")
_SMALL = {"of", "the", "de", "del", "la", "las", "los", "year", "año"}
_NUMBER_SIGN = re.compile(r"(?:no\.|n\.º)$", re.IGNORECASE)


def _running_label(text: str, after_number: bool) -> tuple[str, bool]:
    """A piece of the number line as running text writes it, and whether the number has passed.

    The instrument's name is capitalized ("Local Law No.", "Política de la Junta N.º"); the words
    after the number are not ("Local Law No. [number] of the year [year]").
    """
    pieces: list[str] = []
    number_next, first = False, True
    for piece in _SPACES.split(text):
        if not piece or piece.isspace():  # the spaces between words, as they are
            pieces.append(piece)
            continue
        if after_number:
            word = piece.lower() if piece.isupper() else piece
        elif number_next:
            word, after_number = piece, True  # the number itself: "2026-118"
        elif not first and piece.lower() in _SMALL:
            word = piece.lower()
        else:
            word = piece[:1] + piece[1:].lower()
        if not after_number and _NUMBER_SIGN.search(piece):
            number_next = True
        first = False
        pieces.append(word)
    return "".join(pieces), after_number


def _environment(document: Document) -> dict[str, Any] | None:
    """The draft's environmental determination (CEQA, SEQRA), as its own section gives it.

    `blank`: the determination is left for counsel (its blank, as the draft prints it), else None;
    `alternative`: the draft also finds, in the alternative, the common-sense exemption
    (14 CCR 15061(b)(3)).
    """
    blocks = document.blocks
    for n, block in enumerate(blocks[1:], start=1):
        if block.role != "para" or blocks[n - 1].role != "heading":
            continue
        if not _ENVIRONMENT_ACT.search(block.text):
            continue
        blanks = [run.text.strip("[]") for run in block.runs if run.blank]
        return {
            "blank": Markup("<blank>{}</blank>").format(blanks[-1]) if blanks else None,
            "alternative": "15061" in block.text,
        }
    return None


_ENVIRONMENT_ACT = re.compile(r"Environmental Quality|Calidad Ambiental")
_ZONING = re.compile(r"amends the zoning regulations|modifica las normas de zonificación")
_COMMISSION = re.compile(r"the Planning Commission held|la Comisión de Planificación celebró")


def _zoning(text: str) -> str | None:
    """Whether the draft amends the zoning regulations, and who hears it first.

    "planning-commission" where the draft's recital says the Planning Commission held its hearing
    (California), "hearing" where it leaves that body a blank, None where it amends no zoning.
    """
    if not _ZONING.search(text):
        return None
    return "planning-commission" if _COMMISSION.search(text) else "hearing"


def _vote_note(document: Document) -> Markup | None:
    """The draft's own note on the vote it requires (the state's form), printed after the vote."""
    blocks = document.blocks
    for n, block in enumerate(blocks[:-1]):
        if block.role == "vote" and blocks[n + 1].role == "para":
            return Markup(escape(blocks[n + 1].text))
    return None


_APPROPRIATES = re.compile(r"\b(?:is|are|shall be) (?:hereby )?appropriated(?: to|, by)\b")
_OF_THE = re.compile(r" (?:of|del|de la|de los|de las|de) ")


def _officer(title: str, name: str) -> dict[str, object]:
    """How the presiding officer is named in a salutation or a quotation.

    A title that names the body ("Chair of the Board of Supervisors") is shortened where the body
    is named next to it ("Chair and Members of the Board of Supervisors"), and a quotation then
    puts the name first ("said Miguel Santos, President of the Common Council").
    """
    short = _OF_THE.split(title, maxsplit=1)[0]
    return {"short_title": short, "surname": surname(name), "long_title": short != title}


_LAST_NUMBERS = re.compile(r" \[(\d+(?:, \d+)*)\](\.?)$")
_CUT = re.compile(r", (?:which|under which|part of which|as the|as amended by the) ")
_STATEMENT = re.compile(
    r"\b(?:is|are|was|were|has|have|held|upheld|protects|bars|barred|forbids|forbid|requires|"
    r"required|may|secures|entitles|funded|limits|makes|allows)\b"
)
_CITATION_WORDS = re.compile(r"\d|\b(?:Act|Amendment|Constitution|Clause|Code)\b")
_FRAGMENT_OK = {"the", "section", "sections", "chapter", "article", "title"}
_PARTY = r"(?:[A-Z][\w.'&-]*|of|the|ex|rel\.|and|for)"
_CASE = re.compile(
    rf"{_PARTY}(?:,? {_PARTY})* v\. [^,]+, (?:No\. [\w-]+|\d+ [A-Za-z0-9.' ]+? \d+)"
    r" \([^)]*\d{4}\)(?: \([^)]*\))?"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)*[a-z]?")


def authorities(printed: Sequence[object]) -> list[str]:
    """The legal authorities among the `law:` texts a draft prints, each once.

    A policy's `law:` table also holds recitals ("federal detainers are requests ..., Galarza v.
    Szalczyk, ..."), histories ("enacted by ...") and agencies ("the Minnesota Department of
    Education"): a recital gives only the cases it cites, the rest is not an authority. A text
    that repeats another ("Education Code section 234.7" beside "Education Code section 234.7,
    as amended ..."), or cites the same sections in another order, is listed once, in its
    longer form.
    """
    found: list[str] = []
    for value in printed:
        text = " ".join(str(value).split())
        head = _CUT.split(text, maxsplit=1)[0]
        first = head.split(" ", 1)[0]
        if _STATEMENT.search(head) or (first[:1].islower() and first not in _FRAGMENT_OK):
            found += [case.group(0) for case in _CASE.finditer(text)]
        elif _CITATION_WORDS.search(head) and re.search(r"[A-Za-z]", head):
            found.append(head)
    kept: list[str] = []
    for text in found:
        for n, other in enumerate(kept):
            if _same(text, other):
                kept[n] = max(other, text, key=len) if _within(text, other) else other
                break
        else:
            kept.append(text)
    return kept


def _key(text: str) -> str:
    return text.removeprefix("the ").casefold()


def _within(one: str, other: str) -> bool:
    return _key(one) in _key(other) or _key(other) in _key(one)


def _same(one: str, other: str) -> bool:
    numbers = set(_NUMBER.findall(one))
    return _within(one, other) or (bool(numbers) and numbers == set(_NUMBER.findall(other)))


def _option_ids(policy: Policy) -> list[tuple[str, str]]:
    return [(f"option.{name}", spec.label) for name, spec in policy.meta.options.items()]
