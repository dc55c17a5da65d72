"""What a batch wrote: the per-file record, the crash-safe journal, manifests and zip archives."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from toolkit.output import write_atomic

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


def read_journal(out_dir: Path) -> dict[str, OutputRecord]:
    """Latest record per output path; a line cut short by a kill is ignored."""
    records: dict[str, OutputRecord] = {}
    journal = out_dir / JOURNAL_NAME
    if not journal.is_file():
        return records
    fields = {field.name for field in dataclasses.fields(OutputRecord)}
    for line in journal.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            raw = json.loads(line)
            record = OutputRecord(**{k: v for k, v in raw.items() if k in fields})
        except (json.JSONDecodeError, TypeError):
            continue
        records[record.path] = record
    return records


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
    """A deterministic zip (fixed times, sorted names) of `members`, paths relative to `out_dir`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in sorted(members):
            info = zipfile.ZipInfo(Path(member).name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, (out_dir / member).read_bytes())
    write_atomic(archive, buffer.getvalue())
