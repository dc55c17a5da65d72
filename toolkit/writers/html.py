"""HTML writer: the preview format, and the input WeasyPrint turns into the PDF.

Every piece of text is escaped here, once; the document model holds plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from html import escape
from importlib.resources import files
from string import Template

from toolkit.document.model import Block, Document, Run
from toolkit.languages import ENGLISH, get_language
from toolkit.writers.metrics import SIGNATURE_RULE, css_values

_TAG_BY_ROLE = {
    "number": ("p", "number"),
    "title": ("h1", "title"),
    "warning": ("div", "warning"),
    "recital": ("p", "recital"),
    "enact": ("p", "enact"),
    "resolved": ("p", "resolved"),
    "heading": ("h2", "heading"),
    "para": ("p", "para"),
    "vote": ("p", "vote"),
    "part": ("h2", "part"),
}


def write_html(document: Document) -> bytes:
    """Write `document` as a standalone HTML page (UTF-8 bytes)."""
    return render_html(document).encode("utf-8")


def render_html(document: Document, *, embed_stylesheet: bool = True) -> str:
    """The page as text; the PDF writer passes it to WeasyPrint with a pre-parsed stylesheet."""
    style = f"\n<style>\n{stylesheet(document)}</style>" if embed_stylesheet else ""
    head = (
        f'<meta charset="utf-8">\n<title>{escape(document.title)}</title>\n'
        f'<meta name="description" content="{escape(document.subject)}">\n'
        f'<meta name="keywords" content="{escape(", ".join(document.keywords))}">\n'
        f'<meta name="author" content="policykit">\n'
        f'<meta name="generator" content="policykit {escape(document.provenance.tool_version)}">'
        f"{style}"
    )
    number = next((block for block in document.blocks if block.role == "number"), None)
    header = _runs(number.runs) if number is not None else escape(document.number)
    running = f'<div class="running running-number">{header}</div>'
    if document.footer:
        footer = escape(document.provenance.footer)
        running += f'\n<div class="running running-provenance">{footer}</div>'
    body = "\n".join(_body(document))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(document.language)}">\n<head>\n{head}\n</head>\n'
        f"<body>\n{running}\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


@cache
def _css_template() -> Template:
    return Template(files("toolkit.writers").joinpath("document.css").read_text("utf-8"))


@cache
def _translation_css() -> str:
    return files("toolkit.writers").joinpath("translation.css").read_text("utf-8")


def stylesheet(document: Document) -> str:
    """The print stylesheet for this document's margins and page-number words.

    A translated or bilingual document adds the rules for its notice, English standing in for a
    translation, the two columns and the fonts of other scripts; an English one is unchanged.
    """
    before, between = document.page_label
    page_label = (
        f"{_css_string(before + ' ')} counter(page) {_css_string(' ' + between + ' ')} "
        "counter(pages)"
    )
    css = _css_template().substitute(
        margin=f"{document.margin_in:g}in", page_label=page_label, **css_values()
    )
    if document.language != ENGLISH.code or document.parallel or document.notice:
        css += _translation_css()
    return css


def _css_string(text: str) -> str:
    """Quote text for CSS `content:` with every non-alphanumeric character escaped."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _body(document: Document) -> Iterator[str]:
    if document.notice:
        yield f'<div class="warning notice" role="note">{escape(document.notice)}</div>'
    if document.parallel:
        yield from _columns(document)
    else:
        yield from _blocks(document.blocks)


def _blocks(blocks: tuple[Block, ...]) -> Iterator[str]:
    in_list = False
    for block in blocks:
        if block.role == "item" and not in_list:
            yield "<ol>"
            in_list = True
        elif block.role != "item" and in_list:
            yield "</ol>"
            in_list = False
        yield _block(block)
    if in_list:
        yield "</ol>"


def _columns(document: Document) -> Iterator[str]:
    """English and its translation side by side, one table row per block, for public posting.

    Rows never split a clause from its translation; an attached part starts a new table on a new
    page, and each numbered item keeps its number in both columns.
    """
    other = document.parallel_language
    heads = "".join(
        f'<th lang="{escape(code)}">{escape(get_language(code).native)}</th>'
        for code in (document.language, other)
    )
    heading = f"<thead><tr>{heads}</tr></thead>"
    yield f'<table class="bilingual">{heading}<tbody>'
    number = 0
    for left, right in zip(document.blocks, document.parallel, strict=True):
        number = number + 1 if left.role == "item" else 0
        if left.role == "part":
            yield f'</tbody></table>\n<table class="bilingual part-start">{heading}<tbody>'
        cells = (
            f'<td lang="{escape(language)}">{_cell(block, number)}</td>'
            for language, block in ((document.language, left), (other, right))
        )
        yield f'<tr class="{left.role}">{"".join(cells)}</tr>'
    yield "</tbody></table>"


def _cell(block: Block, number: int) -> str:
    if block.role == "item":
        # `start` for browsers; the counter for WeasyPrint, which ignores `start`.
        reset = f'style="counter-reset: list-item {number - 1}"'
        return f'<ol start="{number}" {reset}>{_block(block)}</ol>'
    return _block(block)


def _block(block: Block) -> str:
    keep = " keep" if block.keep_with_next else ""
    if block.role == "signature":
        name, title = block.signer
        lines = [block.label] if block.label else []
        lines += ["\u00a0", SIGNATURE_RULE, name, title]
        paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
        return f'<div class="signature{keep}">{paragraphs}</div>'
    text = _runs(block.runs)
    if block.lead:
        text = f"<strong>{escape(block.lead)}</strong> {text}"
    if block.role == "item":
        return f'<li class="keep">{text}</li>' if keep else f"<li>{text}</li>"
    if block.role == "vote":
        text = f'<span class="label">{text}</span>{SIGNATURE_RULE}'
    tag, css_class = _TAG_BY_ROLE[block.role]
    role = ' role="note"' if block.role == "warning" else ""
    return f'<{tag} class="{css_class}{keep}"{role}>{text}</{tag}>'


def _runs(runs: tuple[Run, ...]) -> str:
    return "".join(_run(run) for run in runs)


def _run(run: Run) -> str:
    text = f'<span class="blank">{escape(run.text)}</span>' if run.blank else escape(run.text)
    if run.fallback:
        return f'<span class="fallback" lang="{ENGLISH.code}">{text}</span>'
    return text
