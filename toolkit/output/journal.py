"""The journal of what policykit wrote into an output folder: how a re-run knows what to skip.

Every file written (by generate or a batch) gets one JSON line in `.policykit-journal.jsonl`, with
the hash of its bytes and the key of what it was made from. A file whose key and hash still match
is up to date; one whose hash policykit never wrote was edited by hand and is kept.
"""

from __future__ import annotations

import builtins
import dataclasses
import errno
import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import PolicykitError
from toolkit.output.atomic import ensure_folder, read_no_follow, stage, unreadable
from toolkit.output.paths import output_path
from toolkit.version import __version__

JOURNAL_NAME = ".policykit-journal.jsonl"
"""Hidden in the output folder: one line per file finished, so a killed batch can resume."""


@dataclass(frozen=True)
class OutputRecord:
    """One output file (or one reason there is none), as listed in the manifests."""

    jurisdiction: str
    policy: str
    policy_version: str = ""
    format: str = ""
    path: str = ""
    """Relative to the output folder, with forward slashes."""
    bytes: int = 0
    sha256: str = ""
    status: str = ""
    """done, up-to-date, not-applicable or failed."""
    error: str = ""
    key: str = ""
    """Hash of what the file was made from; not in the manifests, only in the journal."""

    def with_payload(self, payload: builtins.bytes) -> OutputRecord:
        """The record of a file about to be written with these bytes."""
        digest = hashlib.sha256(payload).hexdigest()
        return dataclasses.replace(self, bytes=len(payload), sha256=digest, status="done")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a regular file, never through a symbolic link."""
    return hashlib.sha256(read_no_follow(path)).hexdigest()


@dataclass
class Journal:
    """What earlier runs wrote into an output folder, read back from the journal file."""

    latest: dict[str, OutputRecord]
    """The last record per output path."""
    written: dict[str, set[str]]
    """Every SHA-256 policykit ever wrote at each path: a file with another hash was edited."""
    warnings: list[str] = dataclasses.field(default_factory=list)
    """Lines of the journal that were skipped, said once."""

    def classify(self, out_dir: Path, relative: str, key: str) -> str:
        """'up-to-date', 'missing', 'stale' (ours), 'edited' (not ours) or 'unrecorded'.

        'unrecorded' is a file with no record at all (the journal was deleted or cut): it is ours
        only if it holds exactly what a render makes (`adopt`).

        Raises a one-line `PolicykitError` for a symbolic link or anything but a regular file.
        """
        path = output_path(out_dir, *relative.split("/"))
        if not path.exists():
            return "missing"
        if not path.is_file():
            raise PolicykitError(f"{path} is in the way: it is not a regular file")
        digest = file_sha256(path)
        if relative not in self.written:
            return "unrecorded"
        previous = self.latest.get(relative)
        if previous is not None and previous.key == key and previous.sha256 == digest:
            return "up-to-date"
        return "stale" if digest in self.written[relative] else "edited"


_FIELDS = frozenset(field.name for field in dataclasses.fields(OutputRecord))

MAX_LINE = 64 * 1024
"""A journal line is a few hundred bytes; a longer one is garbage, skipped with a warning."""

_RECORD = re.compile(r'\{"bytes": \d{1,15}(?:, "[a-z0-9_]+": "(?:[^"\\]|\\.)*")+\}')
"""One record as `append_journal` writes it: a flat object, keys sorted, so "bytes" comes first
and every other value is a string. Matching this shape finds records in time linear in the
line, where decoding JSON from every `{` of a hostile line took minutes."""


def read_journal(out_dir: Path) -> Journal:
    """The journal of `out_dir`, complete records only.

    A record cut short (a kill, a full disk) is dropped; a record written after a torn one, on
    the same line, is recovered; and the torn tail is sealed with a newline so the next record
    starts a line of its own. A line longer than `MAX_LINE` is skipped, with one warning.
    """
    journal = Journal(latest={}, written={})
    path = out_dir / JOURNAL_NAME
    if not path.exists() and not path.is_symlink():
        return journal
    data = read_no_follow(path)
    if data and not data.endswith(b"\n"):
        _append(path, b"\n")
    lines = data.splitlines()
    too_long = sum(1 for line in lines if len(line) > MAX_LINE)
    if too_long:
        journal.warnings.append(
            f"{path}: skipped {too_long} line(s) longer than {MAX_LINE // 1024} KiB: "
            "not records policykit writes"
        )
    for line in lines:
        if len(line) <= MAX_LINE:
            for record in _parse_records(line.decode("utf-8", errors="replace")):
                journal.latest[record.path] = record
                journal.written.setdefault(record.path, set()).add(record.sha256)
    return journal


def _parse_records(line: str) -> Iterator[OutputRecord]:
    """Every whole record on a line: records glued together, or after a torn start, count."""
    for match in _RECORD.finditer(line):
        try:
            record = _record(json.loads(match[0]))
        except ValueError:  # an escape JSON does not know, such as "\q"
            continue
        if record is not None:
            yield record


def _record(raw: object) -> OutputRecord | None:
    """A record only if every field is there with the right type: the journal is data, too."""
    if not isinstance(raw, dict) or set(raw) != _FIELDS:
        return None
    if not all(isinstance(raw[name], int if name == "bytes" else str) for name in _FIELDS):
        return None
    return OutputRecord(**raw)


def adopt(out_dir: Path, record: OutputRecord, payload: builtins.bytes) -> bool:
    """Record again a file whose journal record was lost, if it holds exactly `payload`.

    Without its record, policykit's own output looks like a hand edit and would be kept (and
    refused) forever; identical bytes show it is ours, so it is up to date once recorded.
    """
    path = output_path(out_dir, *record.path.split("/"))
    if read_no_follow(path) != payload:
        return False
    append_journal(out_dir, [record.with_payload(payload)])
    return True


def append_journal(out_dir: Path, records: Sequence[OutputRecord]) -> None:
    """Record files about to be renamed into place: whole lines, checked, flushed to disk.

    Workers append concurrently; one small write to a file opened for appending lands whole.
    A write the disk cut short is an error, so its file is never put in place without its line.
    """
    lines = b"".join(
        (json.dumps(dataclasses.asdict(record), sort_keys=True) + "\n").encode("utf-8")
        for record in records
    )
    ensure_folder(out_dir)
    _append(out_dir / JOURNAL_NAME, lines)


def _append(path: Path, data: bytes) -> None:
    try:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
        handle = os.open(path, flags, 0o644)
    except OSError as exc:
        raise PolicykitError(unreadable(path, exc).replace("read", "write", 1)) from None
    try:
        written = os.write(handle, data)
        if written != len(data):
            raise OSError(errno.ENOSPC, "the disk is full (the journal line was cut short)")
        os.fsync(handle)
    except OSError as exc:
        raise PolicykitError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        os.close(handle)


def output_key(*parts: str) -> str:
    """What a file is made from, hashed: the tool version and the given sources and settings."""
    digest = hashlib.sha256()
    for part in (__version__, *parts):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def write_outputs(out_dir: Path, files: Sequence[tuple[OutputRecord, bytes, Path]]) -> None:
    """Write files that belong together, all or none: stage, journal, then rename each.

    The journal lines go in after every file is staged and before any is renamed, so a file
    in place always has its line, and a full disk leaves the folder as it was.
    """
    ensure_folder(out_dir)
    staged: list[tuple[Path, Path]] = []
    try:
        for _, payload, path in files:
            staged.append((stage(path, payload), path))
        append_journal(out_dir, [record for record, _, _ in files])
        for temporary, path in staged:
            os.replace(temporary, path)
    except BaseException as exc:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):  # the folder vanished or changed under a running batch
            raise PolicykitError(f"cannot write {exc.filename}: {exc.strerror}") from None
        raise
