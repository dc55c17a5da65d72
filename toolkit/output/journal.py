"""The journal of what policykit wrote into an output folder: how a re-run knows what to skip.

Every file written (by generate or a batch) gets one JSON line in `.policykit-journal.jsonl`, with
the hash of its bytes and the key of what it was made from. A file whose key and hash still match
is up to date; one whose hash policykit never wrote was edited by hand and is kept.
"""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import PolicykitError
from toolkit.output.atomic import ensure_folder, write_atomic
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
    """The file's SHA-256, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Journal:
    """What earlier batches wrote into an output folder, read back from the journal file."""

    latest: dict[str, OutputRecord]
    """The last record per output path."""
    written: dict[str, set[str]]
    """Every SHA-256 policykit ever wrote at each path: a file with another hash was edited."""

    def classify(self, out_dir: Path, relative: str, key: str) -> str:
        """'up-to-date', 'missing', 'stale' (ours, but out of date) or 'edited' (not ours)."""
        path = out_dir / relative
        if not path.is_file():
            return "missing"
        digest = file_sha256(path)
        previous = self.latest.get(relative)
        if previous is not None and previous.key == key and previous.sha256 == digest:
            return "up-to-date"
        return "stale" if digest in self.written.get(relative, set()) else "edited"


def read_journal(out_dir: Path) -> Journal:
    """The journal of `out_dir`; a line cut short by a kill is ignored."""
    journal = Journal(latest={}, written={})
    path = out_dir / JOURNAL_NAME
    if not path.is_file():
        return journal
    fields = {field.name for field in dataclasses.fields(OutputRecord)}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            raw = json.loads(line)
            record = OutputRecord(**{k: v for k, v in raw.items() if k in fields})
        except (json.JSONDecodeError, TypeError):
            continue
        journal.latest[record.path] = record
        journal.written.setdefault(record.path, set()).add(record.sha256)
    return journal


def append_journal(out_dir: Path, record: OutputRecord) -> None:
    """Record a file about to be renamed into place: one line, one `write`, flushed to disk.

    Workers append concurrently; a single small write to a file opened for appending lands
    whole. Written before the rename, so a file in place always has its line.
    """
    line = (json.dumps(dataclasses.asdict(record), sort_keys=True) + "\n").encode("utf-8")
    ensure_folder(out_dir)
    try:
        handle = os.open(out_dir / JOURNAL_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(handle, line)
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError as exc:
        raise PolicykitError(f"cannot write {out_dir / JOURNAL_NAME}: {exc.strerror}") from None


def output_key(*parts: str) -> str:
    """What a file is made from, hashed: the tool version and the given sources and settings."""
    digest = hashlib.sha256()
    for part in (__version__, *parts):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def record_and_write(out_dir: Path, record: OutputRecord, payload: bytes, path: Path) -> None:
    """Journal the file, then put it in place atomically: a file in place always has its line."""
    append_journal(out_dir, record)
    write_atomic(path, payload)
