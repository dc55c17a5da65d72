"""Documents in other languages, read back: Spanish clause by clause, marked English, the notice,
side by side, names from the data, dates through Babel, and the scripts of the prepared languages."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from pypdf import PdfReader

import toolkit
from toolkit.data.loading import load_jurisdictions
from toolkit.document.model import Block, Document, Provenance, Run
from toolkit.errors import DataError, TemplateError
from toolkit.i18n.catalog import read_catalog, write_catalog
from toolkit.i18n.localize import filters
from toolkit.i18n.report import book
from toolkit.languages import LANGUAGES
from toolkit.templating.catalogue import Catalogue
from toolkit.writers import to_bytes

from conftest import (
    EXAMPLE_DATA,
    JURISDICTIONS,
    MINIMAL_CITY,
    TEMPLATES,
    docx_text,
    paragraph_text,
    pdf_text,
)

NOTICE_ES = "TRADUCCIÓN AÚN NO REVISADA"
NOTICE_EN = "TRANSLATION NOT YET REVIEWED"


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """ice-out for Riverbend in Spanish, as DOCX and PDF, through the public API."""
    out = tmp_path_factory.mktemp("es")
    result = toolkit.generate(
        "ice-out",
        "riverbend-ca",
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=out,
        formats=["docx", "pdf"],
        language="es",
    )
    assert any(NOTICE_EN.lower() in warning for warning in result.warnings)
    return {path.suffix: path.read_bytes() for path in result.written}


def test_spanish_docx_and_pdf_carry_the_language_and_spanish_dates(
    spanish: dict[str, bytes],
) -> None:
    with zipfile.ZipFile(io.BytesIO(spanish[".docx"])) as package:
        assert b'w:lang w:val="es-US"' in package.read("word/styles.xml")
    reader = PdfReader(io.BytesIO(spanish[".pdf"]))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    first_page = " ".join((reader.pages[0].extract_text() or "").split())
    assert first_page.startswith(f"{NOTICE_ES}.")
    assert NOTICE_EN in first_page  # the notice says it in English too
    assert "CONSIDERANDO QUE la Ciudad es el hogar de residentes" in first_page
    text = pdf_text(spanish[".pdf"]) + docx_text(spanish[".docx"])
    assert "9 de diciembre de 2026" in text and "4 de julio de 2025" in text
    assert "POR LO TANTO, SE RESUELVE que el Concejo Municipal de la Ciudad de Riverbend" in text
    assert "A FAVOR:" in text and "Página 1 de" in text


def test_no_english_clause_is_left_in_a_spanish_document(catalogue: Catalogue) -> None:
    """Every run of five English words in a segment is gone, for every option and kind."""
    found = book(catalogue)
    english_runs = set()
    for name in ("ice-out", "_layouts"):
        unit = found.unit(name)
        assert unit is not None
        for source in unit.sources.values():
            if source.file.suffix != ".j2":
                continue  # titles and citations: citations stay as cited, in English
            text = re.sub(r"\{[{%#].*?[}%#]\}", " | ", source.english, flags=re.DOTALL)
            for piece in re.split(r"[|(),;:]", text):
                words = piece.split()
                english_runs.update(" ".join(words[i : i + 5]) for i in range(len(words) - 4))
    policy = catalogue.policy("ice-out")
    for jid in ("riverbend-ca", "arroyo-verde-usd-ca", "sierra-alta-county-ca"):
        for chosen in ({}, dict.fromkeys(policy.meta.options, False)):
            spanish = catalogue.render(policy, JURISDICTIONS[jid], chosen, language="es")
            text = " ".join(spanish.plain_text().split())
            assert [run for run in english_runs if run in text] == []
            english = " ".join(
                catalogue.render(policy, JURISDICTIONS[jid], chosen).plain_text().split()
            )
            assert any(run in english for run in english_runs)  # the check can see English


def test_a_missing_translation_is_an_error_unless_english_is_asked_for_then_marked(
    tmp_path: Path,
) -> None:
    templates = _copy_templates(tmp_path)
    po = templates / "resolutions/ice-out/locales/es.po"
    catalog = read_catalog(po, "es")
    del catalog.entries["item.masks-and-id"]
    write_catalog(po, "es", "ice-out", catalog.entries.values())
    catalogue = Catalogue.load(templates)
    city = JURISDICTIONS["riverbend-ca"].model_copy(update={"translations": {}})
    with pytest.raises(TemplateError) as caught:
        catalogue.render(catalogue.policy("ice-out"), city, language="es")
    (problem,) = caught.value.problems
    body = (templates / "resolutions/ice-out/body.j2").read_text(encoding="utf-8")
    line = body[: body.index('seg "item.masks-and-id"')].count("\n") + 1
    assert problem.file.endswith("resolutions/ice-out/body.j2") and problem.line == line
    assert "segment 'item.masks-and-id' has no Spanish translation" in problem.message
    marked = catalogue.render(
        catalogue.policy("ice-out"), city, language="es", fallback_english=True
    )
    runs = [run.text for block in marked.blocks for run in block.runs if run.fallback]
    assert runs[0].startswith("about one in three Riverbend residents")  # its own local fact
    assert runs[1].startswith("forbid agents from concealing their faces")
    assert (
        f"resolutions/ice-out/body.j2:{line}: 'item.masks-and-id' (missing)" in marked.fallbacks[0]
    )
    assert marked.fallbacks[1] == "jurisdiction field local_facts[0] (no translation given)"
    assert "Los pasajes en cursiva gris están en inglés" in marked.notice
    html = to_bytes(marked, "html").decode()
    assert '<span class="fallback" lang="en">forbid agents' in html
    word = docx.Document(io.BytesIO(to_bytes(marked, "docx")))
    english = [r for p in word.paragraphs for r in p.runs if r.text.startswith("forbid agents")]
    assert english[0].italic and english[0].font.highlight_color == WD_COLOR_INDEX.GRAY_25
    assert (
        english[0]
        ._r.rPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang")
        .get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
        == "en-US"
    )


def test_the_unreviewed_notice_appears_and_disappears_with_the_review_status(
    tmp_path: Path,
) -> None:
    templates = _copy_templates(tmp_path)
    catalogs = [
        templates / folder / "locales/es.po"
        for folder in ("resolutions/ice-out", "_layouts", "_shared")
    ]
    for po in catalogs:
        entries = read_catalog(po, "es").entries.values()
        write_catalog(
            po,
            "es",
            po.parent.parent.name,
            [e.reviewed_as("Ana Ruiz", "2026-11-30") for e in entries],
        )
    city = toolkit.jurisdiction_from_mapping({**_city(), "local_facts": []})

    def page_one(catalogue: Catalogue) -> str:
        document = catalogue.render(catalogue.policy("ice-out"), city, language="es")
        return docx_text(to_bytes(document, "docx")).split("\n", 1)[0]

    assert page_one(Catalogue.load(templates)).startswith("RESOLUCIÓN N.º")
    po = catalogs[0]
    first, *rest = read_catalog(po, "es").entries.values()
    back_to_draft = replace(first, draft=True, reviewer="", reviewed_on="")
    write_catalog(po, "es", "ice-out", [back_to_draft, *rest])
    assert page_one(Catalogue.load(templates)).startswith(NOTICE_ES)


def test_bilingual_documents_keep_each_clause_beside_its_translation(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    result = toolkit.generate(
        "ice-out",
        "sierra-alta-county-ca",
        data=EXAMPLE_DATA,
        templates=TEMPLATES,
        out_dir=tmp_path,
        formats=["docx", "pdf"],
        bilingual="es",
    )
    by_suffix = {path.suffix: path for path in result.written}
    assert by_suffix[".pdf"].name == "sierra-alta-county-ca_ice-out.en-es.pdf"
    word = docx.Document(str(by_suffix[".docx"]))
    resolution, certificate = word.tables  # the certificate, a part, starts a table of its own
    rows = [
        ["\n".join(paragraph_text(p) for p in cell.paragraphs) for cell in row.cells]
        for table in (resolution, certificate)
        for row in table.rows
    ]
    assert rows[0] == ["English", "Español"]
    heading = len(resolution.rows)
    assert rows[heading] == ["English", "Español"]
    rows = rows[:heading] + rows[heading + 1 :]
    pairs = dict(rows[1:])
    assert pairs["RESOLUTION NO. [number]"] == "RESOLUCIÓN N.º [número]"
    recitals = [(en, es) for en, es in rows if en.startswith("WHEREAS,")]
    assert recitals and all(es.startswith("CONSIDERANDO QUE") for _, es in recitals)
    votes = [(en, es) for en, es in rows if en.startswith("AYES:")]
    assert votes == [("AYES:\t" + "_" * 40, "A FAVOR:\t" + "_" * 20)]
    english = catalogue.render(catalogue.policy("ice-out"), JURISDICTIONS["sierra-alta-county-ca"])
    assert len(rows) == 1 + len(english.blocks)  # a row per clause, English beside Spanish
    assert [en for en, _ in rows[1:]] == [docx_paragraph(block) for block in english.blocks]
    first_page = PdfReader(str(by_suffix[".pdf"])).pages[0].extract_text() or ""
    assert "WHEREAS," in first_page and "CONSIDERANDO QUE" in first_page


def test_names_come_from_the_data_and_stay_english_without_it(
    write_data: Callable[[str], Path], catalogue: Catalogue
) -> None:
    translated = MINIMAL_CITY + (
        "    translations:\n"
        "      es:\n"
        "        name: Ciudad de Testville\n"
        "        body: Concejo Municipal\n"
        "        clerk: {title: Secretaria Municipal}\n"
        "        terms.to_the_clerk: a la\n"
        "        languages: [inglés, español]\n"
    )
    (city,) = load_jurisdictions(write_data(translated))
    text = catalogue.render(catalogue.policy("ice-out"), city, language="es").plain_text()
    assert "que el Concejo Municipal de la Ciudad de Testville exhorta" in text
    assert "se ordena a la Secretaria Municipal enviar copias" in text
    (plain,) = load_jurisdictions(write_data(MINIMAL_CITY, "plain.yaml"))
    text = catalogue.render(catalogue.policy("ice-out"), plain, language="es").plain_text()
    assert "que el City Council de la City of Testville exhorta" in text


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("      xx: {body: X}\n", "unknown language 'xx'"),
        ("      es: {mayor: X}\n", "'mayor' cannot be translated here"),
        ("      es: {local_facts: one}\n", "'local_facts' takes a list"),
    ],
)
def test_a_bad_translation_entry_is_a_data_error(
    write_data: Callable[[str], Path], entry: str, message: str
) -> None:
    with pytest.raises(DataError, match=message):
        load_jurisdictions(write_data(MINIMAL_CITY + "    translations:\n" + entry))


def test_dates_numbers_currency_and_lists_follow_the_language() -> None:
    spanish = filters(LANGUAGES["es"])
    assert spanish["long_date"]("2026-12-09") == "9 de diciembre de 2026"
    assert spanish["and_list"](["inglés", "español", "tagalo"]) == "inglés, español y tagalo"
    english = filters(LANGUAGES["en"])  # no serial comma: the house style the templates follow
    assert english["and_list"](["English", "Spanish", "Mixteco"]) == "English, Spanish and Mixteco"
    assert spanish["number"](1234.5) == "1,234.5"  # US Spanish groups as US English does
    assert spanish["currency"](1500) == "$1,500.00"
    assert filters(LANGUAGES["ko"])["long_date"]("2026-12-09") == "2026년 12월 9일"
    assert filters(LANGUAGES["vi"])["long_date"]("2026-12-09") == "9 tháng 12, 2026"


SAMPLES = {
    "zh-Hant": ("每位居民都有權在不受恐懼的情況下使用公共服務。", "Noto-Serif-CJK-TC"),
    "tl": (
        "Bawat residente ay may karapatang gumamit ng serbisyong pampubliko.",
        "Liberation-Serif",
    ),
    "vi": (
        "Mọi cư dân đều có quyền sử dụng các dịch vụ công mà không phải sợ hãi.",
        "DejaVu-Serif",
    ),
    "ko": ("모든 주민은 두려움 없이 공공 서비스를 이용할 권리가 있습니다.", "Noto-Serif-CJK-KR"),
}


@pytest.mark.parametrize("code", list(SAMPLES))
def test_each_prepared_language_prints_in_a_font_that_has_its_script(code: str) -> None:
    sentence, font = SAMPLES[code]
    document = Document(
        title=sentence,
        subject=sentence,
        number="1",
        language=code,
        blocks=(Block(role="para", runs=(Run(sentence),)),),
        provenance=Provenance("p", "1.0.0", "0", "j", "policykit"),
    )
    reader = PdfReader(io.BytesIO(to_bytes(document, "pdf")))
    assert reader.trailer["/Root"]["/Lang"] == code
    assert sentence in "".join((reader.pages[0].extract_text() or "").split("\n"))
    fonts = {
        str(f.get_object()["/BaseFont"]).split("+")[-1]
        for f in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert font in fonts  # the script's own face, not a fallback glyph box


def test_prepared_languages_have_empty_catalogs_and_refuse_silent_english(
    catalogue: Catalogue,
) -> None:
    for code in ("zh-Hant", "tl", "vi", "ko"):
        assert (TEMPLATES / f"resolutions/ice-out/locales/{code}.po").is_file()
    with pytest.raises(TemplateError, match="has no Korean translation"):
        catalogue.render(catalogue.policy("ice-out"), JURISDICTIONS["riverbend-ca"], language="ko")


def test_a_segment_tag_changes_nothing_in_english(catalogue: Catalogue) -> None:
    env = catalogue.renderer().env
    tagged = env.from_string('<para>{% seg "a" %}\nthe {{ x }} clause{% endseg %} ends</para>')
    plain = env.from_string("<para>the {{ x }} clause ends</para>")
    assert (
        tagged.render(x="<b>") == plain.render(x="<b>") == "<para>the &lt;b&gt; clause ends</para>"
    )


def docx_paragraph(block: Block) -> str:
    """A block's text as a Word cell shows it: the vote line's rule, a signature's lines."""
    if block.role == "signature":
        name, title = block.signer
        return "\n".join([*([block.label] if block.label else []), "", "_" * 40, name, title])
    text = block.text + ("\t" + "_" * 40 if block.role == "vote" else "")
    return text


def _copy_templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(TEMPLATES, target)
    return target


def _city() -> dict[str, object]:
    return {
        "id": "testville-ca",
        "kind": "city",
        "name": "City of Testville",
        "state": "CA",
        "body": "City Council",
        "presiding_officer": {"title": "Mayor", "name": "Pat Mayor"},
        "clerk": {"title": "City Clerk", "name": "Chris Clerk"},
    }


def test_a_charters_enacting_clause_without_a_translation_is_marked_english(
    catalogue: Catalogue,
) -> None:
    """The charter's own words stay as written in another language, but never silently."""
    english_only = JURISDICTIONS["bayport-ca"].model_copy(update={"translations": {}})
    request = toolkit.DocumentRequest("end-enforcement-partnerships", english_only, language="es")
    document = toolkit.render(catalogue, request)
    assert "jurisdiction field enacting_clause (no translation given)" in document.fallbacks
    page = to_bytes(document, "html").decode()
    assert '<span class="fallback" lang="en">Be it ordained by the People' in page
    translated = toolkit.render(catalogue, replace(request, jurisdiction=JURISDICTIONS["bayport-ca"]))
    assert "El Pueblo de la Ciudad y Condado de Bayport ordena" in translated.plain_text()
    assert not any("enacting_clause" in fallback for fallback in translated.fallbacks)
