"""Output file names: built from ids only, one scheme for every entry point, never escaping.

generate, batch, preview and the web app's downloads all name files here, so one draft never
exists under two names:

    <out>/<jurisdiction>/<jurisdiction>_<policy>[_brief][.<lang>].<format>
"""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import PolicykitError
from toolkit.languages import ENGLISH
from toolkit.output.atomic import refuse_links

_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def output_name(
    jurisdiction_id: str,
    policy_id: str,
    fmt: str,
    *,
    language: str = ENGLISH.code,
    brief: bool = False,
) -> str:
    """`riverbend-ca_ice-out.pdf`, `riverbend-ca_ice-out_brief.es.docx`, ..."""
    stem = f"{jurisdiction_id}_{policy_id}" + ("_brief" if brief else "")
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
