"""What a batch wrote, for people: `manifest.csv`, `manifest.json` and per-jurisdiction zips."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from toolkit.output.atomic import deterministic_zip, write_atomic
from toolkit.output.journal import OutputRecord

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
