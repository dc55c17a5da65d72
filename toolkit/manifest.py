"""What a batch wrote: the per-file record, the crash-safe journal, manifests and zip archives."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import PolicykitError
from toolkit.output import deterministic_zip, write_atomic

JOURNAL_NAME = ".policykit-journal.jsonl"
"""Hidden in the output folder: one line per file finished, so a killed batch can resume."""
MANIFEST_FIELDS = (
    "jurisdiction",
    "policy",
    "policy_version",
    "format",
    "path",
    "bytes",
    "sha256",
    "status",
    "error",
)


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
    try:
        handle = os.open(out_dir / JOURNAL_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(handle, line)
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError as exc:
        raise PolicykitError(f"cannot write {out_dir / JOURNAL_NAME}: {exc.strerror}") from None


def write_manifests(out_dir: Path, records: Sequence[OutputRecord]) -> None:
    """`manifest.csv` and `manifest.json`, written atomically, in a stable order."""
    rows = [{name: getattr(record, name) for name in MANIFEST_FIELDS} for record in records]
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_atomic(out_dir / "manifest.csv", text.getvalue().encode("utf-8"))
    payload = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    write_atomic(out_dir / "manifest.json", payload.encode("utf-8"))


def write_zip(out_dir: Path, archive: Path, members: Sequence[str]) -> None:
    """A deterministic zip of `members` (paths relative to `out_dir`), sorted, flat."""
    entries = [(Path(m).name, (out_dir / m).read_bytes()) for m in sorted(members)]
    write_atomic(archive, deterministic_zip(entries))
