"""Generated documents, read back: DOCX with python-docx and PDF with pypdf."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from toolkit import generate
from toolkit.templating.catalogue import Catalogue
from toolkit.writers.docx import write_docx
from toolkit.writers.pdf import write_pdf

from conftest import EXAMPLE_DATA, JURISDICTIONS, TEMPLATES, docx_text, pdf_text, word_runs


def render(catalogue: Catalogue, jid: str, **options: bool):  # type: ignore[no-untyped-def]
    return catalogue.render(catalogue.policy("ice-out"), JURISDICTIONS[jid], options)


def test_generate_writes_docx_and_pdf_named_from_ids(tmp_path: Path) -> None:
    result = generate(
        "ice-out", "riverbend-ca", data=EXAMPLE_DATA, templates=TEMPLATES, out_dir=tmp_path
    )
    assert [p.name for p in result.written] == [
        "riverbend-ca_ice-out.docx",
        "riverbend-ca_ice-out.pdf",
    ]
    assert result.warnings == []
    text = docx_text(result.written[0].read_bytes())
    assert "A RESOLUTION OF THE CITY COUNCIL OF THE CITY OF RIVERBEND" in text
    assert "RESOLUTION NO. 2026-118" in text
    assert "December 9, 2026" in text
    assert "Senator Alex Padilla" in text
    pdf = pdf_text(result.written[1].read_bytes())
    assert "A RESOLUTION OF THE CITY COUNCIL OF THE CITY OF RIVERBEND" in pdf
    assert "Marcus Bell" in pdf


def test_school_board_version_speaks_of_students(catalogue: Catalogue) -> None:
    text = render(catalogue, "arroyo-verde-usd-ca").plain_text()
    assert "A RESOLUTION OF THE BOARD OF EDUCATION OF THE ARROYO VERDE UNIFIED" in text
    assert "every student" in text
    assert "Plyler v. Doe, 457 U.S. 202 (1982)" in text
    assert "residents of every background" not in text


def test_county_and_city_versions_differ_by_kind(catalogue: Catalogue) -> None:
    county = render(catalogue, "sierra-alta-county-ca").plain_text()
    assert "the County is home to residents" in county
    assert "Board of Supervisors of the County of Sierra Alta" in county
    assert "APPROVED AS TO FORM: Rosa Delgado" not in county  # signature lines are separate runs
    city = render(catalogue, "prairie-falls-il").plain_text()
    assert "the City is home to residents" in city
    assert "California Values Act" not in city
    assert "California Values Act" in render(catalogue, "riverbend-ca").plain_text()


def test_switched_off_clauses_do_not_appear(catalogue: Catalogue) -> None:
    on = render(catalogue, "riverbend-ca").plain_text()
    off = render(
        catalogue, "riverbend-ca", **{"masks-and-id": False, "transmit": False}
    ).plain_text()
    assert "visible identification" in on and "visible identification" not in off
    assert "directed to send copies" in on and "directed to send copies" not in off


def test_recitals_and_clauses_are_punctuated_as_a_chain(catalogue: Catalogue) -> None:
    document = render(catalogue, "riverbend-ca", transmit=False)
    recitals = [b.text for b in document.blocks if b.role == "recital"]
    assert all(r.startswith("WHEREAS, ") for r in recitals)
    assert all(r.endswith("; and") for r in recitals[:-1]) and recitals[-1].endswith(";")
    resolved = [b.text for b in document.blocks if b.role == "resolved"]
    assert resolved[0].startswith("NOW, THEREFORE, BE IT RESOLVED that")
    assert resolved[-1].startswith("BE IT FURTHER RESOLVED") and resolved[-1].endswith(".")


def test_missing_number_and_date_are_visible_placeholders(catalogue: Catalogue) -> None:
    document = render(catalogue, "cascadia-county-wa")
    blanks = [run.text for block in document.blocks for run in block.runs if run.blank]
    assert "[number]" in blanks and "[date of adoption]" in blanks
    word = docx.Document(io.BytesIO(write_docx(document)))
    highlighted = [r.text for p in word.paragraphs for r in word_runs(p) if r.font.highlight_color]
    assert "[date of adoption]" in highlighted


def test_docx_uses_word_styles_numbering_and_page_fields(catalogue: Catalogue) -> None:
    word = docx.Document(io.BytesIO(write_docx(render(catalogue, "riverbend-ca"))))
    styles = {p.style.name for p in word.paragraphs}
    assert {
        "Title",
        "Recital",
        "Resolved Clause",
        "List Number",
        "Vote Line",
        "Signature",
    } <= styles
    items = [p for p in word.paragraphs if p.style.name == "List Number"]
    assert items and all(p._p.pPr.numPr is not None for p in items)
    assert not any(p.text[:2] in {"1.", "2."} for p in items)  # Word numbers them, not us
    footer_xml = word.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "fldChar" in footer_xml
    section = word.sections[0]
    assert (section.page_width.inches, section.page_height.inches) == (8.5, 11)
    assert section.left_margin.inches == section.top_margin.inches == 1.0
    props = word.core_properties
    assert props.title.startswith("A RESOLUTION OF THE CITY COUNCIL")
    assert props.language == "en" and "ice-out" in props.keywords
    assert word.styles["Normal"].font.name == "Times New Roman"
    title_fonts = word.styles["Title"].element.rPr.rFonts
    assert title_fonts.get(qn("w:ascii")) == "Times New Roman"
    assert title_fonts.get(qn("w:asciiTheme")) is None  # a theme font would win over the name
    votes = [p.text.split("\t")[0] for p in word.paragraphs if p.style.name == "Vote Line"]
    assert votes == ["AYES:", "NOES:", "ABSENT:", "ABSTAIN:"]


def test_docx_has_no_stray_thumbnail(catalogue: Catalogue) -> None:
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(write_docx(render(catalogue, "riverbend-ca")))).namelist()
    assert not any("thumbnail" in name for name in names)


def test_pdf_is_tagged_letter_sized_with_fonts_embedded(catalogue: Catalogue) -> None:
    reader = PdfReader(io.BytesIO(write_pdf(render(catalogue, "riverbend-ca"))))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert reader.metadata is not None and reader.metadata.title.startswith("A RESOLUTION")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor  # embedded
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Liberation-Serif" in f for f in fonts)
    pages = len(reader.pages)
    first = " ".join(reader.pages[0].extract_text().split())
    assert f"Page 1 of {pages}" in first and "RESOLUTION NO. 2026-118" in first
    assert "Model policy ice-out v1.1.0" in first


def test_legal_warning_for_texas(tmp_path: Path) -> None:
    result = generate(
        "surveillance-oversight",
        "mesquite-springs-tx",
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=tmp_path,
        formats=["pdf"],
    )
    assert result.warnings and "LEGAL REVIEW REQUIRED" in result.warnings[0]
    reader = PdfReader(result.written[0])
    assert "LEGAL REVIEW REQUIRED" in " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_same_inputs_give_identical_bytes(tmp_path: Path, fmt: str) -> None:
    outputs = []
    for run in ("a", "b"):
        result = generate(
            "ice-out",
            "bayport-ca",
            data=EXAMPLE_DATA,
            templates=TEMPLATES,
            out_dir=tmp_path / run,
            formats=[fmt],
        )
        outputs.append(result.written[0].read_bytes())
    assert outputs[0] == outputs[1]
