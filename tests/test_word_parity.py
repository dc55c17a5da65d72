"""Word files a clerk can finish: DOCX and PDF break pages alike, and fill-ins are typed once.

The DOCX is laid out by LibreOffice (`soffice --headless --convert-to pdf`), the closest thing to
Word that runs here; its pages are compared with the PDF writer's. Everything is converted once per
session, in one LibreOffice run (starting LibreOffice costs more than a document): the ICE OUT
resolution of every bundled example, an ordinance for three of them (New York's local law,
California's readings and CEQA finding, a Florida county's), and one Word file after a clerk's
field update. LibreOffice runs while the test lays out its own PDFs, so the two share the cores.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from toolkit.data.loading import load_jurisdictions
from toolkit.document.model import Document
from toolkit.pipeline import DocumentRequest, render
from toolkit.templating.catalogue import Catalogue
from toolkit.writers import to_bytes

from conftest import EXAMPLE_DATA, word_runs

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: `scripts/setup.sh test`"
)
JURISDICTIONS = load_jurisdictions(EXAMPLE_DATA)
ORDINANCE = "surveillance-oversight"
ORDINANCE_TOO = ("hudson-bend-ny", "riverbend-ca", "coquina-county-fl")
"""Examples whose ordinance is laid out as well as their ICE OUT."""
UNNUMBERED = "cascadia-county-wa"
"""Its ICE OUT has no number yet: the clerk types one into the Word file (`EDITED`)."""
EDITED = "edited"


@dataclass(frozen=True)
class Pair:
    """One document as the PDF writer lays it out and as LibreOffice lays out its DOCX."""

    document: Document
    pdf: list[str]
    """The text of each page of the PDF writer's output."""
    word: list[str]
    """The text of each page of the DOCX, laid out by LibreOffice."""


def pages(data: bytes) -> list[str]:
    return [
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages
    ]


class Conversion:
    """LibreOffice turning DOCX files into PDFs in one run, in the background, with a profile of
    its own (no shared lock): the test lays out its own PDFs on the other core meanwhile."""

    def __init__(self, folder: Path, documents: list[Path]) -> None:
        self.documents = documents
        self.out = folder / "converted"
        profile = (folder / "profile").resolve().as_uri()
        self.process = subprocess.Popen(
            [
                str(SOFFICE),
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(self.out),
                *map(str, documents),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def result(self) -> dict[str, bytes]:
        """Each document's PDF, by name, once LibreOffice is done."""
        _, error = self.process.communicate(timeout=300)  # a hang guard, not a speed check
        assert self.process.returncode == 0, error.decode(errors="replace")
        return {path.stem: (self.out / f"{path.stem}.pdf").read_bytes() for path in self.documents}


def requests() -> list[DocumentRequest]:
    found = [DocumentRequest("ice-out", j) for j in JURISDICTIONS]
    return found + [DocumentRequest(ORDINANCE, j) for j in JURISDICTIONS if j.id in ORDINANCE_TOO]


def with_number(data: bytes, number: str) -> bytes:
    """What Word does when the clerk types the number into any one of its places: the one value,
    in the custom XML part every control showing it is bound to."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    (store,) = [
        name
        for name, payload in entries.items()
        if name.startswith("customXml/item") and b"<policykit>" in payload
    ]
    assert b"<number>[number]</number>" in entries[store]
    entries[store] = entries[store].replace(b"[number]", number.encode())
    edited = io.BytesIO()
    with zipfile.ZipFile(edited, "w") as archive:
        for name, payload in entries.items():
            archive.writestr(name, payload)
    return edited.getvalue()


@pytest.fixture(scope="session")
def laid_out(catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pair]:
    """Every pair by `<jurisdiction>_<policy>`, and LibreOffice's pages of the edited file."""
    folder = tmp_path_factory.mktemp("parity")
    documents = {f"{r.jurisdiction.id}_{r.policy_id}": render(catalogue, r) for r in requests()}
    written: list[Path] = []
    for name, document in documents.items():
        data = to_bytes(document, "docx")
        (folder / f"{name}.docx").write_bytes(data)
        written.append(folder / f"{name}.docx")
        if name == f"{UNNUMBERED}_ice-out":
            (folder / f"{EDITED}.docx").write_bytes(with_number(data, "2026-77"))
            written.append(folder / f"{EDITED}.docx")
    conversion = Conversion(folder, written)
    ours = {name: pages(to_bytes(document, "pdf")) for name, document in documents.items()}
    theirs = conversion.result()
    pairs = {
        name: Pair(document, ours[name], pages(theirs[name]))
        for name, document in documents.items()
    }
    pairs[EDITED] = Pair(documents[f"{UNNUMBERED}_ice-out"], [], pages(theirs[EDITED]))
    return pairs


def compared(laid_out: dict[str, Pair]) -> dict[str, Pair]:
    return {name: pair for name, pair in laid_out.items() if name != EDITED}


@needs_libreoffice
def test_docx_and_pdf_have_the_same_number_of_pages_for_every_bundled_example(
    laid_out: dict[str, Pair],
) -> None:
    pairs = compared(laid_out)
    assert {name.split("_")[0] for name in pairs} == {j.id for j in JURISDICTIONS}
    assert len(pairs) == len(JURISDICTIONS) + len(ORDINANCE_TOO)
    differ = {
        name: (len(pair.pdf), len(pair.word))
        for name, pair in pairs.items()
        if len(pair.pdf) != len(pair.word)
    }
    assert differ == {}  # name: (PDF pages, DOCX pages)


@needs_libreoffice
def test_each_page_starts_with_the_same_words_in_both(laid_out: dict[str, Pair]) -> None:
    """Not only as many pages: the same break points, read off the first words of each page."""

    def first_words(page: str) -> str:
        # Text extraction orders the header, the footer and list numbers differently in the two.
        for furniture in (
            r"\b[A-Z ]+ NO\. \S+(?: OF THE YEAR \S+)?",  # the running header (and page 1's number)
            r"Page \d+ of \d+",
            r"Model policy \S+ v\S+ \(policykit [^)]*\)",
            r"(?<!\S)\d+\.(?!\S)",  # a list item's number
        ):
            page = re.sub(furniture, " ", page)
        return " ".join(page.split()[:6])

    differ = {
        name: [(first_words(a), first_words(b)) for a, b in zip(pair.pdf, pair.word, strict=False)]
        for name, pair in compared(laid_out).items()
        if [first_words(p) for p in pair.pdf] != [first_words(p) for p in pair.word]
    }
    assert differ == {}


@needs_libreoffice
def test_the_certificate_starts_its_own_page_in_both(laid_out: dict[str, Pair]) -> None:
    for name, pair in compared(laid_out).items():
        for layout in (pair.pdf, pair.word):
            (index,) = [i for i, page in enumerate(layout) if "CERTIFICATE OF THE" in page]
            before = layout[index].split("CERTIFICATE OF THE")[0]
            assert "WHEREAS" not in before and "ATTEST" not in before, name
            assert "ATTEST:" in layout[index - 1], name  # signatures end the page before it


@needs_libreoffice
def test_the_vote_signatures_and_attestation_stay_with_the_last_clause(
    laid_out: dict[str, Pair],
) -> None:
    for name, pair in compared(laid_out).items():
        blocks = pair.document.blocks
        start = [block.role for block in blocks].index("vote")
        while blocks[start - 1].keep_with_next:  # back to the last clause: it starts the chain
            start -= 1
        tail = " ".join(blocks[start].text.split()[-4:])
        for layout in (pair.pdf, pair.word):
            (page,) = [page for page in layout if "ATTEST:" in page and "CERTIFICATE" not in page]
            assert tail in page and "AYES:" in page and "ABSTAIN:" in page, name


def bound_controls(data: bytes) -> dict[str, list[str]]:
    """Every content control's tag, by part, in the order they appear."""
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                tags = re.findall(r'<w:tag w:val="([a-z_]+)"/>', archive.read(name).decode())
                if tags:
                    found[name] = tags
    return found


@needs_libreoffice
def test_one_field_update_changes_the_number_in_all_three_places(
    laid_out: dict[str, Pair],
) -> None:
    controls = bound_controls(to_bytes(laid_out[EDITED].document, "docx"))
    assert controls["word/document.xml"].count("number") == 2  # page 1, the certificate
    assert controls["word/header1.xml"] == ["number"]  # the running header
    layout = laid_out[EDITED].word  # after `with_number(..., "2026-77")`
    assert "RESOLUTION NO. 2026-77" in layout[0]  # page 1
    assert layout[1].startswith("RESOLUTION NO. 2026-77")  # the header of page 2
    assert "copy of Resolution No. 2026-77" in layout[-1]  # the certificate
    assert "[number]" not in " ".join(layout)


def test_every_blank_is_highlighted_the_header_included(catalogue: Catalogue) -> None:
    county = next(j for j in JURISDICTIONS if j.id == UNNUMBERED)
    data = to_bytes(render(catalogue, DocumentRequest("ice-out", county)), "docx")
    word = docx.Document(io.BytesIO(data))
    paragraphs = [*word.paragraphs, *word.sections[0].header.paragraphs]
    blanks = [
        run
        for paragraph in paragraphs
        for run in word_runs(paragraph)
        if run.text.startswith("[") and run.text.endswith("]")
    ]
    assert {run.text for run in blanks} >= {"[number]", "[date of adoption]"}
    assert all(run.font.highlight_color is not None for run in blanks)
    header = word.sections[0].header._element
    assert header.find(f".//{qn('w:highlight')}") is not None
