"""Output file names: built from ids only, one scheme for every entry point, never escaping.

generate, batch, preview and the web app's downloads all name files here, so one draft never
exists under two names:

    <out>/<jurisdiction>/<jurisdiction>_<policy>[_<part>[-<recipient>]][.<lang>].<format>

The draft has no part in its name (`riverbend-ca_ice-out.pdf`); every other part of the aide's
packet does (`_brief`, `_staff-report`, `_cover-letter-house-chair`, the whole `_packet.zip`).
"""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import PolicykitError
from toolkit.languages import ENGLISH
from toolkit.output.atomic import refuse_links

_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
DRAFT = "draft"
"""The part that is the policy itself; its files carry no part in their names."""


def output_name(
    jurisdiction_id: str,
    policy_id: str,
    fmt: str,
    *,
    language: str = ENGLISH.code,
    brief: bool = False,
    part: str = DRAFT,
    recipient: str | None = None,
) -> str:
    """`riverbend-ca_ice-out.pdf`, `riverbend-ca_ice-out_brief.es.docx`, ...

    `brief=True` is the same as `part="brief"`; `recipient` (an id, for letters) follows the part.
    """
    if brief:
        part = "brief"
    stem = f"{jurisdiction_id}_{policy_id}"
    if part != DRAFT:
        stem += f"_{part}" + (f"-{recipient}" if recipient else "")
    suffix = "" if language == ENGLISH.code else f".{language.lower()}"
    return f"{stem}{suffix}.{fmt}"


def output_relpath(jurisdiction_id: str, name: str) -> str:
    """A file's path under the output folder: each jurisdiction has a folder of its own."""
    return f"{jurisdiction_id}/{name}"


def output_path(out_dir: Path, *parts: str) -> Path:
    """Join id-derived name parts under `out_dir`, refusing anything that could escape it."""
    for part in parts:
        if not _SAFE_NAME.fullmatch(part) or ".." in part:
            raise PolicykitError(f"refusing unsafe output file name {part!r}")
    root = out_dir.resolve()
    candidate = root.joinpath(*parts)
    refuse_links(root, candidate)
    path = candidate.resolve()
    if root not in path.parents:
        raise PolicykitError(f"refusing to write outside the output folder: {path}")
    return path
