"""What a batch wrote, for people: `manifest.csv`, `manifest.json` and per-jurisdiction zips."""

from __future__ import annotations

import csv
import io
import json
import re
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
    payload = _ONLY_PRINTABLE.sub(_json_escape, json.dumps(rows, indent=2, ensure_ascii=False))
    payload += "\n"
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


_ONLY_PRINTABLE = re.compile(r"[^\x20-\x7e\n]")
"""Outside printable ASCII (and the layout's newlines): a character to look at."""


def _json_escape(match: re.Match[str]) -> str:
    """A C1 control or a direction override as its JSON escape, other text as it is.

    json.dumps escapes the C0 controls but, keeping accents readable, not these: `cat` of the
    manifest would run them, while a program reading the JSON gets the same data either way.
    """
    char = match[0]
    return json.dumps(char)[1:-1] if printable(char) != char else char


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
