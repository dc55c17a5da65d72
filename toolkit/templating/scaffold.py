"""`policykit new-policy`: a working, commented policy that validates and renders immediately."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Template

from toolkit.data.models import KINDS, SLUG_PATTERN
from toolkit.errors import UsageError
from toolkit.output.atomic import write_atomic
from toolkit.templating.files import DOCUMENT_TYPES, POLICY_FILE, SCAFFOLD, body_file

_SLUG = re.compile(SLUG_PATTERN)


def new_policy(
    policy_id: str, *, doc_type: str, kinds: list[str], templates: Path, today: dt.date
) -> list[Path]:
    """Write `<type folder>/<id>/policy.yaml` and `body.j2`; never overwrite an existing policy."""
    if not _SLUG.fullmatch(policy_id):
        raise UsageError(f"policy id '{policy_id}': use lower-case letters, digits and hyphens")
    if doc_type not in DOCUMENT_TYPES:
        raise UsageError(f"type '{doc_type}': expected one of: {', '.join(DOCUMENT_TYPES)}")
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise UsageError(f"kinds: expected some of {', '.join(KINDS)}, got {','.join(kinds)}")
    folder = templates / DOCUMENT_TYPES[doc_type] / policy_id
    for existing in (
        templates / kind_folder / policy_id for kind_folder in DOCUMENT_TYPES.values()
    ):
        if existing.exists():
            raise UsageError(f"{existing} already exists; nothing was written")
    title = policy_id.replace("-", " ").capitalize()
    values = {
        "id": policy_id,
        "title": title,
        "upper_title": title.upper(),
        "type": doc_type,
        "kinds": ", ".join(kinds),
        "date": today.isoformat(),
    }
    sources = templates / SCAFFOLD
    files = {
        folder / POLICY_FILE: sources / f"{POLICY_FILE}.tmpl",
        folder / body_file(): sources / f"body.{doc_type}.j2.tmpl",
    }
    rendered = {
        target: Template(source.read_text("utf-8")).substitute(values)
        for target, source in files.items()
    }
    for target, text in rendered.items():
        write_atomic(target, text.encode("utf-8"))
    return list(rendered)
