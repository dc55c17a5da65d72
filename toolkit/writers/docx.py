"""DOCX writer: real Word styles, Word's own list numbering, PAGE fields, fixed timestamps.

Clerks edit these drafts in Word or LibreOffice, so structure matters more than looks: every
paragraph carries a named style a clerk can restyle, numbered clauses use automatic numbering
(never typed '1.'), and page numbers are fields that stay right after edits.

A fill-in that repeats (the document number, the adoption date) is a content control bound to one
value in the document's custom XML: the clerk types it once, in any of its places, and Word shows
it in all of them, the page header included. Pages break where the PDF's do: the same grid
(`toolkit.writers.metrics`) and the same keep-with-next rules.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from functools import cache
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Footer
from docx.shared import Inches, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run as WordRun

from toolkit.document.model import Block, Document, Run
from toolkit.languages import ENGLISH, get_language
from toolkit.output.atomic import deterministic_zip
from toolkit.templating.forms import FIELDS
from toolkit.writers import metrics as m

FONT = "Times New Roman"
FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
"""Stamped into core properties and zip entries so that same inputs give the same bytes."""
FIELD_STORE = "{6B1C7A52-3C43-4B8E-9E1D-5E1F3A0C2D11}"
"""The custom XML part holding the fill-ins' values; fixed, so output stays reproducible."""
_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_CUSTOM_XML_PROPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
)
_CUSTOM_XML_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"

_EAST_ASIAN = frozenset({"zh", "ko", "ja"})
_STYLE_BY_ROLE = {
    "number": "Document Number",
    "title": "Title",
    "warning": "Legal Warning",
    "recital": "Recital",
    "enact": "Enacting Clause",
    "resolved": "Resolved Clause",
    "heading": "Heading 2",
    "para": "Normal",
    "item": "List Number",
    "vote": "Vote Line",
    "part": "Heading 1",
}
_CUSTOM_STYLES = (
    ("Document Number", WD_ALIGN_PARAGRAPH.RIGHT, True),
    ("Legal Warning", WD_ALIGN_PARAGRAPH.LEFT, True),
    ("Recital", WD_ALIGN_PARAGRAPH.JUSTIFY, False),
    ("Enacting Clause", WD_ALIGN_PARAGRAPH.LEFT, True),
    ("Resolved Clause", WD_ALIGN_PARAGRAPH.JUSTIFY, False),
    ("Vote Line", WD_ALIGN_PARAGRAPH.LEFT, False),
    ("Signature", WD_ALIGN_PARAGRAPH.LEFT, False),
)


def write_docx(document: Document) -> bytes:
    """Write `document` as a .docx file and return its bytes."""
    word = docx.Document(io.BytesIO(_styled_template()))
    _set_language(word, get_language(document.language).tag)
    _set_up_page(word, document)
    # Resolve style ids once: python-docx scans every style on each name lookup (half the time).
    styles = {name: word.styles[name].style_id for name in {*_STYLE_BY_ROLE.values(), "Signature"}}
    if document.notice:
        _styled_paragraph(word, styles["Legal Warning"]).add_run(document.notice)
    if document.parallel:
        _add_columns(word, document, styles)
    else:
        _add_blocks(word, document.blocks, styles, _ListNumbering(word))
    _set_properties(word, document)
    _store_fields(word, document)
    buffer = io.BytesIO()
    word.save(buffer)
    return _with_fixed_zip_times(buffer.getvalue())


def warm_up() -> None:
    """Build the per-process caches now (before a batch forks its workers)."""
    _styled_template()


@cache
def _styled_template() -> bytes:
    """python-docx's default template with our styles, built once per process (saves ~15 ms)."""
    word = docx.Document()
    _drop_thumbnail(word)
    _set_up_styles(word)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _set_language(word: docx.document.Document, tag: str) -> None:
    """Word's proofing language for every run (`w:lang` in the document defaults).

    Chinese and Korean text is East Asian to Word, which reads their language from `w:eastAsia`.
    """
    defaults = word.styles.element.find(qn("w:docDefaults"))
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    language.set(qn("w:val"), tag)
    if tag.split("-")[0] in _EAST_ASIAN:
        language.set(qn("w:eastAsia"), tag)


def _drop_thumbnail(word: docx.document.Document) -> None:
    """python-docx's default template carries a thumbnail of an unrelated page."""
    rels = word.part.package.rels
    for rel_id, rel in list(rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            rels.pop(rel_id)


def _set_up_page(word: docx.document.Document, document: Document) -> None:
    """Letter size, margins, the number in the header from page 2 on, page X of Y in footers."""
    section = word.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    margin = Inches(document.margin_in)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin
    # Page 1 already shows the number under its title, so its header stays empty.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    number = next((block for block in document.blocks if block.role == "number"), None)
    for run in number.runs if number is not None else (Run(document.number),):
        _add_run(header, run, size=Pt(m.SMALL_SIZE))
    for footer in (section.footer, section.first_page_footer):
        _fill_footer(footer, document)


def _fill_footer(footer: _Footer, document: Document) -> None:
    page_line = footer.paragraphs[0]
    page_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, between = document.page_label
    page_line.add_run(f"{before} ")
    _add_field(page_line, "PAGE")
    page_line.add_run(f" {between} ")
    _add_field(page_line, "NUMPAGES")
    paragraphs = [page_line]
    if document.footer:
        provenance = footer.add_paragraph(document.provenance.footer)
        provenance.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraphs.append(provenance)
    for paragraph in paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)
        for run in paragraph.runs:
            run.font.size = Pt(m.SMALL_SIZE)


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) needs raw fldChar runs; python-docx has no API for it."""
    _add_field_char(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    _add_field_char(paragraph, "separate")
    paragraph.add_run("1")
    _add_field_char(paragraph, "end")


def _add_field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _set_up_styles(word: docx.document.Document) -> None:
    """The grid of `toolkit.writers.metrics`: exact lines, space after, none before."""
    styles = word.styles
    _set_defaults(word)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(m.BODY_SIZE)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _grid(normal, before=0, after=m.AFTER)
    normal.paragraph_format.widow_control = True
    for name in ("Title", "Heading 1", "Heading 2", "List Number"):
        style = styles[name]
        style.font.name = FONT
        style.font.color.rgb = None
        _drop_theme_fonts(style.element)
        _drop_contextual_spacing(style.element)
    title = styles["Title"]
    title.font.size = Pt(m.TITLE_SIZE)
    title.font.bold = True
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _grid(title, before=0, after=m.TITLE_AFTER, line=m.TITLE_LINE)
    _remove_title_border(title.element)
    _plain_character_spacing(title.element)
    for name in ("Heading 1", "Heading 2"):  # their space above: see `_add_blocks`
        heading = styles[name]
        heading.font.size = Pt(m.BODY_SIZE)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.keep_together = True
        _grid(heading, before=0, after=m.AFTER)
    styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _grid(styles["List Number"], before=0, after=m.ITEM_AFTER)  # the last item: `_add_blocks`
    _indent_list_number(word)
    for name, alignment, bold in _CUSTOM_STYLES:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.alignment = alignment
        style.font.bold = bold
    styles["Vote Line"].paragraph_format.tab_stops.add_tab_stop(Inches(1.25))
    signature = styles["Signature"].paragraph_format
    signature.keep_together = True
    signature.keep_with_next = False
    _grid(styles["Signature"], before=0, after=m.AFTER)
    _rule_above_and_below(styles["Legal Warning"].element)
    for name in ("Header", "Footer"):  # a bound control shows its value in the paragraph's font
        styles[name].font.name = FONT
        styles[name].font.size = Pt(m.SMALL_SIZE)
        _grid(styles[name], before=0, after=0, line=m.SMALL_SIZE * 1.25)


def _set_defaults(word: docx.document.Document) -> None:
    """The template's defaults (11 pt, 1.15 lines, 10 pt after) are not the grid's."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    if spacing is not None:
        spacing.set(qn("w:after"), str(int(m.AFTER * 20)))
        spacing.set(qn("w:line"), str(int(m.LINE * 20)))
        spacing.set(qn("w:lineRule"), "exact")


def _grid(style: object, *, before: float, after: float, line: float = m.LINE) -> None:
    paragraph = style.paragraph_format  # type: ignore[attr-defined]
    paragraph.space_before = Pt(before)
    paragraph.space_after = Pt(after)
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = Pt(line)


def _drop_contextual_spacing(style_element: object) -> None:
    """'Don't add space between paragraphs of the same style' would drop the grid's space."""
    ppr = style_element.find(qn("w:pPr"))  # type: ignore[attr-defined]
    if ppr is not None:
        for element in ppr.findall(qn("w:contextualSpacing")):
            ppr.remove(element)


def _plain_character_spacing(style_element: object) -> None:
    """The default Title spreads and kerns its letters; the PDF's title does neither.

    A title that fits one word more in Word than in the PDF moves every page break after it.
    """
    rpr = style_element.find(qn("w:rPr"))  # type: ignore[attr-defined]
    if rpr is not None:
        for element in [*rpr.findall(qn("w:spacing")), *rpr.findall(qn("w:kern"))]:
            rpr.remove(element)


def _indent_list_number(word: docx.document.Document) -> None:
    """'List Number' text starts where the PDF's list text does (metrics.LIST_INDENT)."""
    numbering = word.part.numbering_part.element
    num_id = word.styles["List Number"].element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    for abstract in numbering.findall(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) != str(abstract_id):
            continue
        ppr = abstract.find(f"{qn('w:lvl')}/{qn('w:pPr')}")
        tab = ppr.find(f"{qn('w:tabs')}/{qn('w:tab')}")
        if tab is not None:
            tab.set(qn("w:pos"), str(int(m.LIST_INDENT * 20)))
        indent = ppr.find(qn("w:ind"))
        indent.set(qn("w:left"), str(int(m.LIST_INDENT * 20)))
        indent.set(qn("w:hanging"), str(int(m.LIST_HANGING * 20)))


def _rule_above_and_below(style_element: object) -> None:
    """The warning's rules, as in the PDF: above and below only, so the text keeps its width."""
    ppr = style_element.get_or_add_pPr()  # type: ignore[attr-defined]
    borders = OxmlElement("w:pBdr")
    for side in ("top", "bottom"):
        border = OxmlElement(f"w:{side}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), str(int(m.RULE * 8)))
        border.set(qn("w:space"), str(int(m.RULE_SPACE)))
        border.set(qn("w:color"), "AA0000")
        borders.append(border)
    ppr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr"
    )


def _drop_theme_fonts(style_element: object) -> None:
    """Theme font attributes win over a named font: without this, titles come out in Calibri."""
    fonts = style_element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")  # type: ignore[attr-defined]
    if fonts is not None:
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        fonts.set(qn("w:eastAsia"), FONT)


def _remove_title_border(style_element: object) -> None:
    """The default Title style has a blue bottom border that looks nothing like a legal title."""
    ppr = style_element.find(qn("w:pPr"))  # type: ignore[attr-defined]
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)


class _ListNumbering:
    """Restart 'List Number' at 1 for each list, the way Word does when you start a new list."""

    def __init__(self, word: docx.document.Document) -> None:
        self._numbering = word.part.numbering_part.element
        style_num = word.styles["List Number"].element.pPr.numPr.numId.val
        num = self._numbering.num_having_numId(style_num)
        self._abstract_id = num.abstractNumId.val
        self.current_num_id = style_num

    def start_new_list(self) -> None:
        num = self._numbering.add_num(self._abstract_id)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        self.current_num_id = num.numId


_SPACE_ABOVE = {"heading": m.HEADING_BEFORE, "signature": m.SIGNATURE_BEFORE}
"""The roles that add space above themselves, in points, beyond the usual space after."""

Container = docx.document.Document | _Cell
"""Where paragraphs go: the document body, or a cell of a bilingual document's table."""


def _add_blocks(
    container: Container,
    blocks: Sequence[Block],
    styles: dict[str, str],
    list_numbering: _ListNumbering,
    tag: str = "",
) -> None:
    """The blocks in order; the space above a heading or a signature goes after the block before.

    Word and LibreOffice do not agree on whether one paragraph's space after and the next one's
    space before add up or the larger wins; with nothing before, both give the same gap, the gap
    CSS gives (margins collapse to the larger). A list ends with the usual space after.
    """
    previous_role = ""
    previous: Paragraph | None = None
    for block in blocks:
        if block.role == "item" and previous_role != "item":
            list_numbering.start_new_list()
        if previous is not None:
            after = _space_after(previous_role, block.role)
            if after is not None:
                previous.paragraph_format.space_after = Pt(after)
        previous = _add_block(container, block, styles, list_numbering, tag)
        previous_role = block.role


def _space_after(role: str, next_role: str) -> float | None:
    """The space after a block of `role` where its style's is not right before `next_role`."""
    own = {"title": m.TITLE_AFTER, "item": m.ITEM_AFTER}.get(role, m.AFTER)
    needed = own
    if role == "item" and next_role != "item":
        needed = m.AFTER
    above = _SPACE_ABOVE.get(next_role, 0.0)
    if above:
        needed = max(needed, m.AFTER + above)
    return needed if needed != own else None


def _add_columns(word: docx.document.Document, document: Document, styles: dict[str, str]) -> None:
    """English and its translation side by side, a table row per block, a table per part.

    Each column numbers its own lists, and the translated column's text is tagged with its
    language for Word's proofing and for screen readers.
    """
    codes = (document.language, document.parallel_language)
    tags = ("", get_language(document.parallel_language).tag)
    numbering = (_ListNumbering(word), _ListNumbering(word))
    width = Inches((8.5 - 2 * document.margin_in) / 2)
    table = None
    previous_role = ""
    for left, right in zip(document.blocks, document.parallel, strict=True):
        if table is None or left.role == "part":
            if table is not None:
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            table = _new_column_table(word, codes, width)
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, block, tag, numbers in zip(cells, (left, right), tags, numbering, strict=True):
            cell.width = width
            if block.role == "item" and previous_role != "item":
                numbers.start_new_list()
            cell._tc.remove(cell.paragraphs[0]._p)
            _add_block(cell, block, styles, numbers, tag)
        previous_role = left.role


def _new_column_table(word: docx.document.Document, codes: tuple[str, str], width: Length) -> Table:
    table: Table = word.add_table(rows=1, cols=2)
    table.autofit = False
    for cell, code in zip(table.rows[0].cells, codes, strict=True):
        cell.width = width
        cell.paragraphs[0].add_run(get_language(code).native).bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the heading row repeats on every page
    header.append(repeat)
    return table


def _add_block(
    container: Container,
    block: Block,
    styles: dict[str, str],
    list_numbering: _ListNumbering,
    tag: str = "",
) -> Paragraph:
    if block.role == "signature":
        return _add_signature(container, block, styles["Signature"])
    paragraph = _styled_paragraph(container, styles[_STYLE_BY_ROLE[block.role]])
    if block.role == "part" and not tag:
        paragraph.paragraph_format.page_break_before = True
    if block.keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
    if block.role == "item":
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = list_numbering.current_num_id
    if block.lead:
        paragraph.add_run(f"{block.lead} ").bold = True
    for run in block.runs:
        _add_run(paragraph, run, tag=tag)
    if block.role == "vote":
        paragraph.add_run("\t" + m.SIGNATURE_RULE[: 20 if tag else None])
    if tag:
        for word_run in paragraph.runs:
            if word_run.italic is not True:
                _set_run_language(word_run, tag)
    return paragraph


def _add_run(paragraph: Paragraph, run: Run, *, tag: str = "", size: Length | None = None) -> None:
    """A piece of text: a blank highlighted, English standing in marked, a fill-in a control."""
    if run.field:
        _add_field_control(paragraph, run, tag=tag, size=size)
        return
    added = _text_run(paragraph, run, size)
    if run.fallback:
        added.italic = True
        added.font.highlight_color = WD_COLOR_INDEX.GRAY_25
        _set_run_language(added, ENGLISH.tag)


def _add_field_control(paragraph: Paragraph, run: Run, *, tag: str, size: Length | None) -> None:
    """A plain-text content control bound to the fill-in's one value (`_store_fields`)."""
    control = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    for name, value in (("w:alias", FIELDS[run.field]), ("w:tag", run.field)):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        properties.append(element)
    binding = OxmlElement("w:dataBinding")
    binding.set(qn("w:xpath"), f"/policykit[1]/{run.field}[1]")
    binding.set(qn("w:storeItemID"), FIELD_STORE)
    properties.append(binding)
    properties.append(OxmlElement("w:text"))
    content = OxmlElement("w:sdtContent")
    control.append(properties)
    control.append(content)
    paragraph._p.append(control)
    # A run made by the paragraph, then moved into the control, keeps python-docx's formatting.
    word_run = _text_run(paragraph, run, size)
    if tag:
        _set_run_language(word_run, tag)
    content.append(word_run._r)


def _text_run(paragraph: Paragraph, run: Run, size: Length | None) -> WordRun:
    """The run's text in the paragraph, a blank bold and highlighted."""
    added = paragraph.add_run(run.text)
    if size is not None:
        added.font.size = size
    if run.blank:
        added.bold = True
        added.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return added


def _set_run_language(run: WordRun, tag: str) -> None:
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    run._r.get_or_add_rPr().append(language)


def _styled_paragraph(container: Container, style_id: str) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


def _add_signature(container: Container, block: Block, style_id: str) -> Paragraph:
    name, title = block.signer
    lines = [block.label] if block.label else []
    paragraph = _styled_paragraph(container, style_id)
    if block.keep_with_next:
        paragraph.paragraph_format.keep_with_next = True
    for index, text in enumerate([*lines, "", m.SIGNATURE_RULE, name, title]):
        if index:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        paragraph.add_run(text)
    return paragraph


def _set_properties(word: docx.document.Document, document: Document) -> None:
    props = word.core_properties
    props.title = document.title[:255]
    props.subject = document.subject[:255]
    props.language = document.language
    props.keywords = ", ".join(document.keywords)
    props.author = "policykit"
    props.last_modified_by = "policykit"
    props.comments = document.provenance.footer
    props.category = document.provenance.policy_id
    props.version = document.provenance.policy_version
    props.identifier = f"{document.provenance.jurisdiction_id}/{document.provenance.policy_id}"
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1


def _store_fields(word: docx.document.Document, document: Document) -> None:
    """The fill-ins' one value each, in the custom XML part the content controls are bound to."""
    values = document.fields()
    if not values:
        return
    items = "".join(f"<{name}>{escape(text)}</{name}>" for name, text in values.items())
    item = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<policykit>{items}</policykit>'
    )
    props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{FIELD_STORE}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        "<ds:schemaRefs/></ds:datastoreItem>"
    )
    package = word.part.package
    item_name = package.next_partname("/customXml/item%d.xml")
    number = item_name.idx
    item_part = Part(item_name, "application/xml", item.encode(), package)
    props_name = PackURI(f"/customXml/itemProps{number}.xml")
    props_part = Part(props_name, _CUSTOM_XML_PROPS_TYPE, props.encode(), package)
    item_part.relate_to(props_part, _CUSTOM_XML_PROPS)
    word.part.relate_to(item_part, _CUSTOM_XML)


def _with_fixed_zip_times(data: bytes) -> bytes:
    """python-docx stamps the wall clock into every zip entry; rewrite them with a fixed time."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return deterministic_zip((info.filename, source.read(info)) for info in source.infolist())
