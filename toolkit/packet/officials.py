"""Who the cover letters go to: the delegation, and the appropriations subcommittee leaders.

The delegation comes from the jurisdiction's data; the holders of the subcommittee posts from
`_shared/officials.yaml`, dated facts kept in one file so staff update them in one place.

Each recipient has an id that names its file (`..._cover-letter-house-chair.pdf`): built from the
post's key, or from the member's place in `congressional_delegation` (`delegation-1`), never from
a name, so a file name never holds free text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator

from toolkit.data.models import JurisdictionBase, Slug, Strict, Text
from toolkit.data.yamlfile import read_yaml
from toolkit.errors import Problem, ProblemsError, TemplateError, UsageError
from toolkit.languages import LANGUAGES, Language
from toolkit.packet.claims import SourceDate, source_date
from toolkit.templating.files import SHARED
from toolkit.templating.policies import key_line
from toolkit.templating.sandbox import confined_stamp

OFFICIALS = f"{SHARED}/officials.yaml"


class OfficialWords(Strict):
    """A post and a salutation in another language (names stay as written)."""

    post: Text | None = None
    salutation: Text | None = None


class Official(Strict):
    """The holder of a post a letter is addressed to, as of a date, with the source."""

    name: Text
    addressee: Text
    """The first line of the address: 'The Honorable Mark Amodei'."""
    post: Text
    """The post, as the second line of the address."""
    address: list[Text] = Field(min_length=1)
    salutation: Text
    as_of: SourceDate
    """The date the source showed this person in the post: recheck before sending."""
    source: Text
    translations: dict[str, OfficialWords] = Field(default_factory=dict)
    """By language code: the post and salutation a letter in that language prints."""

    @field_validator("translations")
    @classmethod
    def _known_languages(cls, value: dict[str, OfficialWords]) -> dict[str, OfficialWords]:
        for code in value:
            if code not in LANGUAGES:
                raise ValueError(f"unknown language '{code}'; known: {', '.join(LANGUAGES)}")
        return value


class OfficialsFile(Strict):
    """`_shared/officials.yaml`."""

    appropriations_homeland_security: dict[Slug, Official] = Field(min_length=1)
    greetings: dict[str, dict[str, Text]] = Field(default_factory=dict)
    """By language code, then a delegation member's title as the entry opens with it: how a
    letter in that language greets the member before the last name ("Estimada senadora")."""


@dataclass(frozen=True)
class Recipient:
    """One cover letter's addressee."""

    id: str
    addressee: str
    post: str
    address: tuple[str, ...]
    salutation: str
    subcommittee: bool
    """A leader of an appropriations subcommittee (not a member of the delegation)."""
    name: str = ""
    title: str = ""
    """A delegation member's title as the data prints it ("Senator"), when it opens the entry."""
    surname: str = ""
    """The member's last name, when the entry names the member ("Senator Alex Padilla")."""
    as_of: str | None = None
    """When a source last showed this person in the post: posts change hands, so the letter
    asks whoever sends it to confirm the name, with this date."""
    translations: Mapping[str, OfficialWords] = field(default_factory=dict)
    greetings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """For a delegation member: `OfficialsFile.greetings`, by language and title."""

    def as_context(self, language: Language) -> dict[str, object]:
        """What the cover-letter layout sees as `recipient`, in `language` where it can be."""
        words = self.translations.get(language.code, OfficialWords())
        greeting = self.greetings.get(language.code, {}).get(self.title)
        if greeting and self.surname and not words.salutation:
            # "Estimada senadora Murray", as the subcommittee letters greet in that language.
            words = OfficialWords(post=words.post, salutation=f"{greeting} {self.surname}")
        return {
            "id": self.id,
            "name": self.name,
            "addressee": self.addressee,
            "post": words.post or self.post,
            "address": list(self.address),
            "salutation": words.salutation or self.salutation,
            "subcommittee": self.subcommittee,
            "title": self.title,
            "surname": self.surname,
            "as_of": source_date(self.as_of, language),
        }


@lru_cache(maxsize=8)
def _read(path: Path, _stamp: tuple[int, int]) -> OfficialsFile:
    file = str(path)
    try:
        data, _ = read_yaml(path.read_text(encoding="utf-8"), file)
        return OfficialsFile.model_validate(data)
    except FileNotFoundError:
        raise TemplateError([Problem(file, "the officials file is missing")]) from None
    except ProblemsError as exc:
        raise TemplateError(exc.problems) from None
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            where = ".".join(str(part) for part in error["loc"])
            top = str(error["loc"][0]) if error["loc"] else ""
            problems.append(Problem(file, f"{where}: {error['msg']}", key_line(path, top)))
        raise TemplateError(problems) from None


def load_officials(templates: Path) -> OfficialsFile:
    """The officials file of a templates folder, read again only when it changes."""
    return _read(*confined_stamp(templates, OFFICIALS, "the officials file is missing"))


def recipients(
    templates: Path, jurisdiction: JurisdictionBase, delegation: list[str] | None = None
) -> list[Recipient]:
    """Every cover letter's addressee: the delegation in data order, then the subcommittees.

    `delegation` gives the members' names as the document prints them (translated names, when
    the data has them); by default, as the data gives them.
    """
    names = delegation if delegation is not None else list(jurisdiction.congressional_delegation)
    officials = load_officials(templates)
    found = [
        Recipient(
            id=f"delegation-{n}",
            addressee=name,
            post="",
            address=(),
            salutation="",
            subcommittee=False,
            title=title,
            surname=surname,
            greetings=officials.greetings,
        )
        for n, name in enumerate(names, start=1)
        for title, surname in [salutation_parts(name)]
    ]
    posts = officials.appropriations_homeland_security
    found += [
        Recipient(
            id=post_id,
            addressee=official.addressee,
            post=official.post,
            address=tuple(official.address),
            salutation=official.salutation,
            subcommittee=True,
            name=official.name,
            as_of=official.as_of,
            translations=official.translations,
        )
        for post_id, official in posts.items()
    ]
    return found


_TITLES = (
    "Senator|Senadora|Senador|Representative|Representante|Congresswoman|Congressman|"
    "Congresista|Delegate|Delegada|Delegado|Resident Commissioner|Comisionada Residente|"
    "Comisionado Residente"
)
_MEMBER = re.compile(rf"^(?:the |el |la )?({_TITLES})(?: (.*))?$", re.IGNORECASE)
_SUFFIX = re.compile(r",? (?:Jr\.|Sr\.|II|III|IV)$")
_NAME_WORD = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*$")


def salutation_parts(entry: str) -> tuple[str, str]:
    """The title and last name a letter's salutation uses, from a delegation entry.

    "Senator Alex Padilla" gives ("Senator", "Padilla"); "the Representative for California's
    99th District" gives ("Representative", ""), the name not being known; "Senator Catherine
    Cortez Masto" gives the whole name (see `surname`); an entry that opens
    with no known title gives ("", ""), and the letter prints a blank to fill.
    """
    match = _MEMBER.match(" ".join(entry.split()))
    if not match:
        return "", ""
    title = match.group(1)
    title = title[:1].upper() + title[1:]
    rest = _SUFFIX.sub("", match.group(2) or "")
    words = rest.split()
    if not words or not all(_NAME_WORD.match(word) for word in words):
        return title, ""
    return title, surname(rest)


def surname(name: str) -> str:
    """The last name in a salutation: "Padilla" of "Alex Padilla", "Doe" of "Jane Q. Doe".

    A name whose last name cannot be told from its given names ("Catherine Cortez Masto") is
    kept whole.
    """
    words = _SUFFIX.sub("", " ".join(name.split())).split()
    middle = words[1:-1]
    if len(words) >= 2 and all(len(w) <= 2 and w.endswith(".") for w in middle):
        return words[-1]
    return " ".join(words)


def pick(found: list[Recipient], recipient_id: str | None, policy_id: str) -> Recipient:
    """The recipient with this id, or a `UsageError` naming the ones there are."""
    known = ", ".join(r.id for r in found) or "none"
    if recipient_id is None:
        message = f"a cover letter for '{policy_id}' needs a recipient (recipients: {known})"
        raise UsageError(message)
    for recipient in found:
        if recipient.id == recipient_id:
            return recipient
    raise UsageError(f"no recipient '{recipient_id}' for '{policy_id}' (recipients: {known})")
