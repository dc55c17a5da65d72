"""Shared fixtures: the repository's templates, small jurisdiction files, and output readers."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from pypdf import PdfReader

from toolkit.data.loading import load_jurisdictions
from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.catalogue import Catalogue

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates"
EXAMPLE_DATA = REPO / "jurisdictions.yaml"
JURISDICTIONS = {j.id: j for j in load_jurisdictions(EXAMPLE_DATA)}
"""The example jurisdictions of `EXAMPLE_DATA`, by id (the models are frozen, so one copy serves)."""

MINIMAL_CITY = """\
  - id: testville-ca
    kind: city
    name: City of Testville
    state: CA
    body: City Council
    presiding_officer: {title: Mayor, name: Pat Mayor}
    clerk: {title: City Clerk, name: Chris Clerk}
"""


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return Catalogue.load(TEMPLATES)


@pytest.fixture
def write_data(tmp_path: Path) -> Callable[[str], Path]:
    """Write a jurisdictions.yaml whose entries are given as indented YAML text."""

    def write(entries: str, name: str = "jurisdictions.yaml") -> Path:
        path = tmp_path / name
        path.write_text("jurisdictions:\n" + entries, encoding="utf-8")
        return path

    return write


def render_text(
    catalogue: Catalogue,
    policy: str,
    jid: str,
    *,
    language: str = "en",
    part: str = "draft",
    recipient: str | None = None,
    fallback_english: bool = False,
    fold: bool = False,
    **options: bool,
) -> str:
    """The plain text of one part of `policy`'s packet for the example jurisdiction `jid`.

    It renders as `generate` does (`toolkit.pipeline.render`, its checks included): the draft
    unless `part` names another ("brief", "staff-report", "cover-letter" with its `recipient`,
    ...), in `language`, with the clause switches `options`, e.g. `**{"executive-order": True}`.
    `fold=True` folds every run of white space to one space, so that a sentence the document
    breaks across lines reads back whole.
    """
    request = DocumentRequest(
        policy,
        JURISDICTIONS[jid],
        options,
        language=language,
        fallback_english=fallback_english,
        part=part,
        recipient=recipient,
    )
    text = render(catalogue, request).plain_text()
    return " ".join(text.split()) if fold else text


def docx_text(data: bytes) -> str:
    """Every paragraph of a DOCX, body then headers and footers, one per line."""
    document = docx.Document(io.BytesIO(data))
    lines = [paragraph_text(p) for p in document.paragraphs]
    for section in document.sections:
        lines += [paragraph_text(p) for p in section.header.paragraphs]
        lines += [paragraph_text(p) for p in section.footer.paragraphs]
    return "\n".join(lines)


def paragraph_text(paragraph: Paragraph) -> str:
    """A paragraph's text as Word shows it, the text of its content controls included.

    python-docx's `Paragraph.text` leaves out runs inside content controls (`w:sdt`), where the
    document number and the dates are.
    """
    parts: list[str] = []
    for run in paragraph._p.iter(qn("w:r")):
        for child in run:
            if child.tag == qn("w:t"):
                parts.append(child.text or "")
            elif child.tag == qn("w:tab"):
                parts.append("\t")
            elif child.tag in (qn("w:br"), qn("w:cr")):
                parts.append("\n")
    return "".join(parts)


def word_runs(paragraph: Paragraph) -> list[Run]:
    """Every run of a paragraph, those inside content controls included."""
    return [Run(element, paragraph) for element in paragraph._p.iter(qn("w:r"))]


def pdf_text(data: bytes) -> str:
    """All text of a PDF, pages joined, with line breaks folded to spaces for phrase matching."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
