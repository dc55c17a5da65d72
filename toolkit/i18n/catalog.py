"""Gettext PO catalogs, one per folder and language: `<folder>/locales/<lang>.po`.

PO, because every translation tool and vendor reads it (Poedit, Weblate, Lokalise, memoQ) and it
has a place for everything a translation must carry. We read and write it with Babel's
`babel.messages.pofile`, already a dependency for dates, rather than adding polib:

    # reviewed: Ana Ruiz, 2026-12-01          who reviewed it, and when (none while a draft)
    #. source-sha256: 3f1c0a9d2b7e4c55        the English it was translated from, hashed
    #: body.j2:47                              where the English is
    #, fuzzy                                   a draft: not yet reviewed
    msgctxt "recital.fear"                     the segment id
    msgid "fear of enforcement keeps ..."     the English (Jinja) as it was when translated
    msgstr "el temor a ..."                    the translation (Jinja with the same variables)

Files are written whole, in a fixed order, without dates, so the same content gives the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import PoFileError, read_po, write_po

from toolkit.errors import Problem
from toolkit.languages import get_language
from toolkit.output.atomic import write_atomic

LOCALES = "locales"
"""The folder beside each source folder that holds its catalogs."""

HASH_COMMENT = "source-sha256: "
FORMAT_FLAGS = {"python-format", "python-brace-format"}
"""Flags Babel adds when a text looks like a Python format string: templates are not, and a tool
that believed them would check the wrong placeholders."""
_REVIEWED = re.compile(r"^reviewed: (?P<name>.+), (?P<date>\d{4}-\d{2}-\d{2})$")


def catalog_path(folder: Path, language: str) -> Path:
    """`<folder>/locales/<lang>.po`."""
    return folder / LOCALES / f"{language}.po"


@dataclass(frozen=True)
class Entry:
    """The translation of one segment, with what it was made from and who approved it."""

    id: str
    english: str
    """The English source as it was when translated (the PO msgid)."""
    translation: str = ""
    source_hash: str = ""
    draft: bool = True
    reviewer: str = ""
    reviewed_on: str = ""
    """ISO date of the review."""
    locations: tuple[str, ...] = ()
    line: int | None = None
    """Line of the entry in its catalog, for messages."""

    @property
    def reviewed(self) -> bool:
        """Approved by a named person: the only status that needs no notice in a document."""
        return not self.draft and bool(self.reviewer)

    def reviewed_as(self, reviewer: str, date: str) -> Entry:
        """The same entry, approved by `reviewer` on `date`."""
        return replace(self, draft=False, reviewer=reviewer, reviewed_on=date)


@dataclass
class Catalog:
    """One catalog file, read: its entries by segment id, and what was wrong in it."""

    path: Path
    language: str
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    exists: bool = False


def read_catalog(path: Path, language: str) -> Catalog:
    """The catalog at `path`; a missing file is an empty catalog (every segment missing)."""
    catalog = Catalog(path, language)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return catalog
    catalog.exists = True
    try:
        parsed = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError) as exc:
        catalog.problems.append(Problem(str(path), f"not a readable PO file: {exc}"))
        return catalog
    for message in parsed:
        if not message.id:
            continue  # the header
        entry, problems = _entry(str(path), message)
        catalog.problems.extend(problems)
        if entry is None:
            continue
        if entry.id in catalog.entries:
            message_text = f"segment '{entry.id}' has two entries; keep one"
            catalog.problems.append(Problem(str(path), message_text, entry.line))
        catalog.entries[entry.id] = entry
    return catalog


def _entry(file: str, message: object) -> tuple[Entry | None, list[Problem]]:
    line: int | None = getattr(message, "lineno", None)
    context = getattr(message, "context", None)
    msgid, msgstr = getattr(message, "id", ""), getattr(message, "string", "")
    if not isinstance(msgid, str) or not isinstance(msgstr, str):
        return None, [Problem(file, "plural entries are not used by policykit", line)]
    if not context:
        return None, [Problem(file, "entry without msgctxt: the segment id goes there", line)]
    problems: list[Problem] = []
    source_hash = ""
    for comment in getattr(message, "auto_comments", []):
        if comment.startswith(HASH_COMMENT):
            source_hash = comment.removeprefix(HASH_COMMENT).strip()
    reviewer = reviewed_on = ""
    for comment in getattr(message, "user_comments", []):
        found = _REVIEWED.match(comment.strip())
        if found:
            reviewer, reviewed_on = found["name"].strip(), found["date"]
        elif comment.strip().startswith("reviewed"):
            text = "write the review as '# reviewed: NAME, YYYY-MM-DD'"
            problems.append(Problem(file, f"segment '{context}': {text}", line))
    draft = bool(getattr(message, "fuzzy", True))
    if not draft and not reviewer:
        text = (
            "not marked fuzzy (draft) but no '# reviewed: NAME, YYYY-MM-DD' comment says who "
            "reviewed it: counted as a draft"
        )
        problems.append(Problem(file, f"segment '{context}': {text}", line))
        draft = True
    locations = tuple(f"{name}:{number}" if number else name for name, number in message.locations)  # type: ignore[attr-defined]
    entry = Entry(
        id=context,
        english=msgid,
        translation=msgstr,
        source_hash=source_hash,
        draft=draft,
        reviewer=reviewer if not draft else "",
        reviewed_on=reviewed_on if not draft else "",
        locations=locations,
        line=line,
    )
    return entry, problems


def catalog_text(language: str, title: str, entries: Iterable[Entry]) -> str:
    """The PO text for these entries, in the order given, with a fixed header."""
    babel = BabelCatalog(locale=None, charset="utf-8")
    for entry in entries:
        message = babel.add(
            entry.english,
            entry.translation,
            locations=[_location(text) for text in entry.locations],
            flags=["fuzzy"] if entry.draft else [],
            auto_comments=[f"{HASH_COMMENT}{entry.source_hash}"] if entry.source_hash else [],
            user_comments=(
                [f"reviewed: {entry.reviewer}, {entry.reviewed_on}"] if entry.reviewed else []
            ),
            context=entry.id,
        )
        message.flags -= FORMAT_FLAGS
    buffer = io.BytesIO()
    write_po(buffer, babel, width=0, omit_header=True, include_lineno=True)
    name = get_language(language).name
    header = (
        f"# {name} ({language}) translations of {title}, for policykit.\n"
        "# msgctxt: segment id. msgid: the English it was translated from; its hash is the\n"
        "# 'source-sha256' comment. '#, fuzzy': a draft, not yet reviewed; a review is recorded\n"
        "# as '# reviewed: NAME, YYYY-MM-DD'. See docs/translating.md.\n"
        'msgid ""\n'
        'msgstr ""\n'
        f'"Language: {language}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
    )
    body = buffer.getvalue().decode("utf-8").strip()
    return header + ("\n" + body + "\n" if body else "")


def write_catalog(path: Path, language: str, title: str, entries: Iterable[Entry]) -> None:
    """Write the catalog file atomically (all or nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, catalog_text(language, title, entries).encode("utf-8"))


def _location(text: str) -> tuple[str, int]:
    """`body.j2:47` as Babel wants it; a location without a line gets line 0 (not written)."""
    name, _, number = text.rpartition(":")
    if name and number.isdigit():
        return name, int(number)
    return text, 0
