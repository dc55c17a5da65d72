"""The packet as a whole: the requests for every part, and one deterministic zip of them all.

`generate --packet` and `batch --packet` write `<id>/<id>_<policy>_packet[.<lang>].zip`; it is
made in memory from the same requests as the single parts, so it holds exactly the files that
`generate --part ...` would write, under the same names, and it is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from toolkit.document.model import Document
from toolkit.errors import UsageError
from toolkit.languages import ENGLISH
from toolkit.output.atomic import deterministic_zip
from toolkit.output.paths import DRAFT, output_name, output_relpath
from toolkit.packet.officials import recipients
from toolkit.packet.parts import LETTER, PACKET
from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.catalogue import Catalogue
from toolkit.writers import to_bytes

ORDER = (DRAFT, "staff-report", "brief", "press-release", "comment-letter")
"""The parts every packet holds, in the order an agenda lists them; cover letters follow."""


def packet_requests(catalogue: Catalogue, base: DocumentRequest) -> list[DocumentRequest]:
    """One request per document of the packet, each like `base` but for its part."""
    requests = [replace(base, brief=False, part=part, recipient=None) for part in ORDER]
    return requests + letter_requests(catalogue, base)


def letter_requests(
    catalogue: Catalogue, base: DocumentRequest, recipient: str | None = None
) -> list[DocumentRequest]:
    """The cover letters of `base`'s policy, to `recipient` or to every recipient.

    A policy without cover letters has none.
    """
    if not catalogue.policy(base.policy_id).meta.cover_letters:
        return []
    ids = [r.id for r in recipients(catalogue.templates, base.jurisdiction)]
    chosen = [recipient] if recipient is not None else ids
    return [replace(base, brief=False, part=LETTER, recipient=rid) for rid in chosen]


def requested_parts(
    catalogue: Catalogue,
    base: DocumentRequest,
    parts: Sequence[str],
    *,
    recipient: str | None = None,
    brief: bool = False,
) -> list[DocumentRequest]:
    """What `generate` writes: the draft (and with `brief` its brief), or the `parts` named.

    A cover letter named without a `recipient` means one letter to every recipient.
    """
    if not parts:
        requests = [replace(base, part=DRAFT)]
        return requests + ([replace(base, part="brief")] if brief else [])
    requests = []
    for part in dict.fromkeys(parts):
        if part == LETTER:
            letters = letter_requests(catalogue, base, recipient)
            if not letters:
                message = f"policy '{base.policy_id}' has no cover letters"
                raise UsageError(message)
            requests += letters
        else:
            requests.append(replace(base, part=part, recipient=recipient))
    return requests


def packet_relpath(base: DocumentRequest) -> str:
    """`<id>/<id>_<policy>_packet[.<lang>|.en-<lang>].zip`."""
    language = f"{ENGLISH.code}-{base.language}" if base.bilingual else base.language
    jid = base.jurisdiction.id
    name = output_name(jid, base.policy_id, "zip", language=language, part=PACKET)
    return output_relpath(jid, name)


def packet_key_format(formats: Sequence[str]) -> str:
    """What stands for the format in the zip's key: the zip and the formats inside it."""
    return "zip:" + ",".join(formats)


def render_packet(
    catalogue: Catalogue, base: DocumentRequest
) -> list[tuple[DocumentRequest, Document]]:
    """Every part rendered; any failure raises before anything is written."""
    return [(request, render(catalogue, request)) for request in packet_requests(catalogue, base)]


def packet_zip(
    rendered: Sequence[tuple[DocumentRequest, Document]], formats: Sequence[str]
) -> bytes:
    """The zip of every part in every format, flat, named as `generate` names the files."""
    entries = [
        (Path(request.relpath(fmt)).name, to_bytes(document, fmt))
        for request, document in rendered
        for fmt in formats
    ]
    return deterministic_zip(entries)
