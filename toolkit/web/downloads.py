"""What the app's download buttons send: one document, the whole packet as a zip, or the answers.

Each is made by the same pipeline as `policykit generate` and named as it names its files.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import PurePosixPath

from toolkit.document.model import Document
from toolkit.output.atomic import deterministic_zip
from toolkit.packet.bundle import render_packet
from toolkit.web.answers import answers_document, saved_entry
from toolkit.web.messages import message
from toolkit.web.site import Site
from toolkit.web.workspace import Workspace, document_request, render_document
from toolkit.writers import to_bytes

_PDF_LOCK = threading.Lock()
"""WeasyPrint shares one font configuration per process and is not documented as thread-safe:
PDFs are made one at a time (HTML and DOCX need no lock)."""


def document_bytes(document: Document, fmt: str) -> bytes:
    """The document written as `fmt`, PDFs one at a time."""
    if fmt == "pdf":
        with _PDF_LOCK:
            return to_bytes(document, fmt)
    return to_bytes(document, fmt)


@dataclass(frozen=True)
class Download:
    """A file to send: its name (built from ids), type and bytes."""

    name: str
    media_type: str
    payload: bytes


MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "yaml": "application/yaml; charset=utf-8",
}
DOCUMENT_ACTIONS = {
    "docx": ("docx", False),
    "pdf": ("pdf", False),
    "brief-docx": ("docx", True),
    "brief-pdf": ("pdf", True),
}
"""Download buttons that make one document: action -> (format, brief)."""


def download_document(site: Site, workspace: Workspace, action: str) -> Download:
    """One document for a validated workspace."""
    fmt, brief = DOCUMENT_ACTIONS[action]
    assert workspace.jurisdiction is not None
    name = _name(workspace, fmt, brief=brief)
    return Download(
        name, MEDIA_TYPES[fmt], document_bytes(render_document(site, workspace, brief=brief), fmt)
    )


def download_zip(site: Site, workspace: Workspace) -> Download:
    """The aide's whole packet in both formats, and the answers, in one archive.

    The packet is what `generate --packet` writes: the draft, the staff report, the brief, the
    press release, the comment letter and any cover letters, named as `generate` names them.
    """
    assert workspace.jurisdiction is not None
    entries = [
        (PurePosixPath(request.relpath(fmt)).name, document_bytes(document, fmt))
        for request, document in render_packet(site.catalogue, document_request(workspace))
        for fmt in ("docx", "pdf")
    ]
    answers = download_answers(workspace)
    entries.append((answers.name, answers.payload))
    return Download(_name(workspace, "zip"), MEDIA_TYPES["zip"], deterministic_zip(entries))


def download_answers(workspace: Workspace) -> Download:
    """The jurisdiction entry as a one-entry jurisdictions file; incomplete entries too."""
    jurisdiction = workspace.jurisdiction
    jid = jurisdiction.id if jurisdiction else None
    name = f"{jid}_answers.yaml" if jid else "answers.yaml"
    header = message(
        workspace.ui,
        "answers.header",
        policy=workspace.policy.id,
        id=jid or "JURISDICTION",
        file=name,
    )
    if jurisdiction is None:
        header += "\n" + message(workspace.ui, "answers.incomplete")
        entry = workspace.entry
    else:
        entry = saved_entry(jurisdiction)
    return Download(name, MEDIA_TYPES["yaml"], answers_document(entry, header))


def _name(workspace: Workspace, fmt: str, *, brief: bool = False) -> str:
    """The file's name as `generate` and `batch` name it (`DocumentRequest.relpath`)."""
    return PurePosixPath(document_request(workspace, brief=brief).relpath(fmt)).name
