"""Translations out to translators and back: one PO or XLIFF 1.2 file per language.

Export puts every folder's segments in one file, each with its current English, its translation
if there is one, and its status (a draft or stale one is `fuzzy` in PO, `translated` or
`needs-review-translation` in XLIFF; a reviewed one is plain in PO, `signed-off` in XLIFF), so a
vendor can quote and work from one file. Import reads it back, checks that every translation keeps
its English's variables, tags and placeholders, and writes the catalogs all together or not at all.

Statuses on import follow gettext's meaning of `fuzzy` (needs work): an entry that comes back
unchanged and still fuzzy changes nothing, so a stale translation stays stale until someone works
on it; a changed or unfuzzied one is made from the English it came with. Nothing becomes
"reviewed" unless a reviewer is named (or it already was, with the same text).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import PoFileError, read_po, write_po

from toolkit.errors import Problem, ProblemsError, UsageError
from toolkit.i18n.catalog import FORMAT_FLAGS, HASH_COMMENT, Entry, catalog_text
from toolkit.i18n.placeholders import differences
from toolkit.i18n.report import Book
from toolkit.i18n.segments import source_hash
from toolkit.i18n.sources import Unit
from toolkit.i18n.status import STATUSES, State, Status
from toolkit.languages import ENGLISH, LANGUAGES, get_language
from toolkit.output.atomic import write_all_atomic

EXCHANGE_FORMATS = ("po", "xliff")
_XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
_STATE_BY_STATUS = {
    "reviewed": "signed-off",
    "draft": "translated",
    "stale": "needs-review-translation",
    "missing": "needs-translation",
}


@dataclass(frozen=True)
class Incoming:
    """One translation read from an exchange file."""

    unit: str
    id: str
    english: str
    translation: str
    approved: bool
    """Not fuzzy (PO), or signed-off/final (XLIFF): the file says it is done."""
    reviewer: str = ""
    reviewed_on: str = ""
    line: int | None = None


@dataclass
class ImportResult:
    """What an import changed, for the command line to say."""

    language: str
    written: list[Path] = field(default_factory=list)
    imported: int = 0
    unchanged: int = 0
    reviewed: int = 0
    approved_without_reviewer: int = 0
    still_stale: int = 0
    dropped: int = 0


def unit_key(book: Book, unit: Unit) -> str:
    """How an exchange file names a folder: `resolutions/ice-out`, `_layouts`, `_shared`."""
    return unit.folder.relative_to(book.catalogue.templates).as_posix()


def export_text(
    book: Book,
    language: str,
    fmt: str,
    *,
    policies: Sequence[str] = (),
    only: Sequence[Status] = (),
) -> str:
    """The exchange file for `language`.

    Every folder, or the named policies' and the shared ones; with `only`, just the segments of
    those statuses (what a vendor is asked to work on).
    """
    get_language(language)
    if language == ENGLISH.code:
        raise UsageError("English is the source: export a language to translate it into")
    if fmt not in EXCHANGE_FORMATS:
        raise UsageError(f"unknown format '{fmt}'; expected one of: {', '.join(EXCHANGE_FORMATS)}")
    unknown = [name for name in only if name not in STATUSES]
    if unknown:
        raise UsageError(f"unknown status '{unknown[0]}'; expected some of: {', '.join(STATUSES)}")
    chosen: list[tuple[Unit, list[State]]] = []
    for unit in book.units:
        if policies and unit.name in book.catalogue.policies and unit.name not in policies:
            continue
        found = [s for s in book.states(unit, language).values() if not only or s.status in only]
        if found:
            chosen.append((unit, found))
    if fmt == "po":
        return _po(book, language, chosen)
    return _xliff(book, language, chosen)


def _po(book: Book, language: str, chosen: list[tuple[Unit, list[State]]]) -> str:
    babel = BabelCatalog(locale=None, charset="utf-8")
    for unit, found in chosen:
        for state in found:
            entry = state.entry
            translation = entry.translation if entry and state.status != "missing" else ""
            user = (
                [f"reviewed: {entry.reviewer}, {entry.reviewed_on}"]
                if entry and entry.reviewed
                else []
            )
            message = babel.add(
                state.source.english,
                translation,
                locations=[
                    (
                        f"{unit_key(book, unit)}/{loc.rpartition(':')[0]}",
                        int(loc.rpartition(":")[2] or 0),
                    )
                    for loc in state.source.locations
                ],
                flags=[] if state.status == "reviewed" or not translation else ["fuzzy"],
                auto_comments=[f"{HASH_COMMENT}{state.source.hash}", f"status: {state.status}"],
                user_comments=user,
                previous_id=[entry.english] if entry and state.status == "stale" else [],
                context=f"{unit_key(book, unit)}:{state.source.id}",
            )
            message.flags -= FORMAT_FLAGS
    buffer = io.BytesIO()
    write_po(buffer, babel, width=0, omit_header=True, include_previous=True)
    header = catalog_text(language, "policykit templates (exchange file)", [])
    return header + "\n" + buffer.getvalue().decode("utf-8")


def _xliff(book: Book, language: str, chosen: list[tuple[Unit, list[State]]]) -> str:
    target_tag = get_language(language).tag
    root = ET.Element("xliff", {"version": "1.2", "xmlns": _XLIFF})
    for unit, found in chosen:
        file = ET.SubElement(
            root,
            "file",
            {
                "original": unit_key(book, unit),
                "source-language": ENGLISH.tag,
                "target-language": target_tag,
                "datatype": "plaintext",
            },
        )
        body = ET.SubElement(file, "body")
        for state in found:
            entry = state.entry
            item = ET.SubElement(
                body,
                "trans-unit",
                {"id": state.source.id, "resname": state.source.id, "xml:space": "preserve"},
            )
            ET.SubElement(item, "source").text = state.source.english
            target = ET.SubElement(item, "target", {"state": _STATE_BY_STATUS[state.status]})
            target.text = entry.translation if entry and state.status != "missing" else ""
            note = f"{', '.join(state.source.locations)}; {HASH_COMMENT}{state.source.hash}"
            if entry and entry.reviewed:
                note += f"; reviewed: {entry.reviewer}, {entry.reviewed_on}"
            if entry and state.status == "stale":
                note += f"; the English this was translated from: {entry.english}"
            ET.SubElement(item, "note", {"from": "policykit"}).text = note
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def read_exchange(path: Path) -> tuple[str, list[Incoming]]:
    """The language and the translations of a PO or XLIFF exchange file."""
    data = path.read_bytes()
    if path.suffix.lower() in (".xlf", ".xliff") or data.lstrip().startswith(b"<?xml"):
        return _read_xliff(path, data)
    return _read_po(path, data)


def _read_po(path: Path, data: bytes) -> tuple[str, list[Incoming]]:
    try:
        parsed = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not a readable PO file: {exc}") from None
    language = _po_language(data)
    found: list[Incoming] = []
    for message in parsed:
        if not message.id:
            continue
        unit, _, seg_id = (message.context or "").rpartition(":")
        reviewer = reviewed_on = ""
        for comment in message.user_comments:
            name, _, date = comment.removeprefix("reviewed:").strip().rpartition(", ")
            if comment.startswith("reviewed:") and name:
                reviewer, reviewed_on = name, date
        if not isinstance(message.id, str) or not isinstance(message.string, str):
            raise UsageError(f"{path}:{message.lineno}: plural entries are not used by policykit")
        found.append(
            Incoming(
                unit,
                seg_id,
                message.id,
                message.string,
                not message.fuzzy,
                reviewer,
                reviewed_on,
                message.lineno,
            )
        )
    return language, found


def _po_language(data: bytes) -> str:
    for line in data.decode("utf-8", errors="replace").splitlines():
        if line.startswith('"Language:'):
            return line.removeprefix('"Language:').strip().removesuffix('\\n"').strip()
    return ""


def _read_xliff(path: Path, data: bytes) -> tuple[str, list[Incoming]]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise UsageError(f"{path}: not a readable XLIFF file: {exc}") from None
    namespace = {"x": _XLIFF}
    language = ""
    found: list[Incoming] = []
    for file in root.iterfind("x:file", namespace):
        tag = file.get("target-language", "")
        language = language or next((c for c, lang in LANGUAGES.items() if lang.tag == tag), tag)
        for item in file.iterfind("x:body/x:trans-unit", namespace):
            target = item.find("x:target", namespace)
            state = target.get("state", "") if target is not None else ""
            note = item.findtext("x:note", default="", namespaces=namespace)
            reviewer = reviewed_on = ""
            for part in note.split("; "):
                if part.startswith("reviewed: "):
                    reviewer, _, reviewed_on = part.removeprefix("reviewed: ").rpartition(", ")
            found.append(
                Incoming(
                    file.get("original", ""),
                    item.get("id", ""),
                    item.findtext("x:source", default="", namespaces=namespace),
                    (target.text or "") if target is not None else "",
                    state in ("signed-off", "final"),
                    reviewer,
                    reviewed_on,
                )
            )
    return language, found


def import_file(
    book: Book, path: Path, *, reviewer: str = "", today: str, dry_run: bool = False
) -> ImportResult:
    """Merge an exchange file into the catalogs; every problem first, then all files or none."""
    language, incoming = read_exchange(path)
    code = get_language(language).code if language else ""
    if not code or code == ENGLISH.code:
        raise UsageError(f"{path}: the file does not say which language it holds (Language header)")
    units = {unit_key(book, unit): unit for unit in book.units}
    problems: list[Problem] = []
    by_unit: dict[str, dict[str, Incoming]] = {}
    for item in incoming:
        unit = units.get(item.unit)
        if unit is None or item.id not in unit.sources:
            where = f"'{item.unit}'" if unit is None else f"segment '{item.id}' in '{item.unit}'"
            problems.append(Problem(str(path), f"no {where} in these templates", item.line))
            continue
        if not item.translation.strip():
            continue
        source = unit.sources[item.id]
        for difference in differences(source.english, item.translation, jinja=source.jinja):
            problems.append(
                Problem(
                    str(path), f"{item.unit}:{item.id}: the translation {difference}", item.line
                )
            )
        by_unit.setdefault(item.unit, {})[item.id] = item
    if problems:
        raise ImportProblems(problems)
    result = ImportResult(code)
    files: list[tuple[Path, bytes]] = []
    for key, items in by_unit.items():
        unit = units[key]
        catalog = book.catalog(unit, code)
        entries = []
        for seg_id, source in unit.sources.items():
            entry = _merged(
                catalog.entries.get(seg_id), items.get(seg_id), source.hash, reviewer, today, result
            )
            if entry is not None:
                entries.append(replace(entry, locations=source.locations))
        result.dropped += sum(1 for seg_id in catalog.entries if seg_id not in unit.sources)
        text = catalog_text(code, f"templates/{key}", entries)
        files.append((unit.catalog(code), text.encode("utf-8")))
    if not dry_run:
        write_all_atomic(files)
        result.written = [file for file, _ in files]
    return result


class ImportProblems(ProblemsError):
    """An exchange file with translations that would break documents: nothing was written."""


def _merged(
    existing: Entry | None,
    item: Incoming | None,
    current_hash: str,
    reviewer: str,
    today: str,
    result: ImportResult,
) -> Entry | None:
    if item is None:
        return existing
    unchanged = existing is not None and existing.translation == item.translation
    if unchanged and not item.approved:
        result.unchanged += 1
        return existing  # still a draft, or still stale: nobody worked on it
    result.imported += 1
    made_from = source_hash(item.english)
    if made_from != current_hash:
        result.still_stale += 1
    entry = Entry(
        id=item.id,
        english=item.english,
        translation=item.translation,
        source_hash=made_from,
    )
    if not item.approved:
        return entry
    if (
        existing is not None
        and existing.reviewed
        and unchanged
        and existing.source_hash == made_from
    ):
        result.reviewed += 1
        return replace(
            entry, draft=False, reviewer=existing.reviewer, reviewed_on=existing.reviewed_on
        )
    if reviewer:
        result.reviewed += 1
        return entry.reviewed_as(reviewer, today)
    result.approved_without_reviewer += 1
    return entry
