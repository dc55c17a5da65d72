"""What a batch wrote, for people: `manifest.csv`, `manifest.json` and per-jurisdiction zips."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from toolkit.charset import printable
from toolkit.output.atomic import (
    deterministic_zip,
    read_no_follow,
    write_all_atomic,
    write_atomic,
)
from toolkit.output.journal import OutputRecord
from toolkit.output.paths import output_path

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


MANIFEST_NAMES = ("manifest.csv", "manifest.json")


def write_manifests(out_dir: Path, records: Sequence[OutputRecord]) -> None:
    """`manifest.csv` and `manifest.json`, written atomically, in a stable order."""
    rows = [{name: getattr(record, name) for name in MANIFEST_FIELDS} for record in records]
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {name: _spreadsheet_safe(value) for name, value in row.items()} for row in rows
    )
    payload = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    csv_path, json_path = (output_path(out_dir, name) for name in MANIFEST_NAMES)
    write_all_atomic(
        [(csv_path, text.getvalue().encode("utf-8")), (json_path, payload.encode("utf-8"))]
    )


def _spreadsheet_safe(value: object) -> object:
    """A cell safe in a spreadsheet and a terminal.

    A formula ('=HYPERLINK(...)') gets a leading quote; escape sequences are shown, not run.
    """
    if not isinstance(value, str):
        return value
    value = printable(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def write_zip(out_dir: Path, archive: Path, members: Sequence[str]) -> None:
    """A deterministic zip of `members` (paths relative to `out_dir`), sorted, flat.

    Members are read without following links: a link planted in the output folder cannot
    smuggle another file into a zip that will be emailed.
    """
    entries = [
        (Path(member).name, read_no_follow(output_path(out_dir, *member.split("/"))))
        for member in sorted(members)
    ]
    write_atomic(archive, deterministic_zip(entries))
